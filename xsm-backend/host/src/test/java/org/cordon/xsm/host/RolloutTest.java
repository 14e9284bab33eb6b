package org.cordon.xsm.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Rollouts over fake hosts: waves as Ansible's serial counts them, a failing wave stops, nothing is left half-done. */
class RolloutTest {

    final Map<String, FakeXen> fleet = new LinkedHashMap<>();

    List<String> hosts(int n) {
        for (int i = 1; i <= n; i++) {
            FakeXen x = new FakeXen("ssh://root@h" + i, PolicyLoaderTest.BOOT).pci("0000:00:05.0", "0000:00:06.0");
            x.domain("web", 3, "system_u:system_r:web_t");
            x.file("/boot/grub/grub.cfg", PolicyLoaderTest.GRUB.getBytes());
            x.file("/boot/xenpolicy-4.17-amd64", PolicyLoaderTest.BOOT.binary());
            fleet.put("ssh://root@h" + i, x);
        }
        return List.copyOf(fleet.keySet());
    }

    Rollout rollout() {
        return new Rollout(a -> {
            FakeXen x = fleet.get(a);
            if (x == null) {
                throw new HostException(HostException.Kind.UNREACHABLE, "cannot connect to " + a + ": Connection refused");
            }
            return new XenHost(x);
        }, HostHistory.DEFAULT_DIR, new Rollout.Listener() {
            @Override
            public void step(String host, String step, LoadReport.Status status, String detail) {
            }
        }, 3, Clock.systemUTC());
    }

    @Test
    void wavesAreSizesAndTheLastRepeats() {
        List<String> h = hosts(20);
        List<Rollout.Wave> w = Rollout.plan(h, "1,10%,100%");
        assertEquals(List.of(1, 2, 17), w.stream().map(x -> x.hosts().size()).toList());
        assertEquals(List.of(1, 1, 1, 1), Rollout.plan(h.subList(0, 4), "1").stream().map(x -> x.hosts().size()).toList());
        assertEquals(List.of(2, 2), Rollout.plan(h.subList(0, 4), "50%").stream().map(x -> x.hosts().size()).toList());
        assertThrows(IllegalArgumentException.class, () -> Rollout.plan(h, "1,ten"));
        assertThrows(IllegalArgumentException.class, () -> Rollout.plan(h, "0"));
        assertThrows(IllegalArgumentException.class, () -> Rollout.plan(h, "150%"));
    }

    @Test
    void everyHostLoadsWhenEveryWaveSucceeds() {
        List<String> h = hosts(5);
        Rollout.Result r = rollout().run(Rollout.plan(h, "1,2"), PolicyLoaderTest.NEXT, PolicyLoader.Options.defaults(), false);
        assertTrue(r.complete());
        assertTrue(r.hosts().stream().allMatch(Rollout.HostResult::onNewPolicy), r.toString());
        fleet.values().forEach(x -> assertEquals(PolicyLoaderTest.NEXT.digest(), x.loadedDigest()));
    }

    @Test
    void aFailingWaveStopsTheRolloutAndLaterWavesAreUntouched() {
        List<String> h = hosts(6);
        // h2 runs a domain the new policy cannot label: its preflight refuses
        fleet.get(h.get(1)).domain("legacy", 7, "system_u:system_r:legacy_t");
        fleet.get(h.get(1)).bootWith(TestPolicies.build("legacy", "4.17", List.of("web_t", "db_t", "legacy_t"),
                List.of("maint:false"), List.of("0000:00:05.0=slot5_dev_t")));
        fleet.get(h.get(1)).domain("legacy", 7, "system_u:system_r:legacy_t");
        Rollout.Result r = rollout().run(Rollout.plan(h, "1,2,100%"), PolicyLoaderTest.NEXT,
                PolicyLoader.Options.defaults(), false);
        assertEquals(2, r.stoppedAtWave());
        assertTrue(r.settled());
        assertTrue(r.hosts().get(0).onNewPolicy());
        assertEquals(LoadReport.Outcome.REFUSED, r.hosts().get(1).load().orElseThrow().outcome());
        for (String later : h.subList(3, 6)) {
            assertEquals(PolicyLoaderTest.BOOT.digest(), fleet.get(later).loadedDigest(), later + " was not to be touched");
            assertEquals("not started", r.hosts().stream().filter(x -> x.host().equals(later)).findFirst().orElseThrow().state());
        }
    }

    @Test
    void rollbackOnFailureReturnsTheHostsAlreadyMoved() {
        List<String> h = new java.util.ArrayList<>(hosts(2));
        h.add("ssh://root@gone");
        Rollout.Result r = rollout().run(Rollout.plan(h, "2,1"), PolicyLoaderTest.NEXT, PolicyLoader.Options.defaults(), true);
        assertEquals(2, r.stoppedAtWave());
        assertEquals(LoadReport.Outcome.UNREACHABLE, r.hosts().get(2).load().orElseThrow().outcome());
        for (String moved : h.subList(0, 2)) {
            assertEquals(PolicyLoaderTest.BOOT.digest(), fleet.get(moved).loadedDigest(), moved + " should be back");
        }
        assertFalse(r.hosts().get(0).onNewPolicy());
        assertTrue(r.settled(), r.toString());
    }
}
