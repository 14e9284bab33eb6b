package org.cordon.verifier.check;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import org.cordon.model.PolicyModel.Role;
import org.cordon.verifier.facts.Label;
import org.cordon.verifier.facts.Origin;
import org.cordon.verifier.facts.Principals;
import org.cordon.verifier.flow.FlowGraph;

/**
 * Who isolation trusts to mediate. Platform domains (control, service, driver, device model,
 * boot) are the host's trusted computing base: a flow through dom0's backend is what a class
 * expects. DOMID_IO and DOMID_XEN are not conduits: a domain reaches I/O memory only through
 * its device's own label (a device vertex), and Xen's pages under DOMID_XEN are read-only to domains.
 */
final class Mediators {

    private static final Set<Role> TRUSTED = EnumSet.of(Role.CONTROL, Role.SERVICE, Role.DRIVER, Role.DEVICE_MODEL,
            Role.BOOT);

    private Mediators() {
    }

    static boolean pseudo(Label l) {
        return l.kind() == Label.Kind.DOMIO || l.kind() == Label.Kind.DOMXEN;
    }

    /**
     * What isolation searches may use: no mediator on the way, no hop a declared channel makes. The platform
     * domains are listed once: a search asks about every label it meets.
     */
    static FlowGraph.Restriction isolation(Principals principals) {
        Set<String> platform = new HashSet<>();
        for (Label d : principals.domains()) {
            if (d.kind() == Label.Kind.DOMAIN && platform(d, principals)) {
                platform.add(d.owner());
            }
        }
        return new FlowGraph.Restriction(l -> pseudo(l) || (l.kind() == Label.Kind.DOMAIN && platform.contains(l.owner())),
                h -> h.fact().origin().kind() != Origin.Kind.CHANNEL);
    }

    static boolean platform(Label l, Principals principals) {
        return principals.declaration(l.main()).map(d -> d.roles().stream().anyMatch(TRUSTED::contains))
                .orElse(false);
    }
}
