package org.cordon.xsm.host;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Optional;
import org.cordon.xsm.SharedVectors;

/**
 * Coverage-guided fuzzing (Jazzer) of the preflight's reading of the labels {@code xl list -Z} prints, on the
 * multi-level vector (levels, ranges, category lists and ranges): a label is kept or refused with a reason, never an
 * exception.
 */
// each input within a bound: a hang is a finding (the campaign script gives libFuzzer the same bound per input)
@org.junit.jupiter.api.Timeout(value = 30, unit = java.util.concurrent.TimeUnit.SECONDS)
class LabelProblemFuzzTest {

    private static LoadablePolicy mls;

    @FuzzTest(maxDuration = "30s")
    void labelsAreKeptOrRefusedWithAReason(byte[] data) throws Exception {
        if (mls == null) {
            mls = LoadablePolicy.of("xenpolicy-mls", Files.readAllBytes(SharedVectors.root()
                    .resolve("flask/mls/xenpolicy-mls")), Optional.empty(), false);
        }
        String why = mls.labelProblem(new String(data, StandardCharsets.UTF_8));
        assertTrue(why == null || !why.isBlank());
    }
}
