package org.cordon.dsl.load;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.cordon.model.Diagnostic;
import org.cordon.model.DiagnosticCode;
import org.cordon.model.PolicyModel;
import org.cordon.model.PolicyModel.CapabilityUse;
import org.cordon.model.PolicyModel.PermItem;
import org.cordon.model.PolicyModel.PermSet;
import org.cordon.model.PolicyModel.SubjectKind;
import org.cordon.model.PolicyModel.SubjectRef;
import org.cordon.model.Principal;
import org.cordon.model.SourcePos;
import org.cordon.xsm.catalogue.XenCatalogue;
import org.cordon.xsm.catalogue.XenCatalogues;
import org.cordon.xsm.macros.Endpoint;
import org.cordon.xsm.macros.Grant;
import org.cordon.xsm.macros.XenDuties;
import org.cordon.xsm.macros.XenMacros;

/**
 * The second half of pass "resolve": every reference of a loaded model to the principals it stands for (groups and
 * clusters expanded, cycles reported), every permission pattern to the catalogue's permissions it names, every
 * capability to the grants it expands to. Names nothing declares, permissions the target Xen lacks and cycles are
 * errors here, so later passes never look a name up again. Pure Java: models built by hand (tests) resolve the same way.
 */
public final class Resolver {

    private final PolicyModel model;
    private final XenCatalogue catalogue;
    private final List<Diagnostic> out;
    private final Map<String, List<Principal>> byName = new HashMap<>();
    /** In declaration order, so cycles are reported in source order. */
    private final Map<String, PolicyModel.Group> groups = new LinkedHashMap<>();
    private final Map<String, PolicyModel.Capability> capabilities;
    private final Map<String, List<Grant>> expanded = new HashMap<>();
    private final List<Principal> guests = new ArrayList<>();
    private final List<Principal> domains = new ArrayList<>();

    private Resolver(PolicyModel model, XenCatalogue catalogue, List<Diagnostic> out) {
        this.model = model;
        this.catalogue = catalogue;
        this.out = out;
        this.capabilities = model.userCapabilities();
    }

    /**
     * The model with its references resolved, problems added to {@code out}. A target Xen without a catalogue is an
     * error, and the model comes back unresolved.
     */
    public static PolicyModel resolve(PolicyModel model, List<Diagnostic> out) {
        Optional<XenCatalogue> catalogue = XenCatalogues.forVersion(model.xenVersion());
        if (catalogue.isEmpty()) {
            if (!model.xenVersion().isEmpty()) {
                out.add(Diagnostic.of(DiagnosticCode.UNKNOWN_TARGET, model.pos(), XenCatalogues.unsupported(model.xenVersion())));
            }
            return model;
        }
        return new Resolver(model, catalogue.get(), out).run();
    }

    private PolicyModel run() {
        index();
        levels();
        List<PolicyModel.Layer> layers = model.layers().stream().map(this::layer).toList();
        List<PolicyModel.Assertion> assertions = model.assertions().stream().map(this::assertion).toList();
        List<PolicyModel.PolicyTest> tests = model.tests().stream().map(t -> new PolicyModel.PolicyTest(t.name(),
                t.expectations().stream().map(e -> new PolicyModel.Expectation(e.allowed(), ref(e.subject()),
                        ref(e.target()), items(e.permissions()), e.pos())).toList(), t.pos())).toList();
        return new PolicyModel(model.name(), model.version(), model.xenVersion(), model.pos(), layers, assertions,
                tests, new PolicyModel.Names(true, byName, guests, domains));
    }

    // ---- what each name stands for -----------------------------------------------------------------------------

