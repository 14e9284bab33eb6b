package org.cordon.xsm.flask.binary;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.cordon.xsm.flask.model.AvEntry;

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

    public static List<AvEntry> order(List<AvEntry> creationOrder) {
        List<AvEntry> sorted = new ArrayList<>(creationOrder);
        // List.sort is stable: equal keys keep creation order
        sorted.sort(Comparator.<AvEntry>comparingInt(e -> hash(e.source(), e.target(), e.tclass(), SLOTS - 1))
                .thenComparingInt(AvEntry::source).thenComparingInt(AvEntry::target)
                .thenComparingInt(AvEntry::tclass));
        return sorted;
    }
}
