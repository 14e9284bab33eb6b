package org.cordon.dsl.check;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.cordon.model.Access;
import org.cordon.model.Diagnostic;
import org.cordon.model.PolicyModel;
import org.cordon.model.PolicyModel.CapabilityUse;
import org.cordon.model.PolicyModel.PermItem;
import org.cordon.model.PolicyModel.PermSet;
import org.cordon.model.PolicyModel.SubjectRef;
import org.cordon.model.Principal;
import org.cordon.model.Semantics;
import org.cordon.model.SourcePos;
import org.cordon.xsm.catalogue.XenCatalogue;
import org.cordon.xsm.catalogue.XenCatalogues;
import org.cordon.xsm.macros.XenMacros;

/**
 * Pass "validate": the checks of the language on the model. Each problem is a positioned
 * {@link Diagnostic}; checks that need the catalogue are skipped when the target is unknown
 * (which is itself reported).
 */
public final class PolicyChecker {

    private final PolicyModel model;
    private final List<Diagnostic> out = new ArrayList<>();
    /** name → where it is declared and in which layer (null layer: outside any). */
    private final Map<String, Declaration> declarations = new LinkedHashMap<>();
    private final Map<String, Integer> layerIndex = new HashMap<>();
    private final Map<String, Set<String>> exported = new HashMap<>();

    private record Declaration(String name, String what, String layer, SourcePos pos) {
    }

    public PolicyChecker(PolicyModel model) {
        this.model = model;
    }

    public List<Diagnostic> check() {
        Optional<XenCatalogue> catalogue = XenCatalogues.forVersion(model.xenVersion());
        if (catalogue.isEmpty() && !model.xenVersion().isEmpty()) {
            out.add(Diagnostic.error("unknown-target", model.pos(), "Cordon has no catalogue for Xen "
                    + model.xenVersion() + "; supported: " + String.join(", ", XenCatalogues.SUPPORTED)));
        }
        for (int i = 0; i < model.layers().size(); i++) {
            layerIndex.put(model.layers().get(i).name(), i);
        }
        collectDeclarations();
        checkExportsAndVisibility();
        checkStructure();
        catalogue.ifPresent(c -> {
            Semantics sem = new Semantics(model, c);
            checkPermissions(c);
            checkForbids(sem);
            checkFeatures(sem);
        });
        out.sort(Comparator.comparing((Diagnostic d) -> d.pos().file()).thenComparingInt(d -> d.pos().line())
                .thenComparingInt(d -> d.pos().column()));
        return out;
    }

    // ---- declarations and duplicates --------------------------------------------------------

    private void declare(String name, String what, String layer, SourcePos pos) {
        Declaration prev = declarations.get(name);
        if (prev != null) {
            out.add(Diagnostic.error("duplicate", pos, what + " '" + name + "' is already declared as " + prev.what()
                    + " at " + prev.pos(), new Diagnostic.Related("first declaration", prev.pos())));
            return;
        }
        declarations.put(name, new Declaration(name, what, layer, pos));
    }

