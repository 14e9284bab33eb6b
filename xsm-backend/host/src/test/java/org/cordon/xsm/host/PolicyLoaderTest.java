package org.cordon.xsm.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.cordon.xsm.host.LoadReport.Outcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * cordon load's safety on the fake Xen: preflight refusals change nothing, every injected fault after the load
 * brings the previous policy back (labels, booleans, mode), and the host always enforces a policy — the old one
 * or the new one, in full.
 */
class PolicyLoaderTest {

    static final String GRUB = """
            set default="0"
            menuentry 'Debian GNU/Linux, with Xen 4.17-amd64 and Linux 6.1.0-18-amd64 (XSM enabled)' --class xen $menuentry_id_option 'xen-gnulinux-simple-1' {
            	insmod part_gpt
            	echo	'Loading Xen 4.17-amd64 (XSM enabled) ...'
            	multiboot2	/boot/xen-4.17-amd64.gz placeholder  dom0_mem=2G flask=enforcing ${xen_rm_opts}
            	module2	/boot/vmlinuz-6.1.0-18-amd64 placeholder root=UUID=1 ro quiet
            	module2	--nounzip   /boot/initrd.img-6.1.0-18-amd64
            	echo	'Loading XSM policy ...'
            	module2     /boot/xenpolicy-4.17-amd64
            }
            """;

    static final LoadablePolicy BOOT = TestPolicies.build("boot", "4.17", List.of("web_t", "db_t"), List.of("maint:false"),
            List.of("0000:00:05.0=slot5_dev_t"));
    static final LoadablePolicy NEXT = TestPolicies.build("next", "4.17", List.of("web_t", "db_t", "cache_t"),
            List.of("maint:false", "audit:true"), List.of("0000:00:05.0=slot5_dev_t", "0000:00:06.0=slot6_dev_t"));
    static final LoadablePolicy THIRD = TestPolicies.build("third", "4.17", List.of("web_t", "db_t"), List.of("maint:true"),
            List.of());

    FakeXen xen;
    PolicyLoader loader;

    @BeforeEach
    void boot() {
        xen = new FakeXen("ssh://root@h1", BOOT).pci("0000:00:05.0", "0000:00:06.0", "0000:00:07.0");
        xen.domain("web", 3, "system_u:system_r:web_t");
        xen.domain("db", 4, "system_u:system_r:db_t");
        xen.file("/boot/grub/grub.cfg", GRUB.getBytes());
        xen.file("/boot/xenpolicy-4.17-amd64", BOOT.binary());
        loader = loader();
    }

    PolicyLoader loader() {
        return new PolicyLoader(new XenHost(xen), HostHistory.DEFAULT_DIR, PolicyLoader.Progress.NONE, Clock.systemUTC());
    }

    static PolicyLoader.Options opts() {
        return new PolicyLoader.Options(Map.of(), Optional.empty(), false, false, 2, Duration.ZERO).withRuntimeLabels(List.of(RUNTIME));
    }

    /** A device neither policy labels: the site labels it at run time, and Xen forgets it at every load. */
    static final LoadablePolicy.PciLabel RUNTIME = new LoadablePolicy.PciLabel("0000:00:07.0", "system_u:object_r:device_t");

    /** The invariant of every test: FLASK enforcing a whole policy, domains labelled. */
    @AfterEach
    void neverWithoutAnEnforcedPolicy() {
        assertNotNull(xen.loaded, "the host enforces a policy");
        assertEquals(FlaskMode.ENFORCING, xen.mode);
        xen.domains.forEach(d -> assertFalse(d.label.contains("unlabeled_t"), d.name + " lost its label: " + xen.log));
    }

    /** The host is exactly on {@code p}: loaded, the run-time device label applied again, its booleans as wanted. */
    void assertOn(LoadablePolicy p, Map<String, Boolean> booleans) {
        assertEquals(p.digest(), xen.loadedDigest(), "loaded policy; log:\n" + String.join("\n", xen.log));
        assertEquals(Map.of(RUNTIME.sbdf(), RUNTIME.context()), xen.runtimeLabels, "run-time labels");
        assertEquals(booleans, xen.booleans);
    }

