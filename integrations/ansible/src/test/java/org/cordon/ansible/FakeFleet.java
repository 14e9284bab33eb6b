package org.cordon.ansible;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cordon.xsm.host.FakeDom0Server;
import org.cordon.xsm.host.FakeXen;
import org.cordon.xsm.host.LoadablePolicy;
import org.cordon.xsm.host.TestPolicies;

/**
 * A fleet of fake Xen 4.17 hosts, each a {@link FakeXen} dom0 behind its own real SSH server on a loopback port,
 * booted with a FLASK policy from a GRUB entry as a Debian host is ({@link FakeXen#bootedFromGrub}); with the client key, the known_hosts and the
 * Ansible inventory that reach them.
 */
final class FakeFleet implements AutoCloseable {

    /** What every host boots with. */
    static final LoadablePolicy BOOT = TestPolicies.build("boot", "4.17", List.of("guest_t"), List.of(), List.of());

    final Map<String, FakeDom0Server> hosts = new LinkedHashMap<>();
    final Path identity;
    final Path knownHosts;
    final Path inventory;

    /** {@code n} hosts named x01, x02 … in the inventory group xen_hosts. */
    FakeFleet(int n, Path dir) throws IOException, GeneralSecurityException {
        Files.createDirectories(dir);
        KeyPair client = FakeDom0Server.ecKey();
        identity = dir.resolve("id_ecdsa");
        FakeDom0Server.writeIdentity(client, identity);
        List<String> known = new ArrayList<>();
        StringBuilder inv = new StringBuilder("[xen_hosts]\n");
        for (int i = 1; i <= n; i++) {
            String name = String.format("x%02d", i);
            FakeXen x = FakeXen.bootedFromGrub(name, BOOT);
            FakeDom0Server s = new FakeDom0Server(x, client.getPublic(), dir.resolve(name + "-host-key"));
            hosts.put(name, s);
            known.add(s.knownHostsLine());
            inv.append(name).append(" ansible_host=127.0.0.1 ansible_port=").append(s.port()).append(" ansible_user=root")
                    .append(" ansible_ssh_private_key_file=").append(identity).append('\n');
        }
        knownHosts = dir.resolve("known_hosts");
        Files.write(knownHosts, known);
        inventory = dir.resolve("inventory.ini");
        Files.writeString(inventory, inv.toString());
    }

    FakeXen xen(String name) {
        return hosts.get(name).xen();
    }

    List<String> names() {
        return List.copyOf(hosts.keySet());
    }

    @Override
    public void close() throws IOException {
        for (FakeDom0Server s : hosts.values()) {
            s.close();
        }
    }
}
