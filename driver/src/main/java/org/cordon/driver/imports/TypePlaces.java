package org.cordon.driver.imports;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.cordon.compiler.flask.TypeAssignment;
import org.cordon.model.PolicyModel.Facet;
import org.cordon.verifier.facts.Fact;
import org.cordon.verifier.flask.FlaskFacts;
import org.cordon.xsm.catalogue.XenCatalogue;
import org.cordon.xsm.flask.model.FlaskPolicy;
import org.cordon.xsm.flask.model.InitialSid;
import org.cordon.xsm.flask.model.Ocontext;

/**
 * Pass classify: what each type of an imported FLASK policy is in Cordon's terms, read from what the policy does
 * with it, never from its name alone. Xen's own labels come from the initial SIDs; a domain's other labels from the
 * type transitions Xen's hooks use ({@code T T:domain T_self}, {@code T X:event T_channel}, {@code T DM:domain
 * T_target}) and from the build label's one right ({@code T_building T:domain transition}); a domain is a type that
 * acts; a device a type that does not act and labels resources (an ocontext, the {@code resource} class).
 */
final class TypePlaces {

    /** What Cordon statements call a type. */
    enum Kind { DOMAIN, DEVICE, XEN, DOMIO, DOMXEN, SID }

    /**
     * One type's place: a domain's label ({@code facet}), a device, one of Xen's own labels, or an initial SID's
     * label; {@code owner} is the Cordon name (the domain, the device, the SID).
     */
    record Place(Kind kind, String owner, Facet facet) {
        /** How a raw rule names it as what acts: Xen's own labels by their SIDs (the builtins are only targets). */
        String writtenActing() {
            return switch (kind) {
                case XEN -> "sid xen";
                case DOMIO -> "sid domio";
                case DOMXEN -> "sid domxen";
                default -> written();
            };
        }

        /** How a raw rule names it. */
        String written() {
            return switch (kind) {
                case DOMAIN -> owner + facet.suffix();
                case DEVICE -> owner;
                case XEN -> "xen";
                case DOMIO -> "domio";
                case DOMXEN -> "domxen";
                case SID -> "sid " + owner;
            };
        }
    }

    /** A domain type and what the policy shows of it. */
    record Domain(String type, String name, Map<Facet, String> facets) {
    }

    private final Map<String, Place> places = new LinkedHashMap<>();
    private final Map<String, Domain> domains = new LinkedHashMap<>();
    private final Map<String, String> devices = new LinkedHashMap<>();
    private final List<String> unplaced = new ArrayList<>();
    private final Map<String, String> sidTypes = new LinkedHashMap<>();
    /** Device models: the guest type → the device model types serving it. */
    private final Map<String, Set<String>> deviceModels = new LinkedHashMap<>();

    /** Names Cordon cannot use for a declaration (its keywords). */
    private final Set<String> reserved;
    private final Set<String> used = new HashSet<>();

    private TypePlaces(Set<String> reserved) {
        this.reserved = reserved;
    }

    static TypePlaces classify(FlaskFacts facts, XenCatalogue xen, Set<String> reserved) {
        TypePlaces t = new TypePlaces(reserved);
        t.run(facts, xen);
        return t;
    }

    Map<String, Place> places() {
        return places;
    }

    Optional<Place> place(String type) {
        return Optional.ofNullable(places.get(type));
    }

    Map<String, Domain> domains() {
        return domains;
    }

    /** Device types → device names. */
    Map<String, String> devices() {
        return devices;
    }

    /** Types with accesses that no Cordon statement can name. */
    List<String> unplaced() {
        return unplaced;
    }

    /**
     * Takes back a domain's other label that the declarations cannot have (a {@code _target} label when no device
     * model is declared for its domain): its accesses are then not imported, and the proof lists them.
     */
    void forget(String type) {
        Place p = places.remove(type);
        if (p != null && p.kind() == Kind.DOMAIN) {
            domains.values().stream().filter(d -> d.name().equals(p.owner()))
                    .forEach(d -> d.facets().remove(p.facet()));
        }
        if (!unplaced.contains(type)) {
            unplaced.add(type);
        }
    }

    /** Initial SID name → its context's type. */
    Map<String, String> sidTypes() {
        return sidTypes;
    }

    Map<String, Set<String>> deviceModels() {
        return deviceModels;
    }