    void assertUntouched() {
        assertEquals(BOOT.digest(), xen.loadedDigest());
        assertEquals(0, xen.loads, "no xl loadpolicy ran");
        assertTrue(xen.log.stream().noneMatch(l -> l.contains("loadpolicy") || l.contains("set-bool") || l.contains("label-pci")),
                String.join("\n", xen.log));
    }

    @Test
    void loadsTheNewPolicyLabelsItsDevicesSetsItsBooleansAndRecordsIt() throws Exception {
        xen.booleans.put("maint", true); // an operator switched it on: the new policy's declared value wins
        LoadReport r = loader.load(NEXT, opts());
        assertEquals(Outcome.LOADED, r.outcome(), r.toString());
        assertOn(NEXT, Map.of("maint", false, "audit", true));
        assertEquals(BOOT.digest(), r.fromDigest());
        List<HostHistory.Entry> h = loader.history().entries();
        assertEquals(List.of(HostHistory.Action.BASELINE, HostHistory.Action.LOAD), h.stream().map(HostHistory.Entry::action).toList());
        assertTrue(h.get(0).name().contains("/boot/xenpolicy-4.17-amd64"), h.get(0).name());
        assertEquals(Map.of("maint", true), h.get(0).booleans(), "the baseline records the booleans the host had");
        assertTrue(xen.files.containsKey("/var/lib/cordon/policies/" + BOOT.digest() + ".xenpolicy"));
        assertTrue(xen.files.containsKey("/var/lib/cordon/policies/" + NEXT.digest() + ".xenpolicy"));
        assertFalse(xen.files.containsKey("/var/lib/cordon/pending"));
        assertTrue(r.steps().stream().anyMatch(s -> s.name().equals("label-pci") && s.detail().contains("0000:00:07.0")));
        // the policy's own device labels are not touched: Xen keeps them, and refuses flask-label-pci for them
        assertTrue(xen.log.stream().noneMatch(l -> l.contains("flask-label-pci 0000:00:05.0")), String.join("\n", xen.log));
    }

    @Test
    void aRunTimeLabelForADeviceThePolicyLabelsIsRefused() throws Exception {
        LoadReport r = loader.load(NEXT, opts().withRuntimeLabels(List.of(new LoadablePolicy.PciLabel("0000:00:06.0",
                "system_u:object_r:slot6_dev_t"))));
        assertEquals(Outcome.REFUSED, r.outcome(), r.toString());
        assertTrue(r.problems().get(0).contains("0000:00:06.0 is labelled by next itself"), r.problems().toString());
        LoadReport unknownType = loader.load(NEXT, opts().withRuntimeLabels(List.of(new LoadablePolicy.PciLabel("0000:00:07.0",
                "system_u:object_r:nosuch_t"))));
        assertEquals(Outcome.REFUSED, unknownType.outcome());
        assertTrue(unknownType.problems().get(0).contains("type nosuch_t is not in the policy"), unknownType.problems().toString());
        assertUntouched();
    }

    @Test
    void booleansCanBeGivenOtherValues() throws Exception {
        LoadReport r = loader.load(NEXT, new PolicyLoader.Options(Map.of("audit", false), Optional.empty(), false, false, 2, Duration.ZERO));
        assertEquals(Outcome.LOADED, r.outcome(), r.toString());
        assertEquals(Map.of("maint", false, "audit", false), xen.booleans);
        LoadReport bad = loader.load(NEXT, new PolicyLoader.Options(Map.of("nope", true), Optional.empty(), false, false, 2, Duration.ZERO));
        assertEquals(Outcome.REFUSED, bad.outcome());
        assertTrue(bad.problems().get(0).contains("boolean nope is not in the new policy (it has: audit, maint)"), bad.problems().toString());
    }

    @Test
    void aDryRunChangesNothing() throws Exception {
        LoadReport r = loader.load(NEXT, opts().withDryRun(true));
        assertEquals(Outcome.DRY_RUN, r.outcome(), r.toString());
        assertUntouched();
        assertTrue(xen.files.keySet().stream().noneMatch(f -> f.startsWith("/var/lib/cordon")), xen.files.keySet().toString());
        assertTrue(r.steps().stream().anyMatch(s -> s.status() == LoadReport.Status.PLANNED && s.detail().startsWith("xl loadpolicy")));
    }

