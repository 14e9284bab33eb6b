package org.cordon.xsm.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
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

    SshServer server;
    FakeXen xen;
    KeyPair client;
    Path identity;
    Path knownHosts;
    final AtomicBoolean dropNext = new AtomicBoolean();

    @BeforeEach
    void start() throws Exception {
        xen = new FakeXen("ssh", PolicyLoaderTest.BOOT).pci("0000:00:05.0");
        xen.file("/boot/grub/grub.cfg", PolicyLoaderTest.GRUB.getBytes());
        xen.file("/boot/xenpolicy-4.17-amd64", PolicyLoaderTest.BOOT.binary());
        client = ecKey();
        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(new SimpleGeneratorHostKeyProvider(tmp.resolve("host-key")));
        server.setPublickeyAuthenticator((user, key, session) -> user.equals("root")
                && KeyUtils.compareKeys(key, client.getPublic()));
        server.setCommandFactory((channel, line) -> new FakeDom0Command(line));
        server.start();
        identity = tmp.resolve("id_ecdsa");
        try (OutputStream out = Files.newOutputStream(identity)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(client, "cordon-test", null, out);
        }
        knownHosts = tmp.resolve("known_hosts");
        Files.writeString(knownHosts, "[127.0.0.1]:" + server.getPort() + " " + hostKeyLine() + "\n");
    }

    @AfterEach
    void stop() throws IOException {
        server.stop(true);
    }

    static KeyPair ecKey() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    String hostKeyLine() throws Exception {
        KeyPair host = server.getKeyPairProvider().loadKeys(null).iterator().next();
        return PublicKeyEntry.toString(host.getPublic());
    }

    HostAddress address() {
        return HostAddress.parse("ssh://root@127.0.0.1:" + server.getPort());
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
        KeyPair other = ecKey();
        Files.writeString(knownHosts, "[127.0.0.1]:" + server.getPort() + " " + PublicKeyEntry.toString(other.getPublic()) + "\n");
        HostException e = assertThrows(HostException.class, this::connect);
        assertEquals(HostException.Kind.HOST_KEY, e.kind());
        assertTrue(e.getMessage().startsWith("HOST KEY MISMATCH"), e.getMessage());
    }

    @Test
    void aKeyTheHostDoesNotKnowIsRefused() throws Exception {
        try (OutputStream out = Files.newOutputStream(identity)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(ecKey(), "stranger", null, out);
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
            dropNext.set(true);
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

    /** One exec request, answered by the fake dom0 after reading all of standard input. */
    private final class FakeDom0Command implements Command, Runnable {
        private final String line;
        private InputStream in;
        private OutputStream out;
        private OutputStream err;
        private ExitCallback exit;
        private ChannelSession channel;

        FakeDom0Command(String line) {
            this.line = line;
        }

        @Override
        public void setInputStream(InputStream in) {
            this.in = in;
        }

        @Override
        public void setOutputStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void setErrorStream(OutputStream err) {
            this.err = err;
        }

        @Override
        public void setExitCallback(ExitCallback exit) {
            this.exit = exit;
        }

        @Override
        public void start(ChannelSession channel, Environment env) {
            this.channel = channel;
            new Thread(this, "fake-dom0").start();
        }

        @Override
        public void run() {
            try {
                if (dropNext.getAndSet(false)) {
                    // the network goes away under the command: no exit status ever comes
                    channel.getSession().close(true);
                    return;
                }
                ByteArrayOutputStream stdin = new ByteArrayOutputStream();
                in.transferTo(stdin);
                CommandResult r = xen.exec(ShellWords.split(line), stdin.toByteArray());
                out.write(r.stdout());
                out.flush();
                err.write(r.stderr().getBytes(StandardCharsets.UTF_8));
                err.flush();
                exit.onExit(r.exit());
            } catch (IOException e) {
                exit.onExit(255, e.getMessage());
            }
        }

        @Override
        public void destroy(ChannelSession channel) {
        }
    }
}
