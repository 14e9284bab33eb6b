package org.cordon.driver.imports;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.cordon.compiler.flask.TypeAssignment;
import org.cordon.compiler.table.StatementTable;
import org.cordon.model.PolicyModel;
import org.cordon.model.PolicyModel.Facet;
import org.cordon.model.Principal;
import org.cordon.verifier.facts.Condition;
import org.cordon.verifier.facts.Fact;
import org.cordon.verifier.flask.FlaskFacts;
import org.cordon.xsm.catalogue.XenCatalogue;
import org.cordon.xsm.flask.model.FlaskPolicy;
import org.cordon.xsm.flask.model.Ocontext;

/**
 * What an import will write, built by the passes {@link FlaskImport} runs in order: the declarations (declare,
 * settle), the capabilities between domains (recognise, settle-capabilities), the raw rules that cover the rest
 * (cover), merged over groups (compact), and the forbids (from {@link NeverallowForbids}). Each sits in a layer: the
 * control domain and Xen's labels in {@code hypervisor}; services, drivers and devices in {@code platform}; guests and
 * their device models in {@code tenants}. A statement sits in the higher layer of its two ends.
 */
final class ImportPlan {

    static final List<String> LAYERS = List.of("hypervisor", "platform", "tenants");

    /** A domain declaration: its roles as written ({@code control}, {@code singleton}, {@code device_model for x}). */
    static final class DomainDecl {
        final String name;
        final String type;
        final LinkedHashSet<String> roles = new LinkedHashSet<>();
        /** The domains a device model serves: one is named, several are a group {@code NAME_guests}. */
        List<String> serves = List.of();

        DomainDecl(String name, String type) {
            this.name = name;
            this.type = type;
        }

        /** Control in the hypervisor's layer, guests in the tenants', a device model with the guest it serves. */
        int layer(Map<String, DomainDecl> all) {
            if (roles.contains("control")) {
                return 0;
            }
            if (roles.contains("guest")) {
                return 2;
            }
            return serves.stream().mapToInt(g -> all.get(g).layer(all)).reduce(1, Math::max);
        }

        /** What {@code device_model for} names. */
        String servesWritten() {
            return serves.size() == 1 ? serves.get(0) : name + "_guests";
        }
    }

    record DeviceDecl(String name, String type, List<String> resources) {
    }

    /** A switch guarding a rule: on, or its else branch. */
    record Guard(String name, boolean whenOff) {
    }

    /** One raw rule's ends and class; the permissions and the input's rules behind it accumulate in a {@link Body}. */
    record RuleKey(String from, String to, String cls, Optional<Guard> guard) {
    }

    static final class Body {
        final TreeSet<String> permissions = new TreeSet<>();
        final LinkedHashSet<String> origins = new LinkedHashSet<>();
        int layer;
    }

    final String name;
    final String xenVersion;
    final XenCatalogue xen;
    final Map<String, DomainDecl> domains = new LinkedHashMap<>();
    final Map<String, DeviceDecl> devices = new LinkedHashMap<>();
    final Map<RuleKey, Body> rules = new LinkedHashMap<>();
    /** The input's neverallows as forbids (pass forbid); settle-forbids drops those a grant takes back. */
    final List<NeverallowForbids.Forbid> forbids = new ArrayList<>();
    /** Sets of domains that are the domains of one of the input's attributes → the attribute's name. */
    private final Map<Set<String>, String> attributeNames = new LinkedHashMap<>();
    /** Groups the compaction declared: name → members, and the layer each sits in. */
    final Map<String, List<String>> groups = new LinkedHashMap<>();
    /** (subject, target) → the capabilities used between them ({@code allow dom0 create, manage domU}). */
    final Map<List<String>, LinkedHashSet<String>> capabilities = new LinkedHashMap<>();
    /** Input boolean → switch name, and each switch's default. */
    final Map<String, String> switchNames = new LinkedHashMap<>();
    final Map<String, Boolean> switchDefaults = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();

    private final Set<String> reserved;

    private ImportPlan(String name, XenCatalogue xen, Set<String> reserved) {
        this.reserved = reserved;
        this.name = name;
        this.xen = xen;
        this.xenVersion = xen.xenVersion();
    }

    List<String> notes() {
        return notes;
    }

