package org.cordon.xsm.host;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.client.keyverifier.KnownHostsServerKeyVerifier;
import org.apache.sshd.client.keyverifier.RejectAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.FileKeyPairProvider;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;

/**
 * A remote Xen host over SSH (Apache MINA SSHD's client): the server's host key must be the one the known_hosts file
 * holds for {@code host} or {@code [host]:port} (unknown and changed keys are refused, never added), and only the
 * given private key is offered (no passwords, no agent).
 */
public final class SshHost implements HostConnection {

    /** What a connection needs besides the address. */
    public record Settings(Path identity, Path knownHosts, Duration connectTimeout) {

        /** OpenSSH's defaults: ~/.ssh/known_hosts and the first of ~/.ssh/id_ed25519, id_ecdsa, id_rsa. */
        public static Settings defaults(Path identity, Path knownHosts, Duration connectTimeout) {
            Path ssh = Path.of(System.getProperty("user.home"), ".ssh");
            Path id = identity;
            if (id == null) {
                id = ssh.resolve("id_ed25519");
                for (String n : List.of("id_ed25519", "id_ecdsa", "id_rsa")) {
                    if (Files.isRegularFile(ssh.resolve(n))) {
                        id = ssh.resolve(n);
                        break;
                    }
                }
            }
            return new Settings(id, knownHosts == null ? ssh.resolve("known_hosts") : knownHosts,
                    connectTimeout == null ? Duration.ofSeconds(20) : connectTimeout);
        }
    }

    private final HostAddress address;
    private final Settings settings;
    private final KeyPair identity;
    private final SshClient client;
    private final StrictKnownHosts verifier;
    private ClientSession session;

    private SshHost(HostAddress address, Settings settings, KeyPair identity) {
        this.address = address;
        this.settings = settings;
        this.identity = identity;
        this.verifier = new StrictKnownHosts(settings.knownHosts());
        this.client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier(verifier);
        client.setUserAuthFactories(List.of(UserAuthPublicKeyFactory.INSTANCE));
        client.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
        client.start();
    }

    /** Connects and authenticates; HostException says why not (host key, key, network). */
    public static SshHost connect(HostAddress address, Settings settings) throws HostException {
        if (address.local()) {
            throw new IllegalArgumentException("not an SSH address: " + address);
        }
        if (!Files.isRegularFile(settings.knownHosts())) {
            throw new HostException(HostException.Kind.SETUP, "known_hosts file " + settings.knownHosts() + " not found: "
                    + "Cordon checks the host key of every host (give --known-hosts FILE)");
        }
        SshHost h = new SshHost(address, settings, loadIdentity(settings.identity()));
        try {
            h.open();
        } catch (HostException e) {
            h.close();
            throw e;
        }
        return h;
    }

    private static KeyPair loadIdentity(Path key) throws HostException {
        if (key == null || !Files.isRegularFile(key)) {
            throw new HostException(HostException.Kind.SETUP, "identity " + key + " not found (give --identity KEY: an "
                    + "OpenSSH private key without a passphrase)");
        }
        try {
            Iterable<KeyPair> keys = new FileKeyPairProvider(key).loadKeys(null);
            for (KeyPair kp : keys) {
                return kp;
            }
            throw new HostException(HostException.Kind.SETUP, "identity " + key + " holds no private key");
        } catch (RuntimeException e) {
            throw new HostException(HostException.Kind.SETUP, "cannot read identity " + key + ": " + e.getMessage()
                    + " (an OpenSSH private key without a passphrase is needed)", e);
        }
    }

