package org.cordon.xen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.cordon.verifier.explain.AvcRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Xen's FLASK boot modes, one short boot each: enforcing without a policy (Xen panics; the harness must
 * say so, not hang), late (no policy until dom0 loads one; then device labels set with flask-label-pci
 * and what a reload does to them), permissive, and Cordon's sample of Xen's default policy at boot: as
 * written (for Xen 4.22) and re-targeted at 4.17. AVC lines are judged against the policy in force, as in
 * {@link HarnessPolicyIT}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BootModesIT {

    private Path out;
    private Path harness;
    private Path sample;
    private AvcJournal journal;

    @BeforeAll
    void compile() throws Exception {
        if (XenHost.missing().isPresent()) {
            return; // each test says why it is skipped (@BeforeEach)
        }
        out = Path.of(System.getProperty("cordon.xen.out", "target/xen"));
        harness = Policies.compile(Policies.HARNESS, out.resolve("harness")).resolve("xenpolicy");
        sample = Policies.compile(Policies.XEN_DEFAULT_SAMPLE, out.resolve("xen-default")).resolve("xenpolicy");
        journal = new AvcJournal(out.resolve("avc-boot-modes.log"));
    }

    @BeforeEach
    void harnessReady() {
        XenHost.requireReady();
    }

    @Test
    @Order(1)
    void enforcingWithoutAPolicyPanicsAndTheHarnessSaysSo() {
        XenHost.Result r = XenHost.bootScript("--no-policy", "--mode", "enforcing", "--timeout", "300");
        assertEquals(2, r.exit(), r.both());
        assertTrue(r.err().contains("Xen panicked while booting: Unable to load FLASK policy"), r.err());
    }

    @Test
    @Order(2)
    void lateModeEnforcesTheFirstLoadAndAReloadDropsDeviceLabels() throws Exception {
        try (Scenario s = new Scenario(XenHost.boot("--no-policy", "--mode", "late"), journal)) {
            // nothing is enforced before the first load, so dom0 sees every PCI device, the spare 00:06.0 too;
            // yet xl getenforce already says Enforcing
            assertEquals("Enforcing", s.mode());
            assertTrue(s.host.ok("ls /sys/bus/pci/devices").contains("0000:00:06.0"));
            assertTrue(s.host.dmesg().stream().noneMatch(l -> AvcRecord.parse(l).isPresent()), "no policy, no AVC");
            s.host.put(Files.readAllBytes(harness), "/root/harness.xenpolicy");
            s.host.ok("xl loadpolicy /root/harness.xenpolicy");
            s.enforces("harness", harness);
            assertTrue(s.host.run("xl dmesg").out().contains("Flask: Policy loaded, continuing in enforcing mode."));
            s.step("first load (late)");
            s.guest("probe", harness.getParent().resolve("xl/probe-guest.cfg"));
            s.createDenied("probe", "probe_t");
            assertTrue(Scenario.deniedTo(s.step("denied create (late)"), "probe_t", "domain", "create"));

            String slot5 = "system_u:object_r:slot5_dev_t";
            String qemu = "system_u:object_r:qemu_pc_dev_t";
            // a run-time label holds: the same label again is accepted, another is refused as a duplicate
            assertEquals(0, s.host.run("flask-label-pci 0000:00:06.0 " + slot5).exit());
            assertEquals(0, s.host.run("flask-label-pci 0000:00:06.0 " + slot5).exit());
            XenHost.Result dup = s.host.run("flask-label-pci 0000:00:06.0 " + qemu);
            assertEquals(2, dup.exit(), dup.both());
            assertTrue(s.host.ok("xl dmesg").contains("flask: Duplicate PCI Device 0x30"));
            // a label the policy declares (pcidevicecon, slot 5) cannot be changed at run time
            assertEquals(2, s.host.run("flask-label-pci 0000:00:05.0 " + qemu).exit());
            // an unknown label is refused
            assertEquals(2, s.host.run("flask-label-pci 0000:00:06.0 system_u:object_r:no_such_t").exit());
            s.step("device labels");
            // reloading the policy drops the run-time label: the other label is now accepted
            s.host.ok("xl loadpolicy /root/harness.xenpolicy");
            XenHost.Result after = s.host.run("flask-label-pci 0000:00:06.0 " + qemu);
            assertEquals(0, after.exit(), "after a reload the run-time label is gone: " + after.both());
            // while the policy's own label survives the reload
            assertEquals(2, s.host.run("flask-label-pci 0000:00:05.0 " + qemu).exit());
            s.step("device labels after reload");
        }
    }

    @Test
    @Order(3)
    void permissiveBootLogsWhatItLetsThrough() throws Exception {
        try (Scenario s = new Scenario(XenHost.boot("--policy", harness.toString(), "--mode", "permissive"), journal)) {
            s.enforces("harness", harness);
            assertEquals("Permissive", s.mode());
            assertTrue(Files.readString(s.host.serial()).contains("Flask:  Starting in permissive mode."));
            s.step("boot (permissive)");
            s.guest("probe", harness.getParent().resolve("xl/probe-guest.cfg"));
            XenHost.Result r = s.create("probe");
            assertEquals(0, r.exit(), r.both());
            s.host.ok("xl destroy probe");
            assertTrue(Scenario.deniedTo(s.step("probe create (permissive)"), "probe_t", "domain", "create"));
        }
    }

    @Test
    @Order(4)
    void aPolicyForAnotherXenReleasePanicsXenAtBoot() {
        // Cordon's samples target Xen 4.22; Xen 4.17 checks the class definitions and stops
        XenHost.Result r = XenHost.bootScript("--policy", sample.toString(), "--mode", "enforcing", "--timeout", "300");
        assertEquals(2, r.exit(), r.both());
        assertTrue(r.err().contains("Xen panicked while booting: Unable to load FLASK policy"), r.err());
        assertTrue(r.err().contains("permission privprofile in class xen not found in policy"), r.err());
    }

    @Test
    @Order(5)
    void theSampleRetargetedAtXen417BootsEnforcing() throws Exception {
        // samples/xen-default.cordon for 4.17 (less the one permission 4.17 lacks), plus a device statement for
        // QEMU's machine (Cordon labels devices where dom0.te hands dom0 every unlabelled one). Cordon's
        // `control` role gives dom0 what it needs to boot (dom0.te's memory map and rights on itself; without
        // them dom0 halted on `denied { memorymap } ... tclass=mmu`): dom0 comes up enforcing and answers.
        String sample = Files.readString(XenHost.root().resolve(Policies.XEN_DEFAULT_SAMPLE))
                .replace("target xen 4.22", "target xen 4.17").replace(", domain2.get_domain_state", "");
        String devices = "  device qemu_pc pci 0000:00:00.0 pci 0000:00:01.0 pci 0000:00:01.1 pci 0000:00:01.3 "
                + "pci 0000:00:02.0 pci 0000:00:03.0 irq 1 irq 4 irq 8 irq 9 irq 10 irq 11 irq 12 irq 14 irq 15 admin dom0\n";
        int platform = sample.indexOf("layer platform");
        assertTrue(platform >= 0, "the sample has a platform layer");
        int open = sample.indexOf("{\n", platform) + 2;
        Path src = out.resolve("xen-default-4.17.cordon");
        Files.writeString(src, sample.substring(0, open) + devices + sample.substring(open));
        Path binary = Policies.compile(src.toString(), out.resolve("xen-default-4.17")).resolve("xenpolicy");
        try (XenHost host = XenHost.boot("--policy", binary.toString(), "--mode", "enforcing", "--timeout", "300")) {
            assertTrue(host.run("xl getenforce").out().contains("Enforcing"));
        }
    }

    @Test
    @Order(99)
    void xenAndThePoliciesAgreeOnEveryDecision() {
        assertTrue(journal.judged() > 0, "no decision was judged");
        journal.assertAgreement();
    }
}
