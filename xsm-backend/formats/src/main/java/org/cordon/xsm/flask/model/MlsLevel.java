package org.cordon.xsm.flask.model;

/** A sensitivity (its dominance position, 0 = none) and a category set (0-based category value bits). */
public record MlsLevel(int sens, Ebitmap cats) {
    public static final MlsLevel NONE = new MlsLevel(0, Ebitmap.EMPTY);

    /** Whether this level dominates {@code other}: a sensitivity as high, and every category of the other's. */
    public boolean dominates(MlsLevel other) {
        return sens >= other.sens && other.cats.stream().allMatch(cats::get);
    }
}