    List<String> switches() {
        return List.copyOf(switchNames.values());
    }

    String switchName(String bool) {
        return switchNames.getOrDefault(bool, bool);
    }

    static String key(String source, String target, String cls, String perm) {
        return source + " " + target + " : " + cls + "." + perm;
    }

    // ---- pass declare -----------------------------------------------------------------------------------------------

    static ImportPlan declare(String name, FlaskFacts facts, TypePlaces places, XenCatalogue xen, Set<String> reserved) {
        ImportPlan plan = new ImportPlan(name, xen, reserved);
        Set<String> tuples = new java.util.HashSet<>();
        facts.facts().forEach(f -> tuples.add(key(f.source().owner(), f.target().owner(), f.securityClass(),
                f.permission())));
        String dom0 = places.sidTypes().get("dom0");
        String xenboot = places.sidTypes().get("xenboot");
        Map<String, String> typeToName = new LinkedHashMap<>();
        places.domains().values().forEach(d -> typeToName.put(d.type(), d.name()));
        Map<String, Set<String>> peers = backendOf(facts, places);
        // a backend (xenstore, netback, a display) maps the grants of at least half of the other domains
        int hub = Math.max(2, (places.domains().size() - 1) / 2);
        for (TypePlaces.Domain d : places.domains().values()) {
            DomainDecl decl = new DomainDecl(d.name(), d.type());
            boolean isHub = peers.getOrDefault(d.name(), Set.of()).size() >= hub;
            boolean control = d.type().equals(dom0);
            // built by another domain, as itself or under its build label
            boolean built = facts.facts().stream().anyMatch(f -> d.facets().containsValue(f.target().owner())
                    && f.securityClass().equals("domain") && f.permission().equals("create")
                    && !f.source().owner().equals(xenboot));
            boolean usesDevice = facts.facts().stream().anyMatch(f -> f.source().owner().equals(d.type())
                    && f.securityClass().equals("resource") && f.permission().startsWith("use")
                    && places.devices().containsKey(f.target().owner()));
            List<String> served = places.deviceModels().entrySet().stream()
                    .filter(e -> e.getValue().contains(d.type()) && typeToName.containsKey(e.getKey()))
                    .map(e -> typeToName.get(e.getKey())).toList();
            if (control) {
                decl.roles.add("control");
            } else if (!served.isEmpty()) {
                decl.roles.add("device_model");
                decl.serves = served;
            } else if (isHub) {
                decl.roles.add(usesDevice ? "driver" : "service");
            } else if (built) {
                decl.roles.add("guest");
            } else if (usesDevice) {
                decl.roles.add("driver");
            } else {
                decl.roles.add("service");
            }
            if (!d.facets().containsKey(Facet.SELF)) {
                decl.roles.add("singleton");
            }
            if (d.facets().containsKey(Facet.BUILDING)) {
                decl.roles.add("build_label");
            }
            if (!control && xenboot != null && tuples.contains(key(xenboot, d.type(), "domain", "create"))) {
                decl.roles.add("boot");
            }
            plan.domains.put(d.name(), decl);
        }
        plan.devices(facts.policy(), places);
        for (String b : facts.booleanNames()) {
            String n = b.replaceAll("[^A-Za-z0-9_]", "_");
            while (reserved.contains(n) || plan.domains.containsKey(n) || plan.devices.containsKey(n)
                    || plan.switchNames.containsValue(n)) {
                n = n + "_";
            }
            plan.switchNames.put(b, n);
            plan.switchDefaults.put(n, facts.booleans().get(b));
        }
        return plan;
    }

    /** Each domain → the other domains whose granted pages it may map. */
    private static Map<String, Set<String>> backendOf(FlaskFacts facts, TypePlaces places) {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        for (Fact f : facts.facts()) {
            if (!f.securityClass().equals("grant") || !f.permission().startsWith("map_")) {
                continue;
            }
            Optional<TypePlaces.Place> mapper = places.place(f.source().owner());
            Optional<TypePlaces.Place> granter = places.place(f.target().owner());
            if (mapper.isPresent() && granter.isPresent() && mapper.get().kind() == TypePlaces.Kind.DOMAIN
                    && granter.get().kind() == TypePlaces.Kind.DOMAIN
                    && !mapper.get().owner().equals(granter.get().owner())) {
                out.computeIfAbsent(mapper.get().owner(), k -> new LinkedHashSet<>()).add(granter.get().owner());
            }
        }
        return out;
    }

