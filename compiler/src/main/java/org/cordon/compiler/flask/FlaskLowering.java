package org.cordon.compiler.flask;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.cordon.compiler.flask.TypeAssignment.DomainType;
import org.cordon.model.Diagnostic;
import org.cordon.model.PolicyModel;
import org.cordon.model.PolicyModel.CapabilityUse;
import org.cordon.model.PolicyModel.PermItem;
import org.cordon.model.PolicyModel.PermSet;
import org.cordon.model.PolicyModel.Role;
import org.cordon.model.PolicyModel.SubjectRef;
import org.cordon.model.Principal;
import org.cordon.model.Semantics;
import org.cordon.model.SourcePos;
import org.cordon.xsm.catalogue.XenCatalogue;
import org.cordon.xsm.macros.Endpoint;
import org.cordon.xsm.macros.Grant;
import org.cordon.xsm.macros.XenMacros;
import org.cordon.xsm.policyconf.PolicyConf;
import org.cordon.xsm.policyconf.PolicyConf.AvKind;
import org.cordon.xsm.policyconf.PolicyConf.AvRule;
import org.cordon.xsm.policyconf.PolicyConf.Statement;

/**
 * Pass "lower-flask": the policy model → a Xen FLASK {@link PolicyConf}. Follows Xen's own
 * conventions (xen.if): {@code T_self} for a domain acting on itself, {@code T_channel} for the
 * event channels T creates, {@code T_target} for a device model's view of its guest,
 * {@code T_building} for build labels. Sets of domains (classes, clusters, role-wide sets) become
 * attributes, so rules stay one line however many VMs a class holds; type transitions are
 * emitted only for pairs that really talk, so the binary grows linearly.
 */
public final class FlaskLowering {

    /** The lowered policy, the types chosen, and problems only lowering can see. */
    public record Result(PolicyConf conf, TypeAssignment types, List<Diagnostic> diagnostics) {
    }

    private static final String USER = "system_u";
    private static final String ROLE = "system_r";

    private final PolicyModel model;
    private final XenCatalogue catalogue;
    private final Semantics sem;
    private final TypeAssignment types;
    private final List<Diagnostic> diagnostics = new ArrayList<>();
    private final List<Statement> decls = new ArrayList<>();
    private final List<Statement> rules = new ArrayList<>();
    /** attribute name → member types, in declaration order. */
    private final Map<String, Set<String>> attributes = new LinkedHashMap<>();
    /** (source type, target type) pairs that already have an event type_transition. */
    private final Set<String> eventTransitions = new HashSet<>();
    private final Map<String, List<AvRule>> whenOn = new LinkedHashMap<>();
    private final Map<String, List<AvRule>> whenOff = new LinkedHashMap<>();

    public FlaskLowering(PolicyModel model, XenCatalogue catalogue) {
        this.model = model;
        this.catalogue = catalogue;
        this.sem = new Semantics(model, catalogue);
        this.types = new TypeAssignment(model, sem);
    }

    // ---- type sets --------------------------------------------------------------------------

    /** What a reference names in FLASK terms: types and attributes, each standing for domain types. */
    private record Named(String name, List<DomainType> members) {
    }

    private record TypeSet(List<Named> parts, Optional<String> fixed) {
        static TypeSet fixed(String type) {
            return new TypeSet(List.of(), Optional.of(type));
        }

        boolean isEmpty() {
            return fixed.isEmpty() && parts.stream().allMatch(p -> p.members().isEmpty());
        }

        List<DomainType> members() {
            Set<DomainType> out = new LinkedHashSet<>();
            parts.forEach(p -> out.addAll(p.members()));
            return List.copyOf(out);
        }
    }

    private final Map<String, TypeSet> setCache = new LinkedHashMap<>();

    private TypeSet typeSet(SubjectRef ref) {
        String key = ref.kind() + ":" + ref.name();
        TypeSet cached = setCache.get(key);
        if (cached != null) {
            return cached;
        }
        TypeSet set;
        Optional<PolicyModel.Builtin> b = ref.builtin();
        if (b.isPresent() && b.get() == PolicyModel.Builtin.XEN) {
            set = TypeSet.fixed("xen_t");
        } else if (b.isPresent() && b.get() == PolicyModel.Builtin.DOMIO) {
            set = TypeSet.fixed("domio_t");
        } else if (b.isPresent() && b.get() == PolicyModel.Builtin.DOMXEN) {
            set = TypeSet.fixed("domxen_t");
        } else if (ref.kind() == PolicyModel.SubjectKind.DOMAIN || ref.kind() == PolicyModel.SubjectKind.VM) {
            List<Named> parts = new ArrayList<>();
            for (Principal p : sem.principals(ref)) {
                DomainType t = types.of(p);
                parts.add(new Named(t.name(), List.of(t)));
            }
            set = new TypeSet(parts, Optional.empty());
        } else if (ref.kind() == PolicyModel.SubjectKind.GROUP) {
            PolicyModel.Group g = model.layers().stream().flatMap(l -> l.groups().stream())
                    .filter(x -> x.name().equals(ref.name())).findFirst().orElseThrow();
            setCache.put(key, new TypeSet(List.of(), Optional.empty())); // cycles resolve to nothing
            List<Named> parts = new ArrayList<>();
            g.members().forEach(m -> typeSet(m).parts().forEach(p -> {
                if (!parts.contains(p)) {
                    parts.add(p);
                }
            }));
            set = new TypeSet(parts, Optional.empty());
        } else {
            String attr = switch (ref.kind()) {
                case CLASS, CLUSTER -> ref.name() + "_domains";
                default -> b.get() == PolicyModel.Builtin.GUESTS ? "guest_domains" : "all_domains";
            };
            Set<DomainType> members = new LinkedHashSet<>();
            for (Principal p : sem.principals(ref)) {
                DomainType t = types.of(p);
                if (t != null) {
                    members.add(t);
                }
            }
            set = new TypeSet(List.of(new Named(attr, List.copyOf(members))), Optional.empty());
        }
        setCache.put(key, set);
        return set;
    }

