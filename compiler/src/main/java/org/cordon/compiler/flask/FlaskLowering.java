package org.cordon.compiler.flask;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.cordon.compiler.flask.TypeAssignment.DomainType;
import org.cordon.compiler.table.StatementTable;
import org.cordon.compiler.table.StatementTable.Effect;
import org.cordon.compiler.table.StatementTable.Entry;
import org.cordon.compiler.table.StatementTable.Kind;
import org.cordon.compiler.table.StatementTable.Transition;
import org.cordon.model.Diagnostic;
import org.cordon.model.DiagnosticCode;
import org.cordon.model.PolicyModel;
import org.cordon.model.PolicyModel.Facet;
import org.cordon.model.PolicyModel.Role;
import org.cordon.model.PolicyModel.SubjectRef;
import org.cordon.model.Principal;
import org.cordon.model.SourcePos;
import org.cordon.xsm.catalogue.XenCatalogue;
import org.cordon.xsm.macros.Endpoint;
import org.cordon.xsm.macros.Grant;
import org.cordon.xsm.flask.conf.Ast;
import org.cordon.xsm.flask.conf.Ast.AvRule;
import org.cordon.xsm.flask.conf.Ast.Names;
import org.cordon.xsm.flask.conf.Ast.Stmt;
import org.cordon.xsm.flask.model.CondExpr;

/**
 * Pass "lower-flask": the {@link StatementTable} → a Xen FLASK policy.conf as {@link Ast} statements, each at the
 * Cordon statement it comes from ({@code ConfPrinter} writes them). What each statement grants is the
 * table's; this pass only names it in FLASK: types from pass "assign-types", Xen's conventions (xen.if) for
 * {@code T_self}, {@code T_channel}, {@code T_target}, {@code T_building} and Cordon's {@code T_recv_channel},
 * attributes for sets of domains (classes, clusters, role-wide sets), so rules stay one line however many VMs a
 * class holds, and event-channel labels by type_transition only for pairs that talk, so the binary grows linearly.
 */
public final class FlaskLowering {

    /** The lowered policy (the whole policy.conf but its header comment), the types chosen, and problems only
     * lowering can see. */
    public record Result(List<Stmt> conf, TypeAssignment types, List<Diagnostic> diagnostics) {
        public Result {
            conf = List.copyOf(conf);
        }
    }

    private static final String USER = "system_u";
    private static final String ROLE = "system_r";

    private final StatementTable table;
    private final PolicyModel model;
    private final XenCatalogue catalogue;
    private final TypeAssignment types;
    private final List<Diagnostic> diagnostics = new ArrayList<>();
    private final List<Stmt> decls = new ArrayList<>();
    private final List<Stmt> rules = new ArrayList<>();
    /** Where the statement being lowered stands in the Cordon sources; what it lowers to carries it. */
    private Ast.Pos at;
    /** attribute name → member types, in declaration order. */
    private final Map<String, Set<String>> attributes = new LinkedHashMap<>();
    /** (source type, remote type) → the label of the source's channels to the remote, send-capable first. */
    private final Map<String, ChannelLabel> channelLabels = new LinkedHashMap<>();
    /** type_transitions for classes other than event, once each. */
    private final Set<String> domainTransitions = new HashSet<>();
    private final Map<String, List<Stmt>> whenOn = new LinkedHashMap<>();
    private final Map<String, List<Stmt>> whenOff = new LinkedHashMap<>();
    private final Set<DomainType> hasTarget = new LinkedHashSet<>();
    private final Set<DomainType> hasRecvChannel = new LinkedHashSet<>();
    /** Lowering a forbid: it names labels, it does not call them into being. */
    private boolean forbidding;

    private record ChannelLabel(String source, String remote, String label, boolean send, boolean guarded,
            Optional<String> building, Ast.Pos at) {

        /** Which label a pair's channels get: what holds without a switch first, then send-capable first. */
        int rank() {
            return (guarded ? 0 : 2) + (send ? 1 : 0);
        }
    }

    /** The multi-level part, for a policy that declares sensitivities. */
    private final Optional<MlsLowering> mls;

    /** Lowers the table of a model that is not multi-level with the types pass "assign-types" gave its principals. */
    public FlaskLowering(StatementTable table, TypeAssignment types) {
        this(table, types, null);
    }

    /** The same, with each permission's information-flow direction for a multi-level policy's constraints. */
    public FlaskLowering(StatementTable table, TypeAssignment types, MlsLowering.Flows flows) {
        this.table = table;
        this.model = table.model();
        this.catalogue = table.catalogue();
        this.types = types;
        this.at = pos(model.pos());
        if (model.multiLevel() && flows == null) {
            throw new IllegalArgumentException("a multi-level policy needs the permissions' flow directions");
        }
        this.mls = model.multiLevel() ? Optional.of(new MlsLowering(model, catalogue, flows)) : Optional.empty();
    }

    // ---- statements -------------------------------------------------------------------------------------------------

    private static Ast.Pos pos(SourcePos p) {
        return new Ast.Pos(p.file(), p.line(), p.column());
    }

    private Ast.Comment comment(String text) {
        return new Ast.Comment(at, text);
    }

