package org.cordon.xen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.cordon.verifier.explain.AvcRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * One boot of Xen 4.17 with FLASK enforcing the harness policy, compiled by {@code cordon compile} and
 * loaded as a boot module; then, in that one host: guests the policy allows start and those it denies fail,
 * an unknown label is refused, a switch changes a decision, the policy loads at run time, corrupt policies
 * and a policy for another Xen release are rejected while the old one stays enforced, and permissive mode shows every check a create makes.
 * Every AVC line Xen prints is judged against the compiled binary as Cordon reads it back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HarnessPolicyIT {

    private Path compiled;
    private Scenario s;

    @BeforeAll
    void boot() throws Exception {
        if (XenHost.missing().isPresent()) {
            return; // each test says why it is skipped (@BeforeEach)
        }
        Path out = Path.of(System.getProperty("cordon.xen.out", "target/xen"));
        compiled = Policies.compile(Policies.HARNESS, out.resolve("harness"));
        Path binary = compiled.resolve("xenpolicy");
        s = new Scenario(XenHost.boot("--policy", binary.toString(), "--mode", "enforcing"),
                new AvcJournal(out.resolve("avc-harness-enforcing.log")));
        s.enforces("harness", binary);
        for (String g : List.of("domU", "isolated_domU", "prot_domU", "probe")) {
            s.guest(g, compiled.resolve("xl/" + g + "-guest.cfg"));
        }
        s.guest("unknown", "seclabel = \"system_u:system_r:no_such_t\"");
        byte[] good = Files.readAllBytes(binary);
        s.host.put(good, "/root/harness.xenpolicy");
        s.host.put(Arrays.copyOf(good, good.length / 2), "/root/truncated.xenpolicy");
        byte[] flipped = good.clone();
        flipped[0] ^= 0x01; // the magic number
        s.host.put(flipped, "/root/badmagic.xenpolicy");
        byte[] version = good.clone();
        version[16] = 99; // the policy version word after "XenFlask": Xen takes only 24 and 30
        s.host.put(version, "/root/badversion.xenpolicy");
        s.host.put(new byte[0], "/root/empty.xenpolicy");
        // Cordon's sample of Xen's default policy, compiled for the Xen it targets (4.22): not this host's
        Path sample = Policies.compile(Policies.XEN_DEFAULT_SAMPLE, out.resolve("xen-default")).resolve("xenpolicy");
        s.host.put(Files.readAllBytes(sample), "/root/sample-4.22.xenpolicy");
    }

    @AfterAll
    void powerOff() {
        if (s != null) {
            s.close();
        }
    }

    @BeforeEach
    void harnessReady() {
        XenHost.requireReady();
    }

    @Test
    @Order(1)
    void theCompiledPolicyIsEnforcedFromBoot() throws Exception {
        assertEquals("Enforcing", s.mode());
        String serial = Files.readString(s.host.serial());
        assertTrue(serial.contains("Flask:  Starting in enforcing mode."), "serial log: " + s.host.serial());
        // the booleans Xen holds are the compiled defaults: the loaded policy is this one
        assertEquals(s.oracle().defaults(), s.booleans());
        s.step("boot");
    }

    @Test
    @Order(2)
    void guestsTheyAllowStartAndOthersAreDenied() throws Exception {
        s.step("before creates");
        s.createAllowed("domU", "domU_t");
        s.createAllowed("isolated_domU", "isolated_domU_t");
        s.createAllowed("prot_domU", "prot_domU_t");
        List<AvcRecord> allowed = s.step("allowed creates");
        assertTrue(allowed.stream().noneMatch(AvcRecord::denied), "a create the policy allows was refused something: " + allowed);
        s.createDenied("probe", "probe_t");
        List<AvcRecord> denied = s.step("denied create");
        assertTrue(Scenario.deniedTo(denied, "probe_t", "domain", "create"), denied.toString());
    }

    @Test
    @Order(3)
    void aLabelOutsideThePolicyIsRefusedBeforeXenIsAsked() throws Exception {
        XenHost.Result r = s.create("unknown");
        assertEquals(1, r.exit(), r.both());
        assertTrue(r.err().contains("Invalid init_seclabel: system_u:system_r:no_such_t"), r.both());
        assertTrue(s.step("unknown label").isEmpty(), "libxl refuses the label itself: Xen logs nothing");
    }

    @Test
    @Order(4)
    void aSwitchChangesADecision() throws Exception {
        s.host.ok("flask-set-bool prot_doms_locked 1");
        assertEquals(Map.of("guest_writeconsole", true, "prot_doms_locked", true), s.booleans());
        s.createDenied("prot_domU", "prot_domU_t");
        assertTrue(Scenario.deniedTo(s.step("prot_doms_locked on"), "prot_domU_t", "domain", "create"));
        s.host.ok("flask-set-bool prot_doms_locked 0");
        s.createAllowed("prot_domU", "prot_domU_t");
        assertTrue(s.step("prot_doms_locked off").stream().noneMatch(AvcRecord::denied));
    }

    @Test
    @Order(5)
    void thePolicyLoadsAtRunTime() throws Exception {
        XenHost.Result r = s.host.run("xl loadpolicy /root/harness.xenpolicy");
        assertEquals(0, r.exit(), r.both());
        assertTrue(r.both().contains("Successfully loaded policy."), r.both());
        r = s.host.run("flask-loadpolicy /root/harness.xenpolicy");
        assertEquals(0, r.exit(), r.both());
        List<AvcRecord> avcs = s.step("run-time loads");
        // the policy audits its own loading (auditallow): one granted load_policy per load
        assertEquals(2, avcs.stream().filter(a -> !a.denied() && a.permissions().contains("load_policy")).count(), avcs.toString());
        assertEquals("Enforcing", s.mode());
    }

    @Test
    @Order(6)
    void corruptAndMismatchedPoliciesAreRejectedAndTheOldOneStaysEnforced() throws Exception {
        for (String bad : List.of("truncated", "badmagic", "badversion", "empty", "sample-4.22")) {
            XenHost.Result r = s.host.run("xl loadpolicy /root/" + bad + ".xenpolicy");
            assertNotEquals(0, r.exit(), bad + " was accepted: " + r.both());
            assertTrue(r.err().contains("Unable to load new Flask policy"), bad + ": " + r.both());
        }
        // flask-loadpolicy prints the same error but exits 0 (xen 4.17 tools): callers must read its output
        XenHost.Result r = s.host.run("flask-loadpolicy /root/truncated.xenpolicy");
        assertTrue(r.both().contains("Unable to load new Flask policy"), r.both());
        String dmesg = s.host.ok("xl dmesg");
        // Xen compares the policy's class definitions with its own: 4.17 has xen.privprofile, 4.22 has not
        assertTrue(dmesg.contains("Flask:  permission privprofile in class xen not found in policy"), dmesg);
        s.step("corrupt loads");
        assertEquals("Enforcing", s.mode());
        s.createDenied("probe", "probe_t");
        s.createAllowed("domU", "domU_t");
        assertTrue(Scenario.deniedTo(s.step("after corrupt loads"), "probe_t", "domain", "create"));
    }

    @Test
    @Order(7)
    void permissiveModeLogsEveryCheckACreateMakes() throws Exception {
        s.host.run("xl setenforce 0");
        assertEquals("Permissive", s.mode());
        s.step("permissive on");
        XenHost.Result r = s.create("probe");
        assertEquals(0, r.exit(), "permissive mode lets the create through: " + r.both());
        s.host.ok("xl destroy probe");
        List<AvcRecord> avcs = s.step("permissive probe create");
        s.host.run("xl setenforce 1");
        assertEquals("Enforcing", s.mode());
        s.step("back to enforcing");
        long decisions = avcs.stream().filter(AvcRecord::denied).mapToLong(a -> a.permissions().size()).sum();
        assertTrue(decisions >= 20, "a PV create makes dozens of checks; Xen logged " + decisions + ": " + avcs);
        for (String[] check : List.of(new String[] {"domain", "create"}, new String[] {"domain", "max_vcpus"},
                new String[] {"domain", "unpause"}, new String[] {"mmu", "map_read"}, new String[] {"domain2", "settsc"})) {
            assertTrue(Scenario.deniedTo(avcs, "probe_t", check[0], check[1]), check[0] + " " + check[1] + " in " + avcs);
        }
        assertFalse(avcs.stream().anyMatch(a -> !a.denied()), "nothing granted is audited in a create");
    }

    @Test
    @Order(99)
    void xenAndTheCompiledPolicyAgreeOnEveryDecision() {
        assertTrue(s.journal.judged() > 0, "no decision was judged");
        s.journal.assertAgreement();
    }
}