    @Test
    void refusesAPolicyThatWouldOrphanARunningDomainAndNamesIt() throws Exception {
        xen.domain("cache", 5, "system_u:system_r:cache_t"); // not in BOOT? it is not: the host runs an impossible label
        xen.domains.remove(xen.domains.size() - 1);
        xen.domain("legacy", 9, "system_u:system_r:domU_t");
        LoadablePolicy without = TestPolicies.build("without-db", "4.17", List.of("web_t"), List.of("maint:false"), List.of());
        LoadReport r = loader.load(without, opts());
        assertEquals(Outcome.REFUSED, r.outcome());
        String p = String.join("\n", r.problems());
        assertTrue(p.contains("db (id 4, system_u:system_r:db_t: type db_t is not in the policy)"), p);
        assertFalse(p.contains("web (id 3"), p);
        assertUntouched();
    }

    /** BOOT without db_t: a change that takes a type away, with no domain of it running when preflight looks. */
    static final LoadablePolicy WITHOUT_DB = TestPolicies.build("without-db", "4.17", List.of("web_t"), List.of("maint:false"),
            List.of("0000:00:05.0=slot5_dev_t"));

    @Test
    void aGuestCreatedAfterPreflightWithATypeTheChangeDropsKeepsItsLabelAndStopsTheChange() throws Exception {
        xen.domains.removeIf(d -> d.name.equals("db"));
        // preflight has looked; before Xen is asked for anything, a db_t guest starts
        xen.before("xl loadpolicy", () -> assertTrue(xen.create("db2", 7, "system_u:system_r:db_t").isPresent()));
        LoadReport r = loader.load(WITHOUT_DB, opts());
        assertEquals(Outcome.ROLLED_BACK, r.outcome(), r.toString());
        assertTrue(r.problems().get(0).contains("domain db2 (id 7) was created labelled system_u:system_r:db_t while the "
                + "change ran: without-db has no type db_t"), r.problems().toString());
        assertOn(BOOT, Map.of("maint", false));
        assertEquals("system_u:system_r:db_t", xen.domains.stream().filter(d -> d.name.equals("db2")).findFirst().orElseThrow().label);
        assertTrue(xen.console.stream().noneMatch(l -> l.contains("invalidating context")), String.join("\n", xen.console));
    }

    @Test
    void underTheCreationGateNoGuestCanTakeADroppedTypeAndTheChangeGoesThrough() throws Exception {
        xen.domains.removeIf(d -> d.name.equals("db"));
        // the gate is in force; just before the new policy goes in, someone starts a db_t guest: Xen refuses it
        xen.before("xl loadpolicy /var/lib/cordon/policies/" + WITHOUT_DB.digest(),
                () -> assertTrue(xen.create("db2", 7, "system_u:system_r:db_t").isEmpty(), "the gate refuses db_t"));
        LoadReport r = loader.load(WITHOUT_DB, opts());
        assertEquals(Outcome.LOADED, r.outcome(), r.toString());
        assertOn(WITHOUT_DB, Map.of("maint", false));
        assertTrue(r.steps().stream().anyMatch(s -> s.name().equals("gate") && s.detail().contains("no domain can become db_t")),
                r.toString());
        assertTrue(xen.console.stream().anyMatch(l -> l.contains("denied  { create }") && l.contains("db_t")));
        // a guest of a type the change keeps is created under the gate as before
        assertTrue(xen.create("web2", 8, "system_u:system_r:web_t").isPresent());
    }

    @Test
    void aDomainThatVanishesFromXlListButNotFromXenstoreFailsThePostCheck() throws Exception {
        // Xen drops db's label in the load (whatever the cause): dom0 no longer sees it in xl list, xenstore still has it
        FakeXen.Dom db = xen.domains.stream().filter(d -> d.name.equals("db")).findFirst().orElseThrow();
        xen.before("xl loadpolicy /var/lib/cordon/policies/" + NEXT.digest(),
                () -> xen.before("xl list -Z", () -> db.label = "system_u:system_r:unlabeled_t"));
        LoadReport r = loader.load(NEXT, opts());
        assertEquals(Outcome.ROLLBACK_FAILED, r.outcome(), "the label does not come back with the old policy: " + r);
        assertTrue(r.problems().get(0).equals("domain db (id 4, system_u:system_r:db_t) is gone from xl list but still in "
                + "xenstore: Xen dropped its label, and dom0 can no longer see it"), r.problems().toString());
        db.label = "system_u:system_r:db_t"; // for the invariant every test ends with: this one cannot hold here
    }

