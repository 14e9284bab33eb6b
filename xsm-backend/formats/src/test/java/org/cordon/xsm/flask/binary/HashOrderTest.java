package org.cordon.xsm.flask.binary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * libsepol's symbol order from names as Java holds them: the hash and strcmp of the bytes ISO-8859-1 writes, signed
 * chars in the hash, unsigned in the comparison, '?' for what it cannot write. Checked against those definitions,
 * spelt out here over the encoded bytes, on names from ASCII, the upper half of Latin-1 and beyond it.
 */
class HashOrderTest {

    private static int symhashOfBytes(String key, int size) {
        int val = 0;
        for (byte b : key.getBytes(StandardCharsets.ISO_8859_1)) {
            val = Integer.rotateLeft(val, 4) ^ b;
        }
        return val & (size - 1);
    }

    private static int strcmpOfBytes(String a, String b) {
        byte[] x = a.getBytes(StandardCharsets.ISO_8859_1);
        byte[] y = b.getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            if (x[i] != y[i]) {
                return Integer.signum((x[i] & 0xff) - (y[i] & 0xff));
            }
        }
        return Integer.signum(x.length - y.length);
    }

    private static String name(Random r) {
        StringBuilder b = new StringBuilder();
        int n = 1 + r.nextInt(6);
        for (int i = 0; i < n; i++) {
            int kind = r.nextInt(10);
            b.append(kind < 7 ? (char) ('a' + r.nextInt(4)) : kind < 9 ? (char) (0xe0 + r.nextInt(3))
                    : (char) (0x100 + r.nextInt(3)));
        }
        return b.toString();
    }

    @Test
    void hashAndComparisonAreThoseOfTheEncodedBytes() {
        Random r = new Random(5);
        for (int i = 0; i < 20_000; i++) {
            String a = name(r);
            String b = name(r);
            assertEquals(symhashOfBytes(a, 512), HashOrder.symhash(a, 512), a);
            assertEquals(strcmpOfBytes(a, b), Integer.signum(HashOrder.strcmp(a, b)), a + " " + b);
        }
    }

    @Test
    void theOrderIsByBucketThenByName() {
        Random r = new Random(9);
        for (int round = 0; round < 200; round++) {
            List<String> names = new ArrayList<>();
            // some rounds with thousands: buckets of more than a few names (a small alphabet collides often)
            for (int i = round % 10 == 0 ? 3000 + r.nextInt(3000) : r.nextInt(300); i > 0; i--) {
                names.add(name(r));
            }
            int size = HashOrder.finalSize(16, names.size());
            List<String> expected = new ArrayList<>(names);
            expected.sort(Comparator.<String>comparingInt(s -> symhashOfBytes(s, size))
                    .thenComparing(HashOrderTest::strcmpOfBytes));
            assertEquals(expected, HashOrder.order(names, s -> s, 16));
        }
    }

    /** Sixty distinct names in one bucket, among 600: the order within a bucket of many. */
    @Test
    void aBucketOfManyNames() {
        Random r = new Random(11);
        int size = HashOrder.finalSize(16, 600);
        java.util.Map<Integer, java.util.Set<String>> byBucket = new java.util.HashMap<>();
        while (byBucket.values().stream().noneMatch(b -> b.size() >= 60)) {
            StringBuilder b = new StringBuilder();
            for (int i = 3 + r.nextInt(6); i > 0; i--) {
                b.append((char) ('a' + r.nextInt(26)));
            }
            byBucket.computeIfAbsent(symhashOfBytes(b.toString(), size), k -> new java.util.HashSet<>()).add(b.toString());
        }
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        byBucket.values().stream().filter(b -> b.size() >= 60).findFirst().orElseThrow().stream().limit(60)
                .forEach(names::add);
        for (java.util.Set<String> bucket : byBucket.values()) {
            for (String n : bucket) {
                if (names.size() < 600) {
                    names.add(n);
                }
            }
        }
        List<String> shuffled = new ArrayList<>(names);
        java.util.Collections.shuffle(shuffled, r);
        List<String> expected = new ArrayList<>(shuffled);
        expected.sort(Comparator.<String>comparingInt(s -> symhashOfBytes(s, size))
                .thenComparing(HashOrderTest::strcmpOfBytes));
        assertEquals(expected, HashOrder.order(shuffled, s -> s, 16));
    }
}
