package org.cordon.compiler.flask;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.cordon.model.Diagnostic;
import org.cordon.model.DiagnosticCode;
import org.cordon.model.PolicyModel;
import org.cordon.model.PolicyModel.Facet;
import org.cordon.model.PolicyModel.SubjectRef;
import org.cordon.model.Principal;
import org.cordon.compiler.table.StatementTable;
import org.cordon.model.SourcePos;

/**
 * Pass "assign-types": gives every principal a FLASK type. Domains get one type each; VMs of a
 * class share a type when no statement tells them apart (every reference that reaches one reaches
 * the others in the same position), so a class of a thousand identical VMs is one type. This is
 * what keeps the binary linear where Xen's one-type-per-domain pattern is quadratic.
 */
public final class TypeAssignment {

    /**
     * One FLASK domain type and the principals labelled with it. A class rather than a record only to keep its facets'
     * type names private: made once here (the lowering, the xl.cfg fragments and translation validation ask for them
     * for every type, and making them at each asking was a sixth of what lower-flask allocated at 10,000 lines), and
     * derived from the name, so not a component anyone could give otherwise.
     */
    public static final class DomainType {
        private final String name;
        private final List<Principal> principals;
        private final String owner;
        private final boolean singleton;
        private final boolean buildLabel;
        /** {@link TypeAssignment#typeName} of T and each facet, by the facet's ordinal. */
        private final String[] facetNames;

        public DomainType(String name, List<Principal> principals, String owner, boolean singleton, boolean buildLabel) {
            this.name = name;
            this.principals = principals;
            this.owner = owner;
            this.singleton = singleton;
            this.buildLabel = buildLabel;
            this.facetNames = java.util.Arrays.stream(Facet.values()).map(f -> typeName(name, f)).toArray(String[]::new);
        }

        public String name() {
            return name;
        }

        public List<Principal> principals() {
            return principals;
        }

        public String owner() {
            return owner;
        }

        public boolean singleton() {
            return singleton;
        }

        public boolean buildLabel() {
            return buildLabel;
        }

        // a type's name identifies it; comparing principal lists would make set operations linear
        @Override
        public boolean equals(Object o) {
            return o instanceof DomainType other && name.equals(other.name);
        }

        @Override
        public int hashCode() {
            return name.hashCode();
        }

        @Override
        public String toString() {
            return "DomainType[name=" + name + ", principals=" + principals + ", owner=" + owner + ", singleton="
                    + singleton + ", buildLabel=" + buildLabel + "]";
        }

        /** The type of one of its labels: {@link TypeAssignment#typeName}, but a singleton's SELF label is T itself. */
        public String type(Facet facet) {
            return facet == Facet.SELF && singleton ? name : named(facet);
        }

        /** {@link TypeAssignment#typeName} of T and the facet, as made once. */
        public String named(Facet facet) {
            return facetNames[facet.ordinal()];
        }
    }

    /**
     * The FLASK type of a facet of domain type {@code type}, by xen.if's names: T, T_self, T_target, T_channel,
     * T_recv_channel and Cordon's T_building. The one place these names are written; the verifier reads binaries with
     * its own, so that a slip here shows up in translation validation instead of being shared.
     */
    public static String typeName(String type, Facet facet) {
        return type + suffix(facet);
    }

    /** What {@link #typeName} adds to T for the facet. */
    public static String suffix(Facet facet) {
        return switch (facet) {
            case MAIN -> "";
            case SELF -> "_self";
            case TARGET -> "_target";
            case CHANNEL -> "_channel";
            case RECV_CHANNEL -> "_recv_channel";
            case BUILDING -> "_building";
        };
    }

    private final Map<Principal, DomainType> byPrincipal = new LinkedHashMap<>();
    private final List<DomainType> types = new ArrayList<>();

    public TypeAssignment(PolicyModel model) {
        Map<Principal, Set<String>> mentions = new HashMap<>();
        int[] counter = {0};
        java.util.function.BiConsumer<SubjectRef, String> mention = (ref, position) -> {
            String key = (counter[0]) + ":" + position;
            ref.members().forEach(p -> mentions.computeIfAbsent(p, k -> new TreeSet<>()).add(key));
        };
        for (PolicyModel.Rule r : model.rules()) {
            counter[0]++;
            mention.accept(r.subject(), "s");
            mention.accept(r.target(), "t");
        }
        for (PolicyModel.Forbid f : model.forbids()) {
            counter[0]++;
            mention.accept(f.subject(), "s");
            mention.accept(f.target(), "t");
        }
        for (PolicyModel.Channel c : model.channels()) {
            counter[0]++;
            mention.accept(c.left(), "l");
            mention.accept(c.right(), "r");
        }
        for (PolicyModel.Device d : model.devices()) {
            counter[0]++;
            d.admin().ifPresent(a -> mention.accept(a, "a"));
            d.user().ifPresent(u -> mention.accept(u, "u"));
        }
        for (PolicyModel.Domain d : model.domains()) {
            counter[0]++;
            d.deviceModelFor().ifPresent(t -> mention.accept(t, "dm"));
        }
        for (PolicyModel.VmClass c : model.classes()) {
            for (PolicyModel.Feature f : c.features()) {
                counter[0]++;
                f.managers().forEach(m -> mention.accept(m, "m"));
            }
        }
        // a trusted VM's type is exempt from the MLS constraints as an object: it shares it with trusted VMs only
        for (PolicyModel.Vm vm : model.vms()) {
            if (vm.properties().level().filter(PolicyModel.LevelRange::trusted).isPresent()) {
                mentions.computeIfAbsent(new Principal(vm.name(), Principal.Kind.VM), k -> new TreeSet<>())
                        .add("mls:trusted");
            }
        }
        for (PolicyModel.Domain d : model.domains()) {
            Principal p = new Principal(d.name(), Principal.Kind.DOMAIN);
            add(new DomainType(d.name() + "_t", List.of(p), d.name(), d.has(PolicyModel.Role.SINGLETON)
                    || d.has(PolicyModel.Role.CONTROL), d.has(PolicyModel.Role.BUILD_LABEL)));
        }
        for (PolicyModel.VmClass c : model.classes()) {
            Map<Set<String>, List<Principal>> groups = new LinkedHashMap<>();
            for (PolicyModel.Vm vm : c.vms()) {
                Principal p = new Principal(vm.name(), Principal.Kind.VM);
                groups.computeIfAbsent(mentions.getOrDefault(p, Set.of()), k -> new ArrayList<>()).add(p);
            }
            for (List<Principal> members : groups.values()) {
                String name;
                if (members.size() == c.vms().size()) {
                    name = c.name() + "_t";
                } else {
                    name = members.get(0).name().replace('.', '_') + "_t";
                }
                add(new DomainType(name, members, c.name(), false, StatementTable.needsBuildLabel(c)));
            }
        }
    }

