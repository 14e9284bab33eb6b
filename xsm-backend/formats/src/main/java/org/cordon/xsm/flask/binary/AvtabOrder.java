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
        // a stable counting sort on the bucket, then (source, target, class) inside each bucket:
        // linear, where a comparison sort of two million rule entries was the writer's main cost
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
            // buckets hold a handful of entries: a stable insertion sort
            for (int i = start[b] + 1; i < start[b + 1]; i++) {
                int x = out[i];
                int j = i - 1;
                while (j >= start[b] && compareKeys(p, out[j], x) > 0) {
                    out[j + 1] = out[j];
                    j--;
                }
                out[j + 1] = x;
            }
        }
        return out;
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