    /** Type names of an endpoint of a type set, with derived attributes where the set is an attribute. */
    private List<String> names(TypeSet set, String derived) {
        if (set.fixed().isPresent()) {
            return derived.isEmpty() ? List.of(set.fixed().get()) : List.of();
        }
        List<String> out = new ArrayList<>();
        for (Named part : set.parts()) {
            boolean attribute = part.members().size() != 1 || !part.members().get(0).name().equals(part.name());
            if (!attribute) {
                derivedType(part.members().get(0), derived).ifPresent(out::add);
                continue;
            }
            List<String> members = new ArrayList<>();
            part.members().forEach(m -> derivedType(m, derived).ifPresent(members::add));
            if (members.isEmpty()) {
                continue;
            }
            String attr = part.name() + derived;
            attributes.computeIfAbsent(attr, k -> new LinkedHashSet<>()).addAll(members);
            out.add(attr);
        }
        return out;
    }

    private Optional<String> derivedType(DomainType t, String derived) {
        return switch (derived) {
            case "" -> Optional.of(t.name());
            case "_self" -> Optional.of(selfType(t));
            case "_channel" -> Optional.of(t.name() + "_channel");
            case "_target" -> hasTarget.contains(t) ? Optional.of(t.name() + "_target") : Optional.empty();
            case "_building" -> t.buildLabel() ? Optional.of(t.name() + "_building") : Optional.empty();
            default -> throw new IllegalArgumentException(derived);
        };
    }

    private static String selfType(DomainType t) {
        return t.singleton() ? t.name() : t.name() + "_self";
    }

    private final Set<DomainType> hasTarget = new LinkedHashSet<>();

    private List<String> endpoint(Endpoint e, TypeSet s, TypeSet t, String securityClass) {
        return switch (e) {
            case SUBJECT -> names(s, "");
            case TARGET -> t.fixed().isPresent() && t.fixed().get().equals("xen_t") && securityClass.equals("security")
                    ? List.of("security_t") : names(t, "");
            case SUBJECT_SELF -> names(s, "_self");
            case TARGET_SELF -> names(t, "_self");
            case SUBJECT_CHANNEL -> names(s, "_channel");
            case TARGET_CHANNEL -> names(t, "_channel");
            case TARGET_TARGET -> names(t, "_target");
            case TARGET_BUILDING -> names(t, "_building");
            case XEN -> List.of(securityClass.equals("security") ? "security_t" : "xen_t");
            case XENBOOT -> List.of("xenboot_t");
            case SECURITY -> List.of("security_t");
            case DOMIO -> List.of("domio_t");
            case DOMXEN -> List.of("domxen_t");
        };
    }

    // ---- the pass ---------------------------------------------------------------------------

    /**
     * The lowering's own errors, without lowering: FLASK type names that collide or take one of Xen's, and
     * initial SIDs Cordon cannot label. This is what {@code cordon check} and editors need of this pass;
     * writing out every rule is {@code cordon compile}'s.
     */
    public List<Diagnostic> check() {
        checkNames();
        sidContexts();
        return List.copyOf(diagnostics);
    }

    public Result lower() {
        model.domains().stream().filter(d -> d.deviceModelFor().isPresent()).forEach(d ->
                sem.principals(d.deviceModelFor().get()).forEach(p -> {
                    DomainType t = types.of(p);
                    if (t != null) {
                        hasTarget.add(t);
                    }
                }));
        checkNames();
        domainBasics();
        deviceModels();
        for (PolicyModel.Rule r : model.rules()) {
            lowerRule(r);
        }
        model.channels().forEach(this::lowerChannel);
        features();
        devices();
        forbids();
        List<Statement> te = new ArrayList<>();
        te.addAll(header());
        te.addAll(typeDeclarations());
        te.addAll(decls);
        te.addAll(rules);
        te.addAll(conditionals());
        te.add(new PolicyConf.Comment(""));
        te.add(new PolicyConf.Comment("Roles: every domain and Xen's own types run as " + ROLE));
        te.add(new PolicyConf.RoleDecl(ROLE));
        te.add(new PolicyConf.RoleTypes(ROLE, List.of("xen_type", "domain_type")));
        List<Statement> users = List.of(new PolicyConf.UserDecl(USER, List.of(ROLE)));
        PolicyConf conf = new PolicyConf(catalogue, te, users, List.of(), sidContexts(), ocontexts());
        return new Result(conf, types, diagnostics);
    }