    private void collectDeclarations() {
        for (PolicyModel.Layer l : model.layers()) {
            String n = l.name();
            l.domains().forEach(d -> declare(d.name(), "domain", n, d.pos()));
            for (PolicyModel.VmClass c : l.classes()) {
                declare(c.name(), "class", n, c.pos());
                c.vms().forEach(vm -> declare(vm.name(), "vm", n, vm.pos()));
            }
            l.clusters().forEach(k -> declare(k.name(), "cluster", n, k.pos()));
            l.groups().forEach(g -> declare(g.name(), "group", n, g.pos()));
            l.devices().forEach(d -> declare(d.name(), "device", n, d.pos()));
            for (PolicyModel.Capability c : l.capabilities()) {
                if (XenMacros.builtin(c.name()).isPresent()) {
                    out.add(Diagnostic.error("duplicate", c.pos(), "capability '" + c.name()
                            + "' is built in; choose another name"));
                }
                declare(c.name(), "capability", n, c.pos());
            }
            l.switches().forEach(s -> declare(s.name(), "switch", n, s.pos()));
            l.zones().forEach(z -> declare(z.name(), "zone", n, z.pos()));
            l.hosts().forEach(h -> declare(h.name(), "host", n, h.pos()));
            l.resources().forEach(r -> declare(r.name(), "resource", n, r.pos()));
            l.conflicts().forEach(c -> declare(c.name(), "conflict set", n, c.pos()));
            Set<String> ex = new HashSet<>();
            for (PolicyModel.Export e : l.exports()) {
                Declaration d = declarations.get(e.name());
                if (d != null && d.layer() != null && !d.layer().equals(n)) {
                    out.add(Diagnostic.error("export-foreign", e.pos(), "layer '" + n + "' can only export what it declares; '"
                            + e.name() + "' belongs to layer '" + d.layer() + "'"));
                }
                ex.add(e.name());
                // exporting a class exports its VMs
                model.classes().stream().filter(c -> c.name().equals(e.name()))
                        .forEach(c -> c.vms().forEach(vm -> ex.add(vm.name())));
            }
            exported.put(n, ex);
        }
    }

    // ---- layers: a higher layer names only what lower layers export -------------------------

    private void checkExportsAndVisibility() {
        for (PolicyModel.Layer l : model.layers()) {
            Consumer<SubjectRef> see = r -> visible(l.name(), r.name(), r.pos());
            l.rules().forEach(r -> {
                see.accept(r.subject());
                see.accept(r.target());
                capabilityRefs(r.permissions(), l.name());
            });
            l.classes().forEach(c -> c.rules().forEach(r -> {
                see.accept(r.subject());
                see.accept(r.target());
                capabilityRefs(r.permissions(), l.name());
            }));
            l.forbids().forEach(f -> {
                see.accept(f.subject());
                see.accept(f.target());
                capabilityRefs(f.permissions(), l.name());
            });
            l.capabilities().forEach(c -> capabilityRefs(c.permissions(), l.name()));
            l.groups().forEach(g -> g.members().forEach(see));
            l.conflicts().forEach(c -> c.members().forEach(see));
            l.devices().forEach(d -> {
                d.admin().ifPresent(see);
                d.user().ifPresent(see);
            });
            l.domains().forEach(d -> d.deviceModelFor().ifPresent(see));
            model.channels().stream().filter(c -> l.name().equals(c.layer())).forEach(c -> {
                see.accept(c.left());
                see.accept(c.right());
            });
            l.classes().forEach(c -> c.features().forEach(f -> f.managers().forEach(see)));
        }
    }

    private void capabilityRefs(List<PermItem> items, String layer) {
        for (PermItem item : items) {
            if (item instanceof CapabilityUse use && XenMacros.builtin(use.capability()).isEmpty()) {
                if (!declarations.containsKey(use.capability())) {
                    out.add(Diagnostic.error("unknown-capability", use.pos(), "unknown capability '"
                            + use.capability() + "'" + suggest(use.capability(), capabilityNames())));
                } else {
                    visible(layer, use.capability(), use.pos());
                }
            }
        }
    }

    private List<String> capabilityNames() {
        List<String> names = new ArrayList<>(XenMacros.names());
        model.userCapabilities().keySet().forEach(names::add);
        return names;
    }

    private void visible(String fromLayer, String name, SourcePos pos) {
        if (name.startsWith("?")) {
            return; // unresolved: linking reported it
        }
        Declaration d = declarations.get(name);
        if (d == null || d.layer() == null || d.layer().equals(fromLayer)) {
            return;
        }
        Integer from = layerIndex.get(fromLayer);
        Integer decl = layerIndex.get(d.layer());
        if (from == null || decl == null) {
            return;
        }
        if (decl > from) {
            out.add(Diagnostic.error("layer-upward", pos, "layer '" + fromLayer + "' cannot name '" + name
                    + "' of higher layer '" + d.layer() + "': lower layers may not depend on higher ones",
                    new Diagnostic.Related("'" + name + "' declared here", d.pos())));
        } else if (!exported.getOrDefault(d.layer(), Set.of()).contains(name)) {
            out.add(Diagnostic.error("not-exported", pos, "'" + name + "' is declared in layer '" + d.layer()
                    + "', which does not export it: add `export " + name + "` there",
                    new Diagnostic.Related("'" + name + "' declared here", d.pos())));
        }
    }