    @Test
    void aChangeThatDropsNoTypeNeedsNoGate() throws Exception {
        LoadReport r = loader.load(NEXT, opts());
        assertEquals(Outcome.LOADED, r.outcome(), r.toString());
        assertEquals(1, xen.loads, "one xl loadpolicy");
    }

    @Test
    void refusesAPolicyForAnotherXenRelease() throws Exception {
        LoadablePolicy for422 = TestPolicies.build("for-4.22", "4.22", List.of("web_t", "db_t"), List.of(), List.of());
        LoadReport r = loader.load(for422, opts());
        assertEquals(Outcome.REFUSED, r.outcome());
        String p = String.join("\n", r.problems());
        assertTrue(p.contains("targets Xen 4.22 but ssh://root@h1 runs Xen 4.17.5"), p);
        assertTrue(p.contains("Xen 4.17 would refuse for-4.22: its classes differ from the hypervisor's (permission privprofile "
                + "in class xen not found in policy"), p);
        assertUntouched();
        // what Xen itself does with it, to keep the fake honest: refuses it, keeps the old one
        LoadablePolicy lying = new LoadablePolicy("lying", for422.binary(), for422.digest(), for422.policy(), Optional.of("4.17"), true);
        xen.file("/root/x", lying.binary());
        assertTrue(xen.exec(List.of("sh", "-c", XenHost.WITH_XEN_TOOLS, "sh", "xl", "loadpolicy", "/root/x"), null).exit() != 0);
        assertEquals(BOOT.digest(), xen.loadedDigest());
    }

    @Test
    void refusesToSwitchBetweenAPolicyWithoutMlsAndOneWithAtRunTime() throws Exception {
        byte[] mls = java.nio.file.Files.readAllBytes(org.cordon.xsm.SharedVectors.root().resolve("flask/mls/xenpolicy-mls"));
        // as if it were for this host: only the switch is in the way
        LoadablePolicy p = LoadablePolicy.of("mls", mls, Optional.of("4.17"), true);
        LoadReport r = loader.load(p, opts());
        assertEquals(Outcome.REFUSED, r.outcome());
        String problems = String.join("\n", r.problems());
        assertTrue(problems.contains("ssh://root@h1 runs a policy without multi-level security (dom0: "
                + "system_u:system_r:dom0_t) and mls is multi-level: Xen cannot switch between the two at run time. "
                + "Install it for the next boot (`cordon install`) and reboot"), problems);
        assertUntouched();
        // what Xen itself does with it, to keep the fake honest: refuses it, keeps the old one
        xen.file("/root/mls", mls);
        assertTrue(xen.exec(List.of("sh", "-c", XenHost.WITH_XEN_TOOLS, "sh", "xl", "loadpolicy", "/root/mls"), null).exit() != 0);
        assertEquals(BOOT.digest(), xen.loadedDigest());
    }

    @Test
    void refusesWhenFlaskIsOffOrThePolicyWasNotVerified() throws Exception {
        xen.mode = FlaskMode.DISABLED;
        LoadReport off = loader.load(NEXT, opts());
        assertEquals(Outcome.REFUSED, off.outcome());
        assertTrue(off.problems().toString().contains("XSM/FLASK is not active"), off.problems().toString());
        xen.mode = FlaskMode.ENFORCING;
        LoadablePolicy unverified = new LoadablePolicy("u", NEXT.binary(), NEXT.digest(), NEXT.policy(), NEXT.targetXen(), false);
        LoadReport r = loader.load(unverified, opts());
        assertEquals(Outcome.REFUSED, r.outcome());
        assertTrue(r.problems().get(0).contains("was not verified by cordon compile"), r.problems().toString());
        assertUntouched();
    }

