package org.cordon.xen;

import static org.cordon.xen.HostCli.cordon;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.cordon.xen.HostCli.Run;
import org.cordon.xsm.host.CommandResult;
import org.cordon.xsm.host.HostConnection;
import org.cordon.xsm.host.HostException;
import org.cordon.xsm.host.HostHistory;
import org.cordon.xsm.host.LoadReport;
import org.cordon.xsm.host.LoadablePolicy;
import org.cordon.xsm.host.PolicyLoader;
import org.cordon.xsm.host.SshHost;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Faults on the real Xen that a dropped connection (CordonLoadIT) does not make: guests created while a load runs,
 * and the power going in the middle of one. The judge of labels is Xen itself: {@code xl list -Z}, and its console,
 * which prints "Flask:  invalidating context" for every domain whose label a load takes away.
 *
 * <p>v1 is the harness policy (the host's boot policy); v3 is v1 without the isolated_domU class, so that loading
 * it takes a type away, and with a switch of its own so that Xen's booleans tell the two apart.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LoadFaultsIT {

    private static final String ISOLATED = "system_u:system_r:isolated_domU_t";
    private static final List<String> V1_BOOLS = List.of("guest_writeconsole", "prot_doms_locked");
    private static final List<String> V3_BOOLS = List.of("isolation_retired", "guest_writeconsole", "prot_doms_locked");

    private XenHost host;
    private Path v1;
    private Path v3;

    @BeforeAll
    void boot() throws Exception {
        if (XenHost.missing().isPresent()) {
            return; // each test says why it is skipped (@BeforeEach)
        }
        Path out = Path.of(System.getProperty("cordon.xen.out", "target/xen")).toAbsolutePath();
        v1 = Policies.compile(Policies.HARNESS, out.resolve("faults-v1"));
        String src = Files.readString(XenHost.root().resolve(Policies.HARNESS));
        String without = src.replace("  class isolated_domU isolation weak { vm guest }\n"
                + "  allow dom0 create, manage, migrate, comms isolated_domU\n", "")
                .replace("  // probe: nothing lets dom0 build it",
                        "  switch isolation_retired default off { } else { allow dom0 migrate domU }\n\n  // probe: nothing lets dom0 build it");
        assertFalse(without.contains("isolated_domU") || !without.contains("isolation_retired"),
                "the harness policy changed: adapt the v3 edit");
        Path v3src = out.resolve("faults-v3-src/harness.cordon");
        Files.createDirectories(v3src.getParent());
        Files.writeString(v3src, without);
        Run c = cordon("compile", v3src.toString(), "-o", out.resolve("faults-v3").toString());
        assertEquals(0, c.exit(), c.both());
        v3 = out.resolve("faults-v3");
        host = XenHost.boot("--policy", v1.resolve("xenpolicy").toString(), "--mode", "enforcing");
        prepare(host);
    }

    /** What a freshly booted host needs: the guests' configurations, and v1 where a Debian host keeps its boot policy. */
    private void prepare(XenHost h) throws Exception {
        h.put(Policies.guestConfig("isolated", v1.resolve("xl/isolated_domU-guest.cfg")).getBytes(), "/root/isolated.cfg");
        h.put(Policies.guestConfig("plain", v1.resolve("xl/domU-guest.cfg")).getBytes(), "/root/plain.cfg");
        // dom0 here boots from QEMU's multiboot; give it the files a Debian host boots from, naming v1 as the module
        h.ok("mkdir -p /boot/grub && printf '\\037\\213' > /boot/xen-4.17-amd64.gz");
        h.put(Files.readAllBytes(v1.resolve("xenpolicy")), "/boot/xenpolicy-4.17-amd64");
        h.put("""
                set default="0"
                menuentry 'Debian GNU/Linux, with Xen 4.17-amd64 (XSM enabled)' --class xen $menuentry_id_option 'xen-xsm' {
                	multiboot2	/boot/xen-4.17-amd64.gz placeholder dom0_mem=768M flask=enforcing
                	module2	/boot/vmlinuz-6.1.0-18-amd64 placeholder root=/dev/ram0
                	module2	--nounzip   /boot/xenpolicy-4.17-amd64
                }
                """.getBytes(), "/boot/grub/grub.cfg");
        serialSeen = 0;
        console(); // the boot's lines are not this scenario's
    }

    @AfterAll
    void powerOff() {
        if (host != null) {
            host.close();
        }
    }

    @BeforeEach
    void harnessReady() {
        XenHost.requireReady();
    }

    private String address() {
        return HostCli.address(host);
    }

    private Run onHost(String... args) {
        List<String> a = new ArrayList<>(List.of(args));
        a.addAll(List.of("--host", address()));
        return HostCli.onHost(host, a.toArray(String[]::new));
    }

    private List<String> booleanNames() {
        return HostCli.booleanNames(host);
    }

    /** The label {@code xl list -Z} gives the domain called {@code name}, or empty when none runs. */
    private Optional<String> label(String name) {
        return host.ok("xl list -Z").lines().filter(l -> l.startsWith(name + " ")).findFirst()
                .map(l -> l.substring(l.lastIndexOf(' ') + 1));
    }

    private long serialSeen;

    /**
     * Xen's console on the serial line since the last look. Not {@code xl dmesg}: an unlabelled guest's denials fill
     * Xen's ring within seconds and push out the lines that matter.
     */
    private List<String> console() throws Exception {
        Thread.sleep(2000); // QEMU writes the serial line as Xen prints it; let the last lines through
        byte[] all = Files.readAllBytes(host.serial());
        String fresh = new String(all, (int) Math.min(serialSeen, all.length), (int) Math.max(0, all.length - serialSeen),
                java.nio.charset.StandardCharsets.ISO_8859_1);
        serialSeen = all.length;
        return fresh.lines().toList();
    }

    /**
     * No domain has lost its label: every domain xenstore holds is in {@code xl list -Z} (a domain whose label Xen
     * dropped vanishes from it, as dom0 may not see unlabeled_t), and none is labelled unlabeled_t. Not Xen's
     * "invalidating context" lines: Xen keeps the SIDs of domains long gone and prints those too.
     */
    private void noDomainLostItsLabel() {
        List<String> xenstore = host.ok("xenstore-list /local/domain").lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        String list = host.ok("xl list -Z");
        List<String> listed = list.lines().skip(1).map(l -> l.trim().split("\\s+")[1]).toList();
        assertEquals(xenstore.stream().sorted().toList(), listed.stream().sorted().toList(), "domains in xenstore and in xl list:\n" + list);
        assertFalse(list.contains("unlabeled_t"), list);
    }

    private SshHost ssh() throws HostException {
        return HostCli.ssh(host);
    }

    /** The harness's SSH connection, doing {@code fault} once just before (or after) the first command matching. */
    private static final class FaultyConnection extends ForwardingConnection {
        final String matching;
        final boolean after;
        final Runnable fault;
        boolean fired;

        FaultyConnection(SshHost real, String matching, boolean after, Runnable fault) {
            super(real);
            this.matching = matching;
            this.after = after;
            this.fault = fault;
        }

        @Override
        public CommandResult run(List<String> argv, byte[] stdin, Duration timeout) throws HostException {
            boolean hit = !fired && String.join(" ", argv).contains(matching);
            if (hit && !after) {
                fired = true;
                fault.run();
            }
            CommandResult r = real.run(argv, stdin, timeout);
            if (hit && after) {
                fired = true;
                fault.run();
                throw new HostException(HostException.Kind.UNREACHABLE, "injected: the power went on " + address());
            }
            return r;
        }
    }

    private LoadReport load(FaultyConnection c, Path compiled) throws Exception {
        LoadablePolicy p = LoadablePolicy.of(compiled.getFileName().toString(), Files.readAllBytes(compiled.resolve("xenpolicy")),
                Optional.of("4.17"), true);
        PolicyLoader.Options o = new PolicyLoader.Options(Map.of(), Optional.empty(), false, false, 2, Duration.ofSeconds(1));
        return new PolicyLoader(new org.cordon.xsm.host.XenHost(c), HostHistory.DEFAULT_DIR, PolicyLoader.Progress.NONE,
                Clock.systemUTC()).load(p, o);
    }

    @Test
    @Order(5)
    void xenDropsTheLabelOfADomainWhoseTypeALoadedPolicyLacksAndTheOldPolicyDoesNotBringItBack() throws Exception {
        // the fact the preflight label check and the creation gate rest on, shown with xl alone (no Cordon). Last, on
        // the second boot: what it leaves behind (an unlabelled guest, Xen's SID table) must not touch the others
        host.ok("xl loadpolicy /boot/xenpolicy-4.17-amd64");
        assertEquals(V1_BOOLS, booleanNames());
        host.ok("xl create /root/isolated.cfg");
        String id = host.ok("xl domid isolated").trim();
        try {
            assertEquals(Optional.of(ISOLATED), label("isolated"));
            host.put(Files.readAllBytes(v3.resolve("xenpolicy")), "/root/v3.xenpolicy");
            host.ok("xl loadpolicy /root/v3.xenpolicy");
            List<String> console = console();
            // the domain's own label and the labels made from it (its _self and _channel types) all go
            assertTrue(console.contains("(XEN) Flask:  invalidating context " + ISOLATED), String.join("\n", console));
            assertTrue(console.contains("(XEN) Flask:  invalidating context system_u:object_r:isolated_domU_t_channel"));
            // the guest is still there (xenstore has it), but dom0 may not even see it: it is unlabeled_t now, and
            // nothing lets dom0 getdomaininfo that; its own hypercalls are denied as unlabeled_t too
            assertEquals(Optional.empty(), label("isolated"), "the guest is gone from xl list");
            assertTrue(host.ok("xenstore-list /local/domain").lines().anyMatch(id::equals), "domain " + id + " still exists");
            List<String> later = new ArrayList<>(console);
            later.addAll(console());
            assertTrue(later.stream().anyMatch(l -> l.contains("avc:  denied") && l.contains("scontext=system_u:system_r:unlabeled_t")));
            host.ok("xl loadpolicy /boot/xenpolicy-4.17-amd64");
            assertEquals(V1_BOOLS, booleanNames(), "v1 is back");
            assertEquals(Optional.empty(), label("isolated"), "v1 has isolated_domU_t, but the domain does not get it back");
            // with FLASK permissive dom0 sees it again, labelled unlabeled_t; destroy it while it can be reached
            assertTrue(host.ok("xl setenforce 0 && xl list -Z").lines().anyMatch(l -> l.startsWith("isolated ")
                    && l.endsWith(" system_u:system_r:unlabeled_t")));
        } finally {
            // destroy it while dom0 can see it, and wait until it is gone
            host.run("xl setenforce 0; xl destroy " + id + "; for i in $(seq 30); do xl list " + id
                    + " >/dev/null 2>&1 || break; sleep 1; done; xl loadpolicy /boot/xenpolicy-4.17-amd64; xl setenforce 1");
        }
        assertEquals("Enforcing", host.run("xl getenforce").out().trim());
        assertEquals(Optional.empty(), label("isolated"));
        console();
    }

    @Test
    @Order(2)
    void aGuestCreatedAfterPreflightKeepsItsLabelAndStopsTheLoad() throws Exception {
        // preflight has listed the domains (none is isolated_domU_t); before Xen is asked anything, such a guest starts
        List<String> created = new ArrayList<>();
        try (FaultyConnection c = new FaultyConnection(ssh(), "xl loadpolicy", false,
                () -> created.add(host.ok("xl create /root/isolated.cfg 2>&1")))) {
            LoadReport r = load(c, v3);
            assertTrue(c.fired, "the fault fired: " + r);
            assertEquals(LoadReport.Outcome.ROLLED_BACK, r.outcome(), r.toString());
            assertTrue(r.problems().get(0).startsWith("domain isolated (id ") && r.problems().get(0).contains(
                    "was created labelled " + ISOLATED + " while the change ran"), r.problems().toString());
        }
        assertEquals(Optional.of(ISOLATED), label("isolated"), "the guest keeps its label");
        assertEquals(V1_BOOLS, booleanNames(), "Xen is back on v1");
        noDomainLostItsLabel();
        JsonObject s = status();
        assertFalse(s.has("interrupted"), s.toString());
        host.ok("xl destroy isolated");
    }

    @Test
    @Order(3)
    void underTheGateXenRefusesAGuestOfATypeTheLoadDropsAndTheLoadGoesThrough() throws Exception {
        String v3Digest = org.cordon.xsm.host.Digests.sha256(Files.readAllBytes(v3.resolve("xenpolicy")));
        List<XenHost.Result> tries = new ArrayList<>();
        try (FaultyConnection c = new FaultyConnection(ssh(), "xl loadpolicy /var/lib/cordon/policies/" + v3Digest, false,
                () -> {
                    tries.add(host.run("xl create /root/isolated.cfg"));
                    tries.add(host.run("xl create /root/plain.cfg"));
                })) {
            LoadReport r = load(c, v3);
            assertTrue(c.fired, "the fault fired: " + r);
            assertEquals(LoadReport.Outcome.LOADED, r.outcome(), r.toString());
            assertTrue(r.steps().stream().anyMatch(st -> st.name().equals("gate") && st.detail().contains("isolated_domU_t")),
                    r.toString());
        }
        assertEquals(3, tries.get(0).exit(), "the gate refuses isolated_domU_t: " + tries.get(0).both());
        assertTrue(tries.get(0).err().contains("domain creation fail: Permission denied"), tries.get(0).both());
        assertEquals(0, tries.get(1).exit(), "a type the load keeps is created as before: " + tries.get(1).both());
        noDomainLostItsLabel();
        List<String> console = console();
        assertTrue(console.stream().anyMatch(l -> l.contains("denied  { create }") && l.contains("isolated_domU_t")),
                String.join("\n", console));
        assertEquals(V3_BOOLS, booleanNames(), "Xen runs v3");
        assertEquals(Optional.of("system_u:system_r:domU_t"), label("plain"), "the guest created under the gate kept its label");
        host.ok("xl destroy plain");
        Run back = onHost("load", v1.toString());
        assertEquals(0, back.exit(), back.both());
        assertEquals(V1_BOOLS, booleanNames());
    }

    private JsonObject status() {
        return HostCli.status(host);
    }

    @Test
    @Order(4)
    void thePowerGoingMidLoadBootsTheBootPolicyAndStatusSaysWhatBecameOfTheChange() throws Exception {
        String v3Digest = org.cordon.xsm.host.Digests.sha256(Files.readAllBytes(v3.resolve("xenpolicy")));
        // the harness's dom0 runs from a ramdisk: what a disk would keep across the power cut (/var/lib/cordon) is
        // copied out the moment the power goes, and put back after the boot before anything else runs
        String[] disk = new String[1];
        LoadReport r;
        try (FaultyConnection c = new FaultyConnection(ssh(), "xl loadpolicy /var/lib/cordon/policies/" + v3Digest, true, () -> {
            disk[0] = host.ok("tar -C / -cf - var/lib/cordon | base64 -w0");
            host.powerCut();
        })) {
            r = load(c, v3);
            assertTrue(c.fired, "the fault fired: " + r);
        }
        assertEquals(LoadReport.Outcome.STATE_UNKNOWN, r.outcome(), r.toString());
        XenHost down = host;
        host = null;
        down.close(); // QEMU is gone already: this only clears the harness's record of it
        host = XenHost.boot("--policy", v1.resolve("xenpolicy").toString(), "--mode", "enforcing");
        host.put(disk[0].getBytes(), "/root/disk.b64");
        host.ok("base64 -d /root/disk.b64 | tar -C / -xf - && rm /root/disk.b64");
        prepare(host);
        // the host booted v1, its boot policy; the change's marker is there, from the boot before
        assertEquals(V1_BOOLS, booleanNames());
        Run text = onHost("status");
        assertEquals(1, text.exit(), "a record that needs a look: " + text.both());
        assertTrue(text.out().contains("CHANGE CUT OFF BY A REBOOT: load faults-v3"), text.out());
        JsonObject s = status();
        assertTrue(s.getAsJsonObject("interrupted").get("cutOffByReboot").getAsBoolean(), s.toString());
        assertFalse(s.has("policy"), "Cordon loaded nothing in this boot: " + s);
        assertTrue(s.get("notes").toString().contains("was cut off by a reboot: nothing of it is in force"), s.toString());
        // no recovery needed: the next load records what became of the change and goes ahead
        Run again = onHost("load", v3.toString());
        assertEquals(0, again.exit(), again.both());
        assertTrue(again.both().contains("a change cut off by a reboot (load faults-v3"), again.both());
        assertEquals(V3_BOOLS, booleanNames());
        JsonObject after = status();
        assertFalse(after.has("interrupted"), after.toString());
        assertTrue(after.get("history").toString().contains("cut-off-by-reboot"), after.toString());
        assertEquals(v3Digest, after.getAsJsonObject("policy").get("digest").getAsString());
        noDomainLostItsLabel();
    }
}