    private AvRule avRule(String kind, List<String> from, List<String> to, String securityClass,
            List<String> permissions) {
        return new AvRule(at, kind, new Names(from), new Names(to), Names.of(securityClass), new Names(permissions));
    }

    private Ast.TypeRule typeTransition(String source, List<String> targets, String securityClass, String result) {
        return new Ast.TypeRule(at, "type_transition", Names.of(source), new Names(targets), Names.of(securityClass),
                result, null);
    }

    // ---- type sets --------------------------------------------------------------------------------------------------

    /** What a reference names in FLASK terms: types and attributes, each standing for domain types. */
    private record Named(String name, List<DomainType> members) {
    }

    /** Domain types and attributes ({@code parts}), and Xen's own types ({@code fixed}: xen_t, domio_t, ...). */
    private record TypeSet(List<Named> parts, List<String> fixed) {
        static TypeSet fixed(String type) {
            return new TypeSet(List.of(), List.of(type));
        }

        static TypeSet of(DomainType t) {
            return new TypeSet(List.of(new Named(t.name(), List.of(t))), List.of());
        }

        List<DomainType> members() {
            Set<DomainType> out = new LinkedHashSet<>();
            parts.forEach(p -> out.addAll(p.members()));
            return List.copyOf(out);
        }

        /** Names nothing: a set whose members are none (a class of no VMs, no guests at all). */
        boolean isEmpty() {
            return fixed.isEmpty() && parts.stream().allMatch(p -> p.members().isEmpty());
        }
    }

    private final Map<String, TypeSet> setCache = new HashMap<>();

