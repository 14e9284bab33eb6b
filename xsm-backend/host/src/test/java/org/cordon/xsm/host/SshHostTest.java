package org.cordon.xsm.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SSH transport against Apache MINA SSHD's server in-process, whose commands a {@link FakeXen} dom0 answers: host
 * keys checked strictly (unknown and changed keys refused, never learned), only the given key offered, standard input
 * and exit statuses carried, a dropped connection reported as such — and a whole load over it.
 */
class SshHostTest {

    @TempDir
    Path tmp;

    FakeDom0Server server;
    FakeXen xen;
    KeyPair client;
    Path identity;
    Path knownHosts;

    @BeforeEach
    void start() throws Exception {
        xen = new FakeXen("ssh", PolicyLoaderTest.BOOT).pci("0000:00:05.0");
        xen.file("/boot/grub/grub.cfg", PolicyLoaderTest.GRUB.getBytes());
        xen.file("/boot/xenpolicy-4.17-amd64", PolicyLoaderTest.BOOT.binary());
        client = FakeDom0Server.ecKey();
        server = new FakeDom0Server(xen, client.getPublic(), tmp.resolve("host-key"));
        identity = tmp.resolve("id_ecdsa");
        FakeDom0Server.writeIdentity(client, identity);
        knownHosts = tmp.resolve("known_hosts");
        Files.writeString(knownHosts, server.knownHostsLine() + "\n");
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    String hostKeyLine() throws Exception {
        return server.knownHostsLine().substring(server.knownHostsLine().indexOf(' ') + 1);
    }

    HostAddress address() {
        return HostAddress.parse("ssh://root@127.0.0.1:" + server.port());
    }

    SshHost connect() throws HostException {
        return SshHost.connect(address(), new SshHost.Settings(identity, knownHosts, Duration.ofSeconds(10)));
    }

    @Test
    void runsCommandsWithStandardInputAndExitStatus() throws Exception {
        try (SshHost h = connect()) {
            HostFiles files = new HostFiles(h);
            byte[] content = "a policy\u0000with bytes\n".getBytes(StandardCharsets.UTF_8);
            files.write("/root/p.bin", content);
            assertArrayEquals(content, files.read("/root/p.bin").orElseThrow());
            CommandResult r = h.run(List.of("cat", "--", "/nope"), Duration.ofSeconds(10));
            assertEquals(1, r.exit());
            assertTrue(r.stderr().contains("No such file"), r.stderr());
            assertEquals(FlaskMode.ENFORCING, new XenHost(h).mode());
        }
    }

    @Test
    void anUnknownHostKeyIsRefusedAndNotLearned() throws Exception {
        Files.writeString(knownHosts, "[127.0.0.1]:1 " + hostKeyLine() + "\n");
        HostException e = assertThrows(HostException.class, this::connect);
        assertEquals(HostException.Kind.HOST_KEY, e.kind());
        assertTrue(e.getMessage().contains("is not in " + knownHosts), e.getMessage());
        assertEquals("[127.0.0.1]:1 " + hostKeyLine() + "\n", Files.readString(knownHosts), "known_hosts untouched");
    }

    @Test
    void aChangedHostKeyIsRefusedLoudly() throws Exception {
        KeyPair other = FakeDom0Server.ecKey();
        Files.writeString(knownHosts, "[127.0.0.1]:" + server.port() + " " + PublicKeyEntry.toString(other.getPublic()) + "\n");
        HostException e = assertThrows(HostException.class, this::connect);
        assertEquals(HostException.Kind.HOST_KEY, e.kind());
        assertTrue(e.getMessage().startsWith("HOST KEY MISMATCH"), e.getMessage());
    }

    @Test
    void aKeyTheHostDoesNotKnowIsRefused() throws Exception {
        try (OutputStream out = Files.newOutputStream(identity)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(FakeDom0Server.ecKey(), "stranger", null, out);
        }
        HostException e = assertThrows(HostException.class, this::connect);
        assertEquals(HostException.Kind.AUTHENTICATION, e.kind(), e.getMessage());
    }

    @Test
    void missingFilesAreSetupErrors() {
        HostException e = assertThrows(HostException.class, () -> SshHost.connect(address(),
                new SshHost.Settings(identity, tmp.resolve("absent"), Duration.ofSeconds(5))));
        assertEquals(HostException.Kind.SETUP, e.kind());
        HostException noKey = assertThrows(HostException.class, () -> SshHost.connect(address(),
                new SshHost.Settings(tmp.resolve("absent"), knownHosts, Duration.ofSeconds(5))));
        assertEquals(HostException.Kind.SETUP, noKey.kind());
    }

    @Test
    void aConnectionDroppedUnderACommandIsUnreachableAndReconnects() throws Exception {
        try (SshHost h = connect()) {
            server.dropNextCommand();
            HostException e = assertThrows(HostException.class, () -> h.run(List.of("sync"), Duration.ofSeconds(10)));
            assertTrue(e.stateUnknown(), e.getMessage());
            h.reconnect();
            assertEquals(0, h.run(List.of("sync"), Duration.ofSeconds(10)).exit());
        }
    }

    @Test
    void aWholeLoadOverSsh() throws Exception {
        try (SshHost h = connect()) {
            LoadReport r = new PolicyLoader(new XenHost(h), HostHistory.DEFAULT_DIR, PolicyLoader.Progress.NONE,
                    Clock.systemUTC()).load(PolicyLoaderTest.NEXT, PolicyLoader.Options.defaults());
            assertEquals(LoadReport.Outcome.LOADED, r.outcome(), r.toString());
            assertEquals(PolicyLoaderTest.NEXT.digest(), xen.loadedDigest());
        }
    }
}
