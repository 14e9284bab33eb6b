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

    /**
     * A multi-level policy: a denial its type rules would allow is put down to Bell-LaPadula, on the Cordon sources
     * (the verifier's reading of the levels) and on the binary they compile to (its constraints, on the line's
     * contexts), not taken for a stale policy.
     */
    @Test
    void aDenialOfTheMlsConstraintsIsNamedAsSuch() throws Exception {
        String sample = CliTest.sample("multi-level.cordon").toString();
        java.nio.file.Path narrowed = java.nio.file.Files.createTempFile("narrow", ".cordon");
        java.nio.file.Files.writeString(narrowed, java.nio.file.Files.readString(java.nio.file.Path.of(sample)).replace(
                "  domain dom0 : control singleton ", "  domain dom0 : control singleton { level unclassified .. secret:finance trusted }"));
        String line = "(XEN) avc:  denied  { getdomaininfo } for domid=5 scontext=system_u:system_r:dom0_t:unclassified-"
                + "secret:finance tcontext=system_u:system_r:research_t:secret:research tclass=domain";
        CliTest.Result r = CliTest.run("explain", "--policy", narrowed.toString(), line);
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("getdomaininfo: dom0_t -> research_t : domain.getdomaininfo is allowed by the type "
                + "rules but denied by the policy's MLS constraints: dom0's clearance secret:finance does not dominate "
                + "research.lab at secret:research (no read up)"), r.out());
        java.nio.file.Path out = java.nio.file.Files.createTempDirectory("narrow-out");
        CliTest.Result c = CliTest.run("compile", narrowed.toString(), "-o", out.toString());
        assertEquals(0, c.exit(), c.err());
        CliTest.Result b = CliTest.run("explain", "--policy", out.resolve("xenpolicy").toString(), line);
        assertEquals(0, b.exit(), b.err());
        assertTrue(b.out().contains("is allowed by the type rules but denied by the policy's MLS constraints: its "
                + "constraint on domain.getdomaininfo fails for system_u:system_r:dom0_t:unclassified-secret:finance and "
                + "system_u:system_r:research_t:secret:research"), b.out());
    }

    @Test
    void aLineThatIsNoAvcRecordIsAnInputError() {
        CliTest.Result r = CliTest.run("explain", "--policy", CliTest.sample("xen-default.cordon").toString(), "hello");
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("cordon: not an AVC line"), r.err());
    }
}