    private static final Set<String> XEN_TYPES = Set.of("xenboot_t", "xen_t", "domio_t", "domxen_t", "unlabeled_t",
            "security_t", "irq_t", "ioport_t", "iomem_t", "device_t");

    private void checkNames() {
        Map<String, SourcePos> seen = new java.util.HashMap<>();
        for (DomainType t : types.types()) {
            SourcePos pos = positionOf(t);
            for (String n : List.of(t.name(), t.name() + "_self", t.name() + "_channel", t.name() + "_target",
                    t.name() + "_building")) {
                if (XEN_TYPES.contains(n)) {
                    diagnostics.add(Diagnostic.error("type-name", pos, "'" + t.owner() + "' would be labelled " + n
                            + ", which is one of Xen's own types: rename it"));
                }
                SourcePos prev = seen.putIfAbsent(n, pos);
                if (prev != null && !prev.equals(pos)) {
                    diagnostics.add(Diagnostic.error("type-name", pos, "'" + t.owner() + "' would get FLASK type " + n
                            + ", which " + prev + " already gets: rename one", new Diagnostic.Related("other", prev)));
                }
            }
        }
    }

    private Map<String, SourcePos> principalPositions;

    private SourcePos positionOf(DomainType t) {
        if (principalPositions == null) {
            principalPositions = new java.util.HashMap<>();
            model.domains().forEach(d -> principalPositions.put(d.name(), d.pos()));
            model.vms().forEach(v -> principalPositions.put(v.name(), v.pos()));
        }
        return principalPositions.getOrDefault(t.principals().get(0).name(), SourcePos.NONE);
    }

    private List<Statement> header() {
        List<Statement> out = new ArrayList<>();
        out.add(new PolicyConf.Comment("Attributes (Xen's, then one per class, cluster and role-wide set)"));
        for (String a : List.of("xen_type", "domain_type", "domain_self_type", "domain_target_type",
                "resource_type", "event_type")) {
            out.add(new PolicyConf.AttributeDecl(a));
        }
        attributes.keySet().forEach(a -> out.add(new PolicyConf.AttributeDecl(a)));
        out.add(new PolicyConf.Comment(""));
        out.add(new PolicyConf.Comment("Xen's own types"));
        out.add(type("xenboot_t", "xen_type"));
        out.add(type("xen_t", "xen_type"));
        for (String t : List.of("domio_t", "domxen_t", "unlabeled_t", "security_t")) {
            out.add(type(t, "xen_type"));
        }
        for (String t : List.of("irq_t", "ioport_t", "iomem_t", "device_t")) {
            out.add(type(t, "resource_type"));
        }
        if (!model.switches().isEmpty()) {
            out.add(new PolicyConf.Comment(""));
            out.add(new PolicyConf.Comment("Switches"));
            for (PolicyModel.Switch s : model.switches()) {
                out.add(new PolicyConf.Comment(s.pos() + " switch " + s.name()));
                out.add(new PolicyConf.BoolDecl(s.name(), s.defaultOn()));
            }
        }
        return out;
    }

    /** type → the Cordon attributes it belongs to, in attribute order; built once all rules are lowered. */
    private Map<String, List<String>> memberOf;

    private PolicyConf.TypeDecl type(String name, String... attrs) {
        if (memberOf == null) {
            memberOf = new java.util.HashMap<>();
            attributes.forEach((a, members) -> members.forEach(m ->
                    memberOf.computeIfAbsent(m, k -> new ArrayList<>()).add(a)));
        }
        List<String> all = new ArrayList<>(List.of(attrs));
        all.addAll(memberOf.getOrDefault(name, List.of()));
        return new PolicyConf.TypeDecl(name, all);
    }

    /** Types of every domain, its self transition and what it needs on itself to run. */
    private void domainBasics() {
        // attribute membership is only known after all rules are lowered, so type declarations
        // are rendered lazily: collect the names now, build TypeDecls in typeDeclarations().
        for (DomainType t : types.types()) {
            String where = t.principals().size() == 1 ? t.principals().get(0).name()
                    : t.principals().size() + " VMs of class " + t.owner() + " with identical rights";
            rules.add(new PolicyConf.Comment(""));
            rules.add(new PolicyConf.Comment(positionOf(t) + " " + where));
            if (!t.singleton()) {
                rules.add(new PolicyConf.TypeTransition(t.name(), List.of(t.name()), "domain", selfType(t)));
            }
            TypeSet self = new TypeSet(List.of(new Named(t.name(), List.of(t))), Optional.empty());
            emitGrants(XenMacros.forCatalogue(XenMacros.DOMAIN_SELF, catalogue), self, self, AvKind.ALLOW, rules);
            if (t.buildLabel()) {
                rules.add(new PolicyConf.AvRule(AvKind.ALLOW, List.of(t.name() + "_building"), List.of(t.name()),
                        "domain", List.of("transition")));
            }
        }
        for (PolicyModel.Domain d : model.domains()) {
            if (d.has(Role.CONTROL) || d.has(Role.BOOT)) {
                DomainType t = types.of(new Principal(d.name(), Principal.Kind.DOMAIN));
                rules.add(new PolicyConf.Comment(d.pos() + " " + d.name() + " is built by Xen at boot"));
                rules.add(new PolicyConf.AvRule(AvKind.ALLOW, List.of("xenboot_t"), List.of(t.name()), "domain",
                        List.of("create")));
                rules.add(new PolicyConf.AvRule(AvKind.ALLOW, List.of("xenboot_t"), List.of(t.name() + "_channel"),
                        "event", List.of("create")));
            }
            if (d.has(Role.CONTROL)) {
                DomainType t = types.of(new Principal(d.name(), Principal.Kind.DOMAIN));
                rules.add(new PolicyConf.Comment(d.pos() + " " + d.name() + " is the control domain (dom0.te)"));
                TypeSet self = new TypeSet(List.of(new Named(t.name(), List.of(t))), Optional.empty());
                emitGrants(XenMacros.forCatalogue(XenMacros.CONTROL_DOMAIN, catalogue), self, self, AvKind.ALLOW, rules);
            }
        }
    }