    // ---- structure --------------------------------------------------------------------------

    private void checkStructure() {
        for (PolicyModel.Layer l : model.layers()) {
            for (PolicyModel.VmClass c : l.classes()) {
                if (c.vms().isEmpty()) {
                    out.add(Diagnostic.error("empty-class", c.pos(), "class '" + c.name()
                            + "' has no VMs: declare at least one `vm`"));
                }
            }
            for (PolicyModel.Cluster k : l.clusters()) {
                if (k.classes().isEmpty()) {
                    out.add(Diagnostic.error("empty-cluster", k.pos(), "cluster '" + k.name() + "' has no classes"));
                }
            }
            for (PolicyModel.Domain d : l.domains()) {
                if (d.has(PolicyModel.Role.DEVICE_MODEL) && d.deviceModelFor().isPresent()) {
                    SubjectRef t = d.deviceModelFor().get();
                    // one VM, or a class whose VMs it serves alike (Xen's dm_dom_t serves every domU_t)
                    if (t.kind() != PolicyModel.SubjectKind.VM && t.kind() != PolicyModel.SubjectKind.DOMAIN
                            && t.kind() != PolicyModel.SubjectKind.CLASS) {
                        out.add(Diagnostic.error("device-model-target", t.pos(),
                                "a device model serves a domain, a VM or the VMs of one class, not "
                                        + (t.kind() == PolicyModel.SubjectKind.BUILTIN ? t.name()
                                                : "a " + t.kind().name().toLowerCase())));
                    }
                }
            }
            for (PolicyModel.Device d : l.devices()) {
                if (d.user().isEmpty() && d.admin().isEmpty()) {
                    out.add(Diagnostic.warning("unused-device", d.pos(), "device '" + d.name()
                            + "' has neither admin nor user: it is labelled but nobody may use it"));
                }
            }
        }
        List<PolicyModel.Domain> controls = model.domains().stream()
                .filter(d -> d.has(PolicyModel.Role.CONTROL)).toList();
        if (controls.size() > 1) {
            out.add(Diagnostic.error("two-control", controls.get(1).pos(), "only one domain can be the control domain "
                    + "(Xen's dom0); '" + controls.get(0).name() + "' already is",
                    new Diagnostic.Related("control domain", controls.get(0).pos())));
        }
        checkGroupCycles();
        checkCapabilityCycles();
        checkProperties();
    }

    /**
     * Values xl would refuse or misread (xl.cfg(5)): vcpus and memory at least 1, maxmem not below
     * memory, a cap of 0 meaning "no cap", weights 1..65535. A fleet's hosts need their CPUs and
     * memory for any placement, and only VMs and guest domains are placed.
     */
    private void checkProperties() {
        for (PolicyModel.Domain d : model.domains()) {
            checkProperties(d.properties(), d.pos());
            if (d.properties().host().isPresent() && !d.has(PolicyModel.Role.GUEST)) {
                out.add(Diagnostic.error("placement-target", d.properties().at(PolicyModel.Property.HOST).orElse(d.pos()),
                        "only VMs and guest domains are placed on hosts; platform domain '" + d.name()
                                + "' runs on every host that needs it"));
            }
        }
        model.vms().forEach(vm -> checkProperties(vm.properties(), vm.pos()));
        for (PolicyModel.Host h : model.hosts()) {
            List<String> missing = new ArrayList<>();
            if (h.cpus().isEmpty()) {
                missing.add("cpus");
            }
            if (h.memoryBytes().isEmpty()) {
                missing.add("memory");
            }
            if (!missing.isEmpty()) {
                out.add(Diagnostic.error("host-capacity", h.pos(), "host '" + h.name() + "' needs its "
                        + String.join(" and ", missing) + " for placement (e.g. `host " + h.name()
                        + " { cpus 16 memory 128 GiB }`)"));
            } else if (h.cpus().get() < 1 || h.memoryBytes().get() < 1) {
                out.add(Diagnostic.error("host-capacity", h.pos(), "host '" + h.name()
                        + "' needs at least one CPU and some memory"));
            }
        }
    }