    /** A reference as FLASK names it: Xen's own type, a domain's type, or the attribute of a set of domains. */
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
        } else if (ref.kind() == PolicyModel.SubjectKind.DEVICE || ref.kind() == PolicyModel.SubjectKind.SID) {
            set = TypeSet.fixed(xenType(ref.members().get(0)));
        } else if (ref.kind() == PolicyModel.SubjectKind.DOMAIN || ref.kind() == PolicyModel.SubjectKind.VM
                || ref.kind() == PolicyModel.SubjectKind.GROUP) {
            // a group is its members' own types, attributes and Xen's types
            List<Named> parts = new ArrayList<>();
            Set<String> fixed = new LinkedHashSet<>();
            if (ref.kind() == PolicyModel.SubjectKind.GROUP) {
                PolicyModel.Group g = model.layers().stream().flatMap(l -> l.groups().stream())
                        .filter(x -> x.name().equals(ref.name())).findFirst().orElseThrow();
                setCache.put(key, new TypeSet(List.of(), List.of())); // a cycle resolves to nothing
                for (SubjectRef m : g.members()) {
                    TypeSet ms = typeSet(m);
                    ms.parts().forEach(p -> {
                        if (!parts.contains(p)) {
                            parts.add(p);
                        }
                    });
                    fixed.addAll(ms.fixed());
                }
            } else {
                ref.members().forEach(p -> parts.add(new Named(types.of(p).name(), List.of(types.of(p)))));
            }
            set = new TypeSet(parts, List.copyOf(fixed));
        } else {
            String attr = switch (ref.kind()) {
                case CLASS, CLUSTER -> ref.name() + "_domains";
                default -> b.get() == PolicyModel.Builtin.GUESTS ? "guest_domains" : "all_domains";
            };
            Set<DomainType> members = new LinkedHashSet<>();
            ref.members().forEach(p -> members.add(types.of(p)));
            set = new TypeSet(List.of(new Named(attr, List.copyOf(members))), List.of());
        }
        setCache.put(key, set);
        return set;
    }

    /** The type set of an entry's side: the reference's, or each member type on its own when the entry says so. */
    private TypeSet side(Entry e, SubjectRef ref) {
        if (!e.perType() || ref.builtin().filter(b -> b != PolicyModel.Builtin.GUESTS
                && b != PolicyModel.Builtin.DOMAINS).isPresent()) {
            return typeSet(ref);
        }
        Set<DomainType> members = new LinkedHashSet<>();
        Set<String> fixed = new LinkedHashSet<>();
        for (Principal p : ref.members()) {
            if (p.isDomain()) {
                members.add(types.of(p));
            } else {
                fixed.add(xenType(p));
            }
        }
        return new TypeSet(members.stream().map(t -> new Named(t.name(), List.of(t))).toList(), List.copyOf(fixed));
    }

    /** Xen's own type of one of its principals. */
    private static String xenType(Principal p) {
        return switch (p.kind()) {
            case XEN -> "xen_t";
            case XENBOOT -> "xenboot_t";
            case DOMIO -> "domio_t";
            case DOMXEN -> "domxen_t";
            case DEVICE -> deviceType(p.name());
            case SID -> p.name() + "_t";
            default -> throw new IllegalArgumentException(p.toString());
        };
    }

    /** Type names of a type set's derived labels, with derived attributes where the set is an attribute. */
    private List<String> names(TypeSet set, Facet derived) {
        List<String> out = new ArrayList<>(derived == Facet.MAIN ? set.fixed() : List.of());
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
            String attr = TypeAssignment.typeName(part.name(), derived);
            attributes.computeIfAbsent(attr, k -> new LinkedHashSet<>()).addAll(members);
            out.add(attr);
        }
        return out;
    }

    private Optional<String> derivedType(DomainType t, Facet derived) {
        return switch (derived) {
            case MAIN, SELF, CHANNEL -> Optional.of(t.type(derived));
            case RECV_CHANNEL -> {
                // forbids (lowered last) name the receive-only labels that exist; they declare none
                if (forbidding && !hasRecvChannel.contains(t)) {
                    yield Optional.empty();
                }
                hasRecvChannel.add(t);
                yield Optional.of(t.type(derived));
            }
            case TARGET -> hasTarget.contains(t) ? Optional.of(t.type(derived)) : Optional.empty();
            case BUILDING -> t.buildLabel() ? Optional.of(t.type(derived)) : Optional.empty();
        };
    }

    /** The facet of its side an endpoint names. */
    private static Facet facet(Endpoint e) {
        return switch (e) {
            case SUBJECT_SELF, TARGET_SELF -> Facet.SELF;
            case SUBJECT_CHANNEL, TARGET_CHANNEL -> Facet.CHANNEL;
            case SUBJECT_RECV_CHANNEL, TARGET_RECV_CHANNEL -> Facet.RECV_CHANNEL;
            case TARGET_TARGET, SUBJECT_TARGET -> Facet.TARGET;
            case TARGET_BUILDING, SUBJECT_BUILDING -> Facet.BUILDING;
            default -> Facet.MAIN;
        };
    }

    private List<String> endpoint(Endpoint e, TypeSet s, TypeSet t, String securityClass) {
        return switch (e) {
            case SUBJECT, SUBJECT_SELF, SUBJECT_CHANNEL, SUBJECT_RECV_CHANNEL, SUBJECT_TARGET, SUBJECT_BUILDING ->
                    names(s, facet(e));
            // the security class is checked against the security server's label, not xen_t
            case TARGET -> securityClass.equals("security") ? names(t, Facet.MAIN).stream()
                    .map(n -> n.equals("xen_t") ? "security_t" : n).toList() : names(t, Facet.MAIN);
            case TARGET_SELF, TARGET_CHANNEL, TARGET_RECV_CHANNEL, TARGET_TARGET, TARGET_BUILDING -> names(t, facet(e));
            case XEN -> List.of(securityClass.equals("security") ? "security_t" : "xen_t");
            case XENBOOT -> List.of("xenboot_t");
            case SECURITY -> List.of("security_t");
            case DOMIO -> List.of("domio_t");
            case DOMXEN -> List.of("domxen_t");
        };
    }

    // ---- the pass -----------------------------------------------------------------------------------------------------

    public Result lower() {
        // a device is a trusted object of a multi-level policy: its assignment (admin, user) is what isolates it
        List<String> deviceAttrs = mls.isPresent() ? List.of("resource_type", MlsLowering.TRUSTED) : List.of("resource_type");
        model.devices().forEach(d -> decls.add(new Ast.TypeDecl(pos(d.pos()), deviceType(d.name()), null, deviceAttrs)));
        for (Entry e : table.entries()) {
            if (e.statement().kind() == Kind.DEVICE_MODEL && e.effect() == Effect.ALLOW
                    && e.transitions().stream().anyMatch(t -> t.result() == Endpoint.TARGET_TARGET)) {
                e.target().members().forEach(p -> hasTarget.add(types.of(p)));
            }
        }
        Set<String> typesDone = new HashSet<>();
        Set<String> buildLabelsDone = new HashSet<>();
        for (Entry e : table.entries()) {
            at = pos(e.statement().pos());
            switch (e.statement().kind()) {
                case DOMAIN -> {
                    DomainType t = types.of(e.subject().members().get(0));
                    if (typesDone.add(t.name())) {
                        domain(e, t);
                    }
                }
                case BUILD_LABEL -> {
                    DomainType t = types.of(e.subject().members().get(0));
                    if (buildLabelsDone.add(t.name())) {
                        emit(e, TypeSet.of(t), TypeSet.of(t), rules);
                    }
                }
                case FEATURE_DENIED -> featureDenied(e);
                case FORBID -> forbid(e);
                default -> statement(e);
            }
        }
        at = pos(model.pos());
        List<Stmt> conf = new ArrayList<>(catalogueDeclarations());
        mls.ifPresent(m -> {
            conf.addAll(m.declarations(at));
            conf.addAll(m.constraints(at));
        });
        conf.addAll(header());
        conf.addAll(typeDeclarations());
        conf.addAll(decls);
        conf.addAll(rules);
        conf.addAll(channelTransitions());
        conf.addAll(conditionals());
        at = pos(model.pos());
        conf.add(comment(""));
        conf.add(comment("Roles: every domain and Xen's own types run as " + ROLE));
        conf.add(new Ast.RoleDecl(at, ROLE, List.of()));
        conf.add(new Ast.RoleTypes(at, ROLE, Names.of("xen_type", "domain_type")));
        conf.add(comment(""));
        // system_u labels every context, so it is cleared for every level
        conf.add(mls.map(m -> new Ast.User(at, USER, Names.of(ROLE), m.lowest().low(), m.whole()))
                .orElseGet(() -> new Ast.User(at, USER, Names.of(ROLE), null, null)));
        conf.add(comment(""));
        conf.add(comment("Initial SID contexts"));
        conf.addAll(sidContexts());
        conf.addAll(ocontexts());
        return new Result(conf, types, diagnostics);
    }

    /** Xen's security classes, initial SIDs and access vectors, in Xen's numbering, from the catalogue. */
    private List<Stmt> catalogueDeclarations() {
        List<Stmt> out = new ArrayList<>();
        out.add(comment(""));
        out.add(comment("Security classes of Xen " + catalogue.xenVersion() + " (order is Xen's numbering)"));
        catalogue.classes().forEach(c -> out.add(new Ast.ClassDecl(at, c.name())));
        out.add(comment(""));
        out.add(comment("Initial SIDs of Xen " + catalogue.xenVersion()));
        catalogue.initialSids().forEach(sid -> out.add(new Ast.SidDecl(at, sid.name())));
        out.add(comment(""));
        out.add(comment("Access vectors (order is Xen's bit numbering)"));
        for (XenCatalogue.SecurityClass c : catalogue.classes()) {
            out.add(new Ast.AvDef(at, c.name(), null, c.permissions().stream().map(p -> p.name()).toList()));
        }
        out.add(comment(""));
        return out;
    }

    /** A type's comment, its self transition and what its domains need on themselves. */
    private void domain(Entry e, DomainType t) {
        String where = t.principals().size() == 1 ? t.principals().get(0).name()
                : t.principals().size() + " VMs of class " + t.owner() + " with identical rights";
        rules.add(comment(""));
        rules.add(comment(e.statement().pos() + " " + where));
        transitions(e, TypeSet.of(t), TypeSet.of(t));
        emit(e, TypeSet.of(t), TypeSet.of(t), rules);
    }

    /** A statement that grants: its rules (under its switch when it has one) and its type transitions. */
    private void statement(Entry e) {
        TypeSet s = side(e, e.subject());
        TypeSet t = e.device().map(d -> TypeSet.fixed(deviceType(d))).orElseGet(() -> side(e, e.target()));
        List<Stmt> out = e.guard().isEmpty() ? rules : new ArrayList<>();
        if (e.guard().isEmpty()) {
            rules.add(comment(""));
            rules.add(comment(e.statement().pos() + " " + e.statement().text()));
        }
        List<DomainType> diagonal = e.distinct() ? diagonal(s, t) : List.of();
        if (diagonal.isEmpty()) {
            emit(e, s, t, out);
            transitions(e, s, t);
        } else {
            // a statement between two different domains whose ends share a domain's own type: pair by pair, without
            // that domain and itself
            for (DomainType a : s.members()) {
                for (DomainType b : t.members()) {
                    if (!(a.equals(b) && diagonal.contains(a))) {
                        emit(e, TypeSet.of(a), TypeSet.of(b), out);
                        transitions(e, TypeSet.of(a), TypeSet.of(b));
                    }
                }
            }
        }
        if (e.guard().isPresent()) {
            List<Stmt> avs = out.stream().filter(AvRule.class::isInstance).toList();
            (e.guard().get().whenOff() ? whenOff : whenOn).computeIfAbsent(e.guard().get().name(),
                    k -> new ArrayList<>()).addAll(avs);
        }
    }

    /** The types on both ends that stand for one principal each: a pair of such a type with itself is a domain
     * with itself, which a statement between different domains leaves out. */
    private static List<DomainType> diagonal(TypeSet s, TypeSet t) {
        Set<DomainType> targets = new HashSet<>(t.members());
        return s.members().stream().filter(m -> targets.contains(m) && m.principals().size() == 1).toList();
    }

    /** A denied feature: its core permissions never to any domain outside the class. */
    private void featureDenied(Entry e) {
        rules.add(comment(""));
        rules.add(comment(e.statement().pos() + " " + e.statement().text()));
        List<String> members = names(typeSet(e.target()), Facet.MAIN);
        if (members.isEmpty()) {
            return;
        }
        List<String> src = new ArrayList<>();
        src.add("domain_type");
        members.forEach(m -> {
            src.add("-");
            src.add(m);
        });
        for (Grant g : e.grants()) {
            rules.add(avRule("neverallow", src, members, g.securityClass(), g.permissions()));
        }
    }

    /**
     * A forbid as neverallows over what the table says Xen checks. A forbid is about pairs of different domains: a
     * domain's own accesses are against its {@code _self} type (a singleton's is its own type), and where subject and
     * target share a domain's own type the neverallow leaves that domain with itself out.
     */
    private void forbid(Entry e) {
        forbidding = true;
        try {
            forbidPairs(e);
        } finally {
            forbidding = false;
        }
    }

    private void forbidPairs(Entry e) {
        TypeSet s = typeSet(e.subject());
        TypeSet t = typeSet(e.target());
        rules.add(comment(""));
        rules.add(comment(e.statement().pos() + " " + e.statement().text() + " (layer "
                + e.statement().layer() + ")"));
        List<DomainType> diagonal = diagonal(s, t);
        for (Grant g : e.grants()) {
            List<String> from = endpoint(g.from(), s, t, g.securityClass());
            List<String> to = endpoint(g.to(), s, t, g.securityClass());
            if (from.isEmpty() || to.isEmpty()) {
                continue;
            }
            // a domain with itself is no pair of domains: its labels on either side are left out of each other
            List<String[]> self = new ArrayList<>();
            // a grant from one side's label to the other's, either way round
            boolean across = g.acrossTheEnds();
            for (DomainType x : across ? diagonal : List.<DomainType>of()) {
                Optional<String> f = end(g.from(), x, x);
                Optional<String> tt = end(g.to(), x, x);
                if (f.isPresent() && tt.isPresent()) {
                    self.add(new String[] {f.get(), tt.get()});
                }
            }
            if (self.isEmpty()) {
                rules.add(avRule("neverallow", from, to, g.securityClass(), g.permissions()));
                continue;
            }
            rules.add(avRule("neverallow", minus(from, self.stream().map(p -> p[0]).toList()), to,
                    g.securityClass(), g.permissions()));
            for (String[] p : self) {
                rules.add(avRule("neverallow", List.of(p[0]), minus(to, List.of(p[1])), g.securityClass(),
                        g.permissions()));
            }
        }
    }

    private static List<String> minus(List<String> set, List<String> out) {
        List<String> r = new ArrayList<>(set);
        out.forEach(o -> {
            r.add("-");
            r.add(o);
        });
        return r;
    }

    private void emit(Entry e, TypeSet s, TypeSet t, List<Stmt> out) {
        if (s.isEmpty() || t.isEmpty()) {
            // no pair, no access: not even a grant on Xen's own labels (manage's domxen_t) of a set with no members
            return;
        }
        String kind = switch (e.effect()) {
            case ALLOW -> "allow";
            case AUDITALLOW -> "auditallow";
            case DONTAUDIT -> "dontaudit";
            case NEVERALLOW -> "neverallow";
        };
        emitGrants(e.grants(), s, t, kind, out);
    }

    /** Grants → AV rules, merged per (source, target, class) in first-seen order. */
    private void emitGrants(List<Grant> grants, TypeSet s, TypeSet t, String kind, List<Stmt> out) {
        Map<RuleKey, AvRuleBuilder> merged = new LinkedHashMap<>();
        // a side's member types, listed once for all the grants on its own labels
        List<DomainType> sMembers = null;
        List<DomainType> tMembers = null;
        for (Grant g : grants) {
            Optional<TypeSet> own = own(g, s, t);
            if (own.isPresent()) {
                List<DomainType> members;
                if (own.get() == s) {
                    members = sMembers == null ? sMembers = s.members() : sMembers;
                } else {
                    members = tMembers == null ? tMembers = t.members() : tMembers;
                }
                for (DomainType m : members) {
                    Optional<String> a = end(g.from(), m, m);
                    Optional<String> b = end(g.to(), m, m);
                    if (a.isPresent() && b.isPresent()) {
                        merge(merged, List.of(a.get()), List.of(b.get()), g);
                    }
                }
                continue;
            }
            List<String> from = endpoint(g.from(), s, t, g.securityClass());
            List<String> to = endpoint(g.to(), s, t, g.securityClass());
            if (from.isEmpty() || to.isEmpty()) {
                continue;
            }
            merge(merged, from, to, g);
        }
        merged.values().forEach(b -> out.add(avRule(kind, b.from, b.to, b.cls, b.perms())));
    }

    /** What an AV rule's permissions are merged under. */
    private record RuleKey(List<String> from, List<String> to, String securityClass) {
    }

    private static void merge(Map<RuleKey, AvRuleBuilder> merged, List<String> from, List<String> to, Grant g) {
        RuleKey key = new RuleKey(from, to, g.securityClass());
        AvRuleBuilder rule = merged.get(key);
        if (rule == null) {
            rule = new AvRuleBuilder(from, to, g.securityClass());
            merged.put(key, rule);
        }
        rule.add(g.permissions());
    }

    /**
     * The side's type set when a grant joins labels of one and the same domain (SUBJECT with SUBJECT_CHANNEL or
     * SUBJECT_SELF, TARGET_TARGET with TARGET_CHANNEL, ...): stated per member type, for over an attribute X on
     * X_channel would let every member use every other member's channels.
     */
    private static Optional<TypeSet> own(Grant g, TypeSet s, TypeSet t) {
        if (g.from().owner() != g.to().owner() || g.from() == g.to()) {
            return Optional.empty();
        }
        TypeSet side = g.from().owner() == Endpoint.SUBJECT ? s : g.from().owner() == Endpoint.TARGET ? t : null;
        return side == null || side.parts().isEmpty() ? Optional.empty() : Optional.of(side);
    }

    private static final class AvRuleBuilder {
        final List<String> from;
        final List<String> to;
        final String cls;
        // most rules are one grant's: its list is kept as it is, and a set is made only when a second joins
        private List<String> first;
        private Set<String> merged;

        AvRuleBuilder(List<String> from, List<String> to, String cls) {
            this.from = from;
            this.to = to;
            this.cls = cls;
        }

        void add(List<String> permissions) {
            if (first == null && merged == null) {
                first = permissions;
                return;
            }
            if (merged == null) {
                merged = new LinkedHashSet<>(first);
                first = null;
            }
            merged.addAll(permissions);
        }

        /** The permissions in the order the grants first name them, once each. */
        List<String> perms() {
            if (merged == null && distinct(first)) {
                return List.copyOf(first); // the grant's own list: List.copyOf leaves an immutable one as it is
            }
            return List.copyOf(merged != null ? merged : new LinkedHashSet<>(first));
        }

        private static boolean distinct(List<String> permissions) {
            for (int i = 0; i < permissions.size(); i++) {
                for (int j = 0; j < i; j++) {
                    if (permissions.get(i).equals(permissions.get(j))) {
                        return false;
                    }
                }
            }
            return true;
        }
    }

    // ---- type transitions -------------------------------------------------------------------------------------------

    /**
     * An entry's type transitions, pair of member types by pair. A domain's event channels to a remote domain get one
     * label, whatever lets them, given when a channel is opened (no switch relabels it): what the statements outside
     * switches need — its send-capable {@code T_channel} when one lets it signal that remote, else its receive-only
     * {@code T_recv_channel} — and only when none does, what statements under switches need. They are written after
     * every statement has been seen.
     */
    private void transitions(Entry e, TypeSet s, TypeSet t) {
        for (Transition tr : e.transitions()) {
            for (DomainType a : s.members()) {
                for (DomainType b : t.members()) {
                    Optional<String> source = end(tr.source(), a, b);
                    Optional<String> target = end(tr.target(), a, b);
                    Optional<String> result = end(tr.result(), a, b);
                    if (source.isEmpty() || target.isEmpty() || result.isEmpty()) {
                        continue;
                    }
                    if (!tr.securityClass().equals("event")) {
                        // a singleton's _self label is its own type: no transition to write
                        if (!result.get().equals(source.get())
                                && domainTransitions.add(source.get() + " " + target.get() + ":" + tr.securityClass())) {
                            rules.add(typeTransition(source.get(), List.of(target.get()), tr.securityClass(),
                                    result.get()));
                        }
                        continue;
                    }
                    boolean send = tr.result() == Endpoint.SUBJECT_CHANNEL || tr.result() == Endpoint.TARGET_CHANNEL;
                    // channels opened while a build-labelled domain is being built carry its final label
                    DomainType owner = tr.source().owner() == Endpoint.SUBJECT ? a : b;
                    Optional<String> building = tr.source() == tr.source().owner() && owner.buildLabel()
                            ? Optional.of(owner.type(Facet.BUILDING)) : Optional.empty();
                    String key = source.get() + " " + target.get();
                    ChannelLabel label = new ChannelLabel(source.get(), target.get(), result.get(), send,
                            e.guard().isPresent(), building, at);
                    ChannelLabel prev = channelLabels.get(key);
                    if (prev == null || label.rank() > prev.rank()) {
                        channelLabels.put(key, label);
                    }
                }
            }
        }
    }

    private Optional<String> end(Endpoint e, DomainType a, DomainType b) {
        DomainType owner = e.owner() == Endpoint.SUBJECT ? a : b;
        return switch (e) {
            case SUBJECT, TARGET -> Optional.of(owner.name());
            default -> derivedType(owner, facet(e));
        };
    }

    /** The event-channel labels, one transition per (domain, remote) with the remotes of one label together. */
    private List<Stmt> channelTransitions() {
        List<Stmt> out = new ArrayList<>();
        if (channelLabels.isEmpty()) {
            return out;
        }
        out.add(comment(""));
        out.add(comment("Event channel labels: (domain, remote domain) -> the label of its channels"));
        Map<String, List<String>> grouped = new LinkedHashMap<>();
        Map<String, Ast.Pos> first = new HashMap<>();
        for (ChannelLabel c : channelLabels.values()) {
            grouped.computeIfAbsent(c.source() + "\u0000" + c.label(), k -> new ArrayList<>()).add(c.remote());
            first.putIfAbsent(c.source() + "\u0000" + c.label(), c.at());
            c.building().ifPresent(b -> {
                grouped.computeIfAbsent(b + "\u0000" + c.label(), k -> new ArrayList<>()).add(c.remote());
                first.putIfAbsent(b + "\u0000" + c.label(), c.at());
            });
        }
        grouped.forEach((k, remotes) -> {
            String[] sl = k.split("\u0000");
            at = first.get(k);
            out.add(typeTransition(sl[0], List.copyOf(new LinkedHashSet<>(remotes)), "event", sl[1]));
        });
        return out;
    }

    // ---- devices ------------------------------------------------------------------------------------------------------

    private static String deviceType(String device) {
        return device + "_dev_t";
    }

    /** Xen's device contexts, each after a comment naming its device; each kind in one run, in the order
     * checkpolicy's grammar wants (pirqcon, ioportcon, iomemcon, pcidevicecon, devicetreecon). */
    private List<Stmt> ocontexts() {
        List<List<Stmt>> pirqs = new ArrayList<>(), pcis = new ArrayList<>(), trees = new ArrayList<>();
        TreeMap<Long, List<Stmt>> ioports = new TreeMap<>();
        TreeMap<java.math.BigInteger, List<Stmt>> iomems = new TreeMap<>();
        for (PolicyModel.Device d : model.devices()) {
            // devices are trusted objects at the lowest level (mls_priv): their admin and user keep them apart
            Ast.Ctx ctx = new Ast.Ctx(USER, "object_r", deviceType(d.name()), mls.map(MlsLowering::lowest).orElse(null));
            for (PolicyModel.DeviceResource r : d.resources()) {
                at = pos(r.pos());
                String device = r.pos() + " device " + d.name();
                if (r instanceof PolicyModel.Pci p) {
                    pcis.add(List.of(comment(device + " pci " + p.text()), new Ast.PciDeviceCon(at, p.sbdf(), ctx)));
                } else if (r instanceof PolicyModel.Irq i) {
                    pirqs.add(List.of(comment(device), new Ast.PirqCon(at, i.irq(), ctx)));
                } else if (r instanceof PolicyModel.IoportRange io) {
                    ioports.put(io.low(), List.of(comment(device), new Ast.IoportCon(at, io.low(), io.high(), ctx)));
                } else if (r instanceof PolicyModel.IomemRange m) {
                    iomems.put(m.lowPfn(), List.of(comment(device + " (page frame numbers)"),
                            new Ast.IomemCon(at, m.lowPfn().longValue(), m.highPfn().longValue(), ctx)));
                } else if (r instanceof PolicyModel.DeviceTreePath dt) {
                    trees.add(List.of(comment(device), new Ast.DeviceTreeCon(at, dt.path(), ctx)));
                }
            }
        }
        List<Stmt> out = new ArrayList<>();
        for (List<List<Stmt>> kind : List.of(pirqs, List.copyOf(ioports.values()), List.copyOf(iomems.values()), pcis,
                trees)) {
            kind.forEach(out::addAll);
        }
        if (!out.isEmpty()) {
            at = pos(model.pos());
            out.addAll(0, List.of(comment(""), comment("Device contexts")));
        }
        return out;
    }

    // ---- the rest -----------------------------------------------------------------------------------------------------

    private List<Stmt> header() {
        List<Stmt> out = new ArrayList<>();
        out.add(comment("Attributes (Xen's, then one per class, cluster and role-wide set)"));
        for (String a : List.of("xen_type", "domain_type", "domain_self_type", "domain_target_type",
                "resource_type", "event_type")) {
            out.add(new Ast.Attribute(at, a));
        }
        mls.ifPresent(m -> out.add(new Ast.Attribute(at, MlsLowering.TRUSTED)));
        attributes.keySet().forEach(a -> out.add(new Ast.Attribute(at, a)));
        out.add(comment(""));
        out.add(comment("Xen's own types"));
        // Xen itself is trusted by every level; so are DOMID_IO and DOMID_XEN, whose pages every domain maps
        String[] xenAttrs = mls.isPresent() ? new String[] {"xen_type", MlsLowering.TRUSTED} : new String[] {"xen_type"};
        out.add(type("xenboot_t", xenAttrs));
        out.add(type("xen_t", xenAttrs));
        out.add(type("domio_t", xenAttrs));
        out.add(type("domxen_t", xenAttrs));
        for (String t : List.of("unlabeled_t", "security_t")) {
            out.add(type(t, "xen_type"));
        }
        String[] resourceAttrs = mls.isPresent() ? new String[] {"resource_type", MlsLowering.TRUSTED}
                : new String[] {"resource_type"};
        for (String t : List.of("irq_t", "ioport_t", "iomem_t", "device_t")) {
            out.add(type(t, resourceAttrs));
        }
        if (!model.switches().isEmpty()) {
            out.add(comment(""));
            out.add(comment("Switches"));
            for (PolicyModel.Switch s : model.switches()) {
                at = pos(s.pos());
                out.add(comment(s.pos() + " switch " + s.name()));
                out.add(new Ast.BoolDecl(at, s.name(), s.defaultOn(), false));
            }
            at = pos(model.pos());
        }
        return out;
    }

    /** type → the Cordon attributes it belongs to, in attribute order; built once all rules are lowered. */
    private Map<String, List<String>> memberOf;

    private Ast.TypeDecl type(String name, String... attrs) {
        if (memberOf == null) {
            memberOf = new HashMap<>();
            attributes.forEach((a, members) -> members.forEach(m ->
                    memberOf.computeIfAbsent(m, k -> new ArrayList<>()).add(a)));
        }
        List<String> all = new ArrayList<>(List.of(attrs));
        all.addAll(memberOf.getOrDefault(name, List.of()));
        return new Ast.TypeDecl(at, name, null, all);
    }

    private List<Stmt> conditionals() {
        List<Stmt> out = new ArrayList<>();
        for (PolicyModel.Switch s : model.switches()) {
            List<Stmt> on = whenOn.getOrDefault(s.name(), List.of());
            List<Stmt> off = whenOff.getOrDefault(s.name(), List.of());
            if (on.isEmpty() && off.isEmpty()) {
                continue;
            }
            at = pos(s.pos());
            Ast.BNode bool = new Ast.BNode(CondExpr.BOOL, s.name(), at);
            out.add(comment(""));
            out.add(comment(s.pos() + " rules of switch " + s.name()));
            if (on.isEmpty()) {
                out.add(new Ast.Cond(at, List.of(bool, new Ast.BNode(CondExpr.NOT, null, at)), off, List.of()));
            } else {
                out.add(new Ast.Cond(at, List.of(bool), on, off));
            }
        }
        return out;
    }

    private List<Stmt> sidContexts() {
        Optional<PolicyModel.Domain> control = model.domains().stream().filter(d -> d.has(Role.CONTROL)).findFirst();
        String dom0 = control.map(d -> types.of(new Principal(d.name(), Principal.Kind.DOMAIN)).name())
                .orElse("unlabeled_t");
        Ast.Range low = mls.map(MlsLowering::lowest).orElse(null);
        Ast.Range whole = mls.map(MlsLowering::whole).orElse(null);
        Ast.Range dom0Range = control.flatMap(d -> d.properties().level()).map(MlsLowering::range).orElse(low);
        Map<String, Ast.Ctx> ctx = new LinkedHashMap<>();
        ctx.put("xenboot", sys("xenboot_t", whole));
        ctx.put("xen", sys("xen_t", whole));
        ctx.put("dom0", sys(dom0, dom0Range));
        ctx.put("domio", sys("domio_t", whole));
        ctx.put("domxen", sys("domxen_t", whole));
        ctx.put("unlabeled", sys("unlabeled_t", low));
        ctx.put("security", sys("security_t", low));
        ctx.put("ioport", new Ast.Ctx(USER, "object_r", "ioport_t", low));
        ctx.put("iomem", new Ast.Ctx(USER, "object_r", "iomem_t", low));
        ctx.put("irq", new Ast.Ctx(USER, "object_r", "irq_t", low));
        ctx.put("device", new Ast.Ctx(USER, "object_r", "device_t", low));
        // guests without a seclabel get unlabeled_t, which no rule grants anything
        ctx.put("domU", sys("unlabeled_t", low));
        ctx.put("domDM", sys("unlabeled_t", low));
        List<Stmt> out = new ArrayList<>();
        for (XenCatalogue.InitialSid sid : catalogue.initialSids()) {
            Ast.Ctx c = ctx.get(sid.name());
            if (c == null) {
                diagnostics.add(Diagnostic.of(DiagnosticCode.UNKNOWN_SID, model.pos(), "Xen " + catalogue.xenVersion()
                        + " has initial SID '" + sid.name() + "', which Cordon does not know how to label"));
                c = sys("unlabeled_t", low);
            }
            out.add(new Ast.SidContext(at, sid.name(), c));
        }
        return out;
    }

    private static Ast.Ctx sys(String type, Ast.Range range) {
        return new Ast.Ctx(USER, ROLE, type, range);
    }

    /** Whether a type's principals are trusted (assign-types keeps trusted and untrusted VMs apart). */
    private boolean trusted(DomainType t) {
        if (mls.isEmpty()) {
            return false;
        }
        Map<String, PolicyModel.LevelRange> levels = levels();
        return t.principals().stream().allMatch(p -> levels.containsKey(p.name()) && levels.get(p.name()).trusted());
    }

    private Map<String, PolicyModel.LevelRange> levels;

    private Map<String, PolicyModel.LevelRange> levels() {
        if (levels == null) {
            levels = model.levels();
        }
        return levels;
    }

    private static String[] plus(String[] first, String... rest) {
        String[] out = java.util.Arrays.copyOf(rest, rest.length + first.length);
        System.arraycopy(first, 0, out, rest.length, first.length);
        return out;
    }

    /** Domain type declarations; rendered last because attribute membership is known only then. */
    List<Stmt> typeDeclarations() {
        List<Stmt> out = new ArrayList<>();
        out.add(comment(""));
        out.add(comment("Domain types"));
        for (DomainType t : types.types()) {
            // a trusted domain's labels, its event channels' too, are exempt as objects from the MLS constraints
            String[] trusted = trusted(t) ? new String[] {MlsLowering.TRUSTED} : new String[0];
            out.add(type(t.name(), plus(trusted, "domain_type")));
            if (!t.singleton()) {
                out.add(type(t.type(Facet.SELF), plus(trusted, "domain_type", "domain_self_type")));
            }
            if (hasTarget.contains(t)) {
                out.add(type(t.type(Facet.TARGET), plus(trusted, "domain_type", "domain_target_type")));
            }
            if (t.buildLabel()) {
                out.add(type(t.type(Facet.BUILDING), plus(trusted, "domain_type")));
            }
            out.add(type(t.type(Facet.CHANNEL), plus(trusted, "event_type")));
            if (hasRecvChannel.contains(t)) {
                out.add(type(t.type(Facet.RECV_CHANNEL), plus(trusted, "event_type")));
            }
        }
        return out;
    }
}