    @Test
    void refusesWhenItCannotKnowWhatTheHostRuns() throws Exception {
        xen.files.remove("/boot/grub/grub.cfg");
        LoadReport r = loader.load(NEXT, opts());
        assertEquals(Outcome.REFUSED, r.outcome());
        assertTrue(r.problems().get(0).contains("give --baseline FILE"), r.problems().toString());
        assertUntouched();
        // with the baseline named, it loads
        LoadReport ok = loader.load(NEXT, new PolicyLoader.Options(Map.of(), Optional.of(BOOT), false, false, 2, Duration.ZERO));
        assertEquals(Outcome.LOADED, ok.outcome(), ok.toString());
    }

    @Test
    void refusesWhenThePolicyWasChangedByHand() throws Exception {
        assertEquals(Outcome.LOADED, loader.load(NEXT, opts()).outcome());
        xen.file("/root/third", THIRD.binary());
        xen.exec(List.of("sh", "-c", XenHost.WITH_XEN_TOOLS, "sh", "xl", "loadpolicy", "/root/third"), null);
        LoadReport r = loader.load(BOOT, opts());
        assertEquals(Outcome.REFUSED, r.outcome());
        assertTrue(r.problems().get(0).contains("does not run next (") && r.problems().get(0).contains("loaded by hand"),
                r.problems().toString());
    }

    @Test
    void xenRejectingThePolicyLeavesTheHostAsItWas() throws Exception {
        xen.failOnce("xl loadpolicy /var/lib/cordon/policies/" + NEXT.digest(), 255,
                "Unable to load new Flask policy: Operation not permitted\n");
        LoadReport r = loader.load(NEXT, opts());
        assertEquals(Outcome.REJECTED_BY_XEN, r.outcome(), r.toString());
        assertEquals(BOOT.digest(), xen.loadedDigest());
        assertEquals(Map.of("maint", false), xen.booleans);
        assertTrue(xen.runtimeLabels.isEmpty(), "nothing was relabelled: the host is as it booted");
        assertEquals("rejected-by-xen", loader.history().entries().get(1).result());
        assertFalse(xen.files.containsKey("/var/lib/cordon/pending"));
    }

    @Test
    void aDeviceLabelThatFailsRollsBack() throws Exception {
        xen.runtimeLabels.clear();
        xen.failOnce("flask-label-pci 0000:00:07.0", 2, "xc_flask_add_device: Unable to set context of PCI device "
                + "0000:00:07.0 (0x38) to system_u:object_r:device_t: -1");
        xen.booleans.put("maint", true);
        LoadReport r = loader.load(NEXT, opts());
        assertEquals(Outcome.ROLLED_BACK, r.outcome(), r.toString());
        assertOn(BOOT, Map.of("maint", true));
        assertTrue(r.problems().get(0).contains("flask-label-pci 0000:00:07.0"), r.problems().toString());
        assertEquals("rolled-back", loader.history().entries().get(1).result());
    }

    @Test
    void aBooleanThatCannotBeSetRollsBack() throws Exception {
        xen.booleans.put("maint", true);
        xen.failOnce("flask-set-bool maint 0", 2, "xc_flask_setbool: Unable to set boolean maint=0: Permission denied (-1)");
        LoadReport r = loader.load(NEXT, opts());
        assertEquals(Outcome.ROLLED_BACK, r.outcome(), r.toString());
        assertOn(BOOT, Map.of("maint", true));
    }

    @Test
    void aHistoryThatCannotBeWrittenRollsBack() throws Exception {
        // the disk fills up after the load: the record of it cannot be written, so it is undone
        xen.failOnce("mv -f -- /var/lib/cordon/.history.cordon-tmp /var/lib/cordon/history", 1, "mv: No space left on device");
        LoadReport r = loader.load(NEXT, opts());
        // the first failure is the baseline's record, before anything changed
        assertEquals(Outcome.REFUSED, r.outcome(), r.toString());
        assertEquals("backup", r.steps().get(r.steps().size() - 1).name());
        assertUntouched();
        LoadReport again = loader.load(NEXT, opts());
        assertEquals(Outcome.LOADED, again.outcome(), again.toString());
        xen.failOnce("mv -f -- /var/lib/cordon/.history.cordon-tmp /var/lib/cordon/history", 1, "mv: No space left on device");
        LoadReport third = loader.load(THIRD, opts());
        assertEquals(Outcome.ROLLED_BACK, third.outcome(), third.toString());
        assertOn(NEXT, Map.of("maint", false, "audit", true));
    }

