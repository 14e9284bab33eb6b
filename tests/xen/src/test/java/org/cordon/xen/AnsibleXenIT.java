package org.cordon.xen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cordon.ansible.Playbook;
import org.cordon.xsm.host.Digests;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The cordon.xen collection run by the real ansible-playbook against the real Xen 4.17 over SSH (Cordon's client,
 * host-key checking on): the wave rollout in check mode with diffs, the load, a re-run that changes nothing, and a
 * rollback. The host boots the harness policy as its Xen boot module (not from a GRUB entry, so Cordon needs it as
 * the baseline); after each step Xen's own tools say which policy it enforces, and every AVC line is judged.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AnsibleXenIT {

    private static final List<String> V1_BOOLS = List.of("guest_writeconsole", "prot_doms_locked");
    private static final List<String> V2_BOOLS = List.of("extra_locked", "guest_writeconsole", "prot_doms_locked");
    private static final String LOAD = "cordon.xen.policy_rollout : Load the policy (preflight, backup, xl loadpolicy, "
            + "post-checks, rollback on failure)";

    private XenHost host;
    private Scenario avc;
    private Playbook ansible;
    private Path inventory;
    private Path v1;
    private Path v2src;
    private Path build;

    @BeforeAll
    void boot() throws Exception {
        if (XenHost.missing().isPresent() || !(org.cordon.testing.Prerequisites.onPath("ansible-playbook"))) {
            return; // each test says why it is skipped (@BeforeEach)
        }
        Path out = Path.of(System.getProperty("cordon.xen.out", "target/xen")).toAbsolutePath();
        v1 = Policies.compile(Policies.HARNESS, out.resolve("ansible-v1"));
        String src = Files.readString(XenHost.root().resolve(Policies.HARNESS));
        String extra = src.replace("  // probe: nothing lets dom0 build it", "  class extra isolation weak { vm guest }\n"
                + "  allow dom0 create, manage, comms extra\n"
                + "  switch extra_locked default off { } else { allow dom0 migrate extra }\n\n  // probe: nothing lets dom0 build it");
        assertFalse(extra.equals(src), "the harness policy changed: adapt the v2 edit");
        v2src = out.resolve("ansible-v2-src/harness.cordon");
        Files.createDirectories(v2src.getParent());
        Files.writeString(v2src, extra);
        build = out.resolve("ansible-build");
        host = XenHost.boot("--policy", v1.resolve("xenpolicy").toString());
        avc = new Scenario(host, new AvcJournal(out.resolve("avc-ansible.log")));
        avc.enforces("v1", v1.resolve("xenpolicy"));
        avc.step("boot with v1");
        ansible = new Playbook(out.resolve("ansible-controller"));
        inventory = out.resolve("ansible-inventory.ini");
        Files.writeString(inventory, "[xen_hosts]\nxen417 ansible_host=127.0.0.1 ansible_port=" + host.port()
                + " ansible_user=root ansible_ssh_private_key_file=" + host.cache().resolve("id_ed25519") + "\n");
    }

    @AfterAll
    void powerOff() {
        Scenario.powerOff(host, avc);
    }

    @BeforeEach
    void ready() {
        XenHost.requireReady();
        Playbook.requireAnsible();
    }

    private Playbook.Run rollout(String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("cordon.xen.rollout",
                "-e", "cordon_policy_source=" + v2src, "-e", "cordon_policy_dir=" + build,
                "-e", "cordon_policy_baseline=" + v1.resolve("xenpolicy"),
                "-e", "cordon_known_hosts=" + host.cache().resolve("known_hosts"),
                "-e", "cordon_executable=" + ansible.cordon()));
        args.addAll(List.of(extra));
        return ansible.playbook(inventory, args);
    }

    private String v2() throws Exception {
        return Digests.sha256(Files.readAllBytes(build.resolve("xenpolicy")));
    }

    @Test
    @Order(1)
    void checkModeShowsTheDiffAndLeavesXenAsItWas() throws Exception {
        Playbook.Run r = rollout("--check", "--diff");
        assertEquals(0, r.exit(), r.toString());
        JsonObject load = r.task(LOAD).get("xen417");
        assertEquals("dry_run", load.get("outcome").getAsString(), load.toString());
        assertTrue(load.get("changed").getAsBoolean());
        String diff = load.getAsJsonObject("diff").get("prepared").getAsString();
        assertTrue(diff.contains("extra"), "the diff names what v2 adds: " + diff);
        assertEquals(V1_BOOLS, HostCli.booleanNames(host), "Xen still enforces v1");
        assertFalse(HostCli.status(host).has("policy"), "nothing loaded");
    }

    @Test
    @Order(2)
    void theRolloutLoadsAndARerunChangesNothing() throws Exception {
        Playbook.Run r = rollout();
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.task(LOAD).get("xen417").get("changed").getAsBoolean(), r.toString());
        assertEquals(V2_BOOLS, HostCli.booleanNames(host), "Xen enforces v2");
        assertEquals("Enforcing", host.run("xl getenforce").out().trim());
        JsonObject s = HostCli.status(host);
        assertEquals(v2(), s.getAsJsonObject("policy").get("digest").getAsString());
        avc.enforces("v2", build.resolve("xenpolicy"));
        avc.step("ansible rollout of v2");
        int history = s.getAsJsonArray("history").size();

        Playbook.Run again = rollout();
        assertEquals(0, again.exit(), again.toString());
        assertEquals(0, again.stat("xen417", "changed"), again.toString());
        assertEquals(history, HostCli.status(host).getAsJsonArray("history").size(), "no load on the re-run");
    }

    @Test
    @Order(3)
    void rollingBackReturnsXenToWhatItBootedAndOnlyOnce() throws Exception {
        Path play = build.resolveSibling("ansible-rollback.yml");
        Files.writeString(play, """
                - hosts: xen_hosts
                  gather_facts: false
                  tasks:
                    - name: cordon_policy
                      cordon.xen.cordon_policy:
                        policy: "%s"
                        state: rolled_back
                        known_hosts: "%s"
                        cordon: "%s"
                """.formatted(build, host.cache().resolve("known_hosts"), ansible.cordon()));
        Playbook.Run back = ansible.playbook(inventory, List.of(play.toString()));
        assertEquals(0, back.exit(), back.toString());
        assertTrue(back.task("cordon_policy").get("xen417").get("changed").getAsBoolean(), back.toString());
        assertEquals(V1_BOOLS, HostCli.booleanNames(host), "Xen enforces v1 again");
        avc.enforces("v1", v1.resolve("xenpolicy"));
        avc.step("ansible rollback");
        Playbook.Run again = ansible.playbook(inventory, List.of(play.toString()));
        assertEquals(0, again.exit(), again.toString());
        assertFalse(again.task("cordon_policy").get("xen417").get("changed").getAsBoolean(), again.toString());
        assertEquals(V1_BOOLS, HostCli.booleanNames(host));
        avc.journal.assertAgreement();
    }
}