    /** xen.if device_model + make_device_model, with the control domain as the builder. */
    private void deviceModels() {
        Optional<PolicyModel.Domain> control = model.domains().stream().filter(d -> d.has(Role.CONTROL)).findFirst();
        for (PolicyModel.Domain d : model.domains()) {
            if (d.deviceModelFor().isEmpty()) {
                continue;
            }
            DomainType dm = types.of(new Principal(d.name(), Principal.Kind.DOMAIN));
            for (Principal p : sem.principals(d.deviceModelFor().get())) {
                DomainType t = types.of(p);
                if (t == null) {
                    continue;
                }
                rules.add(new PolicyConf.Comment(""));
                rules.add(new PolicyConf.Comment(d.pos() + " " + d.name() + " is the device model of " + p.name()));
                String target = t.name() + "_target";
                rules.add(new PolicyConf.TypeTransition(t.name(), List.of(dm.name()), "domain", target));
                rules.add(av(dm.name(), t.name(), "domain", "set_target"));
                rules.add(new PolicyConf.TypeTransition(target, List.of(dm.name()), "event", t.name() + "_channel"));
                rules.add(av(target, t.name() + "_channel", "event", "create send status"));
                rules.add(av(t.name() + "_channel", dm.name(), "event", "bind"));
                eventTransition(dm.name(), List.of(t));
                rules.add(av(dm.name(), dm.name() + "_channel", "event", "create send status"));
                rules.add(av(dm.name() + "_channel", t.name(), "event", "bind"));
                rules.add(av(dm.name(), t.name() + "_channel", "event", "create"));
                rules.add(av(dm.name(), target, "domain", "getdomaininfo shutdown"));
                rules.add(av(dm.name(), target, "mmu", "map_read map_write adjust physmap target_hack"));
                rules.add(av(dm.name(), target, "hvm", "getparam setparam hvmctl dm"));
                rules.add(av(dm.name(), target, "domain2", "resource_map"));
                control.ifPresent(c -> {
                    String priv = types.of(new Principal(c.name(), Principal.Kind.DOMAIN)).name();
                    rules.add(av(priv, dm.name(), "domain2", "make_priv_for"));
                    rules.add(av(priv, t.name(), "domain2", "set_as_target"));
                });
            }
        }
    }

    private AvRule av(String source, String target, String cls, String perms) {
        return new AvRule(AvKind.ALLOW, List.of(source), List.of(target), cls, List.of(perms.split(" ")));
    }

    private void lowerRule(PolicyModel.Rule r) {
        AvKind kind = switch (r.kind()) {
            case ALLOW -> AvKind.ALLOW;
            case AUDITALLOW -> AvKind.AUDITALLOW;
            case DONTAUDIT -> AvKind.DONTAUDIT;
        };
        List<Statement> sink = rules;
        List<AvRule> conditional = new ArrayList<>();
        List<Statement> transitions = new ArrayList<>();
        if (r.condition().isEmpty()) {
            rules.add(new PolicyConf.Comment(""));
            rules.add(new PolicyConf.Comment(r.pos() + " " + describe(r)));
        }
        TypeSet s = typeSet(r.subject());
        TypeSet t = typeSet(r.target());
        List<Statement> out = r.condition().isEmpty() ? sink : new ArrayList<>();
        for (PermItem item : r.permissions()) {
            if (item instanceof CapabilityUse use && use.capability().equals("create")
                    && t.members().stream().anyMatch(DomainType::buildLabel)) {
                createWithBuildLabel(s, t, kind, out);
                continue;
            }
            List<Grant> grants = sem.grants(List.of(item));
            emitGrants(grants, s, t, kind, out);
            if (kind == AvKind.ALLOW) {
                channelTransitions(grants, s, t, r.condition().isEmpty() ? out : transitions);
            }
        }
        if (r.condition().isPresent()) {
            out.forEach(st -> {
                if (st instanceof AvRule av) {
                    conditional.add(av);
                }
            });
            (r.whenOff() ? whenOff : whenOn).computeIfAbsent(r.condition().get(), k -> new ArrayList<>())
                    .addAll(conditional);
            if (!transitions.isEmpty()) {
                rules.add(new PolicyConf.Comment(""));
                rules.add(new PolicyConf.Comment(r.pos() + " event channel labels for switch " + r.condition().get()));
                rules.addAll(transitions);
            }
        }
    }

