package org.cordon.xsm.flask.model;

import java.util.Arrays;
import java.util.BitSet;
import java.util.stream.IntStream;

/** Immutable set of non-negative bit positions (libsepol's ebitmap, 0-based). */
public final class Ebitmap {
    public static final Ebitmap EMPTY = new Ebitmap(new BitSet());
    private final BitSet bits;

    private Ebitmap(BitSet bits) { this.bits = bits; }

    public static Ebitmap of(BitSet b) { return b.isEmpty() ? EMPTY : new Ebitmap((BitSet) b.clone()); }

    public static Ebitmap of(int... positions) {
        BitSet b = new BitSet();
        for (int p : positions) b.set(p);
        return of(b);
    }

    public boolean get(int bit) { return bit >= 0 && bits.get(bit); }
    public boolean isEmpty() { return bits.isEmpty(); }
    public int cardinality() { return bits.cardinality(); }
    /** Highest set bit + 1, or 0. */
    public int length() { return bits.length(); }
    public IntStream stream() { return bits.stream(); }
    public BitSet toBitSet() { return (BitSet) bits.clone(); }
    public int[] toArray() { return bits.stream().toArray(); }

    /** 64-bit words as libsepol stores them (bit i of word w = position 64*w+i). */
    public long[] words() { return bits.toLongArray(); }

    @Override public boolean equals(Object o) { return o instanceof Ebitmap e && e.bits.equals(bits); }
    @Override public int hashCode() { return bits.hashCode(); }
    @Override public String toString() { return Arrays.toString(toArray()); }
}