    private void checkProperties(PolicyModel.VmProperties p, SourcePos owner) {
        java.util.function.Function<PolicyModel.Property, SourcePos> at = k -> p.at(k).orElse(owner);
        p.vcpus().filter(v -> v < 1).ifPresent(v -> out.add(Diagnostic.error("bad-property",
                at.apply(PolicyModel.Property.VCPUS), "a domain needs at least one vCPU")));
        p.memoryBytes().filter(m -> m < (1L << 20)).ifPresent(m -> out.add(Diagnostic.error("bad-property",
                at.apply(PolicyModel.Property.MEMORY), "xl sets memory in MiB: give at least 1 MiB")));
        if (p.memoryBytes().isPresent() && p.maxMemoryBytes().isPresent()
                && p.maxMemoryBytes().get() < p.memoryBytes().get()) {
            out.add(Diagnostic.error("bad-property", at.apply(PolicyModel.Property.MAX_MEMORY),
                    "max memory is below memory; xl requires maxmem >= memory"));
        }
        p.cpuCapPercent().filter(c -> c < 1).ifPresent(c -> out.add(Diagnostic.error("bad-property",
                at.apply(PolicyModel.Property.CPU_CAP), "a cap of 0% means no cap to xl; leave the cap out instead")));
        if (p.cpuCapPercent().isPresent() && p.cpuCapPercent().get() > 100 * p.vcpus().orElse(1)) {
            out.add(Diagnostic.warning("cap-unreachable", at.apply(PolicyModel.Property.CPU_CAP), "a cap of "
                    + p.cpuCapPercent().get() + "% never binds with " + p.vcpus().orElse(1)
                    + " vCPU(s): each vCPU uses at most 100% of a CPU"));
        }
        p.cpuWeight().filter(w -> w < 1 || w > 65535).ifPresent(w -> out.add(Diagnostic.error("bad-property",
                at.apply(PolicyModel.Property.CPU_WEIGHT), "xl accepts weights from 1 to 65535")));
        p.grantFrames().filter(g -> g < 1).ifPresent(g -> out.add(Diagnostic.error("bad-property",
                at.apply(PolicyModel.Property.GRANT_FRAMES), "a domain needs at least one grant frame")));
        p.eventChannels().filter(e -> e < 1 || e > 131071).ifPresent(e -> out.add(Diagnostic.error("bad-property",
                at.apply(PolicyModel.Property.EVENT_CHANNELS),
                "event channels must be between 1 and 131071 (the FIFO ABI's limit, xl.cfg(5))")));
    }

    private void checkCapabilityCycles() {
        Map<String, PolicyModel.Capability> caps = model.userCapabilities();
        for (PolicyModel.Capability c : caps.values()) {
            List<String> path = new ArrayList<>();
            if (capabilityCycle(c.name(), caps, path)) {
                out.add(Diagnostic.error("capability-cycle", c.pos(), "capabilities form a cycle: "
                        + String.join(" -> ", path)));
            }
        }
    }

    private boolean capabilityCycle(String name, Map<String, PolicyModel.Capability> caps, List<String> path) {
        if (path.contains(name)) {
            path.add(name);
            return path.get(0).equals(name);
        }
        PolicyModel.Capability c = caps.get(name);
        if (c == null) {
            return false;
        }
        path.add(name);
        for (PermItem item : c.permissions()) {
            if (item instanceof CapabilityUse use && capabilityCycle(use.capability(), caps, path)) {
                return true;
            }
        }
        path.remove(path.size() - 1);
        return false;
    }

