package org.cordon.xsm.host;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;
import java.util.Map;

/**
 * Coverage-guided fuzzing (Jazzer) of the host layer's readers of what {@code xl} and {@code flask-*} print on a
 * host: whatever a host answers, each reader gives a result or a HostException (a protocol problem the loader
 * reports), never another exception.
 */
// each input within a bound: a hang is a finding (the campaign script gives libFuzzer the same bound per input)
@org.junit.jupiter.api.Timeout(value = 30, unit = java.util.concurrent.TimeUnit.SECONDS)
class XenOutputsFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void readersOfHostOutputFailOnlyAsProtocolProblems(FuzzedDataProvider data) {
        String text = data.consumeString(4096);
        String other = data.consumeRemainingAsString();
        Map<String, String> info = XenOutputs.xlInfo(text);
        try {
            XenOutputs.xenVersion(info);
        } catch (HostException e) {
            assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
        }
        XenOutputs.bootOption(text, "flask");
        try {
            XenOutputs.getenforce(CommandResult.of(text.length() % 3, text, other));
        } catch (HostException e) {
            assertTrue(e.getMessage() != null);
        }
        try {
            List<Domain> domains = XenOutputs.xlListZ(text);
            domains.forEach(d -> assertTrue(text.contains(d.name()), d.name()));
        } catch (HostException e) {
            assertTrue(e.getMessage() != null);
        }
        try {
            XenOutputs.booleans(text);
        } catch (HostException e) {
            assertTrue(e.getMessage() != null);
        }
        try {
            XenOutputs.domainIds(text).forEach(id -> assertTrue(text.contains(Integer.toString(id)), "id " + id));
        } catch (HostException e) {
            assertTrue(e.getMessage() != null);
        }
        XenOutputs.lastPolicyRead(text);
        assertTrue(XenOutputs.flaskComplaints(text, 3).size() <= 3);
        String since = XenOutputs.since(text, other);
        assertTrue(other.contains(since) || since.isEmpty(), "since() returns a part of the later text");
    }
}
