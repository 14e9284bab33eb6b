package org.cordon.verifier.facts;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.cordon.model.PolicyModel;
import org.cordon.model.PolicyModel.Role;
import org.cordon.model.PolicyModel.SubjectRef;
import org.cordon.xsm.macros.XenMacros;

/**
 * Which labels a reference names (its principals, as the resolve pass found them), which class a VM
 * belongs to, and which domains are built under a build label: the verifier's own reading of the
 * model, kept apart from the compiler's statement table so that a mistake there is not repeated here.
 */
public final class Principals {

    private final Map<String, Set<Label>> named = new HashMap<>();
    private final Map<Label, String> classOf = new HashMap<>();
    private final Map<String, PolicyModel.Domain> domainDecls = new HashMap<>();
    private final Set<Label> domains = new LinkedHashSet<>();
    private final Set<Label> buildLabelled = new HashSet<>();

    public Principals(PolicyModel model) {
        for (PolicyModel.Layer layer : model.layers()) {
            for (PolicyModel.Domain d : layer.domains()) {
                Label l = new Label(d.name(), Label.Kind.DOMAIN, Label.Facet.MAIN);
                named.put(d.name(), Set.of(l));
                domainDecls.put(d.name(), d);
                domains.add(l);
                if (d.has(Role.BUILD_LABEL)) {
                    buildLabelled.add(l);
                }
            }
            for (PolicyModel.VmClass c : layer.classes()) {
                // a class that denies what building a domain needs on it is built under a build label
                boolean built = c.features().stream().anyMatch(f -> !f.allowed()
                        && XenMacros.createNeedsCore(f.feature().name()));
                Set<Label> members = new LinkedHashSet<>();
                for (PolicyModel.Vm vm : c.vms()) {
                    Label l = new Label(vm.name(), Label.Kind.VM, Label.Facet.MAIN);
                    named.put(vm.name(), Set.of(l));
                    classOf.put(l, c.name());
                    members.add(l);
                    domains.add(l);
                    if (built) {
                        buildLabelled.add(l);
                    }
                }
                named.put(c.name(), members);
            }
        }
        for (PolicyModel.Layer layer : model.layers()) {
            for (PolicyModel.Cluster k : layer.clusters()) {
                Set<Label> members = new LinkedHashSet<>();
                k.classes().forEach(c -> members.addAll(named.getOrDefault(c, Set.of())));
                named.put(k.name(), members);
            }
        }
    }

    /** The labels a reference names: its principals, as the resolve pass found them. */
    public Set<Label> of(SubjectRef ref) {
        Set<Label> out = new LinkedHashSet<>();
        for (org.cordon.model.Principal p : ref.members()) {
            out.add(p.isDomain() ? named.getOrDefault(p.name(), Set.of(Label.of(p))).iterator().next() : Label.of(p));
        }
        return out;
    }

    public Set<Label> of(String name) {
        return named.getOrDefault(name, Set.of());
    }

    /** The isolation class of a VM (of any facet of it); empty for platform domains and Xen. */
    public Optional<String> classOf(Label l) {
        return Optional.ofNullable(classOf.get(l.main()));
    }

    public boolean buildLabelled(Label l) {
        return buildLabelled.contains(l.main());
    }

    public Set<Label> domains() {
        return domains;
    }

    public Optional<PolicyModel.Domain> declaration(Label l) {
        return l.kind() == Label.Kind.DOMAIN ? Optional.ofNullable(domainDecls.get(l.owner())) : Optional.empty();
    }
}
