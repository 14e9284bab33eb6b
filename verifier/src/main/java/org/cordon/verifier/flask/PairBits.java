package org.cordon.verifier.flask;

import java.util.Arrays;

/**
 * Permission bits by pair of labels (two ints): an open-addressing table of longs, ORed into as access vectors are
 * read. Translation validation asks it once per label pair of every shared type's entry, hundreds of thousands of
 * times on a large policy, where a map of boxed records spent most of its time hashing and comparing them.
 */
final class PairBits {
    private static final long EMPTY = Long.MIN_VALUE; // no pair (a, b) of non-negative ints packs to it
    private long[] keys;
    private long[] bits;
    private int size;

    PairBits() {
        this(32);
    }

    /** A table that takes {@code pairs} pairs without growing: each doubling copies all it holds. */
    PairBits(int pairs) {
        // a power of two, at least twice the pairs (or() grows past half full)
        int capacity = 64;
        while (capacity < 2 * pairs) {
            capacity *= 2;
        }
        keys = new long[capacity];
        bits = new long[capacity];
        Arrays.fill(keys, EMPTY);
    }

    private static long key(int a, int b) {
        if (a < 0 || b < 0) {
            throw new IllegalArgumentException("label numbers are non-negative: " + a + ", " + b);
        }
        return (long) a << 32 | b;
    }

    /** ORs {@code more} into the pair's bits. */
    void or(int a, int b, long more) {
        if ((size + 1) * 2 > keys.length) {
            grow();
        }
        long k = key(a, b);
        int i = slot(keys, k);
        if (keys[i] == EMPTY) {
            keys[i] = k;
            size++;
        }
        bits[i] |= more;
    }

    /** The pair's bits, 0 when it has none. */
    long get(int a, int b) {
        long k = key(a, b);
        int i = slot(keys, k);
        return keys[i] == EMPTY ? 0 : bits[i];
    }

    /** A test of one pair and its bits. */
    interface PairTest {
        boolean test(int a, int b, long bits);
    }

    /** Whether every pair with its bits passes {@code test}; stops at the first that does not. */
    boolean every(PairTest test) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != EMPTY && !test.test((int) (keys[i] >>> 32), (int) keys[i], bits[i])) {
                return false;
            }
        }
        return true;
    }

    int size() {
        return size;
    }

    /** Whether both hold the same pairs with the same bits. */
    boolean sameAs(PairBits other) {
        if (other.size != size) {
            return false;
        }
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != EMPTY) {
                int j = slot(other.keys, keys[i]);
                if (other.keys[j] == EMPTY || other.bits[j] != bits[i]) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The slot holding {@code k}, or the empty one where it would go (the table is never full). */
    private static int slot(long[] keys, long k) {
        int mask = keys.length - 1;
        int i = mix(k) & mask;
        while (keys[i] != EMPTY && keys[i] != k) {
            i = (i + 1) & mask;
        }
        return i;
    }

    private static int mix(long k) {
        long h = k * 0x9E3779B97F4A7C15L;
        return (int) (h ^ h >>> 32);
    }

    private void grow() {
        long[] oldKeys = keys;
        long[] oldBits = bits;
        keys = new long[oldKeys.length * 2];
        bits = new long[oldKeys.length * 2];
        Arrays.fill(keys, EMPTY);
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldKeys[j] != EMPTY) {
                int i = slot(keys, oldKeys[j]);
                keys[i] = oldKeys[j];
                bits[i] = oldBits[j];
            }
        }
    }
}