    private void index() {
        for (PolicyModel.Layer l : model.layers()) {
            for (PolicyModel.Domain d : l.domains()) {
                Principal p = new Principal(d.name(), Principal.Kind.DOMAIN);
                name(d.name(), SubjectKind.DOMAIN, List.of(p));
                domains.add(p);
                if (d.has(PolicyModel.Role.GUEST)) {
                    guests.add(p);
                }
            }
            for (PolicyModel.VmClass c : l.classes()) {
                List<Principal> members = new ArrayList<>();
                for (PolicyModel.Vm vm : c.vms()) {
                    Principal p = new Principal(vm.name(), Principal.Kind.VM);
                    name(vm.name(), SubjectKind.VM, List.of(p));
                    members.add(p);
                    domains.add(p);
                    guests.add(p);
                }
                name(c.name(), SubjectKind.CLASS, members);
            }
            l.devices().forEach(d -> name(d.name(), SubjectKind.DEVICE, List.of(Principal.device(d.name()))));
            l.groups().forEach(g -> groups.putIfAbsent(g.name(), g));
        }
        for (PolicyModel.Cluster k : model.clusters()) {
            Set<Principal> members = new LinkedHashSet<>();
            k.classes().forEach(c -> members.addAll(byName.getOrDefault(c, List.of())));
            name(k.name(), SubjectKind.CLUSTER, List.copyOf(members));
        }
        groupCycles();
        for (PolicyModel.Group g : groups.values()) {
            group(g.name(), new HashSet<>());
        }
        for (PolicyModel.Capability c : capabilities.values()) {
            cycle(c.name(), n -> capabilities.containsKey(n) ? capabilities.get(n).permissions().stream()
                    .filter(i -> i instanceof CapabilityUse).map(i -> ((CapabilityUse) i).capability()).toList()
                    : List.of()).ifPresent(path -> out.add(Diagnostic.of(DiagnosticCode.CAPABILITY_CYCLE, c.pos(),
                            "capabilities form a cycle: " + String.join(" -> ", path))));
        }
    }

    private void name(String name, SubjectKind kind, List<Principal> principals) {
        byName.putIfAbsent(name, List.copyOf(principals));
    }

    /** A group's principals, groups within it expanded; a group met again on the way adds nothing twice. */
    private List<Principal> group(String name, Set<String> visiting) {
        List<Principal> done = byName.get(name);
        if (done != null) {
            return done;
        }
        if (!visiting.add(name)) {
            return List.of(); // a cycle, reported by groupCycles
        }
        Set<Principal> members = new LinkedHashSet<>();
        for (SubjectRef m : groups.get(name).members()) {
            members.addAll(m.kind() == SubjectKind.GROUP && groups.containsKey(m.name()) ? group(m.name(), visiting)
                    : principals(m));
        }
        visiting.remove(name);
        List<Principal> result = List.copyOf(members);
        if (visiting.isEmpty()) {
            byName.put(name, result);
        }
        return result;
    }

    /** Each group that reaches itself through its members is an error at its declaration, naming the cycle. */
    private void groupCycles() {
        for (PolicyModel.Group g : groups.values()) {
            cycle(g.name(), n -> groups.containsKey(n) ? groups.get(n).members().stream()
                    .filter(m -> m.kind() == SubjectKind.GROUP).map(SubjectRef::name).toList() : List.of())
                    .ifPresent(path -> out.add(Diagnostic.of(DiagnosticCode.GROUP_CYCLE, g.pos(),
                            "groups form a cycle: " + String.join(" -> ", path))));
        }
    }

    /** A path from {@code start} back to it along {@code next}, when there is one. */
    private static Optional<List<String>> cycle(String start, java.util.function.Function<String, List<String>> next) {
        java.util.Deque<List<String>> todo = new java.util.ArrayDeque<>();
        todo.push(List.of(start));
        Set<String> seen = new HashSet<>();
        while (!todo.isEmpty()) {
            List<String> path = todo.pop();
            for (String n : next.apply(path.get(path.size() - 1))) {
                List<String> longer = new ArrayList<>(path);
                longer.add(n);
                if (n.equals(start)) {
                    return Optional.of(longer);
                }
                if (seen.add(n)) {
                    todo.push(longer);
                }
            }
        }
        return Optional.empty();
    }

