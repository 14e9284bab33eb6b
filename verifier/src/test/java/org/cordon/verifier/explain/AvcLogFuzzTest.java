package org.cordon.verifier.explain;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Coverage-guided fuzzing (Jazzer) of the AVC line parser behind {@code cordon explain}. */
// each input within a bound: a hang is a finding (the campaign script gives libFuzzer the same bound per input)
@org.junit.jupiter.api.Timeout(value = 30, unit = java.util.concurrent.TimeUnit.SECONDS)
class AvcLogFuzzTest {

    /** Any line either is not an AVC line or gives a record whose parts are taken from the line. */
    @FuzzTest(maxDuration = "30s")
    void parsedRecordsComeFromTheLine(byte[] data) {
        String line = new String(data, StandardCharsets.UTF_8);
        Optional<AvcRecord> r = AvcRecord.parse(line);
        if (r.isEmpty()) {
            return;
        }
        AvcRecord a = r.get();
        assertFalse(a.permissions().isEmpty(), "a record without permissions");
        for (String p : a.permissions()) {
            assertTrue(line.contains(p), p);
        }
        assertTrue(line.contains(a.sourceType()) && line.contains(a.targetType()) && line.contains(a.securityClass()),
                a.toString());
    }
}
