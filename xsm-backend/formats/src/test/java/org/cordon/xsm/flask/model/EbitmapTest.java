package org.cordon.xsm.flask.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.BitSet;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** A bitmap holds the non-negative positions it is given, once each, ascending, whatever their order or repeats. */
class EbitmapTest {

    @Test
    void positionsInAnyOrderGiveTheSetOfTheNonNegativeOnes() {
        Random r = new Random(11);
        for (int round = 0; round < 2000; round++) {
            int[] positions = new int[r.nextInt(12)];
            for (int i = 0; i < positions.length; i++) {
                positions[i] = r.nextInt(40) - 5;
            }
            if (round % 3 == 0) {
                java.util.Arrays.sort(positions); // ascending, often with repeats and negatives
            }
            int[] given = positions.clone();
            TreeSet<Integer> set = new TreeSet<>();
            BitSet bits = new BitSet();
            for (int p : positions) {
                if (p >= 0) {
                    set.add(p);
                    bits.set(p);
                }
            }
            int[] expected = set.stream().mapToInt(Integer::intValue).toArray();
            Ebitmap e = Ebitmap.of(positions);
            assertArrayEquals(expected, e.toArray(), java.util.Arrays.toString(given));
            assertArrayEquals(given, positions, "the caller's array is left as it was");
            assertEquals(e, Ebitmap.of(bits));
            assertEquals(expected.length == 0, e == Ebitmap.EMPTY);
        }
    }
}
