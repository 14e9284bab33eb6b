package org.cordon.xsm.acm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Coverage-guided fuzzing (Jazzer) of the ACM readers: the XML policy reader and the binary reader with its decoder.
 * The test command runs the regression corpus; {@code tests/fuzz/run.sh} runs the campaigns.
 */
// each input within a bound: a hang is a finding (the campaign script gives libFuzzer the same bound per input)
@org.junit.jupiter.api.Timeout(value = 30, unit = java.util.concurrent.TimeUnit.SECONDS)
class AcmReadersFuzzTest {

    /** Rejected XML names positions inside the input; accepted XML writes back to XML that reads as the same policy. */
    @FuzzTest(maxDuration = "30s")
    void xmlReaderRoundTrips(byte[] data) {
        String xml = new String(data, StandardCharsets.UTF_8);
        AcmDocument doc;
        try {
            doc = AcmPolicies.parseXml(xml, "fuzz.xml");
        } catch (AcmXmlException e) {
            long lines = xml.lines().count();
            for (AcmProblem p : e.problems()) {
                assertTrue(p.line() >= 0 && p.line() <= lines + 1 && p.column() >= 0, "outside the input: " + p);
            }
            return;
        }
        String written = AcmPolicies.writeXml(doc.policy());
        assertEquals(doc.policy(), AcmPolicies.parseXml(written, "written.xml").policy(),
                "the written XML reads as another policy");
    }

    /** Rejected binaries fail with an AcmFormatException positioned inside them; accepted ones decode. */
    @FuzzTest(maxDuration = "30s")
    void binaryReaderFailsOnlyPositioned(byte[] data) {
        try {
            AcmBinaryDecoder.decode(AcmBinaryReader.read(data));
        } catch (AcmFormatException e) {
            assertTrue(e.offset() >= 0 && e.offset() <= data.length, e.getMessage());
        }
    }
}
