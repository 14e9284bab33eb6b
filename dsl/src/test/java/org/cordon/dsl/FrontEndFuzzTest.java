package org.cordon.dsl;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.cordon.model.Diagnostic;
import org.junit.jupiter.api.Test;

/**
 * Bounded fuzz run over parse → link → resolve → validate: mutated samples and golden files and
 * random token soup. Nothing may throw or hang, and every diagnostic must point into the input.
 * {@code -Dcordon.fuzz.cases=N} sets the count (default 300); {@code -Dcordon.fuzz.seed=S} replays.
 */
class FrontEndFuzzTest {

    private static final String[] TOKENS = {"policy", "target", "xen", "4.22", "4.17", "layer", "over", "{", "}",
        "domain", "dom0", ":", "control", "singleton", "guest", "class", "vm", "isolation", "strong", "weak",
        "hybrid", "cluster", "channel", "<->", "->", "event", "grant", "argo", "features", "introspection", "deny",
        "allow", "within", "switch", "default", "on", "off", "else", "device", "pci", "0000:03:00.0", "irq", "16",
        "ioport", "0x3f8-0x3ff", "iomem", "pages", "0xfebe0000", "-", "0xfebfffff", "dt", "\"/soc\"", "admin", "user",
        "capability", "=", "create", "manage", "comms", ",", "forbid", "guests", "domains", "security.*",
        "domain.pause", "mmu.{map_read", "map_write}", "export", "zone", "host", "cpus", "memory", "4", "GiB", "net",
        "10", "Gbit/s", "resource", "kind", "readonly", "conflict", "assert", "isolated", "no", "flow", "except",
        "via", "test", "\"t\"", "a", "b", "c.d", "%", "cap", "weight", "//", "/*", "*/", "\n", "\u00e9", "\0"};

    @Test
    void frontEndNeverThrowsAndAlwaysPositions() throws IOException {
        int cases = Integer.getInteger("cordon.fuzz.cases", 300);
        long seed = Long.getLong("cordon.fuzz.seed", 20261122L);
        Random random = new Random(seed);
        List<String> corpus = corpus();
        assertTrue(corpus.size() >= 3, "fuzz corpus missing");
        for (int c = 0; c < cases; c++) {
            final int i = c;
            String input = i % 5 == 4 ? soup(random) : mutate(corpus.get(random.nextInt(corpus.size())), random);
            String name = "fuzz-" + seed + "-" + i + ".cordon";
            List<Diagnostic> diagnostics = new ArrayList<>();
            try {
                assertTimeoutPreemptively(Duration.ofSeconds(30),
                        () -> diagnostics.addAll(TestFrontEnd.run(name, input).diagnostics()),
                        () -> "case " + i + " (seed " + seed + ") hangs");
            } catch (RuntimeException e) {
                fail("case " + i + " (seed " + seed + ") threw " + e + " on input:\n" + input, e);
            }
            int lines = input.split("\n", -1).length;
            for (Diagnostic d : diagnostics) {
                assertTrue(d.pos().file().equals(name) && d.pos().line() >= 1 && d.pos().line() <= lines + 1
                        && d.pos().column() >= 1, "case " + i + ": diagnostic outside the input: " + d + "\n" + input);
            }
        }
    }

    private static List<String> corpus() throws IOException {
        Path root = Path.of(System.getProperty("cordon.root", ".."));
        List<String> out = new ArrayList<>();
        for (Path dir : List.of(root.resolve("samples"), root.resolve("driver/src/test/resources/golden"))) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".cordon")).sorted().toList()) {
                    out.add(Files.readString(f));
                }
            }
        }
        return out;
    }

    private static String mutate(String text, Random r) {
        StringBuilder b = new StringBuilder(text);
        int edits = 1 + r.nextInt(6);
        for (int e = 0; e < edits && b.length() > 0; e++) {
            int at = r.nextInt(b.length());
            switch (r.nextInt(5)) {
                case 0 -> b.deleteCharAt(at);
                case 1 -> b.insert(at, TOKENS[r.nextInt(TOKENS.length)] + (r.nextBoolean() ? " " : ""));
                case 2 -> b.setCharAt(at, (char) (32 + r.nextInt(95)));
                case 3 -> b.delete(at, Math.min(b.length(), at + r.nextInt(40)));
                default -> {
                    int from = r.nextInt(b.length());
                    int len = Math.min(r.nextInt(60), b.length() - from);
                    b.insert(at, b.substring(from, from + len));
                }
            }
        }
        return b.toString();
    }

    private static String soup(Random r) {
        StringBuilder b = new StringBuilder();
        int n = r.nextInt(80);
        for (int i = 0; i < n; i++) {
            b.append(TOKENS[r.nextInt(TOKENS.length)]).append(r.nextInt(4) == 0 ? "\n" : " ");
        }
        return b.toString();
    }
}
