package org.cordon.xsm.flask.binary;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.cordon.xsm.flask.model.PackedAvtab;
import org.junit.jupiter.api.Test;

/**
 * The two ways to the binary's avtab order agree: sorting, for the tables of a few thousand entries an editor's policy
 * has, and counting into libsepol's 2^20 buckets, for the millions of xen.if's pattern. Both are held to checkpolicy's
 * bytes by the pipeline's property test and the build benchmark; this holds them to each other on the cases those
 * meet rarely: keys repeated with other specifiers, whose creation order must stay.
 */
class AvtabOrderTest {

    private static PackedAvtab table(Random r, int n, int types) {
        PackedAvtab.Builder b = new PackedAvtab.Builder();
        for (int i = 0; i < n; i++) {
            b.add(1 + r.nextInt(types), 1 + r.nextInt(types), 1 + r.nextInt(3), 1 << r.nextInt(4), i);
        }
        return b.build();
    }

    @Test
    void sortingAndCountingGiveOneOrder() {
        Random r = new Random(20261206);
        for (int round = 0; round < 300; round++) {
            int n = round < 3 ? round : r.nextInt(6000);
            // few types: many entries share a key and so a bucket
            PackedAvtab p = table(r, n, round % 2 == 0 ? 4 : 400);
            assertArrayEquals(AvtabOrder.byCounting(p), AvtabOrder.bySorting(p), "round " + round + ", " + n);
        }
    }

    @Test
    void entriesOfOneKeyKeepTheirCreationOrder() {
        PackedAvtab p = table(new Random(3), 2000, 2);
        int[] order = AvtabOrder.bySorting(p);
        for (int i = 1; i < order.length; i++) {
            int a = order[i - 1];
            int b = order[i];
            if (p.source(a) == p.source(b) && p.target(a) == p.target(b) && p.tclass(a) == p.tclass(b)) {
                assertTrue(a < b, "entries " + a + " and " + b + " of one key");
            }
        }
    }
}
