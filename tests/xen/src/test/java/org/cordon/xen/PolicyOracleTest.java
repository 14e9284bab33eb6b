package org.cordon.xen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.cordon.verifier.explain.AvcRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The oracle the scenarios judge Xen with, on lines whose right verdict is known from the harness policy. */
class PolicyOracleTest {

    @TempDir
    static Path tmp;

    static PolicyOracle harness;

    @BeforeAll
    static void compile() throws Exception {
        Path bin = Policies.compile(Policies.HARNESS, tmp.resolve("h")).resolve("xenpolicy");
        harness = new PolicyOracle(Files.readAllBytes(bin), Scenario.HOST);
    }

    private static List<PolicyOracle.Verdict> judge(String decision, String perms, String target, String cls,
            Map<String, Boolean> booleans) {
        String line = "(XEN) avc:  " + decision + "  { " + perms + " } for current=d0 scontext=system_u:system_r:dom0_t"
                + " tcontext=system_u:system_r:" + target + " tclass=" + cls;
        return harness.judge(AvcRecord.parse(line).orElseThrow(), booleans);
    }

    @Test
    void createIsAllowedOnGuestsAndNotOnProbe() {
        Map<String, Boolean> defaults = harness.defaults();
        assertTrue(judge("denied", "create", "probe_t", "domain", defaults).get(0).agrees());
        assertFalse(judge("granted", "create", "probe_t", "domain", defaults).get(0).agrees());
        assertTrue(judge("granted", "create max_vcpus", "domU_t", "domain", defaults).stream().allMatch(PolicyOracle.Verdict::agrees));
        assertFalse(judge("denied", "create", "domU_t", "domain", defaults).get(0).agrees());
    }

    @Test
    void aSwitchFlipsTheVerdict() {
        assertTrue(judge("granted", "create", "prot_domU_t", "domain", Map.of("prot_doms_locked", false)).get(0).policyAllows());
        assertFalse(judge("granted", "create", "prot_domU_t", "domain", Map.of("prot_doms_locked", true)).get(0).policyAllows());
    }

    @Test
    void permissionsAreLookedUpByTheHostsBitNumbers() {
        // xen.privprofile exists in 4.17 (the host) and the harness policy targets 4.17: dom0 has xen.*
        assertTrue(judge("granted", "privprofile", "xen_t", "xen", harness.defaults()).get(0).policyAllows());
        // a permission the host does not have is a harness error, not a verdict
        assertThrows(AssertionError.class, () -> judge("denied", "get_dom0_console", "xen_t", "xen2", harness.defaults()));
        assertEquals(2, judge("denied", "map_read map_write", "probe_t", "mmu", harness.defaults()).size());
    }
}