    private void devices(FlaskPolicy p, TypePlaces places) {
        Map<String, List<String>> resources = new LinkedHashMap<>();
        places.devices().keySet().forEach(t -> resources.put(t, new ArrayList<>()));
        for (Ocontext o : TypePlaces.ocontexts(p)) {
            String type = p.type(TypePlaces.context(o).type()).name();
            List<String> list = resources.get(type);
            if (list == null) {
                notes.add("the " + resource(o) + " is labelled " + type + ", which is not a device's label: "
                        + "its label is not imported");
                continue;
            }
            Optional<String> refused = refused(o);
            if (refused.isPresent()) {
                notes.add("the " + resource(o).replaceAll("\\p{Cntrl}", "?") + " labelled " + type + " is not imported: "
                        + refused.get());
                continue;
            }
            list.add(resource(o));
        }
        resources.forEach((type, list) -> devices.put(places.devices().get(type),
                new DeviceDecl(places.devices().get(type), type, list)));
    }

    /** Why a device statement cannot say an ocontext Xen reads (checkpolicy takes wider numbers and any path). */
    private static Optional<String> refused(Ocontext o) {
        if (o instanceof Ocontext.Pirq x && x.irq() < 0) {
            return Optional.of("an IRQ beyond 2^31");
        } else if (o instanceof Ocontext.IoPort x && (x.high() > PolicyModel.IoportRange.MAX
                || x.low() > PolicyModel.IoportRange.MAX || x.low() > x.high())) {
            return Optional.of("I/O ports are 0 to 0x" + Integer.toHexString(PolicyModel.IoportRange.MAX));
        } else if (o instanceof Ocontext.IoMem x && Long.compareUnsigned(x.low(), x.high()) > 0) {
            return Optional.of("a range that ends before it starts");
        } else if (o instanceof Ocontext.DeviceTree x
                && !PolicyModel.DeviceTreePath.NODE_PATH.matcher(x.path()).matches()) {
            return Optional.of("not a device-tree node path (names of letters, digits and , . _ + - @)");
        }
        return Optional.empty();
    }

    /** An ocontext as a device statement's resource. */
    static String resource(Ocontext o) {
        if (o instanceof Ocontext.Pirq x) {
            return "irq " + x.irq();
        } else if (o instanceof Ocontext.IoPort x) {
            return "ioport " + range(x.low(), x.high());
        } else if (o instanceof Ocontext.IoMem x) {
            return "iomem pages " + range(x.low(), x.high());
        } else if (o instanceof Ocontext.PciDevice x) {
            int sbdf = x.sbdf();
            return String.format("pci %04x:%02x:%02x.%d", sbdf >>> 16, (sbdf >>> 8) & 0xff, (sbdf >>> 3) & 0x1f,
                    sbdf & 7);
        }
        return "dt \"" + ((Ocontext.DeviceTree) o).path() + "\"";
    }

    private static String range(long low, long high) {
        return low == high ? "0x" + Long.toHexString(low) : "0x" + Long.toHexString(low) + "-0x" + Long.toHexString(high);
    }

    // ---- pass settle ------------------------------------------------------------------------------------------------

