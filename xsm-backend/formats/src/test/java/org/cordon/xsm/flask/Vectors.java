package org.cordon.xsm.flask;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/** Locates the shared conformance vectors and compares binaries with a helpful first-mismatch message. */
final class Vectors {
    private Vectors() { }

    static Path flask() {
        String shared = System.getProperty("cordon.shared");
        assumeTrue(shared != null, "system property cordon.shared is not set (run through Maven): vectors unavailable");
        Path dir = Path.of(shared, "vectors", "flask");
        assumeTrue(Files.isDirectory(dir), "conformance vectors not found at " + dir + " — skipping");
        return dir;
    }

    static Path file(String rel) {
        Path p = flask().resolve(rel);
        assumeTrue(Files.isRegularFile(p), "vector " + p + " is missing — skipping");
        return p;
    }

    static byte[] bytes(String rel) throws IOException { return Files.readAllBytes(file(rel)); }

    /** Null when equal, else a description of the first differing byte and its section. */
    static String firstMismatch(byte[] expected, byte[] actual, TreeMap<Integer, String> sections) {
        int n = Math.min(expected.length, actual.length);
        int i = 0;
        while (i < n && expected[i] == actual[i]) i++;
        if (i == n && expected.length == actual.length) return null;
        Map.Entry<Integer, String> sec = sections.floorEntry(i);
        String where = sec == null ? "?" : sec.getValue() + " (starts at " + sec.getKey() + ")";
        return String.format("first mismatch at byte offset %d (0x%x) in section %s: expected %s, got %s; "
                + "lengths expected %d, got %d", i, i, where,
                i < expected.length ? String.format("0x%02x", expected[i] & 0xff) : "EOF",
                i < actual.length ? String.format("0x%02x", actual[i] & 0xff) : "EOF", expected.length, actual.length);
    }
}
