package org.cordon.xsm.host;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
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

/**
 * A fake dom0 behind a real SSH server (Apache MINA SSHD, on 127.0.0.1): each exec request is answered by a
 * {@link FakeXen} after reading all of standard input, with its hooks and injected faults (a lost connection closes
 * the session). Only {@code root} with the client's key gets in, so any SSH
 * client (Cordon's, OpenSSH, Ansible's) meets it as it meets a real host.
 */
public final class FakeDom0Server implements AutoCloseable {

    private final SshServer server;
    private final FakeXen xen;
    private final AtomicBoolean dropNext = new AtomicBoolean();

    /** Starts the server on a free loopback port; its host key is kept in {@code hostKey} (made when absent). */
    public FakeDom0Server(FakeXen xen, PublicKey client, Path hostKey) throws IOException {
        this.xen = xen;
        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(new SimpleGeneratorHostKeyProvider(hostKey));
        server.setPublickeyAuthenticator((user, key, session) -> user.equals("root") && KeyUtils.compareKeys(key, client));
        server.setCommandFactory((channel, line) -> new Dom0Command(line));
        server.start();
    }

    /** An EC key pair, as a client's identity. */
    public static KeyPair ecKey() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    /** Writes {@code key} as an OpenSSH private key file without a passphrase (owner-only, as ssh requires). */
    public static void writeIdentity(KeyPair key, Path file) throws IOException, GeneralSecurityException {
        try (OutputStream out = Files.newOutputStream(file)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(key, "cordon-test", null, out);
        }
        try {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: nothing to restrict
        }
    }

    public int port() {
        return server.getPort();
    }

    public String address() {
        return "ssh://root@127.0.0.1:" + port();
    }

    public FakeXen xen() {
        return xen;
    }

    /** The known_hosts line for this server: {@code [127.0.0.1]:PORT KEY}. */
    public String knownHostsLine() throws IOException, GeneralSecurityException {
        KeyPair host = server.getKeyPairProvider().loadKeys(null).iterator().next();
        return "[127.0.0.1]:" + port() + " " + PublicKeyEntry.toString(host.getPublic());
    }

    /** The next command finds the network gone: the session closes without an exit status. */
    public void dropNextCommand() {
        dropNext.set(true);
    }

    @Override
    public void close() throws IOException {
        server.stop(true);
    }

    /** One exec request, answered by the fake dom0 after reading all of standard input. */
    private final class Dom0Command implements Command, Runnable {
        private final String line;
        private InputStream in;
        private OutputStream out;
        private OutputStream err;
        private ExitCallback exit;
        private ChannelSession channel;

        Dom0Command(String line) {
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
                CommandResult r;
                try {
                    // as the fake's own transport runs it: hooks and injected failures apply
                    r = xen.run(ShellWords.split(line), stdin.toByteArray(), Duration.ofMinutes(1));
                } catch (HostException e) {
                    // an injected connection loss: the session goes away; the next session finds the host up again
                    channel.getSession().close(true);
                    xen.reconnect();
                    return;
                }
                out.write(r.stdout());
                out.flush();
                err.write(r.stderr().getBytes(StandardCharsets.UTF_8));
                err.flush();
                exit.onExit(r.exit());
            } catch (HostException e) {
                exit.onExit(255, e.getMessage());
            } catch (IOException | RuntimeException e) {
                // a fault of the fake itself must reach the client as a failed command, not leave it waiting
                java.io.StringWriter trace = new java.io.StringWriter();
                e.printStackTrace(new java.io.PrintWriter(trace));
                try {
                    err.write(("fake dom0: " + trace).getBytes(StandardCharsets.UTF_8));
                    err.flush();
                } catch (IOException ignored) {
                    // the channel is gone: the exit status below is all that can be said
                }
                exit.onExit(255, String.valueOf(e.getMessage()));
            }
        }

        @Override
        public void destroy(ChannelSession channel) {
        }
    }
}