    private void open() throws HostException {
        verifier.problem = null;
        Duration t = settings.connectTimeout();
        try {
            ClientSession s = client.connect(address.user(), address.host(), address.port()).verify(t).getSession();
            try {
                s.addPublicKeyIdentity(identity);
                s.auth().verify(t);
            } catch (IOException | RuntimeException e) {
                s.close(true);
                throw e;
            }
            session = s;
        } catch (IOException | RuntimeException e) {
            if (verifier.problem != null) {
                throw new HostException(HostException.Kind.HOST_KEY, verifier.problem, e);
            }
            // the root cause says it plainly ("Connection refused"); sshd's wrappers add their internals
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            String why = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
            if (e.getMessage() != null && (e.getMessage().contains("No more authentication methods")
                    || e.getMessage().toLowerCase(Locale.ROOT).contains("auth"))) {
                why = e.getMessage();
            }
            if (why.contains("No more authentication methods") || why.toLowerCase(Locale.ROOT).contains("auth")) {
                throw new HostException(HostException.Kind.AUTHENTICATION, address + " did not accept the key "
                        + settings.identity() + " for user " + address.user() + ": " + why, e);
            }
            throw new HostException(HostException.Kind.UNREACHABLE, "cannot connect to " + address + ": " + why, e);
        }
    }

    @Override
    public String address() {
        return address.toString();
    }

    @Override
    public synchronized CommandResult run(List<String> argv, byte[] stdin, Duration timeout) throws HostException {
        if (session == null || !session.isOpen()) {
            throw new HostException(HostException.Kind.UNREACHABLE, "the connection to " + address + " is closed");
        }
        String line = ShellWords.join(argv);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (ChannelExec ch = session.createExecChannel(line)) {
            // always an input stream: at its end the server sees EOF, so `cat` and friends finish
            ch.setIn(new ByteArrayInputStream(stdin == null ? new byte[0] : stdin));
            ch.setOut(out);
            ch.setErr(err);
            ch.open().verify(settings.connectTimeout());
            Set<ClientChannelEvent> events = ch.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), timeout);
            if (events.contains(ClientChannelEvent.TIMEOUT)) {
                throw new HostException(HostException.Kind.TIMEOUT, line + " did not finish within " + timeout.toSeconds()
                        + " s on " + address);
            }
            Integer exit = ch.getExitStatus();
            if (exit == null) {
                // the channel closed without an exit status: the connection went away under the command
                throw new HostException(HostException.Kind.UNREACHABLE, "the connection to " + address
                        + " was lost while running: " + line);
            }
            return new CommandResult(exit, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            throw new HostException(HostException.Kind.UNREACHABLE, "the connection to " + address + " was lost while running: "
                    + line + " (" + e.getMessage() + ")", e);
        }
    }

    @Override
    public synchronized void reconnect() throws HostException {
        if (session != null) {
            session.close(true);
            session = null;
        }
        open();
    }

    @Override
    public synchronized void close() {
        if (session != null) {
            session.close(true);
            session = null;
        }
        client.stop();
    }

    /** known_hosts checking that refuses unknown and changed keys and remembers which it was, for the message. */
    private static final class StrictKnownHosts extends KnownHostsServerKeyVerifier {
        private final Path file;
        volatile String problem;

        StrictKnownHosts(Path file) {
            super(RejectAllServerKeyVerifier.INSTANCE, file);
            this.file = file;
        }

        @Override
        protected boolean acceptUnknownHostKey(ClientSession session, SocketAddress remote, PublicKey serverKey) {
            problem = "the host key of " + remote + " (" + KeyUtils.getFingerPrint(serverKey) + ") is not in " + file
                    + ": refusing to connect (add the host's key to known_hosts after checking it)";
            return false;
        }

        @Override
        public boolean acceptModifiedServerKey(ClientSession session, SocketAddress remote, KnownHostEntry entry,
                PublicKey expected, PublicKey actual) {
            problem = "HOST KEY MISMATCH for " + remote + ": it presented " + KeyUtils.getFingerPrint(actual) + " but "
                    + file + " holds " + KeyUtils.getFingerPrint(expected) + " for it (" + entry.getConfigLine()
                    + "); refusing to connect — someone may be intercepting the connection, or the host was reinstalled";
            return false;
        }
    }

}
