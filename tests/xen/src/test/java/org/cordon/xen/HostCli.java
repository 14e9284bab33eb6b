package org.cordon.xen;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.cordon.cli.Cordon;
import org.cordon.xsm.host.HostAddress;
import org.cordon.xsm.host.HostException;
import org.cordon.xsm.host.SshHost;

/** Cordon's command line run in this JVM against a harness host, as a user runs it, with the harness's key. */
final class HostCli {

    record Run(int exit, String out, String err) {
        String both() {
            return out + err;
        }
    }

    private HostCli() {
    }

    static Run cordon(String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = Cordon.execute(args, new PrintWriter(o, true), new PrintWriter(e, true));
        return new Run(code, o.toString(), e.toString());
    }

    static String address(XenHost host) {
        return "ssh://root@127.0.0.1:" + host.port();
    }

    /** A host command ({@code load}, {@code status} …) with the harness's key and known_hosts. */
    static Run onHost(XenHost host, String... args) {
        List<String> a = new ArrayList<>(List.of(args));
        a.addAll(List.of("--identity", host.cache().resolve("id_ed25519").toString(), "--known-hosts",
                host.cache().resolve("known_hosts").toString()));
        return cordon(a.toArray(String[]::new));
    }

    /** {@code cordon status --format json}: shown (exit 0) or shown with notes (exit 1). */
    static JsonObject status(XenHost host) {
        Run r = onHost(host, "status", "--host", address(host), "--format", "json");
        assertTrue(r.exit() == 0 || r.exit() == 1, r.both());
        return JsonParser.parseString(r.out()).getAsJsonObject();
    }

    /** The boolean names Xen holds, in its order: which policy it enforces, as Xen itself says. */
    static List<String> booleanNames(XenHost host) {
        return host.ok("flask-get-bool -a").lines().map(l -> l.split(":")[0].trim()).filter(s -> !s.isEmpty()).toList();
    }

    /** Cordon's own SSH client to the harness host, host-key checking on. */
    static SshHost ssh(XenHost host) throws HostException {
        return SshHost.connect(HostAddress.parse(address(host)), new SshHost.Settings(host.cache().resolve("id_ed25519"),
                host.cache().resolve("known_hosts"), Duration.ofSeconds(20)));
    }
}
