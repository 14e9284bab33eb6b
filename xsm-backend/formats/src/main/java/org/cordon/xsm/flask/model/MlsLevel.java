package org.cordon.xsm.flask.model;

/** A sensitivity (its dominance position, 0 = none) and a category set (0-based category value bits). */
public record MlsLevel(int sens, Ebitmap cats) {
    public static final MlsLevel NONE = new MlsLevel(0, Ebitmap.EMPTY);
}