    private void checkGroupCycles() {
        Map<String, PolicyModel.Group> groups = new HashMap<>();
        model.layers().forEach(l -> l.groups().forEach(g -> groups.put(g.name(), g)));
        for (PolicyModel.Group g : groups.values()) {
            List<String> path = new ArrayList<>();
            if (cycle(g.name(), groups, path)) {
                out.add(Diagnostic.error("group-cycle", g.pos(), "groups form a cycle: " + String.join(" -> ", path)));
            }
        }
    }

    private boolean cycle(String name, Map<String, PolicyModel.Group> groups, List<String> path) {
        if (path.contains(name)) {
            path.add(name);
            return path.get(0).equals(name);
        }
        PolicyModel.Group g = groups.get(name);
        if (g == null) {
            return false;
        }
        path.add(name);
        for (SubjectRef m : g.members()) {
            if (m.kind() == PolicyModel.SubjectKind.GROUP && cycle(m.name(), groups, path)) {
                return true;
            }
        }
        path.remove(path.size() - 1);
        return false;
    }

    // ---- catalogue ----------------------------------------------------------------------------

    private void checkPermissions(XenCatalogue catalogue) {
        List<List<PermItem>> all = new ArrayList<>();
        model.rules().forEach(r -> all.add(r.permissions()));
        model.forbids().forEach(f -> all.add(f.permissions()));
        model.layers().forEach(l -> l.capabilities().forEach(c -> all.add(c.permissions())));
        model.tests().forEach(t -> t.expectations().forEach(e -> all.add(e.permissions())));
        for (List<PermItem> items : all) {
            for (PermItem item : items) {
                if (item instanceof PermSet set) {
                    checkPermSet(set, catalogue);
                }
            }
        }
        for (PolicyModel.Rule r : model.rules()) {
            for (PermItem item : r.permissions()) {
                if (item instanceof CapabilityUse use && r.target().builtin().isPresent()
                        && r.target().builtin().get() != PolicyModel.Builtin.GUESTS
                        && r.target().builtin().get() != PolicyModel.Builtin.DOMAINS
                        && XenMacros.builtin(use.capability()).map(b -> b.grants().stream()
                                .anyMatch(g -> g.to().owner() == org.cordon.xsm.macros.Endpoint.TARGET
                                        || g.from().owner() == org.cordon.xsm.macros.Endpoint.TARGET)).orElse(false)) {
                    out.add(Diagnostic.error("capability-target", use.pos(), "capability '" + use.capability()
                            + "' acts on domains, not on " + r.target().name()));
                }
            }
        }
    }

    private void checkPermSet(PermSet set, XenCatalogue catalogue) {
        Optional<XenCatalogue.SecurityClass> cls = catalogue.securityClass(set.securityClass());
        if (cls.isEmpty()) {
            out.add(Diagnostic.error("unknown-class", set.pos(), "Xen " + catalogue.xenVersion()
                    + " has no security class '" + set.securityClass() + "'"
                    + suggest(set.securityClass(), catalogue.classes().stream().map(XenCatalogue.SecurityClass::name).toList())));
            return;
        }
        for (String pattern : set.patterns()) {
            if (Semantics.match(cls.get(), pattern).isEmpty()) {
                out.add(Diagnostic.error("unknown-permission", set.pos(), (pattern.endsWith("*")
                        ? "no permission of class " + cls.get().name() + " matches '" + pattern + "'"
                        : "unknown permission '" + cls.get().name() + "." + pattern + "' for Xen " + catalogue.xenVersion())
                        + suggest(pattern, cls.get().permissions().stream().map(XenCatalogue.Permission::name).toList())));
            }
        }
    }

    // ---- forbid: binds its own and every higher layer ---------------------------------------

