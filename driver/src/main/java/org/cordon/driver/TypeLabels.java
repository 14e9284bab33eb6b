package org.cordon.driver;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cordon.compiler.flask.TypeAssignment;
import org.cordon.model.PolicyModel;
import org.cordon.model.PolicyModel.Facet;
import org.cordon.model.Principal;
import org.cordon.verifier.facts.Label;

/** The bridge between the compiler's FLASK types and the verifier's labels, for explain and translation validation. */
public final class TypeLabels {

    /** The types Xen gives IRQs, I/O ports, I/O memory and PCI devices that no ocontext labels. */
    public static final List<String> UNLABELLED = List.of("irq_t", "ioport_t", "iomem_t", "device_t");

    private TypeLabels() {
    }

    /**
     * Each FLASK type of the domain types (T and its {@link TypeAssignment#FACETS}) → the name a Cordon statement
     * gives what it labels: the principal's own name for a type of one principal, else the class that owns the type.
     */
    public static Map<String, String> writtenAs(TypeAssignment types) {
        Map<String, String> out = new HashMap<>();
        for (TypeAssignment.DomainType t : types.types()) {
            String name = t.principals().size() == 1 ? t.principals().get(0).name() : t.owner();
            TypeAssignment.FACETS.forEach(f -> out.put(t.named(f), name));
        }
        return out;
    }

    /**
     * Which of the verifier's labels each FLASK type of the compiled policy stands for: a domain type
     * for its principals, its _self and _target types for the same (acting on oneself, a device
     * model's view of its guest), _channel, _recv_channel and _building for those facets; Xen's own types for its
     * pseudo principals; a device's type for the device.
     */
    public static Map<String, Set<Label>> of(TypeAssignment types, PolicyModel model) {
        Map<String, Set<Label>> out = new HashMap<>();
        for (TypeAssignment.DomainType t : types.types()) {
            for (Principal p : t.principals()) {
                Label l = Label.of(p);
                for (Facet f : TypeAssignment.FACETS) {
                    Label of = switch (f) {
                        case MAIN, SELF, TARGET -> l;
                        case CHANNEL -> l.channel();
                        case RECV_CHANNEL -> l.recvChannel();
                        case BUILDING -> l.building();
                    };
                    out.computeIfAbsent(t.named(f), k -> new LinkedHashSet<>()).add(of);
                }
            }
        }
        out.put("xen_t", Set.of(Label.XEN));
        out.put("security_t", Set.of(Label.XEN));
        out.put("xenboot_t", Set.of(Label.XENBOOT));
        out.put("domio_t", Set.of(Label.DOMIO));
        out.put("domxen_t", Set.of(Label.DOMXEN));
        model.devices().forEach(d -> out.put(d.name() + "_dev_t", Set.of(Label.device(d.name()))));
        // the labels of Xen's initial SIDs a rule names as `sid irq` (irq_t: IRQs no device statement labels)
        for (String sid : Principal.SIDS) {
            out.put(sid + "_t", Set.of(Label.of(Principal.sid(sid))));
        }
        return out;
    }
}
