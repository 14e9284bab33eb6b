package org.cordon.xsm.flask.binary;

import org.cordon.xsm.flask.model.PackedAvtab;

/**
 * The order of the unconditional access vector table in a binary: libsepol's avtab has 2^20 buckets (the size
 * expand allocates), hashed with its murmur-style avtab_hash; each bucket is sorted by (source, target, class)
 * and entries with the same key stay in creation order.
 */
public final class AvtabOrder {
    public static final int SLOTS = 1 << 20;

    private AvtabOrder() { }

    public static int hash(int source, int target, int tclass, int mask) {
        int hash = 0;
        hash = mix(hash, tclass);
        hash = mix(hash, target);
        hash = mix(hash, source);
        hash ^= hash >>> 16;
        hash *= 0x85ebca6b;
        hash ^= hash >>> 13;
        hash *= 0xc2b2ae35;
        hash ^= hash >>> 16;
        return hash & mask;
    }

    private static int mix(int hash, int input) {
        int v = input * 0xcc9e2d51;
        v = Integer.rotateLeft(v, 15);
        v *= 0x1b873593;
        hash ^= v;
        hash = Integer.rotateLeft(hash, 13);
        return hash * 5 + 0xe6546b64;
    }

    /** The indexes of {@code p}'s entries in the binary's order (the writer reads them so, copying nothing). */
    static int[] permutation(PackedAvtab p) {
        return p.size() <= SMALL ? bySorting(p) : byCounting(p);
    }

    /**
     * Up to this many entries, sorting them by bucket beats counting into all 2^20 buckets, whose two tables of 4 MB
     * each are made and walked whatever the policy's size: an editor's policy of 2,000 lines has some ten thousand.
     */
    static final int SMALL = SLOTS / 16;

    /** A stable counting sort on the bucket: linear, where a comparison sort of two million entries was the cost. */
    static int[] byCounting(PackedAvtab p) {
        int n = p.size();
        int[] bucket = new int[n];
        int[] start = new int[SLOTS + 1];
        for (int i = 0; i < n; i++) {
            bucket[i] = hash(p.source(i), p.target(i), p.tclass(i), SLOTS - 1);
            start[bucket[i] + 1]++;
        }
        for (int b = 0; b < SLOTS; b++) {
            start[b + 1] += start[b];
        }
        int[] out = new int[n]; // entry indexes, in the binary's order
        int[] next = java.util.Arrays.copyOf(start, SLOTS);
        for (int i = 0; i < n; i++) {
            out[next[bucket[i]]++] = i;
        }
        for (int b = 0; b < SLOTS; b++) {
            sortBucket(p, out, start[b], start[b + 1]);
        }
        return out;
    }

    /** The same order from sorting (bucket, index) pairs: the index keeps the creation order inside a bucket. */
    static int[] bySorting(PackedAvtab p) {
        int n = p.size();
        long[] keyed = new long[n];
        for (int i = 0; i < n; i++) {
            keyed[i] = (long) hash(p.source(i), p.target(i), p.tclass(i), SLOTS - 1) << 32 | i;
        }
        java.util.Arrays.sort(keyed);
        int[] out = new int[n];
        int from = 0;
        for (int i = 0; i < n; i++) {
            out[i] = (int) keyed[i];
            if (i + 1 == n || keyed[i + 1] >>> 32 != keyed[from] >>> 32) {
                sortBucket(p, out, from, i + 1);
                from = i + 1;
            }
        }
        return out;
    }

    /** Sorts one bucket's entries, out[from..to), by (source, target, class); a handful, so a stable insertion sort. */
    private static void sortBucket(PackedAvtab p, int[] out, int from, int to) {
        for (int i = from + 1; i < to; i++) {
            int x = out[i];
            int j = i - 1;
            while (j >= from && compareKeys(p, out[j], x) > 0) {
                out[j + 1] = out[j];
                j--;
            }
            out[j + 1] = x;
        }
    }

    /** By (source, target, class). */
    private static int compareKeys(PackedAvtab p, int a, int b) {
        int c = Integer.compare(p.source(a), p.source(b));
        if (c == 0) {
            c = Integer.compare(p.target(a), p.target(b));
        }
        return c != 0 ? c : Integer.compare(p.tclass(a), p.tclass(b));
    }
}
