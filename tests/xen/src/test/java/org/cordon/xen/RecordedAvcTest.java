package org.cordon.xen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.cordon.verifier.explain.AvcRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AVC lines the harness recorded on the real Xen (verifier/src/test/resources/avc/xen-4.17-qemu.log),
 * judged again without QEMU: each section's policy is compiled from today's sources and every decision
 * must still be the one Xen made. A change to the compiler that alters what these policies allow shows up
 * here in every build, not only where the harness runs.
 */
class RecordedAvcTest {

    static final String LOG = "verifier/src/test/resources/avc/xen-4.17-qemu.log";

    @TempDir
    Path tmp;

    @Test
    void everyRecordedDecisionIsStillTheCompiledPolicysDecision() throws Exception {
        Map<String, PolicyOracle> oracles = new HashMap<>();
        Map<String, String> sources = Map.of("harness", Policies.HARNESS, "xen-default-sample", Policies.XEN_DEFAULT_SAMPLE);
        PolicyOracle oracle = null;
        Map<String, Boolean> booleans = Map.of();
        List<String> disagreements = new ArrayList<>();
        int judged = 0;
        int denied = 0;
        int granted = 0;
        for (String line : Files.readAllLines(XenHost.root().resolve(LOG))) {
            if (line.startsWith("# policy=")) {
                Map<String, String> h = header(line);
                String name = h.get("policy");
                String source = sources.get(name);
                assertNotNull(source, "unknown policy in " + line);
                oracle = oracles.computeIfAbsent(name, n -> {
                    try {
                        return new PolicyOracle(Files.readAllBytes(Policies.compile(source, tmp.resolve(n)).resolve("xenpolicy")),
                                Scenario.HOST);
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                });
                booleans = new HashMap<>();
                for (String kv : h.get("booleans").split(",")) {
                    String[] p = kv.split(":");
                    if (p.length == 2) {
                        booleans.put(p[0], p[1].equals("1"));
                    }
                }
                continue;
            }
            var avc = AvcRecord.parse(line);
            if (avc.isEmpty()) {
                continue;
            }
            assertNotNull(oracle, "an AVC line before any header: " + line);
            for (PolicyOracle.Verdict v : oracle.judge(avc.get(), booleans)) {
                judged++;
                if (v.xenAllowed()) {
                    granted++;
                } else {
                    denied++;
                }
                if (!v.agrees()) {
                    disagreements.add(v.toString());
                }
            }
        }
        assertTrue(judged >= 100 && denied > 0 && granted > 0,
                "the recording should hold denied and granted decisions: " + denied + " denied, " + granted + " granted");
        assertEquals(List.of(), disagreements);
    }

    private static Map<String, String> header(String line) {
        Map<String, String> h = new HashMap<>();
        for (String part : line.substring(2).split(" ")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                h.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        return h;
    }
}