    private void createWithBuildLabel(TypeSet s, TypeSet t, AvKind kind, List<Statement> out) {
        for (DomainType m : t.members()) {
            TypeSet one = new TypeSet(List.of(new Named(m.name(), List.of(m))), Optional.empty());
            if (!m.buildLabel()) {
                emitGrants(XenMacros.forCatalogue(XenMacros.builtin("create").orElseThrow().grants(), catalogue), s, one,
                        kind, out);
                continue;
            }
            // xen.if create_domain_build_label: build as T_building, then relabel to T
            List<Grant> common = new ArrayList<>();
            for (Grant g : XenMacros.forCatalogue(XenMacros.CREATE_COMMON, catalogue)) {
                common.add(new Grant(g.from(), Endpoint.TARGET_BUILDING, g.securityClass(), g.permissions()));
            }
            common.add(new Grant(Endpoint.SUBJECT, Endpoint.TARGET_CHANNEL, "event", List.of("create")));
            common.add(new Grant(Endpoint.SUBJECT, Endpoint.TARGET_BUILDING, "domain2", List.of("relabelfrom")));
            common.add(new Grant(Endpoint.SUBJECT, Endpoint.TARGET, "domain2", List.of("relabelto")));
            emitGrants(common, s, one, kind, out);
        }
    }

    /** Event channels get their label by type_transition (source, remote):event → source_channel. */
    private void channelTransitions(List<Grant> grants, TypeSet s, TypeSet t, List<Statement> out) {
        for (Grant g : grants) {
            if (!g.securityClass().equals("event") || !g.permissions().contains("bind")) {
                continue;
            }
            if (g.from() == Endpoint.SUBJECT_CHANNEL && g.to() == Endpoint.TARGET) {
                s.members().forEach(src -> eventTransition(src.name(), t.members(), out));
            } else if (g.from() == Endpoint.TARGET_CHANNEL && g.to() == Endpoint.SUBJECT) {
                t.members().forEach(src -> eventTransition(src.name(), s.members(), out));
            }
        }
    }

    private void eventTransition(String source, List<DomainType> remotes) {
        eventTransition(source, remotes, rules);
    }

    private void eventTransition(String source, List<DomainType> remotes, List<Statement> out) {
        eventTransition(source, source + "_channel", remotes, out);
        // channels opened while a build-labelled domain is being built carry its final channel label
        types.types().stream().filter(t -> t.buildLabel() && t.name().equals(source)).findFirst()
                .ifPresent(t -> eventTransition(t.name() + "_building", source + "_channel", remotes, out));
    }

    private void eventTransition(String source, String label, List<DomainType> remotes, List<Statement> out) {
        List<String> fresh = new ArrayList<>();
        for (DomainType r : remotes) {
            if (eventTransitions.add(source + " " + r.name())) {
                fresh.add(r.name());
            }
        }
        if (!fresh.isEmpty()) {
            out.add(new PolicyConf.TypeTransition(source, fresh, "event", label));
        }
    }

    /** Grants → AV rules, merged per (source, target, class) in first-seen order. */
    private void emitGrants(List<Grant> grants, TypeSet s, TypeSet t, AvKind kind, List<Statement> out) {
        Map<String, AvRuleBuilder> merged = new LinkedHashMap<>();
        for (Grant g : grants) {
            Optional<TypeSet> own = ownChannel(g, s, t);
            if (own.isPresent()) {
                // a domain on its own event channels: one rule per type, for over an attribute X on
                // X_channel would let every member use every other member's channels
                for (DomainType m : own.get().members()) {
                    Optional<String> ch = derivedType(m, "_channel");
                    if (ch.isPresent()) {
                        boolean toChannel = g.to() == Endpoint.SUBJECT_CHANNEL || g.to() == Endpoint.TARGET_CHANNEL;
                        List<String> from = List.of(toChannel ? m.name() : ch.get());
                        List<String> to = List.of(toChannel ? ch.get() : m.name());
                        merged.computeIfAbsent(from + "|" + to + "|" + g.securityClass(),
                                k -> new AvRuleBuilder(from, to, g.securityClass())).perms.addAll(g.permissions());
                    }
                }
                continue;
            }
            List<String> from = endpoint(g.from(), s, t, g.securityClass());
            List<String> to = endpoint(g.to(), s, t, g.securityClass());
            if (from.isEmpty() || to.isEmpty()) {
                continue;
            }
            String key = from + "|" + to + "|" + g.securityClass();
            merged.computeIfAbsent(key, k -> new AvRuleBuilder(from, to, g.securityClass()))
                    .perms.addAll(g.permissions());
        }
        merged.values().forEach(b -> out.add(new AvRule(kind, b.from, b.to, b.cls, List.copyOf(b.perms))));
    }

    /** The side's type set when a grant joins a domain and its own channels (SUBJECT with SUBJECT_CHANNEL, ...). */
    private static Optional<TypeSet> ownChannel(Grant g, TypeSet s, TypeSet t) {
        Set<Endpoint> ends = Set.of(g.from(), g.to());
        if (ends.equals(Set.of(Endpoint.SUBJECT, Endpoint.SUBJECT_CHANNEL)) && s.fixed().isEmpty()) {
            return Optional.of(s);
        }
        if (ends.equals(Set.of(Endpoint.TARGET, Endpoint.TARGET_CHANNEL)) && t.fixed().isEmpty()) {
            return Optional.of(t);
        }
        return Optional.empty();
    }

