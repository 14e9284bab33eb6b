package org.cordon.xsm.flask;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
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

    @Test
    void randomPoliciesMatchCheckpolicy(@TempDir Path tmp) throws Exception {
        Path cp = checkpolicy();
        int cases = Integer.getInteger("cordon.flask.diff.cases", 100);
        long seed0 = Long.getLong("cordon.flask.diff.seed", 1L);
        int accepted = 0;
        for (long seed = seed0; seed < seed0 + cases; seed++) {
            String text = RandomPolicyGenerator.generate(seed);
            Path conf = tmp.resolve("p" + seed + ".conf"), bin = tmp.resolve("p" + seed + ".bin");
            Files.writeString(conf, text, StandardCharsets.ISO_8859_1);
            Process proc = new ProcessBuilder(cp.toString(), "-t", "Xen", "-c", "30", "-o", bin.toString(), conf.toString())
                    .redirectErrorStream(true).start();
            String log = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!proc.waitFor(60, TimeUnit.SECONDS)) { proc.destroyForcibly(); fail("checkpolicy hung on seed " + seed); }
            boolean refOk = proc.exitValue() == 0;
            FlaskPolicy model = null;
            String ours = null;
            try {
                model = FlaskPolicies.parse(conf.toString(), text);
            } catch (PolicyConfException e) {
                ours = e.getMessage();
            }
            if (!refOk) {
                if (ours == null) {
                    Files.writeString(Path.of("target", "diff-fail-" + seed + ".conf"), text);
                    fail("seed " + seed + ": checkpolicy rejected the policy but Cordon accepted it; checkpolicy said:\n" + log);
                }
                continue;
            }
            if (ours != null) {
                Files.writeString(Path.of("target", "diff-fail-" + seed + ".conf"), text);
                fail("seed " + seed + ": Cordon rejected a policy checkpolicy accepts: " + ours);
            }
            accepted++;
            TreeMap<Integer, String> sections = new TreeMap<>();
            byte[] actual = BinaryWriter.writeWithSections(model, 30, sections);
            byte[] expected = Files.readAllBytes(bin);
            String mismatch = Vectors.firstMismatch(expected, actual, sections);
            if (mismatch != null) Files.writeString(Path.of("target", "diff-fail-" + seed + ".conf"), text);
            assertNull(mismatch, "seed " + seed + " (policy saved under target/diff-fail-" + seed + ".conf)");
            // the reader and decompiler must reproduce the same bytes too
            FlaskPolicy read = FlaskPolicies.readBinary(expected);
            assertNull(Vectors.firstMismatch(expected, BinaryWriter.write(read, 30), sections), "read/write seed " + seed);
            FlaskPolicy again = FlaskPolicies.parse("decompiled", FlaskPolicies.decompile(read));
            assertNull(Vectors.firstMismatch(expected, BinaryWriter.write(again, 30), sections), "decompile seed " + seed);
        }
        assertEquals(true, accepted > 0 || cases == 0, "no generated policy was accepted by checkpolicy");
    }
}
