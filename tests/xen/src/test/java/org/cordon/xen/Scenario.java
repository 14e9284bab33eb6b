package org.cordon.xen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.cordon.verifier.explain.AvcRecord;
import org.cordon.xsm.catalogue.XenCatalogue;
import org.cordon.xsm.catalogue.XenCatalogues;

/**
 * One booted host and what a scenario keeps about it: the policy it enforces (as Cordon reads the
 * binary back), the AVC journal, and the steps that drive dom0.
 */
final class Scenario implements AutoCloseable {

    /** The Xen release the harness builds (setup.sh pins its source package). */
    static final XenCatalogue HOST = XenCatalogues.forVersion("4.17").orElseThrow();

    final XenHost host;
    final AvcJournal journal;
    private String policyName;
    private PolicyOracle oracle;

    Scenario(XenHost host, AvcJournal journal) {
        this.host = host;
        this.journal = journal;
    }

    /** An IT's teardown: the host powered off, then every AVC line its scenario logged judged (either may be null). */
    static void powerOff(XenHost host, Scenario avc) {
        if (host != null) {
            host.close();
        }
        if (avc != null) {
            avc.journal.assertAgreement();
        }
    }

    /** The policy Xen now enforces (after a boot with it or a successful load). */
    void enforces(String name, Path binary) throws Exception {
        this.policyName = name;
        this.oracle = new PolicyOracle(Files.readAllBytes(binary), HOST);
    }

    PolicyOracle oracle() {
        return oracle;
    }

    /** The booleans as the host reports them ({@code flask-get-bool -a}: "name: 0|1"). */
    Map<String, Boolean> booleans() {
        Map<String, Boolean> out = new TreeMap<>();
        for (String line : host.ok("flask-get-bool -a").split("\n")) {
            String[] kv = line.split(":\\s*");
            if (kv.length == 2) {
                out.put(kv[0].trim(), kv[1].trim().startsWith("1"));
            }
        }
        return out;
    }

    /** "Enforcing" or "Permissive": {@code xl getenforce} prints the mode and exits 1 when enforcing. */
    String mode() {
        return host.run("xl getenforce").out().trim();
    }

    /**
     * Reads what Xen logged since the last step, judges each AVC decision against the enforced policy under
     * the booleans in force, and journals it; returns the AVC records.
     */
    List<AvcRecord> step(String name) throws IOException {
        return journal.judge(host.dmesg(), oracle, policyName, mode().toLowerCase(), booleans(), name);
    }

    /** Writes the guest's xl.cfg (the harness guest merged with Cordon's fragment) to /root/NAME.cfg. */
    void guest(String name, Path fragment) throws IOException {
        host.put(Policies.guestConfig(name, fragment).getBytes(), "/root/" + name + ".cfg");
    }

    void guest(String name, String fragment) {
        host.put(Policies.guestConfig(name, fragment).getBytes(), "/root/" + name + ".cfg");
    }

    XenHost.Result create(String name) {
        return host.run("xl create /root/" + name + ".cfg");
    }

    /** Creates a guest the policy allows, checks it runs with its label, and destroys it. */
    void createAllowed(String name, String type) {
        XenHost.Result r = create(name);
        assertEquals(0, r.exit(), "xl create " + name + " (" + type + ") should succeed:\n" + r.both());
        String list = host.ok("xl list -Z");
        assertTrue(list.lines().anyMatch(l -> l.startsWith(name + " ") && l.endsWith(":" + type)),
                name + " should run labelled " + type + ":\n" + list);
        host.ok("xl destroy " + name);
    }

    /** Creates a guest the policy denies: xl exits 3 with EPERM from Xen. */
    void createDenied(String name, String type) {
        XenHost.Result r = create(name);
        assertEquals(3, r.exit(), "xl create " + name + " (" + type + ") should be denied:\n" + r.both());
        assertTrue(r.err().contains("domain creation fail: Permission denied"), r.both());
    }

    /** The AVC record that says Xen denied {@code perm} from dom0 to {@code type}. */
    static boolean deniedTo(List<AvcRecord> avcs, String type, String cls, String perm) {
        return avcs.stream().anyMatch(a -> a.denied() && a.targetType().equals(type) && a.securityClass().equals(cls)
                && a.permissions().contains(perm));
    }

    @Override
    public void close() {
        host.close();
    }
}