    private static final class AvRuleBuilder {
        final List<String> from;
        final List<String> to;
        final String cls;
        final Set<String> perms = new LinkedHashSet<>();

        AvRuleBuilder(List<String> from, List<String> to, String cls) {
            this.from = from;
            this.to = to;
            this.cls = cls;
        }
    }

    private String describe(PolicyModel.Rule r) {
        StringBuilder b = new StringBuilder(r.kind().name().toLowerCase()).append(' ').append(r.subject().name());
        boolean caps = r.permissions().stream().allMatch(p -> p instanceof CapabilityUse);
        if (caps) {
            b.append(' ').append(String.join(", ", r.permissions().stream()
                    .map(p -> ((CapabilityUse) p).capability()).toList())).append(' ').append(r.target().name());
        } else {
            b.append(" -> ").append(r.target().name()).append(" : ").append(String.join(", ",
                    r.permissions().stream().map(FlaskLowering::describe).toList()));
        }
        return b.toString();
    }

    private static String describe(PermItem item) {
        if (item instanceof PermSet p) {
            return p.securityClass() + "." + (p.patterns().size() == 1 ? p.patterns().get(0)
                    : "{" + String.join(" ", p.patterns()) + "}");
        }
        return ((CapabilityUse) item).capability();
    }

    // ---- channels ---------------------------------------------------------------------------

    private void lowerChannel(PolicyModel.Channel c) {
        TypeSet a = typeSet(c.left());
        TypeSet b = typeSet(c.right());
        if (a.isEmpty() || b.isEmpty()) {
            return;
        }
        rules.add(new PolicyConf.Comment(""));
        rules.add(new PolicyConf.Comment(c.pos() + " channel " + c.left().name() + (c.twoWay() ? " <-> " : " -> ")
                + c.right().name() + " : " + String.join(", ", c.kinds().stream().map(k -> k.name().toLowerCase()).toList())));
        List<Grant> grants = new ArrayList<>();
        if (c.kinds().contains(PolicyModel.ChannelKind.EVENT)) {
            // both ends bind; only the sending direction(s) may signal
            grants.add(new Grant(Endpoint.SUBJECT, Endpoint.SUBJECT_CHANNEL, "event", List.of("create", "send", "status")));
            grants.add(new Grant(Endpoint.SUBJECT_CHANNEL, Endpoint.TARGET, "event", List.of("bind")));
            grants.add(new Grant(Endpoint.TARGET, Endpoint.TARGET_CHANNEL, "event",
                    c.twoWay() ? List.of("create", "send", "status") : List.of("create", "status")));
            grants.add(new Grant(Endpoint.TARGET_CHANNEL, Endpoint.SUBJECT, "event", List.of("bind")));
        }
        if (c.kinds().contains(PolicyModel.ChannelKind.GRANT)) {
            // data flows to whoever maps the other's pages
            grants.add(new Grant(Endpoint.TARGET, Endpoint.SUBJECT, "grant",
                    c.twoWay() ? List.of("map_read", "map_write", "copy", "unmap") : List.of("map_read", "unmap")));
            if (c.twoWay()) {
                grants.add(new Grant(Endpoint.SUBJECT, Endpoint.TARGET, "grant", List.of("map_read", "map_write", "copy", "unmap")));
            }
        }
        if (c.kinds().contains(PolicyModel.ChannelKind.ARGO)) {
            grants.add(new Grant(Endpoint.SUBJECT, Endpoint.XEN, "argo", List.of("enable")));
            grants.add(new Grant(Endpoint.TARGET, Endpoint.XEN, "argo", List.of("enable")));
            grants.add(new Grant(Endpoint.SUBJECT, Endpoint.TARGET, "argo", List.of("send")));
            grants.add(new Grant(Endpoint.TARGET, Endpoint.SUBJECT, "argo", List.of("register_single_source")));
            if (c.twoWay()) {
                grants.add(new Grant(Endpoint.TARGET, Endpoint.SUBJECT, "argo", List.of("send")));
                grants.add(new Grant(Endpoint.SUBJECT, Endpoint.TARGET, "argo", List.of("register_single_source")));
            }
        }
        emitGrants(XenMacros.forCatalogue(grants, catalogue), a, b, AvKind.ALLOW, rules);
        channelTransitions(grants, a, b, rules);
    }

    // ---- management features ----------------------------------------------------------------

