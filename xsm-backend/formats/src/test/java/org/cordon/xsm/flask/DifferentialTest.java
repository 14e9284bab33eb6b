package org.cordon.xsm.flask;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.cordon.xsm.flask.binary.BinaryWriter;
import org.cordon.xsm.flask.model.FlaskPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Differential test against the real compiler: random policy.conf texts are built by Cordon and by
 * {@code checkpolicy -t Xen -c 30}; both must accept (with identical bytes) or both must reject.
 *
 * <p>Case count: system property {@code cordon.flask.diff.cases} (default 100); first seed:
 * {@code cordon.flask.diff.seed} (default 1). Large run:
 * {@code mvn -B -pl xsm-backend test -Dtest=DifferentialTest -Dcordon.flask.diff.cases=5000}.
 */
class DifferentialTest {
    static Path checkpolicy() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            Path p = Path.of(dir, "checkpolicy");
            if (Files.isExecutable(p)) return p;
        }
        assumeTrue(false, "checkpolicy is not installed (CI installs it): differential test skipped");
        return null;
    }

    /** Runs checkpolicy; null on success, else its output. */
    private static String run(Path cp, Path conf, Path bin, int version, boolean mls) throws Exception {
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of(cp.toString(), "-t", "Xen", "-c",
                String.valueOf(version), "-o", bin.toString()));
        if (mls) cmd.add("-M");
        cmd.add(conf.toString());
        Process proc = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!proc.waitFor(60, TimeUnit.SECONDS)) { proc.destroyForcibly(); fail("checkpolicy hung on " + conf); }
        return proc.exitValue() == 0 ? null : log;
    }

    @Test
    void randomPoliciesMatchCheckpolicy(@TempDir Path tmp) throws Exception {
        Path cp = checkpolicy();
        int cases = Integer.getInteger("cordon.flask.diff.cases", 100);
        long seed0 = Long.getLong("cordon.flask.diff.seed", 1L);
        int accepted = 0, acceptedMls = 0, rejected = 0;
        for (long seed = seed0; seed < seed0 + cases; seed++) {
            boolean mls = seed % 4 == 0;
            String text = mls ? RandomPolicyGenerator.generateMls(seed) : RandomPolicyGenerator.generate(seed);
            Path conf = tmp.resolve("p" + seed + ".conf"), bin = tmp.resolve("p" + seed + ".bin");
            Files.writeString(conf, text, StandardCharsets.ISO_8859_1);
            String log = run(cp, conf, bin, 30, mls);
            boolean refOk = log == null;
            FlaskPolicy model = null;
            String ours = null;
            try {
                model = FlaskPolicies.parse(conf.toString(), text, mls);
            } catch (PolicyConfException e) {
                ours = e.getMessage();
            }
            if (!refOk) {
                if (ours == null) {
                    Files.writeString(Path.of("target", "diff-fail-" + seed + ".conf"), text);
                    fail("seed " + seed + ": checkpolicy rejected the policy but Cordon accepted it; checkpolicy said:\n" + log);
                }
                rejected++;
                continue;
            }
            if (ours != null) {
                Files.writeString(Path.of("target", "diff-fail-" + seed + ".conf"), text);
                fail("seed " + seed + ": Cordon rejected a policy checkpolicy accepts: " + ours);
            }
            accepted++;
            if (mls) acceptedMls++;
            TreeMap<Integer, String> sections = new TreeMap<>();
            byte[] actual = BinaryWriter.writeWithSections(model, 30, sections);
            byte[] expected = Files.readAllBytes(bin);
            String mismatch = Vectors.firstMismatch(expected, actual, sections);
            if (mismatch != null) Files.writeString(Path.of("target", "diff-fail-" + seed + ".conf"), text);
            assertNull(mismatch, "seed " + seed + " (policy saved under target/diff-fail-" + seed + ".conf)");
            // the reader and decompiler must reproduce the same bytes too
            FlaskPolicy read = FlaskPolicies.readBinary(expected);
            assertNull(Vectors.firstMismatch(expected, BinaryWriter.write(read, 30), sections), "read/write seed " + seed);
            String decompiled = FlaskPolicies.decompile(read);
            FlaskPolicy again;
            try {
                again = FlaskPolicies.parse("decompiled", decompiled, mls);
            } catch (PolicyConfException e) {
                Files.writeString(Path.of("target", "diff-fail-" + seed + ".conf"), text);
                Files.writeString(Path.of("target", "diff-fail-" + seed + ".decompiled.conf"), decompiled);
                throw new AssertionError("seed " + seed + ": decompiled text does not compile: " + e.getMessage(), e);
            }
            assertNull(Vectors.firstMismatch(expected, BinaryWriter.write(again, 30), sections), "decompile seed " + seed);
            // version 24 as well: checkpolicy refuses high iomem there, and so must we
            Path bin24 = tmp.resolve("p" + seed + "-24.bin");
            boolean ref24 = run(cp, conf, bin24, 24, mls) == null;
            byte[] ours24 = null;
            try {
                ours24 = BinaryWriter.write(model, 24);
            } catch (org.cordon.xsm.flask.binary.PolicyWriteException e) {
                assertEquals(false, ref24, "seed " + seed + ": we refused v24 but checkpolicy wrote it: " + e.getMessage());
            }
            if (ours24 != null) {
                assertEquals(true, ref24, "seed " + seed + ": checkpolicy refused v24 but we wrote it");
                assertNull(Vectors.firstMismatch(Files.readAllBytes(bin24), ours24, new TreeMap<>()), "v24 seed " + seed);
            }
        }
        System.out.printf("differential: %d cases, %d accepted by both (%d MLS), %d rejected by both%n",
                cases, accepted, acceptedMls, rejected);
        assertEquals(true, accepted > 0 || cases == 0, "no generated policy was accepted by checkpolicy");
        assertEquals(true, acceptedMls > 0 || cases < 20, "no MLS policy was accepted by checkpolicy");
    }

    /**
     * checkpolicy's lexer reads each line whole as one token of at most 8,192 bytes and refuses a longer one: a rule
     * over 3,000 types written on one line is refused, and the printer breaks it over lines that checkpolicy reads to
     * the same bytes as Cordon.
     */
    @Test
    void aSetOfThousandsOfTypesIsPrintedOnLinesCheckpolicyReads(@TempDir Path tmp) throws Exception {
        Path cp = checkpolicy();
        StringBuilder types = new StringBuilder();
        StringBuilder set = new StringBuilder("{");
        for (int i = 0; i < 3000; i++) {
            types.append("type guest_number_").append(i).append("_t;\n");
            set.append(" guest_number_").append(i).append("_t");
        }
        String oneLine = "class domain\nsid xen\nclass domain { create }\n" + types + "allow " + set
                + " } guest_number_0_t : domain create;\nrole r;\nrole r types guest_number_0_t;\nuser u roles r;\n"
                + "sid xen u:r:guest_number_0_t\n";
        Path wide = tmp.resolve("wide.conf"), wrapped = tmp.resolve("wrapped.conf"), bin = tmp.resolve("wrapped.bin");
        Files.writeString(wide, oneLine, StandardCharsets.ISO_8859_1);
        String refused = run(cp, wide, tmp.resolve("wide.bin"), 30, false);
        assertTrue(refused != null && refused.contains("token too large"), "checkpolicy took a 60,000-byte line: " + refused);

        String printed = org.cordon.xsm.flask.conf.ConfPrinter.print(org.cordon.xsm.flask.conf.ConfParser.parse("wide", oneLine));
        assertTrue(printed.lines().allMatch(l -> l.length() < 200), "a long line in:\n" + printed.substring(0, 500));
        Files.writeString(wrapped, printed, StandardCharsets.ISO_8859_1);
        assertNull(run(cp, wrapped, bin, 30, false));
        assertArrayEquals(Files.readAllBytes(bin), BinaryWriter.write(FlaskPolicies.parse("wrapped", printed), 30));
    }
}