    /**
     * Drops the roles whose grants (as the statement table has them) the input does not give; returns what it
     * dropped, in words. What every domain is given on itself cannot be dropped: a domain the input gives less is
     * noted, and the proof lists the difference.
     */
    Set<String> settle(StatementTable table, TypeAssignment types, Set<String> input) {
        Set<String> dropped = new LinkedHashSet<>();
        for (StatementTable.Entry e : table.entries()) {
            if (!FlaskImport.DECLARED.contains(e.statement().kind()) || e.effect() != StatementTable.Effect.ALLOW) {
                continue;
            }
            for (StatementTable.Access a : table.accesses(e)) {
                String k = key(type(types, a.from(), a.securityClass()), type(types, a.to(), a.securityClass()),
                        a.securityClass(), a.permission());
                if (input.contains(k)) {
                    continue;
                }
                String owner = e.statement().kind() == StatementTable.Kind.DEVICE_MODEL
                        ? e.subject().members().get(0).name() : e.target().members().get(0).name();
                DomainDecl d = domains.get(owner);
                String role = switch (e.statement().kind()) {
                    case CONTROL -> "control";
                    case BOOT -> d != null && d.roles.contains("control") ? "control" : "boot";
                    case DEVICE_MODEL -> "device_model";
                    default -> null;
                };
                if (d != null && e.statement().kind() == StatementTable.Kind.DOMAIN && !d.roles.contains("bare")) {
                    // the input gives the domain less on itself than xen.if's declare_domain_common: say so
                    d.roles.add("bare");
                    dropped.add(d.type + " is declared 'bare': the input does not give it " + k
                            + ", which every domain Cordon declares has (xen.if declare_domain_common)");
                    continue;
                }
                if (d == null || role == null || !d.roles.contains(role)) {
                    continue;
                }
                d.roles.remove(role);
                if (role.equals("device_model")) {
                    d.serves = List.of();
                }
                if (d.roles.stream().noneMatch(r -> List.of("control", "service", "driver", "guest", "device_model")
                        .contains(r))) {
                    d.roles.add("service");
                }
                dropped.add(d.type + " is not declared '" + role + "': the input does not give it " + k
                        + " (" + e.statement().text() + ")");
            }
        }
        return dropped;
    }

    /** The type Cordon writes for one side of an access. */
    private static String type(TypeAssignment types, StatementTable.Side side, String cls) {
        Principal p = side.principal();
        return switch (p.kind()) {
            case XEN -> cls.equals("security") ? "security_t" : "xen_t";
            case XENBOOT -> "xenboot_t";
            case DOMIO -> "domio_t";
            case DOMXEN -> "domxen_t";
            case SID -> p.name() + "_t";
            case DEVICE -> p.name() + "_dev_t";
            case DOMAIN, VM -> types.of(p).type(side.facet());
        };
    }

    // ---- pass recognise ---------------------------------------------------------------------------------------------

    /** xen.if's macros Cordon has as capabilities, in the order a person would write them. */
    static final List<String> RECOGNISED = List.of("create", "manage", "migrate", "comms", "event_comms",
            "delegate_devices");

    /**
     * Between every two domains, each capability whose every grant (as xen.if's macro gives it: the labels resolved
     * to the input's types) the input gives under every setting. Pass settle-capabilities then drops those the
     * compiled statement grants more by (a build-labelled target, a service's comms).
     */
    void recognise(TypePlaces places, Set<String> always) {
        Map<String, TypePlaces.Domain> byName = new LinkedHashMap<>();
        places.domains().values().forEach(d -> byName.put(d.name(), d));
        for (DomainDecl s : domains.values()) {
            for (DomainDecl t : domains.values()) {
                if (s == t) {
                    continue;
                }
                for (String cap : RECOGNISED) {
                    // comms goes both ways: once a pair has it either way round, it needs no more
                    Set<String> both = new LinkedHashSet<>(capabilities.getOrDefault(List.of(s.name, t.name), new LinkedHashSet<>()));
                    both.addAll(capabilities.getOrDefault(List.of(t.name, s.name), new LinkedHashSet<>()));
                    if ((cap.equals("comms") || cap.equals("event_comms")) && (both.contains("comms")
                            || both.contains("event_comms"))) {
                        continue;
                    }
                    boolean building = byName.get(t.name).facets().containsKey(Facet.BUILDING);
                    List<org.cordon.xsm.macros.Grant> grants = org.cordon.xsm.macros.XenMacros.forCatalogue(
                            cap.equals("create") && building ? org.cordon.xsm.macros.XenMacros.CREATE_WITH_BUILD_LABEL
                                    : org.cordon.xsm.macros.XenMacros.builtin(cap).orElseThrow().grants(), xen);
                    if (covered(grants, byName.get(s.name), byName.get(t.name), places, always)) {
                        capabilities.computeIfAbsent(List.of(s.name, t.name), k -> new LinkedHashSet<>()).add(cap);
                    }
                }
            }
        }
    }