    private List<Principal> principals(SubjectRef r) {
        if (r.kind() == SubjectKind.BUILTIN || r.kind() == SubjectKind.SID) {
            return new PolicyModel.Names(true, Map.of(), guests, domains).of(r.kind(), r.name());
        }
        List<Principal> p = byName.get(r.name());
        if (p == null) {
            if (!r.name().startsWith("?")) { // a name the linker could not resolve was reported there
                out.add(Diagnostic.of(DiagnosticCode.LINK, r.pos(), "nothing is named '" + r.name() + "'"));
            }
            return List.of();
        }
        return p;
    }

    private SubjectRef ref(SubjectRef r) {
        return r.resolvedTo(principals(r));
    }

    private List<SubjectRef> refs(List<SubjectRef> rs) {
        return rs.stream().map(this::ref).toList();
    }

    private Optional<SubjectRef> ref(Optional<SubjectRef> r) {
        return r.map(this::ref);
    }

    // ---- what each permission item stands for ------------------------------------------------------------------

    private List<PermItem> items(List<PermItem> items) {
        List<PermItem> resolved = new ArrayList<>();
        for (PermItem item : items) {
            if (item instanceof PermSet set) {
                resolved.add(permSet(set, out));
            } else if (item instanceof CapabilityUse use) {
                resolved.add(new CapabilityUse(use.capability(), use.pos(), capability(use.capability(), use.pos(),
                        new ArrayList<>())));
            }
        }
        return resolved;
    }

    /** A permission set resolved against the catalogue; what it names that Xen lacks reported to {@code report}. */
    private PermSet permSet(PermSet set, List<Diagnostic> report) {
        Optional<XenCatalogue.SecurityClass> cls = catalogue.securityClass(set.securityClass());
        if (cls.isEmpty()) {
            report.add(Diagnostic.of(DiagnosticCode.UNKNOWN_CLASS, set.pos(), "Xen " + catalogue.xenVersion()
                    + " has no security class '" + set.securityClass() + "'" + Suggestions.of(set.securityClass(),
                            catalogue.classes().stream().map(XenCatalogue.SecurityClass::name).toList())));
            return set;
        }
        Set<String> perms = new LinkedHashSet<>();
        for (String pattern : set.patterns()) {
            List<String> matched = match(cls.get(), pattern);
            if (matched.isEmpty()) {
                report.add(Diagnostic.of(DiagnosticCode.UNKNOWN_PERMISSION, set.pos(), (pattern.endsWith("*")
                        ? "no permission of class " + cls.get().name() + " matches '" + pattern + "'"
                        : "unknown permission '" + cls.get().name() + "." + pattern + "' for Xen "
                                + catalogue.xenVersion()) + Suggestions.of(pattern, cls.get().permissions().stream()
                                        .map(XenCatalogue.Permission::name).toList())));
            }
            perms.addAll(matched);
        }
        // in the catalogue's order, which is Xen's bit order
        List<String> ordered = cls.get().permissions().stream().map(XenCatalogue.Permission::name)
                .filter(perms::contains).toList();
        return new PermSet(set.securityClass(), set.patterns(), set.pos(), ordered);
    }

    /** Permissions of a class a pattern names: "*" all, "get*" a prefix, else one name. */
    public static List<String> match(XenCatalogue.SecurityClass cls, String pattern) {
        List<String> out = new ArrayList<>();
        for (XenCatalogue.Permission p : cls.permissions()) {
            boolean hit = pattern.equals("*") || (pattern.endsWith("*")
                    ? p.name().startsWith(pattern.substring(0, pattern.length() - 1)) : p.name().equals(pattern));
            if (hit) {
                out.add(p.name());
            }
        }
        return out;
    }

