package org.cordon.ansible;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.cordon.xsm.host.Digests;
import org.cordon.xsm.host.FakeXen;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The collection's wave rollout ({@code playbooks/rollout.yml}: compile and verify on the controller, then
 * {@code serial: [1, "10%", "100%"]} with {@code max_fail_percentage: 0}) run by the real ansible-playbook against 20
 * fake Xen hosts behind real SSH servers: check mode (and its diff) changes nothing; a host whose Xen rejects the load in
 * the second wave stops the rollout there; the next run finishes it and leaves the hosts already done alone; a run
 * after that changes nothing; rollback; an unreachable host; installing and booleans, each changed once. Each host's state is read off its fake Xen, not off
 * what Ansible said.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AnsibleFleetIT {

    static final String LOAD = "Load the policy (preflight, backup, xl loadpolicy, post-checks, rollback on failure)";
    static final String STATUS = "Read what the host runs now (the fact cordon_status)";

    private Path dir;
    private FakeFleet fleet;
    private Playbook ansible;
    private Path build;

    @BeforeAll
    void fleet() throws Exception {
        Playbook.requireAnsible();
        dir = Path.of("target/ansible-fleet").toAbsolutePath();
        if (Files.exists(dir)) {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        fleet = new FakeFleet(20, dir.resolve("fleet"));
        ansible = new Playbook(dir.resolve("controller"));
        build = dir.resolve("build/cordon");
    }

    @AfterAll
    void stop() throws Exception {
        if (fleet != null) {
            fleet.close();
        }
    }

    private Playbook.Run rollout(String... extra) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("cordon.xen.rollout",
                "-e", "cordon_policy_source=" + Playbook.root().resolve("tests/xen/policies/harness.cordon"),
                "-e", "cordon_policy_dir=" + build,
                "-e", "cordon_known_hosts=" + fleet.knownHosts,
                "-e", "cordon_executable=" + ansible.cordon()));
        args.addAll(List.of(extra));
        return ansible.playbook(fleet.inventory, args);
    }

    private String compiled() throws Exception {
        return Digests.sha256(Files.readAllBytes(build.resolve("xenpolicy")));
    }

    /** A role's task is named "ROLE : NAME" by Ansible. */
    private static Map<String, JsonObject> roleTask(Playbook.Run r, String name) {
        return r.task("cordon.xen.policy_rollout : " + name);
    }

    /** Every host, wave by wave: x01; then x02 and x03 (10 % of 20); then the 17 others (in the order they finished). */
    private void assertInWaves(java.util.Set<String> done) {
        List<String> order = List.copyOf(done);
        assertEquals(20, order.size(), order.toString());
        assertEquals("x01", order.get(0), order.toString());
        assertEquals(java.util.Set.of("x02", "x03"), java.util.Set.copyOf(order.subList(1, 3)), order.toString());
        assertEquals(java.util.Set.copyOf(fleet.names().subList(3, 20)), java.util.Set.copyOf(order.subList(3, 20)), order.toString());
    }

    @Test
    @Order(1)
    void checkModeRunsThePreflightEverywhereShowsTheDiffAndChangesNothing() throws Exception {
        Playbook.Run r = rollout("--check");
        assertEquals(0, r.exit(), r.toString());
        Map<String, JsonObject> load = roleTask(r, LOAD);
        assertInWaves(load.keySet());
        for (JsonObject h : load.values()) {
            assertTrue(h.get("changed").getAsBoolean(), h.toString());
            assertEquals("dry_run", h.get("outcome").getAsString(), h.toString());
        }
        // the diff is the same on every host (they boot one policy): shown for one
        Playbook.Run d = rollout("--check", "--diff", "--limit", "x01");
        assertEquals(0, d.exit(), d.toString());
        String diff = roleTask(d, LOAD).get("x01").getAsJsonObject("diff").get("prepared").getAsString();
        assertTrue(diff.contains("accesses:") && diff.contains("the boot policy /boot/xenpolicy-4.17-amd64"), diff);
        assertTrue(d.stdout().contains(diff.lines().findFirst().orElseThrow()), "ansible-playbook --diff shows it: " + d.stdout());
        for (String n : fleet.names()) {
            assertEquals(FakeFleet.BOOT.digest(), fleet.xen(n).loadedDigest(), n + " was changed by a check run");
            assertEquals(0, fleet.xen(n).loads, n);
        }
    }

    @Test
    @Order(2)
    void aHostWhoseXenRejectsTheLoadStopsTheRolloutInItsWave() throws Exception {
        // wave 1 is x01, wave 2 (10 % of 20) x02 and x03, wave 3 the other 17
        fleet.xen("x03").failOnce("loadpolicy", 1, "xc: error: Unable to load new Flask policy: Operation not permitted");
        Playbook.Run r = rollout();
        assertEquals(2, r.exit(), "ansible-playbook's exit for failed hosts: " + r);
        Map<String, JsonObject> load = roleTask(r, LOAD);
        assertEquals(java.util.Set.of("x01", "x02", "x03"), load.keySet(), "wave 3 never started: " + load.keySet());
        String next = compiled();
        assertEquals(next, fleet.xen("x01").loadedDigest());
        assertEquals(next, fleet.xen("x02").loadedDigest());
        JsonObject failed = load.get("x03");
        assertTrue(failed.get("failed").getAsBoolean(), failed.toString());
        assertEquals(1, failed.get("cordon_rc").getAsInt(), failed.toString());
        assertTrue(failed.get("msg").getAsString().contains("not done: the host runs what it ran"), failed.toString());
        assertEquals(FakeFleet.BOOT.digest(), fleet.xen("x03").loadedDigest(), "x03 was rolled back to what it ran");
        for (String n : fleet.names().subList(3, 20)) {
            assertEquals(FakeFleet.BOOT.digest(), fleet.xen(n).loadedDigest(), n + " was touched after the rollout stopped");
            assertEquals(0, fleet.xen(n).loads, n);
        }
        assertEquals(1, r.stat("x03", "failures"));
        assertEquals(1, r.stat("x01", "changed"));
    }

    @Test
    @Order(3)
    void theNextRunFinishesTheRolloutAndARunAfterThatChangesNothing() throws Exception {
        Playbook.Run r = rollout();
        assertEquals(0, r.exit(), r.toString());
        Map<String, JsonObject> load = roleTask(r, LOAD);
        assertInWaves(load.keySet());
        String next = compiled();
        assertEquals(List.of("x01", "x02"), load.entrySet().stream().filter(e -> !e.getValue().get("changed").getAsBoolean())
                .map(Map.Entry::getKey).collect(Collectors.toList()), "the hosts already done are left alone");
        for (String n : fleet.names()) {
            assertEquals(next, fleet.xen(n).loadedDigest(), n);
            JsonObject facts = roleTask(r, STATUS).get(n).getAsJsonObject("ansible_facts").getAsJsonObject("cordon_status");
            assertEquals(next, facts.get("policy_digest").getAsString(), n + ": the fact says what the host runs");
        }
        int loadsBefore = fleet.names().stream().mapToInt(n -> fleet.xen(n).loads).sum();
        Playbook.Run again = rollout();
        assertEquals(0, again.exit(), again.toString());
        for (String n : fleet.names()) {
            assertEquals(0, again.stat(n, "changed"), n + " changed on a re-run: " + again.stats());
        }
        assertEquals(loadsBefore, fleet.names().stream().mapToInt(n -> fleet.xen(n).loads).sum(), "no xl loadpolicy on a re-run");
    }

    /** A play of one cordon_policy task on {@code target} with {@code state} (and {@code bools}), from -e. */
    private Path taskPlaybook() throws Exception {
        Path play = dir.resolve("controller/task.yml");
        Files.writeString(play, """
                - hosts: "{{ target }}"
                  gather_facts: false
                  tasks:
                    - name: cordon_policy
                      cordon.xen.cordon_policy:
                        policy: "%s"
                        state: "{{ state }}"
                        booleans: "{{ bools | default({}) }}"
                        known_hosts: "%s"
                        cordon: "%s"
                """.formatted(build, fleet.knownHosts, ansible.cordon()));
        return play;
    }

    @Test
    @Order(4)
    void rollbackIsIdempotentAndAnUnreachableHostFailsSayingNothingChanged() throws Exception {
        Path play = taskPlaybook();
        Playbook.Run back = ansible.playbook(fleet.inventory, List.of(play.toString(), "-e", "target=x01", "-e", "state=rolled_back"));
        assertEquals(0, back.exit(), back.toString());
        assertTrue(back.task("cordon_policy").get("x01").get("changed").getAsBoolean(), back.toString());
        assertEquals(FakeFleet.BOOT.digest(), fleet.xen("x01").loadedDigest());
        Playbook.Run backAgain = ansible.playbook(fleet.inventory, List.of(play.toString(), "-e", "target=x01", "-e", "state=rolled_back"));
        assertEquals(0, backAgain.exit(), backAgain.toString());
        assertFalse(backAgain.task("cordon_policy").get("x01").get("changed").getAsBoolean(), backAgain.toString());

        fleet.hosts.get("x20").close();
        Playbook.Run gone = ansible.playbook(fleet.inventory, List.of(play.toString(), "-e", "target=x20", "-e", "state=loaded"));
        assertEquals(2, gone.exit(), gone.toString());
        JsonObject r = gone.task("cordon_policy").get("x20");
        assertEquals(3, r.get("cordon_rc").getAsInt(), r.toString());
        assertTrue(r.get("msg").getAsString().contains("unreachable: nothing changed"), r.toString());
    }

    @Test
    @Order(5)
    void installingAndBooleansAreIdempotentToo() throws Exception {
        Path play = taskPlaybook();
        FakeXen x02 = fleet.xen("x02");
        Playbook.Run install = ansible.playbook(fleet.inventory, List.of(play.toString(), "-e", "target=x02", "-e", "state=installed"));
        assertEquals(0, install.exit(), install.toString());
        assertTrue(install.task("cordon_policy").get("x02").get("changed").getAsBoolean(), install.toString());
        assertEquals(compiled(), Digests.sha256(x02.files.get("/boot/xenpolicy-4.17-amd64")), "the boot policy is the compiled one");
        Playbook.Run again = ansible.playbook(fleet.inventory, List.of(play.toString(), "-e", "target=x02", "-e", "state=installed"));
        assertFalse(again.task("cordon_policy").get("x02").get("changed").getAsBoolean(), again.toString());

        List<String> locked = List.of(play.toString(), "-e", "target=x02", "-e", "state=loaded", "-e",
                "{\"bools\": {\"prot_doms_locked\": true}}");
        int loads = x02.loads;
        Playbook.Run on = ansible.playbook(fleet.inventory, locked);
        assertEquals(0, on.exit(), on.toString());
        assertTrue(on.task("cordon_policy").get("x02").get("changed").getAsBoolean(), "the host runs the policy, not the boolean");
        assertEquals(Boolean.TRUE, x02.booleans.get("prot_doms_locked"));
        Playbook.Run still = ansible.playbook(fleet.inventory, locked);
        assertFalse(still.task("cordon_policy").get("x02").get("changed").getAsBoolean(), still.toString());
        assertEquals(loads + 1, x02.loads, "one load for the boolean, none for the re-run");
    }
}