    private void run(FlaskFacts facts, XenCatalogue xen) {
        FlaskPolicy p = facts.policy();
        Map<Integer, String> sidNames = new HashMap<>();
        xen.initialSids().forEach(s -> sidNames.put(s.value(), s.name()));
        for (InitialSid s : p.initialSids()) {
            String name = sidNames.get(s.sid());
            if (name != null && s.context() != null && s.context().type() > 0) {
                sidTypes.put(name, p.type(s.context().type()).name());
            }
        }
        // Xen's own labels, by the SIDs Xen gives them
        xenOwn("xen", new Place(Kind.XEN, "xen", Facet.MAIN));
        xenOwn("security", new Place(Kind.XEN, "xen", Facet.MAIN));
        xenOwn("domio", new Place(Kind.DOMIO, "domio", Facet.MAIN));
        xenOwn("domxen", new Place(Kind.DOMXEN, "domxen", Facet.MAIN));
        for (String sid : List.of("xenboot", "unlabeled", "irq", "ioport", "iomem", "device")) {
            xenOwn(sid, new Place(Kind.SID, sid, Facet.MAIN));
        }
        // a release without one of these SIDs (4.16 has no xenboot) still has Xen's type, by Xen's name
        for (String sid : List.of("xen", "security", "domio", "domxen", "xenboot", "unlabeled", "irq", "ioport", "iomem",
                "device")) {
            String type = sid + "_t";
            if (!sidTypes.containsKey(sid) && facts.types().contains(type) && !places.containsKey(type)) {
                sidTypes.put(sid, type);
                xenOwn(sid, switch (sid) {
                    case "xen", "security" -> new Place(Kind.XEN, "xen", Facet.MAIN);
                    case "domio" -> new Place(Kind.DOMIO, "domio", Facet.MAIN);
                    case "domxen" -> new Place(Kind.DOMXEN, "domxen", Facet.MAIN);
                    default -> new Place(Kind.SID, sid, Facet.MAIN);
                });
            }
        }

        Set<String> acting = new LinkedHashSet<>();
        Set<String> resourceTargets = new HashSet<>();
        for (Fact f : facts.facts()) {
            acting.add(f.source().owner());
            // resource permissions Xen checks against a device's label (add and remove are checked against the domain
            // a device is passed through to)
            if (f.securityClass().equals("resource") && !f.permission().equals("add") && !f.permission().equals("remove")) {
                resourceTargets.add(f.target().owner());
            }
        }
        // the other labels of a domain, by the transitions that make them
        Map<String, String> self = new LinkedHashMap<>();
        Map<String, String> target = new LinkedHashMap<>();
        Map<String, Set<String>> channels = new LinkedHashMap<>();
        for (FlaskFacts.TypeTransition tt : facts.transitions()) {
            if (tt.cls().equals("domain") && tt.source().equals(tt.target()) && !tt.newType().equals(tt.source())) {
                self.putIfAbsent(tt.source(), tt.newType());
            } else if (tt.cls().equals("domain") && !tt.source().equals(tt.target())) {
                target.putIfAbsent(tt.source(), tt.newType());
                deviceModels.computeIfAbsent(tt.source(), k -> new LinkedHashSet<>()).add(tt.target());
            } else if (tt.cls().equals("event")) {
                channels.computeIfAbsent(tt.source(), k -> new LinkedHashSet<>()).add(tt.newType());
            }
        }
        // a build label becomes its domain (declare_build_label: allow T_building T:domain transition) and its
        // channels are its domain's; Xen's name for it is the fallback where its channels are not labelled
        Map<String, String> building = new LinkedHashMap<>();
        for (Fact f : facts.facts()) {
            String b = f.source().owner();
            String d = f.target().owner();
            if (!f.securityClass().equals("domain") || !f.permission().equals("transition") || b.equals(d)
                    || places.containsKey(b) || building.containsKey(d) || self.containsKey(b)) {
                continue;
            }
            Set<String> bChannels = channels.getOrDefault(b, Set.of());
            boolean sameChannels = !bChannels.isEmpty() && bChannels.equals(channels.getOrDefault(d, Set.of()));
            if (sameChannels || b.equals(TypeAssignment.typeName(d, Facet.BUILDING))) {
                building.put(d, b);
            }
        }
        Set<String> companions = new HashSet<>();
        companions.addAll(self.values());
        companions.addAll(target.values());
        building.values().forEach(companions::add);
        channels.values().forEach(companions::addAll);

        // domains: the types that act, and those something builds (domain.create) that are nobody's other label
        Set<String> domainTypes = new LinkedHashSet<>();
        for (String t : facts.types()) {
            if (places.containsKey(t) || companions.contains(t)) {
                continue;
            }
            boolean built = facts.facts().stream().anyMatch(f -> f.target().owner().equals(t)
                    && f.securityClass().equals("domain") && f.permission().equals("create"));
            if (acting.contains(t) || built || facts.typesOf("domain_type").contains(t)
                    && !facts.typesOf("resource_type").contains(t)) {
                domainTypes.add(t);
            }
        }
        // a build label's channels are its domain's; a channel type shared by two domains stays with the first
        for (String t : domainTypes) {
            Map<Facet, String> facets = new LinkedHashMap<>();
            facets.put(Facet.MAIN, t);
            Optional.ofNullable(self.get(t)).ifPresent(s -> facets.put(Facet.SELF, s));
            Optional.ofNullable(target.get(t)).ifPresent(s -> facets.put(Facet.TARGET, s));
            Optional.ofNullable(building.get(t)).ifPresent(s -> facets.put(Facet.BUILDING, s));
            for (String c : channels.getOrDefault(t, Set.of())) {
                Facet f = c.contains("recv") ? Facet.RECV_CHANNEL : Facet.CHANNEL;
                if (!facets.containsKey(f) && !places.containsKey(c)) {
                    facets.put(f, c);
                }
            }
            String name = name(t, "_t", true);
            Domain d = new Domain(t, name, facets);
            domains.put(t, d);
            facets.forEach((f, type) -> places.putIfAbsent(type, new Place(Kind.DOMAIN, name, f)));
        }
        // a domain's label no transition makes (a channel type nothing allocates yet): Xen's name tells it; a suffix
        // is tried before one it ends with (_recv_channel before _channel)
        List<Facet> bySuffix = List.of(Facet.SELF, Facet.RECV_CHANNEL, Facet.CHANNEL, Facet.TARGET, Facet.BUILDING);
        for (String t : facts.types()) {
            if (places.containsKey(t)) {
                continue;
            }
            for (Facet f : bySuffix) {
                String suffix = TypeAssignment.suffix(f);
                Domain d = t.endsWith(suffix) ? domains.get(t.substring(0, t.length() - suffix.length())) : null;
                if (d != null && !d.facets().containsKey(f)) {
                    d.facets().put(f, t);
                    places.put(t, new Place(Kind.DOMAIN, d.name(), f));
                    break;
                }
            }
        }
        // devices: labels that never act and label resources
        Set<String> ocontextTypes = new LinkedHashSet<>();
        for (Ocontext o : ocontexts(p)) {
            ocontextTypes.add(p.type(context(o).type()).name());
        }
        for (String t : facts.types()) {
            if (places.containsKey(t) || acting.contains(t)) {
                continue;
            }
            if (ocontextTypes.contains(t) || resourceTargets.contains(t) || facts.typesOf("resource_type").contains(t)) {
                String name = name(t, t.endsWith("_dev_t") ? "_dev_t" : "_t", false);
                devices.put(t, name);
                places.put(t, new Place(Kind.DEVICE, name, Facet.MAIN));
            }
        }
        for (Fact f : facts.facts()) {
            for (String t : List.of(f.source().owner(), f.target().owner())) {
                if (!places.containsKey(t) && !unplaced.contains(t)) {
                    unplaced.add(t);
                }
            }
        }
    }