    @Test
    void aConnectionLostRightAfterTheLoadIsFollowedByARollback() throws Exception {
        xen.dropAfter("xl loadpolicy /var/lib/cordon/policies/" + NEXT.digest());
        LoadReport r = loader.load(NEXT, opts());
        assertEquals(Outcome.ROLLED_BACK, r.outcome(), r.toString());
        assertOn(BOOT, Map.of("maint", false));
        assertTrue(r.steps().stream().anyMatch(s -> s.name().equals("reconnect") && s.status() == LoadReport.Status.OK));
        assertTrue(xen.loads >= 2, "the new policy was loaded, then the old one again");
    }

    @Test
    void aConnectionLostBeforeTheLoadRanAlsoEndsOnTheOldPolicy() throws Exception {
        xen.dropBefore("xl loadpolicy /var/lib/cordon/policies/" + NEXT.digest());
        LoadReport r = loader.load(NEXT, opts());
        assertEquals(Outcome.ROLLED_BACK, r.outcome(), r.toString());
        assertOn(BOOT, Map.of("maint", false));
    }

    @Test
    void aConnectionThatStaysDownLeavesAMarkerThatRollbackUses() throws Exception {
        xen.booleans.put("maint", true);
        xen.dropAfter("xl loadpolicy /var/lib/cordon/policies/" + NEXT.digest()).failReconnects(2);
        LoadReport r = loader.load(NEXT, opts());
        assertEquals(Outcome.STATE_UNKNOWN, r.outcome(), r.toString());
        assertEquals(NEXT.digest(), xen.loadedDigest(), "the host enforces the new policy, whole, though Cordon cannot see it");
        assertTrue(xen.files.containsKey("/var/lib/cordon/pending"));
        // the host is back; a new load is refused until the interrupted change is resolved
        xen.reconnect();
        LoadReport refused = loader().load(THIRD, opts());
        assertEquals(Outcome.REFUSED, refused.outcome());
        assertTrue(refused.problems().get(0).contains("or was interrupted (load next"), refused.problems().toString());
        LoadReport back = loader().rollback(opts());
        assertEquals(Outcome.LOADED, back.outcome(), back.toString());
        assertOn(BOOT, Map.of("maint", true));
        assertFalse(xen.files.containsKey("/var/lib/cordon/pending"));
        assertEquals(Outcome.LOADED, loader().load(THIRD, opts()).outcome());
    }

    // ---------------------------------------------------------------------------------------------- the host's lock

    private String bootId() {
        return new String(xen.files.get("/proc/sys/kernel/random/boot_id"), java.nio.charset.StandardCharsets.UTF_8).strip();
    }