    private static boolean covered(List<org.cordon.xsm.macros.Grant> grants, TypePlaces.Domain s, TypePlaces.Domain t,
            TypePlaces places, Set<String> always) {
        for (org.cordon.xsm.macros.Grant g : grants) {
            String from = endpoint(g.from(), s, t, places, g.securityClass());
            String to = endpoint(g.to(), s, t, places, g.securityClass());
            if (from == null || to == null) {
                return false;
            }
            for (String p : g.permissions()) {
                if (!always.contains(key(from, to, g.securityClass(), p))) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The input's type for a grant's end between domains {@code s} and {@code t}; null where it has none. */
    private static String endpoint(org.cordon.xsm.macros.Endpoint e, TypePlaces.Domain s, TypePlaces.Domain t,
            TypePlaces places, String cls) {
        Map<String, String> sids = places.sidTypes();
        return switch (e) {
            case SUBJECT -> s.type();
            case TARGET -> t.type();
            case SUBJECT_SELF -> s.facets().getOrDefault(Facet.SELF, s.type());
            case TARGET_SELF -> t.facets().getOrDefault(Facet.SELF, t.type());
            case SUBJECT_CHANNEL -> s.facets().get(Facet.CHANNEL);
            case TARGET_CHANNEL -> t.facets().get(Facet.CHANNEL);
            case SUBJECT_RECV_CHANNEL -> s.facets().get(Facet.RECV_CHANNEL);
            case TARGET_RECV_CHANNEL -> t.facets().get(Facet.RECV_CHANNEL);
            case SUBJECT_TARGET -> s.facets().get(Facet.TARGET);
            case TARGET_TARGET -> t.facets().get(Facet.TARGET);
            case SUBJECT_BUILDING -> s.facets().get(Facet.BUILDING);
            case TARGET_BUILDING -> t.facets().get(Facet.BUILDING);
            case XEN -> sids.get(cls.equals("security") ? "security" : "xen");
            case SECURITY -> sids.get("security");
            case XENBOOT -> sids.get("xenboot");
            case DOMIO -> sids.get("domio");
            case DOMXEN -> sids.get("domxen");
        };
    }

    /**
     * Drops every capability whose compiled statement grants something the input does not give under every setting
     * (output names); true when it dropped one (compile again).
     */
    boolean settleCapabilities(StatementTable table, TypeAssignment types, Set<String> always) {
        boolean dropped = false;
        for (StatementTable.Entry e : table.entries()) {
            if (e.statement().kind() != StatementTable.Kind.RULE || e.effect() != StatementTable.Effect.ALLOW) {
                continue;
            }
            for (StatementTable.Access a : table.accesses(e)) {
                String k = key(type(types, a.from(), a.securityClass()), type(types, a.to(), a.securityClass()),
                        a.securityClass(), a.permission());
                if (always.contains(k)) {
                    continue;
                }
                // the statement is `allow S c1, c2 T`: drop the capabilities of that pair whose grants name the access
                List<String> pair = List.of(e.subject().name(), e.target().name());
                LinkedHashSet<String> caps = capabilities.get(pair);
                if (caps != null) {
                    caps.removeIf(c -> grantsClass(c, a.securityClass()));
                    if (caps.isEmpty()) {
                        capabilities.remove(pair);
                    }
                    dropped = true;
                }
            }
        }
        return dropped;
    }

    private static boolean grantsClass(String capability, String cls) {
        return capability.equals("create") || org.cordon.xsm.macros.XenMacros.builtin(capability).orElseThrow()
                .grants().stream().anyMatch(g -> g.securityClass().equals(cls));
    }

    // ---- pass cover -------------------------------------------------------------------------------------------------

    /**
     * A raw rule for every access of the input the declarations do not grant under every setting its guard holds,
     * named by the places of its types; what cannot be named is noted (the proof lists it).
     */
    void cover(FlaskFacts facts, TypePlaces places, Map<String, String> rename, AccessTuples declared) {
        Set<String> unexpressed = new LinkedHashSet<>();
        Set<String> undefined = new java.util.TreeSet<>();
        Set<String> alwaysDeclared = declared.always();
        for (Fact f : facts.facts()) {
            String s = f.source().owner();
            String t = f.target().owner();
            String k = key(rename.getOrDefault(s, s), rename.getOrDefault(t, t), f.securityClass(), f.permission());
            if (alwaysDeclared.contains(k)) {
                continue;
            }
            // a bit the class does not define (set by a rule of * or ~{...}): no hook of Xen checks it, and no
            // statement can name it
            if (xen.securityClass(f.securityClass()).flatMap(c -> c.permission(f.permission())).isEmpty()) {
                undefined.add(f.securityClass() + " " + f.permission());
                continue;
            }
            Optional<TypePlaces.Place> from = places.place(s);
            Optional<TypePlaces.Place> to = places.place(t);
            if (from.isEmpty() || to.isEmpty()) {
                continue; // an unplaced type: classify warned
            }
            if (!acts(from.get())) {
                unexpressed.add(s + " acts (" + k + "), but it is " + from.get().written() + ", which a rule cannot "
                        + "name as what acts");
                continue;
            }
            Optional<Guard> guard;
            if (f.origin().guard().isEmpty()) {
                guard = Optional.empty();
            } else if (f.origin().guard().get() instanceof Condition.Switch sw) {
                guard = Optional.of(new Guard(switchName(sw.name()), false));
            } else if (f.origin().guard().get() instanceof Condition.Not n && n.operand() instanceof Condition.Switch sw) {
                guard = Optional.of(new Guard(switchName(sw.name()), true));
            } else {
                unexpressed.add("a rule under the condition " + f.origin().guard().get().describe()
                        + ": a switch guards rules by one boolean, on or off (" + k + ")");
                continue;
            }
            RuleKey key = new RuleKey(from.get().writtenActing(), to.get().written(), f.securityClass(), guard);
            Body body = rules.computeIfAbsent(key, x -> new Body());
            body.permissions.add(f.permission());
            body.layer = Math.max(layer(from.get()), layer(to.get()));
            if (f.origin().pos().line() > 0) {
                body.origins.add(f.origin().pos().file() + ":" + f.origin().pos().line());
            }
        }
        notes.addAll(unexpressed);
        if (!undefined.isEmpty()) {
            notes.add("permissions that Xen " + xenVersion + " does not define are not imported (" + String.join(", ",
                    undefined) + "): a rule of * or ~{...} sets those bits, and no hook of Xen checks them");
        }
    }

    // ---- pass compact -----------------------------------------------------------------------------------------------

    /**
     * Raw rules that differ only in one end become one rule over a group of domains (the same label of each):
     * {@code allow domU -> domains : argo.send} instead of one line per domain. Targets first, then subjects. A set of
     * every domain is {@code domains}; a set that is an input attribute's domains takes the attribute's name.
     */
    void compact(FlaskFacts facts, TypePlaces places) {
        attributes(facts, places);
        for (boolean targets : new boolean[] {true, false}) {
            Map<List<Object>, List<RuleKey>> alike = new LinkedHashMap<>();
            rules.forEach((k, b) -> {
                String end = targets ? k.to() : k.from();
                String[] split = splitFacet(end);
                if (split == null) {
                    return;
                }
                alike.computeIfAbsent(List.of(targets ? k.from() : k.to(), split[1], k.cls(), k.guard(),
                        List.copyOf(b.permissions)), x -> new ArrayList<>()).add(k);
            });
            for (Map.Entry<List<Object>, List<RuleKey>> e : alike.entrySet()) {
                if (e.getValue().size() < 2) {
                    continue;
                }
                Set<String> members = new java.util.TreeSet<>();
                e.getValue().forEach(k -> members.add(splitFacet(targets ? k.to() : k.from())[0]));
                String group = groupOf(members, attributeNames);

                String facet = (String) e.getKey().get(1);
                String written = group + facet;
                RuleKey merged = targets ? new RuleKey((String) e.getKey().get(0), written, (String) e.getKey().get(2),
                        e.getValue().get(0).guard()) : new RuleKey(written, (String) e.getKey().get(0),
                        (String) e.getKey().get(2), e.getValue().get(0).guard());
                Body body = new Body();
                for (RuleKey k : e.getValue()) {
                    Body old = rules.remove(k);
                    body.permissions.addAll(old.permissions);
                    body.origins.addAll(old.origins);
                    body.layer = Math.max(body.layer, old.layer);
                }
                Body existing = rules.get(merged);
                if (existing != null) {
                    existing.permissions.addAll(body.permissions);
                    existing.origins.addAll(body.origins);
                    existing.layer = Math.max(existing.layer, body.layer);
                } else {
                    rules.put(merged, body);
                }
            }
        }
    }

    /** Which sets of domains the input's attributes stand for, to name groups after them. */
    void attributes(FlaskFacts facts, TypePlaces places) {
        if (!attributeNames.isEmpty()) {
            return;
        }
        facts.attributes().forEach((attr, members) -> {
            Set<String> ds = new java.util.TreeSet<>();
            members.forEach(t -> places.place(t).filter(p -> p.kind() == TypePlaces.Kind.DOMAIN
                    && p.facet() == Facet.MAIN).ifPresent(p -> ds.add(p.owner())));
            if (ds.size() >= 2) {
                attributeNames.putIfAbsent(ds, attr);
            }
        });
    }

    /** How a statement names a set of domains: the domain, {@code domains}, or a group. */
    String setOf(Set<String> members) {
        return members.size() == 1 ? members.iterator().next() : groupOf(new java.util.TreeSet<>(members), attributeNames);
    }

    /** The layer a reference written by the import sits in: a domain's, a group's highest member's, Xen's lowest. */
    int layerOf(String ref) {
        if (domains.containsKey(ref)) {
            return domains.get(ref).layer(domains);
        }
        if (groups.containsKey(ref)) {
            return groupLayer(ref);
        }
        if (ref.equals("domains")) {
            return domains.values().stream().mapToInt(d -> d.layer(domains)).max().orElse(0);
        }
        return 0;
    }

    /** A domain's name and the facet written after it ("@self" or ""); null for an end that is not a domain. */
    private String[] splitFacet(String written) {
        int at = written.indexOf('@');
        String base = at < 0 ? written : written.substring(0, at);
        if (!domains.containsKey(base)) {
            return null;
        }
        return new String[] {base, at < 0 ? "" : written.substring(at)};
    }

    private String groupOf(Set<String> members, Map<Set<String>, String> attributeNames) {
        if (members.equals(domains.keySet().stream().collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new)))) {
            return "domains";
        }
        for (Map.Entry<String, List<String>> g : groups.entrySet()) {
            if (new java.util.TreeSet<>(g.getValue()).equals(members)) {
                return g.getKey();
            }
        }
        String base = attributeNames.getOrDefault(members, "group").replaceAll("[^A-Za-z0-9_]", "_");
        String name = base.equals("group") ? "group_1" : base;
        for (int i = 2; groups.containsKey(name) || domains.containsKey(name) || devices.containsKey(name)
                || switchDefaults.containsKey(name) || reserved.contains(name); i++) {
            name = base + "_" + i;
        }
        groups.put(name, List.copyOf(members));
        return name;
    }

    /** The layer a group sits in: its highest member's. */
    int groupLayer(String group) {
        return groups.get(group).stream().mapToInt(m -> domains.get(m).layer(domains)).max().orElse(0);
    }

    /** Whether a rule may name the place as what acts: any label of a domain, Xen or an initial SID's label. */
    private static boolean acts(TypePlaces.Place p) {
        return switch (p.kind()) {
            case DOMAIN -> true;
            case SID, XEN, DOMIO, DOMXEN -> true;
            default -> false;
        };
    }

    int layer(TypePlaces.Place p) {
        return switch (p.kind()) {
            case DOMAIN -> domains.get(p.owner()).layer(domains);
            case DEVICE -> 1;
            default -> 0;
        };
    }

    /** The permissions of a class in the target release, to write a full set as {@code cls.*}. */
    Set<String> permissionsOf(String cls) {
        return xen.securityClass(cls).map(c -> {
            Set<String> out = new TreeSet<>();
            c.permissions().forEach(p -> out.add(p.name()));
            return out;
        }).orElse(Set.of());
    }

    /** The rules by layer, in a stable order. */
    Map<Integer, Map<RuleKey, Body>> rulesByLayer() {
        Map<Integer, Map<RuleKey, Body>> out = new TreeMap<>();
        rules.forEach((k, b) -> out.computeIfAbsent(b.layer, x -> new LinkedHashMap<>()).put(k, b));
        return out;
    }
}