    private void xenOwn(String sid, Place place) {
        String type = sidTypes.get(sid);
        if (type != null && !places.containsKey(type)) {
            places.put(type, place);
        }
    }

    /**
     * A Cordon name for a type: its FLASK name without the suffix, made an identifier, not a keyword, unique, and for
     * a {@code domain}, not a name whose FLASK type would be one of Xen's own (a type called xenboot_t that acts as a
     * domain while the xenboot SID labels another: Cordon refuses a domain called xenboot).
     */
    private String name(String type, String suffix, boolean domain) {
        String base = type.endsWith(suffix) && type.length() > suffix.length()
                ? type.substring(0, type.length() - suffix.length()) : type;
        base = base.replaceAll("[^A-Za-z0-9_]", "_");
        if (!Character.isLetter(base.charAt(0)) && base.charAt(0) != '_') {
            base = "t_" + base;
        }
        String name = base;
        for (int i = 2; reserved.contains(name) || used.contains(name)
                || domain && TypeAssignment.isXenType(name + "_t"); i++) {
            name = base + "_" + i;
        }
        used.add(name);
        return name;
    }

    static List<Ocontext> ocontexts(FlaskPolicy p) {
        List<Ocontext> out = new ArrayList<>();
        out.addAll(p.pirqs());
        out.addAll(p.ioports());
        out.addAll(p.iomems());
        out.addAll(p.pciDevices());
        out.addAll(p.deviceTrees());
        return out;
    }

    static org.cordon.xsm.flask.model.Context context(Ocontext o) {
        if (o instanceof Ocontext.Pirq x) {
            return x.context();
        } else if (o instanceof Ocontext.IoPort x) {
            return x.context();
        } else if (o instanceof Ocontext.IoMem x) {
            return x.context();
        } else if (o instanceof Ocontext.PciDevice x) {
            return x.context();
        }
        return ((Ocontext.DeviceTree) o).context();
    }
}
