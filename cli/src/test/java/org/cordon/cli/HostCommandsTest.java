package org.cordon.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cordon.cli.CliTest.Result;
import org.cordon.xsm.host.FakeXen;
import org.cordon.xsm.host.HostException;
import org.cordon.xsm.host.LoadablePolicy;
import org.cordon.xsm.host.TestPolicies;
import org.cordon.xsm.host.XenHost;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * load, status, rollback, install and rollout as a user runs them, against fake Xen 4.17 hosts (the loader's own
 * safety is tested in xsm-backend; these check the commands: inputs, the build manifest, reports and exit codes).
 */
class HostCommandsTest {

    static final LoadablePolicy BOOT = TestPolicies.build("boot", "4.17", List.of("guest_t"), List.of(), List.of());

    @TempDir
    Path tmp;

    final Map<String, FakeXen> hosts = new LinkedHashMap<>();

    static Path harness() {
        return Path.of(System.getProperty("cordon.root", "..")).resolve("tests/xen/policies/harness.cordon");
    }

    FakeXen host(String address) {
        FakeXen x = FakeXen.bootedFromGrub(address, BOOT);
        hosts.put(address, x);
        return x;
    }

    @BeforeEach
    void fakeHosts() {
        HostOptions.connectorForTests = a -> {
            FakeXen x = hosts.get(a);
            if (x == null) {
                throw new HostException(HostException.Kind.UNREACHABLE, "cannot connect to " + a + ": Connection refused");
            }
            return new XenHost(x);
        };
    }

    @AfterEach
    void realHosts() {
        HostOptions.connectorForTests = null;
    }

    Path compiled(String... extra) {
        Path out = tmp.resolve("out" + extra.length);
        List<String> args = new java.util.ArrayList<>(List.of("compile", harness().toString(), "-o", out.toString()));
        args.addAll(List.of(extra));
        Result r = CliTest.run(args.toArray(String[]::new));
        assertEquals(0, r.exit(), r.err());
        return out;
    }

    @Test
    void compileRecordsTheTargetTheDigestAndTheVerdict() throws Exception {
        Path out = compiled();
        JsonObject m = JsonParser.parseString(Files.readString(out.resolve("cordon-build.json"))).getAsJsonObject();
        assertEquals("4.17", m.get("targetXen").getAsString());
        assertTrue(m.get("verified").getAsBoolean());
        assertEquals(org.cordon.xsm.host.Digests.sha256(Files.readAllBytes(out.resolve("xenpolicy"))), m.get("xenpolicySha256").getAsString());
    }

    @Test
    void loadStatusAndRollback() throws Exception {
        FakeXen x = host("ssh://root@h1");
        Path out = compiled();
        Result load = CliTest.run("load", out.toString(), "--host", "ssh://root@h1");
        assertEquals(0, load.exit(), load.out() + load.err());
        assertTrue(load.out().contains("ok      loadpolicy"), load.out());
        assertTrue(load.out().contains("ssh://root@h1: loaded"), load.out());
        assertEquals(org.cordon.xsm.host.Digests.sha256(Files.readAllBytes(out.resolve("xenpolicy"))), x.loadedDigest());

        Result status = CliTest.run("status", "--host", "ssh://root@h1", "--format", "json");
        assertEquals(0, status.exit(), status.out() + status.err());
        JsonObject s = JsonParser.parseString(status.out()).getAsJsonObject();
        assertEquals(x.loadedDigest(), s.getAsJsonObject("policy").get("digest").getAsString());
        assertEquals(2, s.getAsJsonArray("history").size(), status.out()); // the boot policy as baseline, then the load

        Result back = CliTest.run("rollback", "--host", "ssh://root@h1");
        assertEquals(0, back.exit(), back.out() + back.err());
        assertTrue(back.out().contains("rolled back"), back.out());
        assertEquals(BOOT.digest(), x.loadedDigest());
    }

    @Test
    void diffRunningOnComparesWhatTheHostRunsWithTheNewPolicy() throws Exception {
        host("ssh://root@h1");
        Path out = compiled();
        // before any load the host runs its boot policy: the harness grants more
        Result before = CliTest.run("diff", "--running-on", "ssh://root@h1", out.resolve("xenpolicy").toString(), "--format", "json");
        assertEquals(1, before.exit(), before.out() + before.err());
        JsonObject d = JsonParser.parseString(before.out()).getAsJsonObject();
        assertFalse(d.get("identical").getAsBoolean());
        assertTrue(d.get("old").getAsString().startsWith("ssh://root@h1: the boot policy /boot/xenpolicy-4.17-amd64"), before.out());
        assertEquals(0, CliTest.run("load", out.toString(), "--host", "ssh://root@h1").exit());
        Result after = CliTest.run("diff", "--running-on", "ssh://root@h1", out.resolve("xenpolicy").toString());
        assertEquals(0, after.exit(), after.out() + after.err());
        assertTrue(after.out().contains("no difference"), after.out());

        Result both = CliTest.run("diff", "--running-on", "ssh://root@h1", out.toString(), out.toString());
        assertEquals(2, both.exit());
        Result unreachable = CliTest.run("diff", "--running-on", "ssh://root@h9", out.resolve("xenpolicy").toString());
        assertEquals(3, unreachable.exit(), unreachable.err());
        FakeXen bare = host("ssh://root@h2");
        bare.files.remove("/boot/xenpolicy-4.17-amd64");
        Result unknown = CliTest.run("diff", "--running-on", "ssh://root@h2", out.resolve("xenpolicy").toString());
        assertEquals(2, unknown.exit(), unknown.err());
        assertTrue(unknown.err().contains("does not know which policy"), unknown.err());
    }

