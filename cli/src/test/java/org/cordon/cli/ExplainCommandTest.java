package org.cordon.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code cordon explain}: Xen's AVC lines against Cordon sources and against Xen's own policy. */
class ExplainCommandTest {

    private static String log() {
        return VerifyFlaskPolicyTest.vector("avc/xen-avc.log").toString();
    }

    @Test
    void cordonSourcesNameTheStatementsAndTheFeatureThatForbids() {
        CliTest.Result r = CliTest.run("explain", "--policy", CliTest.sample("xen-default.cordon").toString(), "--log", log());
        assertEquals(0, r.exit(), r.err());
        // allowed under a switch: the statement, its position and the switch
        assertTrue(r.out().matches("(?s).*writeconsole: isolated_domU_t -> xen_t : xen.writeconsole is allowed under some switch settings\n"
                + "    Xen checks it: CONSOLEIO_write\n"
                + "    \\S*samples/xen-default.cordon:\\d+:\\d+: allowed by `allow domains -> xen : xen.writeconsole` when switch guest_writeconsole is on.*"),
                r.out());
        // denied on purpose: the class's denied feature
        assertTrue(r.out().contains("map_read: dom0_t -> nomigrate_t : mmu.map_read is denied, and the policy forbids it"), r.out());
        assertTrue(r.out().contains("class nomigrate denies introspection, of which mmu.map_read is part"), r.out());
        // denied for lack of a statement: what to write, in Cordon
        assertTrue(r.out().contains("add: allow isolated_domU.guest -> domU.guest : domain.getdomaininfo"), r.out());
    }

    @Test
    void flaskPoliciesNameTheirRulesInTheTeFiles() {
        CliTest.Result r = CliTest.run("explain", "--policy", VerifyFlaskPolicyTest.vector("xen-4.22.0/policy.conf").toString(),
                "(XEN) avc:  denied  { writeconsole } for current=d4 scontext=system_u:system_r:isolated_domU_t "
                        + "tcontext=system_u:system_r:xen_t tclass=xen");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("modules/guest_features.te:17:2: allowed by `allow domain_type xen_t:xen writeconsole;` "
                + "when switch guest_writeconsole is on"), r.out());
    }

    /** Every AVC line a real Xen printed in the tests/xen scenarios gets an explanation against the harness policy. */
    @Test
    void realXenLinesFromTheHarness() throws Exception {
        java.nio.file.Path root = java.nio.file.Path.of(System.getProperty("cordon.root", ".."));
        java.nio.file.Path log = root.resolve("verifier/src/test/resources/avc/xen-4.17-qemu.log");
        CliTest.Result r = CliTest.run("explain", "--policy", root.resolve("tests/xen/policies/harness.cordon").toString(),
                "--log", log.toString(), "--format", "json");
        assertEquals(0, r.exit(), r.err());
        long permissions = java.nio.file.Files.readAllLines(log).stream().filter(l -> l.contains("avc:"))
                .mapToLong(l -> org.cordon.verifier.explain.AvcRecord.parse(l).orElseThrow().permissions().size()).sum();
        long explained = r.out().lines().filter(l -> l.contains("\"verdict\"")).count();
        assertEquals(permissions, explained);
        // the switch scenario: creating prot_domU once prot_doms_locked is on
        assertTrue(r.out().contains("when switch prot_doms_locked is off"), r.out());
    }

    @Test
    void aLineThatIsNoAvcRecordIsAnInputError() {
        CliTest.Result r = CliTest.run("explain", "--policy", CliTest.sample("xen-default.cordon").toString(), "hello");
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("cordon: not an AVC line"), r.err());
    }
}