    private void features() {
        Optional<PolicyModel.Domain> control = model.domains().stream().filter(d -> d.has(Role.CONTROL)).findFirst();
        for (PolicyModel.VmClass c : model.classes()) {
            SubjectRef cls = new SubjectRef(PolicyModel.SubjectKind.CLASS, c.name(), c.pos());
            TypeSet target = typeSet(cls);
            for (PolicyModel.Feature f : c.features()) {
                String cap = XenMacros.featureCapability(f.feature().name());
                List<Grant> grants = XenMacros.forCatalogue(XenMacros.builtin(cap).orElseThrow().grants(), catalogue);
                rules.add(new PolicyConf.Comment(""));
                if (f.allowed()) {
                    List<SubjectRef> managers = f.managers().isEmpty() && control.isPresent()
                            ? List.of(new SubjectRef(PolicyModel.SubjectKind.DOMAIN, control.get().name(), f.pos()))
                            : f.managers();
                    rules.add(new PolicyConf.Comment(f.pos() + " class " + c.name() + ": "
                            + f.feature().name().toLowerCase() + " allowed" + (f.zone().map(z -> " within zone " + z)
                                    .orElse("")) + " for " + String.join(", ", managers.stream().map(SubjectRef::name).toList())));
                    managers.forEach(m -> emitGrants(grants, typeSet(m), target, AvKind.ALLOW, rules));
                } else {
                    rules.add(new PolicyConf.Comment(f.pos() + " class " + c.name() + ": "
                            + f.feature().name().toLowerCase() + " denied to every other domain"));
                    List<String> members = names(target, "");
                    for (Grant g : XenMacros.forCatalogue(XenMacros.featureCore(f.feature().name()), catalogue)) {
                        if (g.to() != Endpoint.TARGET || g.from() != Endpoint.SUBJECT || members.isEmpty()) {
                            continue;
                        }
                        List<String> src = new ArrayList<>();
                        members.forEach(m -> src.add("-" + m));
                        src.add(0, "domain_type");
                        rules.add(new AvRule(AvKind.NEVERALLOW, src, members, g.securityClass(), g.permissions()));
                    }
                }
            }
        }
    }

    // ---- devices ----------------------------------------------------------------------------

    private static String deviceType(PolicyModel.Device d) {
        return d.name() + "_dev_t";
    }

    private void devices() {
        for (PolicyModel.Device d : model.devices()) {
            String dev = deviceType(d);
            rules.add(new PolicyConf.Comment(""));
            rules.add(new PolicyConf.Comment(d.pos() + " device " + d.name()));
            decls.add(new PolicyConf.TypeDecl(dev, List.of("resource_type")));
            String use = switch (d.iommu()) {
                case ON -> "use_iommu";
                case NOINTREMAP -> "use_iommu use_iommu_nointremap";
                case OFF -> "use_iommu use_iommu_nointremap use_noiommu";
            };
            d.admin().ifPresent(a -> {
                // xen.if admin_device: set the device up, and use it without restriction
                for (DomainType m : typeSet(a).members()) {
                    rules.add(av(m.name(), dev, "resource", "setup stat_device add_device add_irq add_iomem add_ioport "
                            + "remove_device remove_irq remove_iomem remove_ioport plug unplug"));
                    rules.add(av(m.name(), dev, "hvm", "bind_irq"));
                    rules.add(av(m.name(), selfType(m), "mmu", "exchange"));
                    rules.add(av(m.name(), dev, "resource", "use_iommu use_iommu_nointremap use_noiommu"));
                    rules.add(av(m.name(), "domio_t", "mmu", "map_read map_write"));
                }
            });
            d.user().ifPresent(u -> {
                TypeSet user = typeSet(u);
                for (DomainType m : user.members()) {
                    rules.add(av(m.name(), selfType(m), "mmu", "exchange"));
                    rules.add(av(m.name(), dev, "resource", use));
                    rules.add(av(m.name(), "domio_t", "mmu", "map_read map_write"));
                }
                // xen.if delegate_devices: the admin passes the device through to its user
                d.admin().ifPresent(a -> typeSet(a).members().forEach(adm -> user.members().forEach(m -> {
                    if (!m.equals(adm)) {
                        rules.add(av(adm.name(), m.name(), "resource", "add remove"));
                    }
                })));
            });
        }
    }

    private List<PolicyConf.Ocontext> ocontexts() {
        List<PolicyConf.Ocontext> out = new ArrayList<>();
        TreeMap<Long, PolicyConf.Ocontext> ioports = new TreeMap<>();
        TreeMap<java.math.BigInteger, PolicyConf.Ocontext> iomems = new TreeMap<>();
        for (PolicyModel.Device d : model.devices()) {
            String ctx = USER + ":object_r:" + deviceType(d);
            for (PolicyModel.DeviceResource r : d.resources()) {
                String comment = r.pos() + " device " + d.name();
                if (r instanceof PolicyModel.Pci p) {
                    out.add(new PolicyConf.Ocontext(PolicyConf.OconKind.PCIDEVICE, "0x" + Long.toHexString(p.sbdf()),
                            ctx, comment + " pci " + p.text()));
                } else if (r instanceof PolicyModel.Irq i) {
                    out.add(new PolicyConf.Ocontext(PolicyConf.OconKind.PIRQ, Integer.toString(i.irq()), ctx, comment));
                } else if (r instanceof PolicyModel.IoportRange io) {
                    ioports.put(io.low(), new PolicyConf.Ocontext(PolicyConf.OconKind.IOPORT, range(
                            java.math.BigInteger.valueOf(io.low()), java.math.BigInteger.valueOf(io.high())), ctx, comment));
                } else if (r instanceof PolicyModel.IomemRange m) {
                    iomems.put(m.lowPfn(), new PolicyConf.Ocontext(PolicyConf.OconKind.IOMEM,
                            range(m.lowPfn(), m.highPfn()), ctx, comment + " (page frame numbers)"));
                } else if (r instanceof PolicyModel.DeviceTreePath dt) {
                    out.add(new PolicyConf.Ocontext(PolicyConf.OconKind.DEVICETREE, "\"" + dt.path() + "\"", ctx, comment));
                }
            }
        }
        out.addAll(ioports.values());
        out.addAll(iomems.values());
        // checkpolicy's grammar wants each kind in one run, in this order
        out.sort(java.util.Comparator.comparingInt(o -> o.kind().ordinal()));
        return out;
    }