    private void checkForbids(Semantics sem) {
        List<PolicyModel.Forbid> forbids = model.forbids();
        if (forbids.isEmpty()) {
            return;
        }
        Map<PolicyModel.Forbid, Set<Access>> forbidden = new LinkedHashMap<>();
        forbids.forEach(f -> forbidden.put(f, sem.accesses(f.subject(), f.target(), f.permissions())));
        for (PolicyModel.Rule r : model.rules()) {
            if (r.kind() == PolicyModel.RuleKind.DONTAUDIT) {
                continue; // dontaudit grants nothing
            }
            Set<Access> granted = sem.accesses(r.subject(), r.target(), r.permissions());
            for (var e : forbidden.entrySet()) {
                PolicyModel.Forbid f = e.getKey();
                if (layerIndex.getOrDefault(r.layer(), 0) < layerIndex.getOrDefault(f.layer(), 0)) {
                    continue; // a forbid binds its own layer and those above
                }
                Optional<Access> hit = granted.stream().filter(e.getValue()::contains).findFirst();
                hit.ifPresent(a -> out.add(Diagnostic.error("forbidden", r.pos(), "this rule grants " + a
                        + ", which layer '" + f.layer() + "' forbids at " + f.pos(),
                        new Diagnostic.Related("forbidden here", f.pos()))));
            }
        }
        channelForbids(sem, forbidden);
    }

    private void channelForbids(Semantics sem, Map<PolicyModel.Forbid, Set<Access>> forbidden) {
        for (PolicyModel.Channel c : model.channels()) {
            Set<Access> granted = sem.accesses(c.left(), c.right(), List.of(new CapabilityUse(
                    c.kinds().contains(PolicyModel.ChannelKind.GRANT) ? "comms" : "event_comms", c.pos())));
            for (var e : forbidden.entrySet()) {
                PolicyModel.Forbid f = e.getKey();
                if (c.layer() != null && layerIndex.getOrDefault(c.layer(), 0) < layerIndex.getOrDefault(f.layer(), 0)) {
                    continue;
                }
                granted.stream().filter(e.getValue()::contains).findFirst().ifPresent(a -> out.add(Diagnostic.error(
                        "forbidden", c.pos(), "this channel grants " + a + ", which layer '" + f.layer()
                                + "' forbids at " + f.pos(), new Diagnostic.Related("forbidden here", f.pos()))));
            }
        }
    }

    // ---- management features ----------------------------------------------------------------

    /** A feature a class denies must not be granted to any other domain by a rule. */
    private void checkFeatures(Semantics sem) {
        for (PolicyModel.VmClass c : model.classes()) {
            for (PolicyModel.Feature f : c.features()) {
                if (f.allowed()) {
                    continue;
                }
                SubjectRef cls = new SubjectRef(PolicyModel.SubjectKind.CLASS, c.name(), f.pos());
                Set<Principal> members = sem.principals(cls);
                Set<Access> denied = new HashSet<>();
                for (Principal p : sem.domains()) {
                    if (members.contains(p)) {
                        continue;
                    }
                    SubjectRef other = new SubjectRef(p.kind() == Principal.Kind.VM ? PolicyModel.SubjectKind.VM
                            : PolicyModel.SubjectKind.DOMAIN, p.name(), f.pos());
                    sem.accessesOfGrants(other, cls, XenMacros.featureCore(f.feature().name())).stream()
                            .filter(a -> members.contains(a.target())).forEach(denied::add);
                }
                for (PolicyModel.Rule r : model.rules()) {
                    if (r.kind() == PolicyModel.RuleKind.DONTAUDIT) {
                        continue;
                    }
                    sem.accesses(r.subject(), r.target(), r.permissions()).stream()
                            .filter(a -> denied.contains(a) && a.target().kind() != Principal.Kind.XEN)
                            .findFirst()
                            .ifPresent(a -> out.add(Diagnostic.error("feature-denied", r.pos(), "this rule grants "
                                    + a + ", part of " + f.feature().name().toLowerCase() + ", which class '" + c.name()
                                    + "' denies", new Diagnostic.Related("denied here", f.pos()))));
                }
            }
        }
    }

    // ---- helpers ----------------------------------------------------------------------------

    static String suggest(String word, List<String> candidates) {
        List<String> near = candidates.stream()
                .filter(c -> distance(word, c) <= Math.max(2, word.length() / 3) || c.startsWith(word) || word.startsWith(c))
                .sorted(Comparator.comparingInt(c -> distance(word, c)))
                .limit(3).toList();
        return near.isEmpty() ? "" : "; did you mean " + String.join(", ", near) + "?";
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