    private void lockedBy(String boot, String what) {
        xen.dirs.add("/var/lib/cordon");
        xen.dirs.add("/var/lib/cordon/lock");
        xen.files.put("/var/lib/cordon/lock/owner", ("2026-12-05T03:00:00Z\t" + boot + "\t" + what + "\n")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void aChangeWhileAnotherRunsIsRefusedAndNamesIt() throws Exception {
        lockedBy(bootId(), "load other-policy");
        LoadReport r = loader.load(NEXT, opts());
        assertEquals(Outcome.REFUSED, r.outcome(), r.toString());
        assertTrue(r.problems().get(0).startsWith("another cordon command (load other-policy, since 2026-12-05T03:00:00Z) "
                + "is changing ssh://root@h1"), r.problems().toString());
        assertUntouched();
        assertTrue(xen.dirs.contains("/var/lib/cordon/lock"), "the other command's lock is left alone");
        assertTrue(loader.status().notes().stream().anyMatch(n -> n.startsWith("a cordon command is changing the host "
                + "(load other-policy")), "status says so");
        LoadReport back = loader.rollback(opts());
        assertEquals(Outcome.REFUSED, back.outcome(), "no interrupted change to recover: rollback waits too");
        // a dry run changes nothing and needs no lock
        assertEquals(Outcome.DRY_RUN, loader.load(NEXT, new PolicyLoader.Options(Map.of(), Optional.empty(), true, false,
                2, Duration.ZERO)).outcome());
    }

    @Test
    void aLockFromAnEarlierBootIsStaleAndEveryChangeLeavesNone() throws Exception {
        lockedBy("an-earlier-boot", "load other-policy");
        LoadReport r = loader.load(NEXT, opts());
        assertEquals(Outcome.LOADED, r.outcome(), r.toString());
        assertFalse(xen.dirs.contains("/var/lib/cordon/lock"));
        assertFalse(xen.files.containsKey("/var/lib/cordon/lock/owner"));
        assertEquals(Outcome.LOADED, loader.rollback(opts()).outcome());
        assertFalse(xen.dirs.contains("/var/lib/cordon/lock"));
    }

    @Test
    void aLockLetGoBetweenMkdirAndTheLookIsTakenNotAnError() throws Exception {
        // the race CI met: mkdir refuses (the other command holds the lock), then the other lets go before this one
        // looks at who holds it; the lock is free, so this load takes it
        lockedBy(bootId(), "load other-policy");
        xen.before("mkdir -- /var/lib/cordon/lock", () -> xen.before("test -d /var/lib/cordon/lock", () -> {
            xen.files.remove("/var/lib/cordon/lock/owner");
            xen.dirs.remove("/var/lib/cordon/lock");
        }));
        LoadReport r = loader.load(NEXT, opts());
        assertEquals(Outcome.LOADED, r.outcome(), r.toString());
        assertFalse(xen.dirs.contains("/var/lib/cordon/lock"));
    }

    @Test
    void twoLoadsAtOnceNeverMixTheirPolicies() throws Exception {
        // two Cordon commands against one host, their commands interleaved by the host: one waits its turn (refused),
        // or they run one after the other; the host ends on one policy, whole, and with no lock
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            java.util.concurrent.Future<LoadReport> a = pool.submit(() -> {
                start.await();
                return loader().load(NEXT, opts());
            });
            java.util.concurrent.Future<LoadReport> b = pool.submit(() -> {
                start.await();
                return loader().load(THIRD, new PolicyLoader.Options(Map.of("maint", true), Optional.empty(), false, false,
                        2, Duration.ZERO).withRuntimeLabels(List.of(RUNTIME)));
            });
            start.countDown();
            LoadReport ra = a.get(60, java.util.concurrent.TimeUnit.SECONDS);
            LoadReport rb = b.get(60, java.util.concurrent.TimeUnit.SECONDS);
            List<Outcome> outcomes = List.of(ra.outcome(), rb.outcome());
            assertTrue(outcomes.stream().allMatch(o -> o == Outcome.LOADED || o == Outcome.REFUSED), outcomes.toString());
            assertTrue(outcomes.contains(Outcome.LOADED), outcomes.toString());
            for (LoadReport r : List.of(ra, rb)) {
                if (r.outcome() == Outcome.REFUSED) {
                    // the other holds the lock, before or after it marked its change as under way
                    assertTrue(r.problems().get(0).startsWith("another cordon command")
                            || r.problems().get(0).startsWith("a change is under way"), r.problems().toString());
                }
            }
            // whole: the booleans of the policy that is enforced, set as its load asked
            if (xen.loadedDigest().equals(THIRD.digest())) {
                assertEquals(Map.of("maint", true), xen.booleans);
            } else {
                assertEquals(NEXT.digest(), xen.loadedDigest());
                assertEquals(Map.of("maint", false, "audit", true), xen.booleans);
            }
            assertFalse(xen.dirs.contains("/var/lib/cordon/lock"));
            assertFalse(xen.files.containsKey("/var/lib/cordon/pending"));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void rollbackWalksBackThroughThisBootsLoads() throws Exception {
        assertEquals(Outcome.LOADED, loader.load(NEXT, new PolicyLoader.Options(Map.of("maint", true), Optional.empty(), false,
                false, 2, Duration.ZERO)).outcome());
        assertEquals(Outcome.LOADED, loader.load(THIRD, opts()).outcome());
        assertOn(THIRD, Map.of("maint", true));
        LoadReport one = loader.rollback(opts());
        assertEquals(Outcome.LOADED, one.outcome(), one.toString());
        assertOn(NEXT, Map.of("maint", true, "audit", true));
        LoadReport two = loader.rollback(opts());
        assertEquals(Outcome.LOADED, two.outcome(), two.toString());
        assertOn(BOOT, Map.of("maint", false));
        LoadReport none = loader.rollback(opts());
        assertEquals(Outcome.REFUSED, none.outcome());
        assertTrue(none.problems().get(0).startsWith("nothing to roll back to"), none.problems().toString());
    }

    @Test
    void aFailedRollbackGoesBackToWhereItStarted() throws Exception {
        assertEquals(Outcome.LOADED, loader.load(NEXT, opts()).outcome());
        xen.failOnce("flask-label-pci 0000:00:07.0", 2, "xc_flask_add_device: Unable to set context: -1");
        LoadReport r = loader.rollback(opts());
        assertEquals(Outcome.ROLLED_BACK, r.outcome(), r.toString());
        assertOn(NEXT, Map.of("maint", false, "audit", true));
    }

    @Test
    void aRebootForgetsRunTimeLoadsAndStartsFromTheBootPolicy() throws Exception {
        assertEquals(Outcome.LOADED, loader.load(NEXT, opts()).outcome());
        xen.bootWith(BOOT);
        xen.domain("web", 3, "system_u:system_r:web_t");
        LoadReport r = loader.load(THIRD, opts());
        assertEquals(Outcome.LOADED, r.outcome(), r.toString());
        assertEquals(BOOT.digest(), r.fromDigest(), "after the reboot the host ran its boot policy, not NEXT");
        assertOn(THIRD, Map.of("maint", true));
    }

    @Test
    void aChangeCutOffByARebootIsRecordedAndNeedsNoRecovery() throws Exception {
        xen.dropAfter("xl loadpolicy /var/lib/cordon/policies/" + NEXT.digest()).failReconnects(99);
        assertEquals(Outcome.STATE_UNKNOWN, loader.load(NEXT, opts()).outcome());
        // the host reboots (what /var/lib/cordon and /boot hold survives, as on a disk) and comes back on its boot policy
        xen.bootWith(BOOT);
        xen.failReconnects(0).reconnect();
        PolicyLoader.HostStatus s = loader().status();
        assertTrue(s.pending().orElseThrow().cutOffByReboot(s.boot()));
        assertTrue(s.notes().stream().anyMatch(n -> n.startsWith("a change (load next, since ") && n.contains("was cut off by a "
                + "reboot: nothing of it is in force")), s.notes().toString());
        // no rollback needed: the next load records what became of the change and goes ahead
        LoadReport r = loader().load(THIRD, opts());
        assertEquals(Outcome.LOADED, r.outcome(), r.toString());
        assertTrue(r.warnings().get(0).startsWith("a change cut off by a reboot (load next"), r.warnings().toString());
        assertEquals(BOOT.digest(), r.fromDigest());
        assertFalse(xen.files.containsKey("/var/lib/cordon/pending"));
        assertTrue(loader().history().entries().stream().anyMatch(e -> e.result().equals("cut-off-by-reboot")
                && e.digest().equals(NEXT.digest()) && e.name().equals("next")));
        assertOn(THIRD, Map.of("maint", true));
    }

    @Test
    void statusShowsTheHostAndItsHistory() throws Exception {
        assertEquals(Outcome.LOADED, loader.load(NEXT, opts()).outcome());
        PolicyLoader.HostStatus s = loader.status();
        assertEquals(new XenVersion(4, 17, ".5"), s.version());
        assertEquals("enforcing", s.flaskOption());
        assertEquals(3, s.domains().size());
        assertEquals(NEXT.digest(), s.current().orElseThrow().digest());
        assertEquals(2, s.history().size());
        assertTrue(s.notes().isEmpty(), s.notes().toString());
    }
}