    @Test
    void aBinaryWithoutItsManifestIsNotTakenAsVerified() throws Exception {
        FakeXen x = host("ssh://root@h1");
        Path bare = tmp.resolve("bare.xenpolicy");
        Files.copy(compiled().resolve("xenpolicy"), bare);
        Result r = CliTest.run("load", bare.toString(), "--host", "ssh://root@h1");
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("was not verified by cordon compile"), r.out());
        // the release is read off the binary's classes: 4.17's exactly
        assertFalse(r.out().contains("does not say which Xen release it targets"), r.out());
        assertEquals(BOOT.digest(), x.loadedDigest());
        Result forced = CliTest.run("load", bare.toString(), "--host", "ssh://root@h1", "--allow-unverified");
        assertEquals(0, forced.exit(), forced.out() + forced.err());
    }

    @Test
    void aPolicyCompiledWithoutVerificationIsRefused() {
        host("ssh://root@h1");
        Result r = CliTest.run("load", compiled("--no-verify").toString(), "--host", "ssh://root@h1", "--format", "json");
        assertEquals(1, r.exit());
        JsonObject o = JsonParser.parseString(r.out()).getAsJsonObject();
        assertEquals("refused", o.get("outcome").getAsString());
    }

    @Test
    void inputErrorsExitTwoWithoutATrace() throws Exception {
        Path out = compiled();
        HostOptions.connectorForTests = null;
        Result badHost = CliTest.run("load", out.toString(), "--host", "h1.example");
        assertEquals(2, badHost.exit());
        Result badAddress = CliTest.run("status", "--host", "ftp://h1");
        assertEquals(2, badAddress.exit());
        assertTrue(badAddress.err().contains("neither 'local' nor ssh://"), badAddress.err());
        Result noKnownHosts = CliTest.run("status", "--host", "ssh://root@127.0.0.1:1", "--known-hosts",
                tmp.resolve("none").toString(), "--identity", tmp.resolve("none").toString());
        assertEquals(2, noKnownHosts.exit(), noKnownHosts.err());
        assertTrue(noKnownHosts.err().contains("known_hosts file"), noKnownHosts.err());
        Result missing = CliTest.run("load", tmp.resolve("nothing").toString(), "--host", "local");
        assertEquals(2, missing.exit());
        Path junk = tmp.resolve("junk");
        Files.write(junk, new byte[] {1, 2, 3});
        Result notAPolicy = CliTest.run("load", junk.toString(), "--host", "local");
        assertEquals(2, notAPolicy.exit());
        assertTrue(notAPolicy.err().contains("not a Xen FLASK binary policy"), notAPolicy.err());
        for (Result r : List.of(badHost, badAddress, noKnownHosts, missing, notAPolicy)) {
            assertFalse(r.err().contains("\tat "), r.err());
        }
    }

    @Test
    void rolloutStopsAtTheFirstFailingWaveAndSaysWhereEachHostIs() throws Exception {
        host("ssh://root@h1");
        host("ssh://root@h2");
        FakeXen h4 = host("ssh://root@h4");
        Path list = tmp.resolve("hosts");
        Files.writeString(list, "# the fleet\nssh://root@h1\nssh://root@h2  # rack 2\nssh://root@h3\nssh://root@h4\n");
        Path out = compiled();
        Result r = CliTest.run("rollout", out.toString(), "--hosts", list.toString(), "--waves", "1,2");
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("== wave 1/3: 1 host"), r.out());
        assertTrue(r.out().contains("rollout STOPPED at wave 2"), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("ssh://root@h3") && l.contains("unreachable")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("ssh://root@h4") && l.contains("not started")), r.out());
        assertEquals(BOOT.digest(), h4.loadedDigest());
        assertEquals(org.cordon.xsm.host.Digests.sha256(Files.readAllBytes(out.resolve("xenpolicy"))), hosts.get("ssh://root@h2").loadedDigest());

        Files.writeString(list, "ssh://root@h1\n  h2.example\n");
        Result bad = CliTest.run("rollout", out.toString(), "--hosts", list.toString());
        assertEquals(2, bad.exit());
        assertTrue(bad.err().startsWith(list + ":2:3: "), bad.err());
    }

    @Test
    void installReplacesTheBootPolicyAndChecksTheEntry() throws Exception {
        FakeXen x = host("ssh://root@h1");
        Path out = compiled();
        Result r = CliTest.run("install", out.toString(), "--host", "ssh://root@h1");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("installed: the next boot enforces it"), r.out());
        assertEquals(org.cordon.xsm.host.Digests.sha256(Files.readAllBytes(out.resolve("xenpolicy"))),
                org.cordon.xsm.host.Digests.sha256(x.files.get("/boot/xenpolicy-4.17-amd64")));
        x.file("/boot/grub/grub.cfg", FakeXen.XSM_GRUB.replace("\tmodule2\t--nounzip   /boot/xenpolicy-4.17-amd64\n", "").getBytes());
        Result notBooted = CliTest.run("install", out.toString(), "--host", "ssh://root@h1");
        assertEquals(1, notBooted.exit(), notBooted.out());
        assertTrue(notBooted.out().contains("fix: run update-grub"), notBooted.out());
    }
}
