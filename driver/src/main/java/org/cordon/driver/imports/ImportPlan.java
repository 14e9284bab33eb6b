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
import org.cordon.model.PolicyModel.Facet;
import org.cordon.model.Principal;
import org.cordon.verifier.facts.Condition;
import org.cordon.verifier.facts.Fact;
import org.cordon.verifier.flask.FlaskFacts;
import org.cordon.xsm.catalogue.XenCatalogue;
import org.cordon.xsm.flask.model.FlaskPolicy;
import org.cordon.xsm.flask.model.Ocontext;

/**
 * What an import will write: the declarations (passes declare and settle) and the raw rules that cover the rest
 * (pass cover), each in a layer: Xen's and the control domain's in {@code hypervisor}, services, drivers, device
 * models and devices in {@code platform}, guests in {@code tenants}. A rule sits in the higher layer of its two ends.
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
    /** Input boolean → switch name, and each switch's default. */
    final Map<String, String> switchNames = new LinkedHashMap<>();
    final Map<String, Boolean> switchDefaults = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();

    private ImportPlan(String name, XenCatalogue xen) {
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
        ImportPlan plan = new ImportPlan(name, xen);
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
            list.add(resource(o));
        }
        resources.forEach((type, list) -> devices.put(places.devices().get(type),
                new DeviceDecl(places.devices().get(type), type, list)));
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
            case DOMAIN, VM -> type(types.of(p), Facet.valueOf(side.facet().name()));
        };
    }

    /** The type of one of a compiled domain type's labels: Xen's T_self (a singleton's is T), T_channel, … */
    static String type(TypeAssignment.DomainType t, Facet facet) {
        return switch (facet) {
            case MAIN -> t.name();
            case SELF -> t.singleton() ? t.name() : t.name() + "_self";
            case CHANNEL -> t.name() + "_channel";
            case RECV_CHANNEL -> t.name() + "_recv_channel";
            case TARGET -> t.name() + "_target";
            case BUILDING -> t.name() + "_building";
        };
    }

    // ---- pass cover -------------------------------------------------------------------------------------------------

    /**
     * A raw rule for every access of the input the declarations do not grant under every setting its guard holds,
     * named by the places of its types; what cannot be named is noted (the proof lists it).
     */
    void cover(FlaskFacts facts, TypePlaces places, Map<String, String> rename, AccessTuples declared) {
        Set<String> unexpressed = new LinkedHashSet<>();
        Set<String> alwaysDeclared = declared.always();
        for (Fact f : facts.facts()) {
            String s = f.source().owner();
            String t = f.target().owner();
            String k = key(rename.getOrDefault(s, s), rename.getOrDefault(t, t), f.securityClass(), f.permission());
            if (alwaysDeclared.contains(k)) {
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
