package org.cordon.xsm.flask.model;

/** A low-high MLS range. */
public record MlsRange(MlsLevel low, MlsLevel high) {
    public static final MlsRange NONE = new MlsRange(MlsLevel.NONE, MlsLevel.NONE);
}
