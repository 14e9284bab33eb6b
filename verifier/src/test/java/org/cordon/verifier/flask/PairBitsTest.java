package org.cordon.verifier.flask;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The pair table against a map of boxed pairs: random ORs, across growth, with pairs at the ints' edges. */
class PairBitsTest {

    private record Pair(int a, int b) {
    }

    @Test
    void holdsWhatAMapOfPairsHolds() {
        for (int seed = 1; seed <= 20; seed++) {
            Random r = new Random(seed);
            PairBits table = new PairBits();
            Map<Pair, Long> expected = new HashMap<>();
            int n = 1 + r.nextInt(5000);
            int range = 1 + r.nextInt(200);
            for (int i = 0; i < n; i++) {
                int a = r.nextInt(10) == 0 ? Integer.MAX_VALUE - r.nextInt(2) : r.nextInt(range);
                int b = r.nextInt(10) == 0 ? Integer.MAX_VALUE - r.nextInt(2) : r.nextInt(range);
                long bits = r.nextLong();
                table.or(a, b, bits);
                expected.merge(new Pair(a, b), bits, (x, y) -> x | y);
            }
            assertEquals(expected.size(), table.size(), "seed " + seed);
            for (int a = 0; a < range; a++) {
                for (int b = 0; b < range; b++) {
                    assertEquals(expected.getOrDefault(new Pair(a, b), 0L), table.get(a, b), "seed " + seed);
                }
            }
            expected.forEach((p, bits) -> assertEquals(bits, table.get(p.a(), p.b())));
        }
    }

    @Test
    void everyVisitsEachPairWithItsBitsAndStopsAtTheFirstThatFails() {
        PairBits table = new PairBits();
        Map<Pair, Long> expected = new HashMap<>();
        for (int i = 0; i < 500; i++) { // across growth
            table.or(i % 37, Integer.MAX_VALUE - i, 1L << (i % 64));
            expected.merge(new Pair(i % 37, Integer.MAX_VALUE - i), 1L << (i % 64), (x, y) -> x | y);
        }
        Map<Pair, Long> seen = new HashMap<>();
        assertTrue(table.every((a, b, bits) -> seen.put(new Pair(a, b), bits) == null));
        assertEquals(expected, seen);

        int[] asked = {0};
        assertFalse(table.every((a, b, bits) -> ++asked[0] < 3));
        assertEquals(3, asked[0], "stops at the first pair that fails");
        assertTrue(new PairBits().every((a, b, bits) -> false), "no pairs: none fails");
    }

    @Test
    void sameAsComparesPairsAndBits() {
        PairBits one = new PairBits();
        PairBits other = new PairBits();
        for (int i = 0; i < 1000; i++) {
            one.or(i, i + 1, 1L << (i % 64));
            other.or(999 - i, 1000 - i, 1L << ((999 - i) % 64)); // the same pairs, added in the other order
        }
        assertTrue(one.sameAs(other));
        assertTrue(other.sameAs(one));

        PairBits moreBits = copy(one);
        moreBits.or(5, 6, 2);
        assertFalse(one.sameAs(moreBits), "a bit more on one pair");

        PairBits otherPair = new PairBits();
        for (int i = 0; i < 999; i++) {
            otherPair.or(i, i + 1, 1L << (i % 64));
        }
        otherPair.or(1000, 999, 1L << (999 % 64)); // the last pair reversed: same size, same bits
        assertFalse(one.sameAs(otherPair), "a pair the other lacks");

        PairBits zero = new PairBits();
        zero.or(1, 2, 0);
        assertFalse(zero.sameAs(new PairBits()), "a pair with no bits is still a pair");
    }

    @Test
    void refusesNegativeNumbers() {
        PairBits table = new PairBits();
        assertThrows(IllegalArgumentException.class, () -> table.or(-1, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> table.get(0, -1));
    }

    private static PairBits copy(PairBits source) {
        PairBits out = new PairBits();
        for (int i = 0; i < 1000; i++) {
            out.or(i, i + 1, source.get(i, i + 1));
        }
        return out;
    }
}
