package org.cordon.xen;

import static org.cordon.xen.HostCli.cordon;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
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
 * {@code cordon load}, {@code status}, {@code rollback}, {@code rollout} and {@code install} over SSH (Cordon's own
 * client, host-key checking on) to the real Xen 4.17 under QEMU, running the harness policy; and faults injected
 * into that connection mid-load. After every step the host is checked with Xen's own tools (through the harness's
 * OpenSSH): it enforces the old policy or the new one, never neither.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CordonLoadIT {

    private XenHost host;
    private Scenario avc;
    private Path v1;
    private Path v2;
    private Path other;
    private Path placed;
    private String address;
    private List<String> ssh;

    @BeforeAll
    void boot() throws Exception {
        if (XenHost.missing().isPresent()) {
            return; // each test says why it is skipped (@BeforeEach)
        }
        Path out = Path.of(System.getProperty("cordon.xen.out", "target/xen")).toAbsolutePath();
        v1 = Policies.compile(Policies.HARNESS, out.resolve("load-v1"));
        // v2: the harness plus a guest class dom0 may build and a third switch, so that Xen's booleans tell them apart
        String src = Files.readString(XenHost.root().resolve(Policies.HARNESS));
        String extra = src.replace("  // probe: nothing lets dom0 build it",
                "  class extra isolation weak { vm guest }\n  allow dom0 create, manage, comms extra\n"
                        + "  switch extra_locked default off { } else { allow dom0 migrate extra }\n\n"
                        // the QEMU machine as a Cordon host, and a hybrid class that gets a cpupool of its own there (a strong one
                        // would promise isolation the harness policy does not give: every guest reads version_info from xen)
                        + "  host qemu { cpus 2 memory 1 GiB }\n"
                        + "  class pooled isolation hybrid {\n    vm guest { vcpus 1 memory 128 MiB max 192 MiB cpu cap 50% cpu weight 512"
                        + " net 10 Mbit/s grant frames 32 event channels 256 }\n  }\n"
                        + "  allow dom0 create, manage, comms pooled\n\n  // probe: nothing lets dom0 build it");
        assertFalse(extra.equals(src), "the harness policy changed: adapt the v2 edit");
        Path v2src = out.resolve("load-v2-src/harness.cordon");
        Files.createDirectories(v2src.getParent());
        Files.writeString(v2src, extra);
        v2 = compileAbsolute(v2src, out.resolve("load-v2"));
        placed = out.resolve("load-v2-place");
        Run place = cordon("place", v2src.toString(), "-o", placed.toString());
        assertEquals(0, place.exit(), place.both());
        other = Policies.compile(Policies.XEN_DEFAULT_SAMPLE, out.resolve("load-4.22"));
        // flask=late, then v1 loaded by hand: dom0 enumerates every PCI device before a policy hides the spare slot 6
        // from it, so slot 6 can take a run-time label; the host then runs v1, which Cordon did not load
        host = XenHost.boot("--no-policy", "--mode", "late");
        host.put(Files.readAllBytes(v1.resolve("xenpolicy")), "/root/v1.xenpolicy");
        host.ok("xl loadpolicy /root/v1.xenpolicy");
        // every AVC decision Xen logs on the way is judged against the binary in force, as Cordon reads it back
        avc = new Scenario(host, new AvcJournal(out.resolve("avc-cordon-load.log")));
        avc.enforces("v1", v1.resolve("xenpolicy"));
        avc.step("v1 loaded by hand");
        address = "ssh://root@127.0.0.1:" + host.port();
        ssh = List.of("--identity", host.cache().resolve("id_ed25519").toString(), "--known-hosts",
                host.cache().resolve("known_hosts").toString());
        host.put(Policies.guestConfig("extra", v2.resolve("xl/extra-guest.cfg")).getBytes(), "/root/extra.cfg");
    }

    @AfterAll
    void powerOff() {
        Scenario.powerOff(host, avc);
    }

    private static Path compileAbsolute(Path source, Path out) {
        Run r = cordon("compile", source.toString(), "-o", out.toString());
        assertEquals(0, r.exit(), r.both());
        return out;
    }

    private Run onHost(String... args) {
        return HostCli.onHost(host, args);
    }

    private List<String> booleanNames() {
        return HostCli.booleanNames(host);
    }

    private static final List<String> V1_BOOLS = List.of("guest_writeconsole", "prot_doms_locked");
    private static final List<String> V2_BOOLS = List.of("extra_locked", "guest_writeconsole", "prot_doms_locked");

    private JsonObject status() {
        return HostCli.status(host);
    }

    private String digest(Path compiled) throws Exception {
        return org.cordon.xsm.host.Digests.sha256(Files.readAllBytes(compiled.resolve("xenpolicy")));
    }

    @BeforeEach
    void harnessReady() {
        XenHost.requireReady();
    }

    @Test
    @Order(1)
    void statusOverSshReadsTheRealHost() {
        Run r = onHost("status", "--host", address);
        assertEquals(0, r.exit(), r.both());
        assertTrue(r.out().contains("Xen 4.17"), r.out());
        assertTrue(r.out().contains("FLASK Enforcing (boot option flask=late)"), r.out());
        assertTrue(r.out().contains("Domain-0") && r.out().contains("system_u:system_r:dom0_t"), r.out());
        assertTrue(r.out().contains("prot_doms_locked = 0"), r.out());
        assertEquals(V1_BOOLS, booleanNames());
    }

    @Test
    @Order(2)
    void aHostKeyNotInKnownHostsIsRefused() throws Exception {
        Path empty = Files.createTempFile("known_hosts", "");
        try {
            Run r = cordon("status", "--host", address, "--identity", host.cache().resolve("id_ed25519").toString(),
                    "--known-hosts", empty.toString());
            assertEquals(3, r.exit(), r.both());
            assertTrue(r.err().contains("is not in " + empty), r.err());
        } finally {
            Files.deleteIfExists(empty);
        }
    }

    @Test
    @Order(3)
    void withoutABaselineTheLoadIsRefusedForWantOfAWayBack() {
        Run r = onHost("load", v2.toString(), "--host", address);
        assertEquals(1, r.exit(), r.both());
        assertTrue(r.out().contains("give --baseline FILE"), r.out());
        assertEquals(V1_BOOLS, booleanNames());
    }

    @Test
    @Order(4)
    void loadsOverSshReappliesRunTimeDeviceLabelsAndRecordsIt() throws Exception {
        // slot 6 is labelled at run time, as a site does for devices its policy does not name; Xen drops such labels
        // on every load (HarnessPolicyIT), so cordon load applies them again
        host.ok("flask-label-pci 0000:00:06.0 system_u:object_r:slot5_dev_t");
        Run r = onHost("load", v2.toString(), "--host", address, "--baseline", v1.resolve("xenpolicy").toString(),
                "--bool", "extra_locked=1", "--label-pci", "0000:00:06.0=system_u:object_r:slot5_dev_t");
        assertEquals(0, r.exit(), r.both());
        assertTrue(r.out().contains("ok      loadpolicy"), r.out());
        assertTrue(r.out().contains("ok      label-pci    0000:00:06.0 system_u:object_r:slot5_dev_t"), r.out());
        // the label is in force after the reload: Xen refuses another one for the device
        XenHost.Result other = host.run("flask-label-pci 0000:00:06.0 system_u:object_r:qemu_pc_dev_t");
        assertEquals(2, other.exit(), other.both());
        assertTrue(other.both().contains("Unable to set context of PCI device 0000:00:06.0"), other.both());
        assertEquals(V2_BOOLS, booleanNames());
        assertTrue(host.ok("flask-get-bool extra_locked").contains("1"), "the --bool was set");
        assertEquals("Enforcing", host.run("xl getenforce").out().trim());
        JsonObject s = status();
        assertEquals(digest(v2), s.getAsJsonObject("policy").get("digest").getAsString());
        assertTrue(host.ok("cat " + HostHistory.DEFAULT_DIR + "/history").contains(digest(v2)));
        // the new policy is in force: dom0 may now build the guest class it adds
        XenHost.Result extra = host.run("xl create /root/extra.cfg");
        assertEquals(0, extra.exit(), "extra guest under v2: " + extra.both());
        avc.enforces("v2", v2.resolve("xenpolicy"));
        assertFalse(avc.step("cordon load v2, extra guest").isEmpty(), "Xen logged the load (auditallow load_policy)");
        avc.journal.assertAgreement();
    }

    @Test
    @Order(5)
    void realXlTakesTheCpupoolsAndTheFragmentsCordonPlaceWrote() throws Exception {
        Path dir = placed.resolve("hosts/qemu");
        host.ok("mkdir -p /root/place");
        for (String f : List.of("cpupools.sh", "pooled.cpupool", "pooled-guest.cfg")) {
            host.put(Files.readAllBytes(dir.resolve(f)), "/root/place/" + f);
        }
        host.ok("sh /root/place/cpupools.sh");
        String pools = host.ok("xl cpupool-list");
        assertTrue(pools.lines().anyMatch(l -> l.startsWith("pooled ") && l.split("\\s+")[1].equals("1")), pools);
        // the guest: the harness's busybox kernel, and everything else from the fragment (labels, vcpus, memory, pool)
        String cfg = """
                name = "pooled"
                type = "pv"
                kernel = "/root/domU/vmlinuz"
                ramdisk = "/root/domU/initrd.cpio"
                extra = "console=hvc0"
                vif = []
                disk = []
                on_crash = "destroy"
                """ + Files.readString(dir.resolve("pooled-guest.cfg"));
        host.put(cfg.getBytes(), "/root/place/pooled.cfg");
        // every setting the fragment carries, as xl parses it (dry run), with a vif at the rate the fragment gives
        String fragment = Files.readString(dir.resolve("pooled-guest.cfg"));
        java.util.regex.Matcher rate = java.util.regex.Pattern.compile("rate=(\\S+?)'").matcher(fragment);
        assertTrue(rate.find(), fragment);
        host.put(cfg.replace("vif = []", "vif = [ 'bridge=xenbr0,rate=" + rate.group(1) + "' ]").getBytes(),
                "/root/place/pooled-vif.cfg");
        String dry = host.ok("xl create -n /root/place/pooled-vif.cfg");
        for (String setting : List.of("\"ssid_label\": \"system_u:system_r:pooled_t\"", "\"max_memkb\": 196608", "\"target_memkb\": 131072", "\"cap\": 50",
                "\"weight\": 512", "\"max_grant_frames\": 32", "\"event_channels\": 256", "\"pool_name\": \"pooled\"",
                "\"rate_bytes_per_interval\": 62500")) { // 10 Mbit/s in slices of 50 ms
            assertTrue(dry.contains(setting), setting + " in xl's reading:\n" + dry);
        }
        XenHost.Result created = host.run("xl create /root/place/pooled.cfg");
        assertEquals(0, created.exit(), created.both());
        String labels = host.ok("xl list -Z");
        assertTrue(labels.lines().anyMatch(l -> l.startsWith("pooled ") && l.endsWith("system_u:system_r:pooled_t")), labels);
        String inPools = host.ok("xl list -c");
        assertTrue(inPools.lines().anyMatch(l -> l.startsWith("pooled ") && l.strip().endsWith("pooled")), inPools);
        host.ok("xl destroy pooled");
        avc.step("cordon place: cpupool and pooled guest");
        avc.journal.assertAgreement();
    }

    @Test
    @Order(6)
    void aRunTimeLabelForADeviceThePolicyLabelsIsRefused() {
        Run r = onHost("load", v2.toString(), "--host", address, "--dry-run", "--label-pci",
                "0000:00:05.0=system_u:object_r:slot5_dev_t");
        assertEquals(1, r.exit(), r.both());
        assertTrue(r.out().contains("0000:00:05.0 is labelled by"), r.out());
    }

    @Test
    @Order(7)
    void aLoadThatWouldOrphanARunningDomainsLabelIsRefused() throws Exception {
        Run r = onHost("load", v1.toString(), "--host", address);
        assertEquals(1, r.exit(), r.both());
        assertTrue(r.out().contains("running domains would lose their labels") && r.out().contains("extra (id "), r.out());
        assertEquals(V2_BOOLS, booleanNames(), "nothing changed");
        host.ok("xl destroy extra");
    }

    @Test
    @Order(8)
    void aPolicyForAnotherReleaseIsRefusedBeforeXenSeesIt() {
        Run r = onHost("load", other.toString(), "--host", address, "--format", "json");
        assertEquals(1, r.exit(), r.both());
        JsonObject o = JsonParser.parseString(r.out()).getAsJsonObject();
        assertEquals("refused", o.get("outcome").getAsString());
        assertTrue(o.toString().contains("targets Xen 4.22 but " + address + " runs Xen 4.17"), o.toString());
        assertEquals(V2_BOOLS, booleanNames());
    }

    @Test
    @Order(9)
    void aCorruptBinaryNeverReachesTheHost() throws Exception {
        byte[] good = Files.readAllBytes(v1.resolve("xenpolicy"));
        Path bad = Files.createTempFile("truncated", ".xenpolicy");
        Files.write(bad, java.util.Arrays.copyOf(good, good.length / 2));
        Run r = onHost("load", bad.toString(), "--host", address, "--allow-unverified", "--target-xen", "4.17");
        assertEquals(2, r.exit(), r.both());
        assertTrue(r.err().contains("not a Xen FLASK binary policy"), r.err());
        assertEquals(V2_BOOLS, booleanNames());
    }

    @Test
    @Order(10)
    void rollbackReturnsToThePreviousPolicyWithItsBooleans() throws Exception {
        Run r = onHost("rollback", "--host", address);
        assertEquals(0, r.exit(), r.both());
        assertEquals(V1_BOOLS, booleanNames());
        assertEquals(digest(v1), status().getAsJsonObject("policy").get("digest").getAsString());
        avc.enforces("v1", v1.resolve("xenpolicy"));
        avc.step("cordon rollback to v1");
        // v1 has no extra class: libxl refuses the label before Xen is asked
        XenHost.Result extra = host.run("xl create /root/extra.cfg");
        assertEquals(1, extra.exit(), extra.both());
        assertTrue(extra.both().contains("Invalid"), extra.both());
    }

    /** The harness's SSH connection with a fault: dropped before the first command after {@code xl loadpolicy}. */
    private static final class DroppingConnection extends ForwardingConnection {
        final int failingReconnects;
        boolean loaded;
        boolean dropped;
        int reconnects;

        DroppingConnection(SshHost real, int failingReconnects) {
            super(real);
            this.failingReconnects = failingReconnects;
        }

        @Override
        public CommandResult run(List<String> argv, byte[] stdin, Duration timeout) throws HostException {
            if (loaded && !dropped) {
                dropped = true;
                throw new HostException(HostException.Kind.UNREACHABLE, "injected: the connection to " + address() + " dropped");
            }
            CommandResult r = real.run(argv, stdin, timeout);
            if (String.join(" ", argv).contains("xl loadpolicy") && r.exit() == 0 && !dropped) {
                loaded = true;
            }
            return r;
        }

        @Override
        public void reconnect() throws HostException {
            if (++reconnects <= failingReconnects) {
                throw new HostException(HostException.Kind.UNREACHABLE, "injected: cannot connect to " + address());
            }
            real.reconnect();
        }
    }

    private PolicyLoader loaderOver(DroppingConnection c) {
        return new PolicyLoader(new org.cordon.xsm.host.XenHost(c), HostHistory.DEFAULT_DIR, PolicyLoader.Progress.NONE,
                Clock.systemUTC());
    }

    private SshHost realSsh() throws HostException {
        return HostCli.ssh(host);
    }

    private LoadablePolicy policy(Path compiled) throws Exception {
        return LoadablePolicy.of("v2", Files.readAllBytes(compiled.resolve("xenpolicy")), Optional.of("4.17"), true);
    }

    /** The harness's SSH connection, damaging the policy file on the host just before {@code xl loadpolicy} reads it. */
    private static final class CorruptingConnection extends ForwardingConnection {
        boolean corrupted;

        CorruptingConnection(SshHost real) {
            super(real);
        }

        @Override
        public CommandResult run(List<String> argv, byte[] stdin, Duration timeout) throws HostException {
            int at = argv.indexOf("loadpolicy");
            if (at > 0 && !corrupted) {
                corrupted = true;
                CommandResult t = real.run(List.of("truncate", "-s", "4096", argv.get(at + 1)), Duration.ofSeconds(30));
                assertEquals(0, t.exit(), t.message());
            }
            return real.run(argv, stdin, timeout);
        }
    }

    @Test
    @Order(11)
    void aPolicyXenRejectsLeavesTheOldOneEnforced() throws Exception {
        try (CorruptingConnection c = new CorruptingConnection(realSsh())) {
            LoadReport r = new PolicyLoader(new org.cordon.xsm.host.XenHost(c), HostHistory.DEFAULT_DIR,
                    PolicyLoader.Progress.NONE, Clock.systemUTC()).load(policy(v2), PolicyLoader.Options.defaults());
            assertTrue(c.corrupted, "the fault fired");
            assertEquals(LoadReport.Outcome.REJECTED_BY_XEN, r.outcome(), r.toString());
            assertTrue(r.problems().get(0).contains("Unable to load new Flask policy"), r.problems().toString());
        }
        assertEquals(V1_BOOLS, booleanNames(), "Xen still enforces v1");
        assertEquals("Enforcing", host.run("xl getenforce").out().trim());
        JsonObject s = status();
        assertFalse(s.has("interrupted"));
        assertEquals(digest(v1), s.getAsJsonObject("policy").get("digest").getAsString());
    }

    @Test
    @Order(12)
    void aConnectionDroppedMidLoadIsRolledBackAfterReconnecting() throws Exception {
        try (DroppingConnection c = new DroppingConnection(realSsh(), 0)) {
            PolicyLoader.Options o = new PolicyLoader.Options(Map.of(), Optional.empty(), false, false, 3, Duration.ofSeconds(1));
            LoadReport r = loaderOver(c).load(policy(v2), o);
            assertTrue(c.dropped, "the fault fired");
            assertEquals(LoadReport.Outcome.ROLLED_BACK, r.outcome(), r.toString());
        }
        assertEquals(V1_BOOLS, booleanNames(), "Xen enforces the old policy again");
        assertEquals("Enforcing", host.run("xl getenforce").out().trim());
        assertFalse(status().has("interrupted"));
    }

    @Test
    @Order(13)
    void aConnectionThatStaysDownLeavesAMarkerAndRollbackRecovers() throws Exception {
        try (DroppingConnection c = new DroppingConnection(realSsh(), 99)) {
            PolicyLoader.Options o = new PolicyLoader.Options(Map.of(), Optional.empty(), false, false, 2, Duration.ofMillis(200));
            LoadReport r = loaderOver(c).load(policy(v2), o);
            assertEquals(LoadReport.Outcome.STATE_UNKNOWN, r.outcome(), r.toString());
        }
        // Xen enforces one of the two in full: here the new one, as the load went through before the drop
        assertEquals(V2_BOOLS, booleanNames());
        assertTrue(status().has("interrupted"));
        Run refused = onHost("load", v2.toString(), "--host", address);
        assertEquals(1, refused.exit(), "no load while a change is unresolved: " + refused.both());
        Run r = onHost("rollback", "--host", address);
        assertEquals(0, r.exit(), r.both());
        assertEquals(V1_BOOLS, booleanNames());
        JsonObject s = status();
        assertFalse(s.has("interrupted"));
        assertEquals(digest(v1), s.getAsJsonObject("policy").get("digest").getAsString());
    }

    @Test
    @Order(14)
    void aRolloutStopsAtTheUnreachableHostAndReturnsTheOnesItMoved() throws Exception {
        Path hosts = Files.createTempFile("hosts", ".txt");
        Files.writeString(hosts, address + "\nssh://root@127.0.0.1:1   # nothing listens here\n");
        try {
            Run r = onHost("rollout", v2.toString(), "--hosts", hosts.toString(), "--waves", "1", "--rollback-on-failure");
            assertEquals(1, r.exit(), r.both());
            assertTrue(r.out().contains("rollout STOPPED at wave 2"), r.out());
            assertTrue(r.out().lines().anyMatch(l -> l.startsWith(address + " ") && l.contains("rolled back")), r.out());
            assertEquals(V1_BOOLS, booleanNames());
            Run ok = onHost("rollout", v2.toString(), "--hosts", hosts.toString(), "--waves", "1",
                    "--dry-run");
            assertEquals(1, ok.exit(), "a dry run stops at the unreachable host too: " + ok.both());
        } finally {
            Files.deleteIfExists(hosts);
        }
    }

    @Test
    @Order(15)
    void installChecksTheBootEntryLoadsThePolicy() throws Exception {
        // dom0 here boots from QEMU's multiboot; give it the files a Debian host has
        host.ok("mkdir -p /boot/grub && printf '\\037\\213' > /boot/xen-4.17-amd64.gz");
        host.put("""
                set default="0"
                menuentry 'Debian GNU/Linux, with Xen hypervisor' --class xen $menuentry_id_option 'xen-gnulinux-simple' {
                	multiboot2	/boot/xen-4.17-amd64.gz placeholder dom0_mem=768M
                	module2	/boot/vmlinuz-6.1.0-18-amd64 placeholder root=/dev/ram0
                }
                """.getBytes(), "/boot/grub/grub.cfg");
        Run r = onHost("install", v1.toString(), "--host", address);
        assertEquals(1, r.exit(), r.both());
        assertTrue(r.out().contains("does not load /boot/xenpolicy-4.17-amd64"), r.out());
        assertTrue(r.out().contains("fix: run update-grub"), r.out());
        assertEquals(digest(v1), host.ok("sha256sum /boot/xenpolicy-4.17-amd64").split(" ")[0]);
        host.put("""
                set default="0"
                menuentry 'Debian GNU/Linux, with Xen 4.17-amd64 (XSM enabled)' --class xen $menuentry_id_option 'xen-xsm' {
                	multiboot2	/boot/xen-4.17-amd64.gz placeholder dom0_mem=768M flask=enforcing
                	module2	/boot/vmlinuz-6.1.0-18-amd64 placeholder root=/dev/ram0
                	module2	--nounzip   /boot/xenpolicy-4.17-amd64
                }
                """.getBytes(), "/boot/grub/grub.cfg");
        Run ok = onHost("install", v2.toString(), "--host", address);
        assertEquals(0, ok.exit(), ok.both());
        assertEquals(digest(v2), host.ok("sha256sum /boot/xenpolicy-4.17-amd64").split(" ")[0]);
        assertEquals(digest(v1), host.ok("sha256sum /boot/xenpolicy-4.17-amd64.cordon-prev").split(" ")[0], "the old one is kept");
    }

    @Test
    @Order(16)
    void twoLoadsAtOnceNeverMixAndTheSecondNamesTheFirst() throws Exception {
        // two Cordon commands against one real host at the same moment: the host's lock lets one change it; the other
        // is refused naming it, or runs after it; Xen ends on one policy, whole, with no marker and no lock left
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            List<java.util.concurrent.Future<Run>> runs = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                runs.add(pool.submit(() -> {
                    go.await();
                    return onHost("load", v2.toString(), "--host", address);
                }));
            }
            go.countDown();
            List<Run> done = new ArrayList<>();
            for (var f : runs) {
                done.add(f.get(10, java.util.concurrent.TimeUnit.MINUTES));
            }
            assertTrue(done.stream().anyMatch(r -> r.exit() == 0), done.toString());
            for (Run r : done) {
                // refused while the other holds the lock: before it marked its change as under way, or after
                assertTrue(r.exit() == 0 || r.exit() == 1 && (r.out().contains("another cordon command")
                        || r.out().contains("a change is under way")), r.both());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(V2_BOOLS, booleanNames(), "Xen enforces the new policy, whole");
        assertEquals("Enforcing", host.run("xl getenforce").out().trim());
        JsonObject s = status();
        assertFalse(s.has("interrupted"));
        assertFalse(s.toString().contains("a cordon command is changing the host"), s.toString());
        assertFalse(host.run("test -d /var/lib/cordon/lock && echo locked").out().contains("locked"));
    }
}
