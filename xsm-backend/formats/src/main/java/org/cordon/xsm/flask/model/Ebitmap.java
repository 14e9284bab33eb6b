package org.cordon.xsm.flask.model;

import java.util.Arrays;
import java.util.BitSet;
import java.util.stream.IntStream;

/**
 * Immutable set of non-negative bit positions (libsepol's ebitmap, 0-based), stored as a sorted array so that
 * sparse high bits cost no more than dense low ones.
 */
public final class Ebitmap {
    public static final Ebitmap EMPTY = new Ebitmap(new int[0]);
    private final int[] bits;

    private Ebitmap(int[] sortedUnique) { this.bits = sortedUnique; }

    public static Ebitmap of(BitSet b) {
        if (b.isEmpty()) return EMPTY;
        int[] s = new int[b.cardinality()];
        int k = 0;
        for (int i = b.nextSetBit(0); i >= 0; i = b.nextSetBit(i + 1)) s[k++] = i;
        return new Ebitmap(s);
    }

    /** The set positions, in any order, repeated or not; negative ones are left out. */
    public static Ebitmap of(int... positions) {
        int[] s = positions.clone();
        // a binary's reader and the compiler give them ascending: a stream's sort and copies cost more than the bitmap
        if (!strictlyAscendingFromZero(s)) {
            Arrays.sort(s);
            int k = 0;
            for (int p : s) {
                if (p >= 0 && (k == 0 || s[k - 1] != p)) s[k++] = p;
            }
            s = Arrays.copyOf(s, k);
        }
        return s.length == 0 ? EMPTY : new Ebitmap(s);
    }

    private static boolean strictlyAscendingFromZero(int[] s) {
        for (int i = 0; i < s.length; i++) {
            if (i == 0 ? s[0] < 0 : s[i] <= s[i - 1]) return false;
        }
        return true;
    }

    public boolean get(int bit) { return bit >= 0 && Arrays.binarySearch(bits, bit) >= 0; }
    public boolean isEmpty() { return bits.length == 0; }
    public int cardinality() { return bits.length; }
    /** Highest set bit + 1, or 0. */
    public int length() { return bits.length == 0 ? 0 : bits[bits.length - 1] + 1; }
    public IntStream stream() { return Arrays.stream(bits); }
    public int[] toArray() { return bits.clone(); }

    public BitSet toBitSet() {
        BitSet b = new BitSet();
        for (int i : bits) b.set(i);
        return b;
    }

    /**
     * Non-empty 64-bit words, libsepol's ebitmap nodes, in ascending order: {@code nodes[2k]} is a node's word index
     * and {@code nodes[2k + 1]} its map. Flat, because the binary's writer asks it of every rule's type sets.
     */
    public long[] nodes() {
        int count = 0;
        long word = -1;
        for (int b : bits) {
            if (b >>> 6 != word) {
                word = b >>> 6;
                count++;
            }
        }
        long[] out = new long[2 * count];
        int k = -2;
        word = -1;
        for (int b : bits) {
            if (b >>> 6 != word) {
                word = b >>> 6;
                k += 2;
                out[k] = word;
            }
            out[k + 1] |= 1L << (b & 63);
        }
        return out;
    }

    @Override public boolean equals(Object o) { return o instanceof Ebitmap e && Arrays.equals(e.bits, bits); }
    @Override public int hashCode() { return Arrays.hashCode(bits); }
    @Override public String toString() { return Arrays.toString(bits); }
}