    /** The facets of a domain type T whose FLASK types ({@link #typeName}) a policy can hold, in the order checked. */
    public static final List<Facet> FACETS = List.of(Facet.MAIN, Facet.SELF, Facet.TARGET, Facet.CHANNEL,
            Facet.RECV_CHANNEL, Facet.BUILDING);

    /** Xen's own types: a domain must not be labelled with one of them. */
    private static final Set<String> XEN_TYPES = Set.of("xenboot_t", "xen_t", "domio_t", "domxen_t", "unlabeled_t",
            "security_t", "irq_t", "ioport_t", "iomem_t", "device_t");

    /** Whether {@code flaskType} is one of Xen's own types, which no domain may be labelled with. */
    public static boolean isXenType(String flaskType) {
        return XEN_TYPES.contains(flaskType);
    }

    /** The attributes of the built-in sets {@code guests} and {@code domains} (the lowering's names). */
    private static final Map<String, String> BUILTIN_ATTRIBUTES = Map.of("guest", "guests", "all", "domains");

    /**
     * The names this assignment gives that FLASK cannot take: a type (or one of its {@code _self}, {@code _channel},
     * {@code _recv_channel}, {@code _target}, {@code _building} types) that is one of Xen's own, or that two principals
     * (or a principal and a device) would both get; a class or cluster whose attribute ({@code NAME_domains}) would be
     * a built-in set's, which would merge the two.
     */
    public List<Diagnostic> check(PolicyModel model) {
        Map<String, SourcePos> declared = new HashMap<>();
        model.domains().forEach(d -> declared.put(d.name(), d.pos()));
        model.vms().forEach(v -> declared.put(v.name(), v.pos()));
        List<Diagnostic> out = new ArrayList<>();
        Map<String, SourcePos> seen = new HashMap<>();
        for (DomainType t : types) {
            SourcePos pos = declared.getOrDefault(t.principals().get(0).name(), SourcePos.NONE);
            for (String n : FACETS.stream().map(t::named).toList()) {
                if (isXenType(n)) {
                    out.add(Diagnostic.of(DiagnosticCode.TYPE_NAME, pos, "'" + t.owner() + "' would be labelled " + n
                            + ", which is one of Xen's own types: rename it"));
                }
                SourcePos prev = seen.putIfAbsent(n, pos);
                if (prev != null && !prev.equals(pos)) {
                    out.add(Diagnostic.of(DiagnosticCode.TYPE_NAME, pos, "'" + t.owner() + "' would get FLASK type "
                            + n + ", which " + prev + " already gets: rename one", new Diagnostic.Related("other", prev)));
                }
            }
        }
        for (PolicyModel.Device d : model.devices()) {
            SourcePos prev = seen.get(d.name() + "_dev_t");
            if (prev != null) {
                out.add(Diagnostic.of(DiagnosticCode.TYPE_NAME, d.pos(), "device '" + d.name() + "' would get FLASK type "
                        + d.name() + "_dev_t, which " + prev + " already gets: rename one",
                        new Diagnostic.Related("other", prev)));
            }
        }
        Map<String, SourcePos> sets = new java.util.LinkedHashMap<>();
        model.classes().forEach(c -> sets.put(c.name(), c.pos()));
        model.clusters().forEach(c -> sets.putIfAbsent(c.name(), c.pos()));
        sets.forEach((name, pos) -> {
            String builtin = BUILTIN_ATTRIBUTES.get(name);
            if (builtin != null) {
                out.add(Diagnostic.of(DiagnosticCode.TYPE_NAME, pos, "'" + name + "' would get FLASK attribute "
                        + name + "_domains, which is the built-in '" + builtin + "''s: its rules would cover every "
                        + ("guests".equals(builtin) ? "guest" : "domain") + "; rename it"));
            }
        });
        return out;
    }

    private void add(DomainType t) {
        types.add(t);
        t.principals().forEach(p -> byPrincipal.put(p, t));
    }

    public List<DomainType> types() {
        return types;
    }

    public DomainType of(Principal p) {
        return byPrincipal.get(p);
    }
}