    /** A capability's grants: a built-in one's, or a user one's items in order; cycles reported, expanded once. */
    private List<Grant> capability(String name, SourcePos at, List<String> path) {
        List<Grant> done = expanded.get(name);
        if (done != null) {
            return done;
        }
        Optional<XenMacros.BuiltinCapability> builtin = XenMacros.builtin(name);
        if (builtin.isPresent()) {
            List<Grant> g = XenMacros.forCatalogue(builtin.get().grants(), catalogue);
            expanded.put(name, g);
            return g;
        }
        PolicyModel.Capability cap = capabilities.get(name);
        if (cap == null) {
            // reported at every use, so not remembered
            out.add(Diagnostic.of(DiagnosticCode.UNKNOWN_CAPABILITY, at, "unknown capability '" + name + "'"
                    + Suggestions.of(name, capabilityNames())));
            return List.of();
        }
        if (path.contains(name)) {
            return List.of(); // a cycle, reported once per capability by index()
        }
        path.add(name);
        List<Grant> grants = new ArrayList<>();
        for (PermItem item : cap.permissions()) {
            if (item instanceof PermSet set) {
                // what it names that Xen lacks is reported once, where the capability is declared
                PermSet p = permSet(set, new ArrayList<>());
                if (!p.permissions().isEmpty()) {
                    grants.add(new Grant(Endpoint.SUBJECT, Endpoint.TARGET, p.securityClass(), p.permissions()));
                }
            } else if (item instanceof CapabilityUse use) {
                grants.addAll(capability(use.capability(), use.pos(), path));
            }
        }
        path.remove(path.size() - 1);
        List<Grant> g = List.copyOf(grants);
        if (path.isEmpty()) {
            expanded.put(name, g);
        }
        return g;
    }

    private List<String> capabilityNames() {
        List<String> names = new ArrayList<>(XenMacros.names());
        names.addAll(capabilities.keySet());
        return names;
    }

    /** Each duty {@code separate duties} names is built in or declared; an unknown one is an error at the statement. */
    private void duties(PolicyModel.SeparateDuties s) {
        List<String> known = new ArrayList<>(XenDuties.names());
        model.duties().keySet().stream().filter(n -> !known.contains(n)).forEach(known::add);
        for (String name : new LinkedHashSet<>(s.duties())) {
            if (!known.contains(name)) {
                out.add(Diagnostic.of(DiagnosticCode.UNKNOWN_DUTY, s.pos(), "unknown duty '" + name + "'"
                        + Suggestions.of(name, known) + " (duties: " + String.join(", ", known) + ")"));
            }
        }
    }

    // ---- levels (multi-level security) ------------------------------------------------------------------------

    /** Each domain's and VM's level (device models after the guests they serve); none unless multi-level. */
    private final Map<String, PolicyModel.LevelRange> levelOf = new HashMap<>();

    private void levels() {
        LevelResolver levels = new LevelResolver(model, out);
        model.vms().forEach(vm -> levels.vm(vm).ifPresent(r -> levelOf.put(vm.name(), r)));
        List<PolicyModel.Domain> deviceModels = new ArrayList<>();
        for (PolicyModel.Domain d : model.domains()) {
            levels.domain(d).ifPresent(r -> levelOf.put(d.name(), r));
            if (d.has(PolicyModel.Role.DEVICE_MODEL)) {
                deviceModels.add(d);
            }
        }
        for (PolicyModel.Domain d : deviceModels) {
            // a domain, VM, class or group only (anything else is pass validate's device-model-target); names only: an
            // unknown one is reported once, when the record is rebuilt
            List<Principal> guests = d.deviceModelFor().filter(r -> r.kind() == SubjectKind.DOMAIN
                    || r.kind() == SubjectKind.VM || r.kind() == SubjectKind.CLASS || r.kind() == SubjectKind.GROUP)
                    .map(r -> byName.getOrDefault(r.name(), List.of())).orElse(List.of());
            levels.deviceModel(d, guests, levelOf.get(d.name())).ifPresent(r -> levelOf.put(d.name(), r));
        }
    }

    private PolicyModel.VmProperties leveled(String name, PolicyModel.VmProperties p) {
        PolicyModel.LevelRange r = levelOf.get(name);
        return r == null ? p : p.withLevel(r);
    }

    // ---- rebuilding the records --------------------------------------------------------------------------------

