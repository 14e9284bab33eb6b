package org.cordon.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.cordon.model.PolicyModel.Builtin;
import org.cordon.model.PolicyModel.CapabilityUse;
import org.cordon.model.PolicyModel.PermItem;
import org.cordon.model.PolicyModel.PermSet;
import org.cordon.model.PolicyModel.SubjectRef;
import org.cordon.xsm.catalogue.XenCatalogue;
import org.cordon.xsm.macros.Endpoint;
import org.cordon.xsm.macros.Grant;
import org.cordon.xsm.macros.XenMacros;

/**
 * What the model means in principal terms: which principals a reference names and which
 * {@link Access}es a rule or forbid stands for. Used by the checks of the language; the verifier
 * keeps its own semantics so that it can catch mistakes here and in lowering.
 */
public final class Semantics {

    private final PolicyModel model;
    private final XenCatalogue catalogue;
    private final Map<String, Set<Principal>> named = new HashMap<>();
    private final Map<String, PolicyModel.Group> groups = new HashMap<>();
    private final Map<String, PolicyModel.Capability> userCaps;
    private final Set<Principal> guests = new LinkedHashSet<>();
    private final Set<Principal> domains = new LinkedHashSet<>();
    private final Set<Principal> buildLabelled = new HashSet<>();

    public Semantics(PolicyModel model, XenCatalogue catalogue) {
        this.model = model;
        this.catalogue = catalogue;
        this.userCaps = model.userCapabilities();
        for (PolicyModel.Layer layer : model.layers()) {
            for (PolicyModel.Domain d : layer.domains()) {
                Principal p = new Principal(d.name(), Principal.Kind.DOMAIN);
                named.put(d.name(), Set.of(p));
                domains.add(p);
                if (d.has(PolicyModel.Role.GUEST)) {
                    guests.add(p);
                }
                if (d.has(PolicyModel.Role.BUILD_LABEL)) {
                    buildLabelled.add(p);
                }
            }
            for (PolicyModel.VmClass c : layer.classes()) {
                Set<Principal> members = new LinkedHashSet<>();
                for (PolicyModel.Vm vm : c.vms()) {
                    Principal p = new Principal(vm.name(), Principal.Kind.VM);
                    named.put(vm.name(), Set.of(p));
                    members.add(p);
                    domains.add(p);
                    guests.add(p);
                    if (needsBuildLabel(c)) {
                        buildLabelled.add(p);
                    }
                }
                named.put(c.name(), members);
            }
            layer.groups().forEach(g -> groups.put(g.name(), g));
        }
        for (PolicyModel.Layer layer : model.layers()) {
            for (PolicyModel.Cluster k : layer.clusters()) {
                Set<Principal> members = new LinkedHashSet<>();
                k.classes().forEach(c -> members.addAll(named.getOrDefault(c, Set.of())));
                named.put(k.name(), members);
            }
        }
    }

    /**
     * A class that denies introspection or intervention is built under a build label
     * ({@code T_building}, xen.if declare_build_label) and relabelled before it runs, so its builder
     * never holds memory rights on the running VM.
     */
    public static boolean needsBuildLabel(PolicyModel.VmClass c) {
        return c.features().stream().anyMatch(f -> !f.allowed()
                && (f.feature() == PolicyModel.ManagementFeature.INTROSPECTION
                        || f.feature() == PolicyModel.ManagementFeature.INTERVENTION));
    }

    /** Whether a principal is built under a build label. */
    public boolean hasBuildLabel(Principal p) {
        return buildLabelled.contains(p);
    }

    public XenCatalogue catalogue() {
        return catalogue;
    }

    public Set<Principal> domains() {
        return domains;
    }

    /** The principals a reference names; groups expand recursively (a cycle contributes nothing twice). */
    public Set<Principal> principals(SubjectRef ref) {
        return principals(ref, new HashSet<>());
    }

    private Set<Principal> principals(SubjectRef ref, Set<String> visiting) {
        Optional<Builtin> b = ref.builtin();
        if (b.isPresent()) {
            return switch (b.get()) {
                case XEN -> Set.of(Principal.XEN);
                case DOMIO -> Set.of(Principal.DOMIO);
                case DOMXEN -> Set.of(Principal.DOMXEN);
                case GUESTS -> guests;
                case DOMAINS -> domains;
            };
        }
        if (ref.kind() == PolicyModel.SubjectKind.GROUP) {
            PolicyModel.Group g = groups.get(ref.name());
            if (g == null || !visiting.add(ref.name())) {
                return Set.of();
            }
            Set<Principal> out = new LinkedHashSet<>();
            g.members().forEach(m -> out.addAll(principals(m, visiting)));
            return out;
        }
        return named.getOrDefault(ref.name(), Set.of());
    }

