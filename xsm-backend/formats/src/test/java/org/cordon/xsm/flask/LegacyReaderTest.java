package org.cordon.xsm.flask;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.cordon.xsm.flask.model.FlaskPolicy;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Legacy "SE Linux"-string binaries (what builds without {@code -t Xen} produce, e.g. OpenXT's), versions 15–24,
 * generated from the 4.22 policy with the real checkpolicy, must be readable.
 */
class LegacyReaderTest {
    @ParameterizedTest(name = "SE Linux v{0}")
    @ValueSource(ints = {15, 16, 17, 18, 19, 20, 21, 22, 23, 24})
    void readsLegacyVersions(int version, @TempDir Path tmp) throws Exception {
        Path cp = DifferentialTest.checkpolicy();
        Path conf = Vectors.file("xen-4.22.0/policy.conf"), bin = tmp.resolve("legacy.bin");
        Process proc = new ProcessBuilder(cp.toString(), "-c", String.valueOf(version), "-o", bin.toString(), conf.toString())
                .redirectErrorStream(true).start();
        proc.getInputStream().readAllBytes();
        assertEquals(0, proc.waitFor(), "checkpolicy -c " + version);
        FlaskPolicy p = FlaskPolicies.readBinary(Files.readAllBytes(bin));
        assertEquals(FlaskPolicy.TARGET_XEN_OLD, p.target());
        assertEquals(13, p.classes().size());
        assertEquals(39, p.types().size()); // 32 types + 7 attributes (placeholders before v24)
        assertEquals(13, p.initialSids().size());
        assertEquals(version >= 16 ? 2 : 0, p.bools().size());
    }
}