    private PolicyModel.Layer layer(PolicyModel.Layer l) {
        return new PolicyModel.Layer(l.name(), l.below(), l.pos(),
                l.domains().stream().map(d -> new PolicyModel.Domain(d.name(), d.roles(), ref(d.deviceModelFor()),
                        leveled(d.name(), d.properties()), d.pos())).toList(),
                l.classes().stream().map(this::vmClass).toList(),
                l.clusters().stream().map(k -> new PolicyModel.Cluster(k.name(), k.isolation(), k.classes(),
                        k.channels().stream().map(this::channel).toList(), k.uses(), k.pos())).toList(),
                l.groups().stream().map(g -> new PolicyModel.Group(g.name(), refs(g.members()), g.pos())).toList(),
                l.devices().stream().map(d -> new PolicyModel.Device(d.name(), d.resources(), d.iommu(),
                        ref(d.admin()), ref(d.user()), d.layer(), d.pos())).toList(),
                l.capabilities().stream().map(c -> new PolicyModel.Capability(c.name(), items(c.permissions()),
                        c.pos())).toList(),
                l.rules().stream().map(this::rule).toList(),
                l.forbids().stream().map(f -> new PolicyModel.Forbid(ref(f.subject()), ref(f.target()),
                        items(f.permissions()), f.layer(), f.pos())).toList(),
                l.exports(), l.switches(),
                l.channels().stream().map(this::channel).toList(),
                l.zones(), l.hosts(), l.resources(),
                l.conflicts().stream().map(c -> new PolicyModel.ConflictSet(c.name(), refs(c.members()), c.pos()))
                        .toList(),
                l.sensitivities(), l.categories(),
                l.duties().stream().map(d -> new PolicyModel.Duty(d.name(), items(d.permissions()), d.pos())).toList());
    }

    private PolicyModel.VmClass vmClass(PolicyModel.VmClass c) {
        return new PolicyModel.VmClass(c.name(), c.isolation(), c.cluster(), c.vms().stream().map(vm ->
                new PolicyModel.Vm(vm.name(), vm.vmClass(), leveled(vm.name(), vm.properties()), vm.pos())).toList(),
                c.channels().stream().map(this::channel).toList(),
                c.features().stream().map(f -> new PolicyModel.Feature(f.feature(), f.allowed(), refs(f.managers()),
                        f.zone(), f.pos())).toList(),
                c.rules().stream().map(this::rule).toList(), c.uses(), c.pos());
    }

    private PolicyModel.Rule rule(PolicyModel.Rule r) {
        return new PolicyModel.Rule(r.kind(), ref(r.subject()), r.subjectFacet(), ref(r.target()), r.targetFacet(),
                items(r.permissions()), r.condition(), r.whenOff(), r.layer(), r.pos());
    }

    private PolicyModel.Channel channel(PolicyModel.Channel c) {
        return new PolicyModel.Channel(ref(c.left()), ref(c.right()), c.twoWay(), c.kinds(), c.layer(), c.pos());
    }

    private PolicyModel.Assertion assertion(PolicyModel.Assertion a) {
        if (a instanceof PolicyModel.Isolated i) {
            return new PolicyModel.Isolated(refs(i.subjects()), i.pos());
        }
        if (a instanceof PolicyModel.Dominates d) {
            if (!model.multiLevel()) {
                out.add(Diagnostic.of(DiagnosticCode.UNKNOWN_LEVEL, d.pos(), "`assert dominates` compares levels: "
                        + "declare the policy's sensitivities (`sensitivities low < high`) and give subjects levels"));
            }
            return new PolicyModel.Dominates(ref(d.higher()), ref(d.lower()), d.pos());
        }
        if (a instanceof PolicyModel.SeparateDuties s) {
            duties(s);
            return s;
        }
        PolicyModel.NoFlow n = (PolicyModel.NoFlow) a;
        return new PolicyModel.NoFlow(ref(n.source()), ref(n.target()), refs(n.mediators()), n.pos());
    }
}