    private static String range(java.math.BigInteger lo, java.math.BigInteger hi) {
        return lo.equals(hi) ? "0x" + lo.toString(16) : "0x" + lo.toString(16) + "-0x" + hi.toString(16);
    }

    // ---- forbid → neverallow ----------------------------------------------------------------

    private void forbids() {
        for (PolicyModel.Forbid f : model.forbids()) {
            TypeSet s = typeSet(f.subject());
            TypeSet t = typeSet(f.target());
            rules.add(new PolicyConf.Comment(""));
            rules.add(new PolicyConf.Comment(f.pos() + " forbid " + f.subject().name() + " -> " + f.target().name()
                    + " (layer " + f.layer() + ")"));
            List<Grant> grants = sem.grants(f.permissions());
            List<Statement> out = new ArrayList<>();
            emitGrants(grants, s, t, AvKind.NEVERALLOW, out);
            // acting on T also covers T acting on itself and as a device model's target
            List<Grant> derived = new ArrayList<>();
            for (Grant g : grants) {
                if (g.to() == Endpoint.TARGET && !t.fixed().isPresent()) {
                    derived.add(new Grant(g.from(), Endpoint.TARGET_SELF, g.securityClass(), g.permissions()));
                    derived.add(new Grant(g.from(), Endpoint.TARGET_TARGET, g.securityClass(), g.permissions()));
                    derived.add(new Grant(g.from(), Endpoint.TARGET_BUILDING, g.securityClass(), g.permissions()));
                }
            }
            emitGrants(derived, s, t, AvKind.NEVERALLOW, out);
            rules.addAll(out);
        }
    }

    // ---- the rest ---------------------------------------------------------------------------

    private List<Statement> conditionals() {
        List<Statement> out = new ArrayList<>();
        for (PolicyModel.Switch s : model.switches()) {
            List<AvRule> on = whenOn.getOrDefault(s.name(), List.of());
            List<AvRule> off = whenOff.getOrDefault(s.name(), List.of());
            if (on.isEmpty() && off.isEmpty()) {
                continue;
            }
            out.add(new PolicyConf.Comment(""));
            out.add(new PolicyConf.Comment(s.pos() + " rules of switch " + s.name()));
            if (on.isEmpty()) {
                out.add(new PolicyConf.Conditional("!" + s.name(), off, List.of()));
            } else {
                out.add(new PolicyConf.Conditional(s.name(), on, off));
            }
        }
        return out;
    }

    private List<PolicyConf.SidContext> sidContexts() {
        String dom0 = model.domains().stream().filter(d -> d.has(Role.CONTROL)).findFirst()
                .map(d -> types.of(new Principal(d.name(), Principal.Kind.DOMAIN)).name()).orElse("unlabeled_t");
        Map<String, String> ctx = new LinkedHashMap<>();
        ctx.put("xenboot", sys("xenboot_t"));
        ctx.put("xen", sys("xen_t"));
        ctx.put("dom0", sys(dom0));
        ctx.put("domio", sys("domio_t"));
        ctx.put("domxen", sys("domxen_t"));
        ctx.put("unlabeled", sys("unlabeled_t"));
        ctx.put("security", sys("security_t"));
        ctx.put("ioport", USER + ":object_r:ioport_t");
        ctx.put("iomem", USER + ":object_r:iomem_t");
        ctx.put("irq", USER + ":object_r:irq_t");
        ctx.put("device", USER + ":object_r:device_t");
        // guests without a seclabel get unlabeled_t, which no rule grants anything
        ctx.put("domU", sys("unlabeled_t"));
        ctx.put("domDM", sys("unlabeled_t"));
        List<PolicyConf.SidContext> out = new ArrayList<>();
        for (XenCatalogue.InitialSid sid : catalogue.initialSids()) {
            String c = ctx.get(sid.name());
            if (c == null) {
                diagnostics.add(Diagnostic.error("unknown-sid", model.pos(), "Xen " + catalogue.xenVersion()
                        + " has initial SID '" + sid.name() + "', which Cordon does not know how to label"));
                c = sys("unlabeled_t");
            }
            out.add(new PolicyConf.SidContext(sid.name(), c));
        }
        return out;
    }

    private static String sys(String type) {
        return USER + ":" + ROLE + ":" + type;
    }

    /** Domain type declarations; rendered last because attribute membership is known only then. */
    List<Statement> typeDeclarations() {
        List<Statement> out = new ArrayList<>();
        out.add(new PolicyConf.Comment(""));
        out.add(new PolicyConf.Comment("Domain types"));
        for (DomainType t : types.types()) {
            out.add(type(t.name(), "domain_type"));
            if (!t.singleton()) {
                out.add(type(t.name() + "_self", "domain_type", "domain_self_type"));
            }
            if (hasTarget.contains(t)) {
                out.add(type(t.name() + "_target", "domain_type", "domain_target_type"));
            }
            if (t.buildLabel()) {
                out.add(type(t.name() + "_building", "domain_type"));
            }
            out.add(type(t.name() + "_channel", "event_type"));
        }
        return out;
    }
}