    /** Permissions of a class that a pattern names ("*" all, "get*" a prefix, else one name). */
    public static List<XenCatalogue.Permission> match(XenCatalogue.SecurityClass cls, String pattern) {
        if (pattern.equals("*")) {
            return cls.permissions();
        }
        if (pattern.endsWith("*")) {
            String prefix = pattern.substring(0, pattern.length() - 1);
            return cls.permissions().stream().filter(p -> p.name().startsWith(prefix)).toList();
        }
        return cls.permission(pattern).map(List::of).orElse(List.of());
    }

    /**
     * The grants that permission items stand for, as (from, to, class, permission) in endpoint
     * terms; unknown names are skipped (the checks report them).
     */
    public List<Grant> grants(List<PermItem> items) {
        List<Grant> out = new ArrayList<>();
        collectGrants(items, out, new HashSet<>());
        return out;
    }

    private void collectGrants(List<PermItem> items, List<Grant> out, Set<String> visiting) {
        for (PermItem item : items) {
            if (item instanceof PermSet set) {
                catalogue.securityClass(set.securityClass()).ifPresent(cls -> {
                    Set<String> perms = new LinkedHashSet<>();
                    set.patterns().forEach(p -> match(cls, p).forEach(perm -> perms.add(perm.name())));
                    if (!perms.isEmpty()) {
                        out.add(new Grant(Endpoint.SUBJECT, Endpoint.TARGET, cls.name(), List.copyOf(perms)));
                    }
                });
            } else if (item instanceof CapabilityUse use) {
                Optional<XenMacros.BuiltinCapability> builtin = XenMacros.builtin(use.capability());
                if (builtin.isPresent()) {
                    out.addAll(XenMacros.forCatalogue(builtin.get().grants(), catalogue));
                } else if (userCaps.containsKey(use.capability()) && visiting.add(use.capability())) {
                    collectGrants(userCaps.get(use.capability()).permissions(), out, visiting);
                    visiting.remove(use.capability());
                }
            }
        }
    }

    /**
     * The accesses of {@code allow/forbid S -> T : items}, in principal terms. Building a
     * build-labelled domain acts on its {@code _building} label, not on the running domain, so
     * only the relabel and the event channel creation count against the domain itself.
     */
    public void accesses(SubjectRef subject, SubjectRef target, List<PermItem> items, Consumer<Access> sink) {
        Set<Principal> ss = principals(subject);
        Set<Principal> ts = principals(target);
        for (PermItem item : items) {
            List<Grant> grants = grants(List.of(item));
            boolean create = item instanceof CapabilityUse use && use.capability().equals("create");
            for (Principal s : ss) {
                for (Principal t : ts) {
                    List<Grant> effective = create && hasBuildLabel(t) ? List.of(
                            new Grant(Endpoint.SUBJECT, Endpoint.TARGET, "domain2", List.of("relabelto")),
                            new Grant(Endpoint.SUBJECT, Endpoint.TARGET_CHANNEL, "event", List.of("create")))
                            : grants;
                    for (Grant g : effective) {
                        Principal from = resolve(g.from().owner(), s, t);
                        Principal to = resolve(g.to().owner(), s, t);
                        for (String perm : g.permissions()) {
                            sink.accept(new Access(from, to, g.securityClass(), perm));
                        }
                    }
                }
            }
        }
    }

    /** The accesses of explicit grants between the principals of two references. */
    public Set<Access> accessesOfGrants(SubjectRef subject, SubjectRef target, List<Grant> grants) {
        Set<Access> out = new LinkedHashSet<>();
        for (Principal s : principals(subject)) {
            for (Principal t : principals(target)) {
                for (Grant g : XenMacros.forCatalogue(grants, catalogue)) {
                    for (String perm : g.permissions()) {
                        out.add(new Access(resolve(g.from().owner(), s, t), resolve(g.to().owner(), s, t),
                                g.securityClass(), perm));
                    }
                }
            }
        }
        return out;
    }

    public Set<Access> accesses(SubjectRef subject, SubjectRef target, List<PermItem> items) {
        Set<Access> out = new LinkedHashSet<>();
        accesses(subject, target, items, out::add);
        return out;
    }

    private static Principal resolve(Endpoint owner, Principal s, Principal t) {
        return switch (owner) {
            case SUBJECT -> s;
            case TARGET -> t;
            case DOMIO -> Principal.DOMIO;
            case DOMXEN -> Principal.DOMXEN;
            default -> Principal.XEN;
        };
    }


    public PolicyModel model() {
        return model;
    }
}
