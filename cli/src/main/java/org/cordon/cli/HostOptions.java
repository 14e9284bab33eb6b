package org.cordon.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.cordon.xsm.host.HostAddress;
import org.cordon.xsm.host.HostException;
import org.cordon.xsm.host.HostHistory;
import org.cordon.xsm.host.LocalHost;
import org.cordon.xsm.host.PolicyLoader;
import org.cordon.xsm.host.Rollout;
import org.cordon.xsm.host.SshHost;
import org.cordon.xsm.host.XenHost;
import picocli.CommandLine.Option;

/** How the host commands reach hosts: SSH identity, known_hosts (checking is always on), time-outs, history. */
final class HostOptions {

    @Option(names = "--identity", paramLabel = "KEY",
            description = "OpenSSH private key (no passphrase) for ssh:// hosts; default ~/.ssh/id_ed25519, id_ecdsa or id_rsa")
    Path identity;

    @Option(names = "--known-hosts", paramLabel = "FILE",
            description = "known_hosts holding each host's key; default ~/.ssh/known_hosts. Unknown or changed keys are refused")
    Path knownHosts;

    @Option(names = "--connect-timeout", defaultValue = "20", paramLabel = "SECONDS", description = "default: ${DEFAULT-VALUE}")
    int connectTimeout;

    @Option(names = "--history-dir", defaultValue = HostHistory.DEFAULT_DIR, paramLabel = "DIR",
            description = "where on the host Cordon keeps loaded policies and their history; default ${DEFAULT-VALUE}")
    String historyDir;

    /** Tests reach fake hosts through this; null means the real transports. */
    static volatile Rollout.Connector connectorForTests;

    /** Opens {@code address} (local or ssh://); IllegalArgumentException for an address that is neither. */
    XenHost open(String address) throws HostException {
        Rollout.Connector c = connectorForTests;
        if (c != null) {
            return c.open(address);
        }
        HostAddress a = HostAddress.parse(address);
        if (a.local()) {
            return new XenHost(new LocalHost());
        }
        return new XenHost(SshHost.connect(a, SshHost.Settings.defaults(identity, knownHosts, Duration.ofSeconds(connectTimeout))));
    }

    /** Work a host command does on an open host. */
    interface HostWork<T> {
        T on(XenHost host) throws HostException;
    }

    /** What the work gave; or, when the host could not be opened or worked on, the exit code (the reason is on err). */
    record Reached<T>(T value, int exit) {
        boolean failed() {
            return value == null;
        }
    }

    /** Opens {@code address}, does {@code work} and closes the host; a bad address is exit 2, a host failure its own code. */
    <T> Reached<T> on(String address, PrintWriter err, HostWork<T> work) {
        try (XenHost h = open(address)) {
            return new Reached<>(work.on(h), Cordon.OK);
        } catch (IllegalArgumentException e) {
            err.println("cordon: " + e.getMessage());
            return new Reached<>(null, Cordon.INPUT_ERROR);
        } catch (HostException e) {
            err.println("cordon: " + e.getMessage());
            return new Reached<>(null, HostReports.exitCode(e));
        }
    }

    Rollout.Connector connector() {
        return this::open;
    }

    /** {@code --bool NAME=VALUE}s as booleans; IllegalArgumentException naming a bad value. */
    static Map<String, Boolean> booleans(Map<String, String> given) {
        Map<String, Boolean> out = new LinkedHashMap<>();
        if (given == null) {
            return out;
        }
        given.forEach((k, v) -> out.put(k, switch (v.toLowerCase(Locale.ROOT)) {
            case "1", "true", "on" -> true;
            case "0", "false", "off" -> false;
            default -> throw new IllegalArgumentException("--bool " + k + "=" + v + ": the value must be 0 or 1 (or true/false, on/off)");
        }));
        return out;
    }

    static PolicyLoader.Options loadOptions(Map<String, Boolean> booleans, Optional<org.cordon.xsm.host.LoadablePolicy> baseline,
            boolean dryRun, boolean allowUnverified) {
        PolicyLoader.Options d = PolicyLoader.Options.defaults();
        return new PolicyLoader.Options(booleans, baseline, dryRun, allowUnverified, d.reconnectAttempts(), d.reconnectDelay());
    }
}
