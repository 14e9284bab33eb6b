package org.cordon.xen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
 * Build-labelled guests on a real Xen: the harness policy plus a class that denies introspection and one that denies
 * migrate, both built under {@code T_building} (xen.if declare_build_label), booted enforcing. libxl relabels the
 * guest to T only in domcreate_complete, after xenconsoled has mapped its console ring and bound its event channel,
 * and tears a failed build down under the build label: the guests start and run under T, dom0 manages them, and a
 * failed build leaves nothing behind. On T, the denied feature stays denied: dom0 can neither map the running
 * guest's memory ({@code xl dump-core}) nor read its vCPU context ({@code xenctx}), which it can on domU_t.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BuildLabelXenIT {

    /** Where the classes go in the harness policy: the tenants layer, beside the guest classes dom0 builds. */
    private static final String ANCHOR = "  // probe: nothing lets dom0 build it";
    private static final String CLASSES = """
              // built under a build label: each denies a feature whose core permissions building needs
              class vault isolation weak { vm guest  features { introspection deny } }
              allow dom0 create, manage, comms vault
              class nomig isolation weak { vm guest  features { migrate deny } }
              allow dom0 create, manage, comms nomig

            """;
    private static final String XENCTX = "/usr/lib/xen-4.17/bin/xenctx";

    private Path out;
    private Path compiled;
    private Scenario s;

    @BeforeAll
    void boot() throws Exception {
        if (XenHost.missing().isPresent()) {
            return; // each test says why it is skipped (@BeforeEach)
        }
        out = Path.of(System.getProperty("cordon.xen.out", "target/xen"));
        String harness = Files.readString(XenHost.root().resolve(Policies.HARNESS));
        assertTrue(harness.contains(ANCHOR), "the harness policy's probe class moved: update ANCHOR");
        Path src = out.resolve("buildlabel-src/harness.cordon");
        Files.createDirectories(src.getParent());
        Files.writeString(src, harness.replace(ANCHOR, CLASSES + ANCHOR));
        compiled = Policies.compile(src.toAbsolutePath().toString(), out.resolve("buildlabel"));
        Path binary = compiled.resolve("xenpolicy");
        s = new Scenario(XenHost.boot("--policy", binary.toString(), "--mode", "enforcing"),
                new AvcJournal(out.resolve("avc-buildlabel.log")));
        s.enforces("harness+build labels", binary);
        for (String g : List.of("vault", "nomig", "domU")) {
            s.guest(g, Policies.labels(compiled.resolve("xl/" + g + "-guest.cfg")));
        }
        // a build that fails after Xen created the domain under its build label: a kernel libxl cannot parse
        String broken = Policies.guestConfig("broken", Policies.labels(compiled.resolve("xl/vault-guest.cfg")));
        assertTrue(broken.contains("kernel = \"/root/domU/vmlinuz\""), broken);
        s.host.put(broken.replace("kernel = \"/root/domU/vmlinuz\"", "kernel = \"/etc/hostname\"").getBytes(),
                "/root/broken.cfg");
        s.step("boot");
    }

    @AfterAll
    void powerOff() {
        Scenario.powerOff(s == null ? null : s.host, s);
    }

    @BeforeEach
    void harnessReady() {
        XenHost.requireReady();
    }

    /** Denials of anything dom0 did to a domain (running or being built). */
    private static List<AvcRecord> refusedToDom0(List<AvcRecord> avcs) {
        return avcs.stream().filter(AvcRecord::denied).filter(a -> a.sourceType().startsWith("dom0_t")).toList();
    }

    @Test
    @Order(1)
    void buildLabelledGuestsStartAndRunUnderTheirLabels() throws Exception {
        for (String g : List.of("vault", "nomig")) {
            String cfg = Files.readString(compiled.resolve("xl/" + g + "-guest.cfg"));
            assertTrue(cfg.contains("init_seclabel = \"system_u:system_r:" + g + "_t_building\""), cfg);
            XenHost.Result r = s.create(g);
            assertEquals(0, r.exit(), "xl create " + g + ":\n" + r.both());
            String list = s.host.ok("xl list -Z");
            assertTrue(list.lines().anyMatch(l -> l.startsWith(g + " ") && l.endsWith(":" + g + "_t")),
                    g + " should run relabelled " + g + "_t:\n" + list);
        }
        List<AvcRecord> avcs = s.step("build-labelled creates");
        assertTrue(refusedToDom0(avcs).isEmpty(), "the builds were refused something: " + avcs);
    }

    @Test
    @Order(2)
    void dom0PausesUnpausesAndDestroysThem() throws Exception {
        s.host.ok("xl pause vault");
        // State is r, b, p, s, c, d in six places: a paused guest whose vCPU was blocked shows -bp---
        String listed = s.host.ok("xl list vault");
        assertTrue(listed.lines().anyMatch(l -> l.startsWith("vault ") && l.trim().split("\\s+").length > 4
                && l.trim().split("\\s+")[4].length() > 2 && l.trim().split("\\s+")[4].charAt(2) == 'p'),
                "vault should be paused:\n" + listed);
        s.host.ok("xl unpause vault");
        s.host.ok("xl destroy vault");
        s.host.ok("xl destroy nomig");
        String list = s.host.ok("xl list");
        assertTrue(list.lines().noneMatch(l -> l.startsWith("vault ") || l.startsWith("nomig ")), list);
        assertTrue(refusedToDom0(s.step("pause, unpause, destroy")).isEmpty());
    }

    /** What failed before the fix: a build that fails is torn down (paused, destroyed) while still T_building. */
    @Test
    @Order(3)
    void aFailedBuildIsTornDownUnderItsBuildLabel() throws Exception {
        XenHost.Result r = s.create("broken");
        assertNotEquals(0, r.exit(), "a guest without a kernel was built:\n" + r.both());
        assertTrue(r.err().contains("xc_dom_parse_image failed"), r.both());
        String list = s.host.ok("xl list");
        assertTrue(list.lines().noneMatch(l -> l.startsWith("broken ") || l.startsWith("(null) ")),
                "the failed build was left behind:\n" + list);
        List<AvcRecord> avcs = s.step("a failed build torn down");
        assertTrue(refusedToDom0(avcs).isEmpty(), "the teardown was refused something: " + avcs);
    }

    /** The point of the build label: what the build needed on T_building is not there on the running guest. */
    @Test
    @Order(4)
    void introspectionStaysDeniedOnTheRunningGuest() throws Exception {
        for (String g : List.of("vault", "domU")) {
            XenHost.Result r = s.create(g);
            assertEquals(0, r.exit(), "xl create " + g + ":\n" + r.both());
        }
        s.step("guests for introspection");
        // a foreign map of the running guest's memory: mmu map_read on vault_t
        XenHost.Result dump = s.host.run("xl dump-core vault /tmp/vault.core; rc=$?; rm -f /tmp/vault.core; exit $rc");
        assertNotEquals(0, dump.exit(), dump.both());
        assertTrue(dump.both().contains("Permission denied"), dump.both());
        List<AvcRecord> dumped = s.step("dump-core of the running vault");
        assertTrue(Scenario.deniedTo(dumped, "vault_t", "mmu", "map_read"), dumped.toString());
        // its vCPU context: domain getvcpucontext on vault_t; on domU_t, whose class allows migrate, dom0 reads it
        XenHost.Result ctx = s.host.run(XENCTX + " $(xl domid vault)");
        // xenctx reports the refusal and exits 0
        assertTrue(ctx.both().contains("xc_vcpu_getcontext: Permission denied"), ctx.both());
        List<AvcRecord> read = s.step("xenctx of the running vault");
        assertTrue(Scenario.deniedTo(read, "vault_t", "domain", "getvcpucontext"), read.toString());
        XenHost.Result plain = s.host.run(XENCTX + " $(xl domid domU)");
        assertEquals(0, plain.exit(), plain.both());
        assertTrue(plain.out().contains("rip:"), plain.both());
        assertTrue(refusedToDom0(s.step("xenctx of domU")).isEmpty());
        s.host.ok("xl destroy vault");
        s.host.ok("xl destroy domU");
        s.step("destroys");
    }

    @Test
    @Order(99)
    void xenAndTheCompiledPolicyAgreeOnEveryDecision() {
        assertTrue(s.journal.judged() > 0, "no decision was judged");
        s.journal.assertAgreement();
    }
}
