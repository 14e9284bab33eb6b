package org.cordon.dsl.check;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.cordon.model.Diagnostic;
import org.cordon.model.DiagnosticCode;
import org.cordon.model.PolicyModel;
import org.cordon.model.Principal;
import org.cordon.model.PolicyModel.CapabilityUse;
import org.cordon.model.PolicyModel.PermItem;
import org.cordon.model.PolicyModel.SubjectKind;
import org.cordon.model.PolicyModel.SubjectRef;
import org.cordon.model.SourcePos;
import org.cordon.xsm.macros.XenDuties;
import org.cordon.xsm.macros.XenMacros;

/**
 * Pass "validate", the language's part: declarations, layers and exports, structure and properties on the resolved
 * model. Each problem is a positioned {@link Diagnostic}. What statements grant (forbids, denied features) is checked
 * by the compiler's statement table, in the same pass.
 */
public final class PolicyChecker {

    private final PolicyModel model;
    private final List<Diagnostic> out = new ArrayList<>();
    /** name → where it is declared and in which layer (null layer: outside any). */
    private final Map<String, Declaration> declarations = new LinkedHashMap<>();
    private final Map<String, Integer> layerIndex = new HashMap<>();
    private final Map<String, Set<String>> exported = new HashMap<>();
    private final Map<String, SourcePos> duties = new HashMap<>();

    private record Declaration(String name, String what, String layer, SourcePos pos) {
    }

    public PolicyChecker(PolicyModel model) {
        this.model = model;
    }

    public List<Diagnostic> check() {
        for (int i = 0; i < model.layers().size(); i++) {
            layerIndex.put(model.layers().get(i).name(), i);
        }
        collectDeclarations();
        checkExportsAndVisibility();
        checkStructure();
        checkCapabilityTargets();
        checkActors();
        checkFacets();
        new LevelChecks(model, out).check();
        out.sort(Comparator.comparing((Diagnostic d) -> d.pos().file()).thenComparingInt(d -> d.pos().line())
                .thenComparingInt(d -> d.pos().column()));
        return out;
    }

    // ---- declarations and duplicates --------------------------------------------------------

    private void declare(String name, String what, String layer, SourcePos pos) {
        Declaration prev = declarations.get(name);
        if (prev != null) {
            out.add(Diagnostic.of(DiagnosticCode.DUPLICATE, pos, what + " '" + name + "' is already declared as " + prev.what()
                    + " at " + prev.pos(), new Diagnostic.Related("first declaration", prev.pos())));
            return;
        }
        declarations.put(name, new Declaration(name, what, layer, pos));
    }

    /**
     * Duties have names of their own (only {@code separate duties} names them): a declared one may not take a built-in
     * duty's name, nor another declared one's.
     */
    private void declareDuty(PolicyModel.Duty d) {
        if (XenDuties.builtin(d.name()).isPresent()) {
            out.add(Diagnostic.of(DiagnosticCode.DUPLICATE, d.pos(), "duty '" + d.name()
                    + "' is built in; choose another name"));
            return;
        }
        SourcePos prev = duties.putIfAbsent(d.name(), d.pos());
        if (prev != null) {
            out.add(Diagnostic.of(DiagnosticCode.DUPLICATE, d.pos(), "duty '" + d.name() + "' is already declared at "
                    + prev, new Diagnostic.Related("first declaration", prev)));
        }
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
                    out.add(Diagnostic.of(DiagnosticCode.DUPLICATE, c.pos(), "capability '" + c.name()
                            + "' is built in; choose another name"));
                }
                declare(c.name(), "capability", n, c.pos());
            }
            l.duties().forEach(this::declareDuty);
            l.switches().forEach(s -> declare(s.name(), "switch", n, s.pos()));
            l.zones().forEach(z -> declare(z.name(), "zone", n, z.pos()));
            l.hosts().forEach(h -> declare(h.name(), "host", n, h.pos()));
            l.resources().forEach(r -> declare(r.name(), "resource", n, r.pos()));
            l.conflicts().forEach(c -> declare(c.name(), "conflict set", n, c.pos()));
            Set<String> ex = new HashSet<>();
            for (PolicyModel.Export e : l.exports()) {
                Declaration d = declarations.get(e.name());
                if (d != null && d.layer() != null && !d.layer().equals(n)) {
                    out.add(Diagnostic.of(DiagnosticCode.EXPORT_FOREIGN, e.pos(), "layer '" + n + "' can only export what it declares; '"
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
            // a capability nothing declares was reported by the resolve pass
            if (item instanceof CapabilityUse use && XenMacros.builtin(use.capability()).isEmpty()
                    && declarations.containsKey(use.capability())) {
                visible(layer, use.capability(), use.pos());
            }
        }
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
            out.add(Diagnostic.of(DiagnosticCode.LAYER_UPWARD, pos, "layer '" + fromLayer + "' cannot name '" + name
                    + "' of higher layer '" + d.layer() + "': lower layers may not depend on higher ones",
                    new Diagnostic.Related("'" + name + "' declared here", d.pos())));
        } else if (!exported.getOrDefault(d.layer(), Set.of()).contains(name)) {
            out.add(Diagnostic.of(DiagnosticCode.NOT_EXPORTED, pos, "'" + name + "' is declared in layer '" + d.layer()
                    + "', which does not export it: add `export " + name + "` there",
                    new Diagnostic.Related("'" + name + "' declared here", d.pos())));
        }
    }

    // ---- structure --------------------------------------------------------------------------

    private void checkStructure() {
        for (PolicyModel.Layer l : model.layers()) {
            for (PolicyModel.VmClass c : l.classes()) {
                if (c.vms().isEmpty()) {
                    out.add(Diagnostic.of(DiagnosticCode.EMPTY_CLASS, c.pos(), "class '" + c.name()
                            + "' has no VMs: declare at least one `vm`"));
                }
            }
            for (PolicyModel.Cluster k : l.clusters()) {
                if (k.classes().isEmpty()) {
                    out.add(Diagnostic.of(DiagnosticCode.EMPTY_CLUSTER, k.pos(), "cluster '" + k.name() + "' has no classes"));
                }
            }
            for (PolicyModel.Domain d : l.domains()) {
                if (d.has(PolicyModel.Role.DEVICE_MODEL) && d.deviceModelFor().isPresent()) {
                    SubjectRef t = d.deviceModelFor().get();
                    // one VM, or a class or group whose domains it serves alike (Xen's dm_dom_t serves every domU_t)
                    boolean group = t.kind() == PolicyModel.SubjectKind.GROUP;
                    if (t.kind() != PolicyModel.SubjectKind.VM && t.kind() != PolicyModel.SubjectKind.DOMAIN
                            && t.kind() != PolicyModel.SubjectKind.CLASS && !group) {
                        out.add(Diagnostic.of(DiagnosticCode.DEVICE_MODEL_TARGET, t.pos(),
                                "a device model serves a domain, a VM, the VMs of one class or a group of them, not "
                                        + (t.kind() == PolicyModel.SubjectKind.BUILTIN ? t.name()
                                                : "a " + t.kind().name().toLowerCase(java.util.Locale.ROOT))));
                    } else if (group && t.members().stream().anyMatch(p -> !p.isDomain())) {
                        out.add(Diagnostic.of(DiagnosticCode.DEVICE_MODEL_TARGET, t.pos(),
                                "a device model serves domains; group '" + t.name() + "' holds others"));
                    } else if (group && t.members().contains(new Principal(d.name(), Principal.Kind.DOMAIN))) {
                        out.add(Diagnostic.of(DiagnosticCode.DEVICE_MODEL_TARGET, t.pos(),
                                "a device model serves other domains, not itself"));
                    } else if (t.kind() == PolicyModel.SubjectKind.DOMAIN && t.name().equals(d.name())) {
                        out.add(Diagnostic.of(DiagnosticCode.DEVICE_MODEL_TARGET, t.pos(),
                                "a device model serves another domain, not itself"));
                    }
                }
            }
            for (PolicyModel.Device d : l.devices()) {
                if (d.user().isEmpty() && d.admin().isEmpty() && model.rules().stream()
                        .noneMatch(r -> r.target().members().contains(Principal.device(d.name())))) {
                    out.add(Diagnostic.of(DiagnosticCode.UNUSED_DEVICE, d.pos(), "device '" + d.name()
                            + "' has neither admin nor user and no rule names it: it is labelled but nobody may use it"));
                }
            }
        }
        List<PolicyModel.Domain> controls = model.domains().stream()
                .filter(d -> d.has(PolicyModel.Role.CONTROL)).toList();
        if (controls.size() > 1) {
            out.add(Diagnostic.of(DiagnosticCode.TWO_CONTROL, controls.get(1).pos(), "only one domain can be the control domain "
                    + "(Xen's dom0); '" + controls.get(0).name() + "' already is",
                    new Diagnostic.Related("control domain", controls.get(0).pos())));
        }
        checkProperties();
        checkDeviceClaims();
    }

    /**
     * Xen holds one label for each IRQ, PCI device, I/O port, I/O memory page and device-tree node (one ocontext; a
     * second is "duplicate pirqcon entry" or an overlapping range to checkpolicy): no two devices share one.
     */
    private void checkDeviceClaims() {
        Map<String, Map.Entry<String, PolicyModel.DeviceResource>> exact = new HashMap<>();
        List<Map.Entry<String, PolicyModel.DeviceResource>> ranges = new ArrayList<>();
        for (PolicyModel.Device d : model.devices()) {
            for (PolicyModel.DeviceResource r : d.resources()) {
                Map.Entry<String, PolicyModel.DeviceResource> mine = Map.entry(d.name(), r);
                boolean range = r instanceof PolicyModel.IoportRange || r instanceof PolicyModel.IomemRange;
                Map.Entry<String, PolicyModel.DeviceResource> earlier = range
                        ? ranges.stream().filter(e -> overlap(e.getValue(), r)).findFirst().orElse(null)
                        : exact.putIfAbsent(describe(r), mine);
                if (earlier == null) {
                    if (range) {
                        ranges.add(mine);
                    }
                    continue;
                }
                String owner = earlier.getKey().equals(d.name()) ? "this device" : "device '" + earlier.getKey() + "'";
                out.add(Diagnostic.of(DiagnosticCode.DEVICE_CLAIM, r.pos(), describe(r) + (describe(r).equals(
                        describe(earlier.getValue())) ? " is" : " overlaps " + describe(earlier.getValue()) + ", which is")
                        + " already given to " + owner + ": Xen labels it once",
                        new Diagnostic.Related("given to " + earlier.getKey() + " here", earlier.getValue().pos())));
            }
        }
    }

    private static boolean overlap(PolicyModel.DeviceResource a, PolicyModel.DeviceResource b) {
        if (a instanceof PolicyModel.IoportRange x && b instanceof PolicyModel.IoportRange y) {
            return x.low() <= y.high() && y.low() <= x.high();
        }
        if (a instanceof PolicyModel.IomemRange x && b instanceof PolicyModel.IomemRange y) {
            return x.lowPfn().compareTo(y.highPfn()) <= 0 && y.lowPfn().compareTo(x.highPfn()) <= 0;
        }
        return false;
    }

    private static String describe(PolicyModel.DeviceResource r) {
        if (r instanceof PolicyModel.Irq i) {
            return "irq " + i.irq();
        } else if (r instanceof PolicyModel.Pci p) {
            return String.format("pci %04x:%02x:%02x.%x", p.sbdf() >> 16, (p.sbdf() >> 8) & 0xff, (p.sbdf() >> 3) & 0x1f, p.sbdf() & 7);
        } else if (r instanceof PolicyModel.DeviceTreePath t) {
            return "device-tree node " + t.path();
        } else if (r instanceof PolicyModel.IoportRange io) {
            return String.format("ioport 0x%x-0x%x", io.low(), io.high());
        }
        PolicyModel.IomemRange m = (PolicyModel.IomemRange) r;
        return "iomem page frames 0x" + m.lowPfn().toString(16) + "-0x" + m.highPfn().toString(16);
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
                out.add(Diagnostic.of(DiagnosticCode.PLACEMENT_TARGET, d.properties().at(PolicyModel.Property.HOST).orElse(d.pos()),
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
                out.add(Diagnostic.of(DiagnosticCode.HOST_CAPACITY, h.pos(), "host '" + h.name() + "' needs its "
                        + String.join(" and ", missing) + " for placement (e.g. `host " + h.name()
                        + " { cpus 16 memory 128 GiB }`)"));
            } else if (h.cpus().get() < 1 || h.memoryBytes().get() < 1) {
                out.add(Diagnostic.of(DiagnosticCode.HOST_CAPACITY, h.pos(), "host '" + h.name()
                        + "' needs at least one CPU and some memory"));
            }
        }
    }

    private void checkProperties(PolicyModel.VmProperties p, SourcePos owner) {
        java.util.function.Function<PolicyModel.Property, SourcePos> at = k -> p.at(k).orElse(owner);
        p.vcpus().filter(v -> v < 1).ifPresent(v -> out.add(Diagnostic.of(DiagnosticCode.BAD_PROPERTY,
                at.apply(PolicyModel.Property.VCPUS), "a domain needs at least one vCPU")));
        p.memoryBytes().filter(m -> m < (1L << 20)).ifPresent(m -> out.add(Diagnostic.of(DiagnosticCode.BAD_PROPERTY,
                at.apply(PolicyModel.Property.MEMORY), "xl sets memory in MiB: give at least 1 MiB")));
        if (p.memoryBytes().isPresent() && p.maxMemoryBytes().isPresent()
                && p.maxMemoryBytes().get() < p.memoryBytes().get()) {
            out.add(Diagnostic.of(DiagnosticCode.BAD_PROPERTY, at.apply(PolicyModel.Property.MAX_MEMORY),
                    "max memory is below memory; xl requires maxmem >= memory"));
        }
        p.cpuCapPercent().filter(c -> c < 1).ifPresent(c -> out.add(Diagnostic.of(DiagnosticCode.BAD_PROPERTY,
                at.apply(PolicyModel.Property.CPU_CAP), "a cap of 0% means no cap to xl; leave the cap out instead")));
        if (p.cpuCapPercent().isPresent() && p.cpuCapPercent().get() > 100 * p.vcpus().orElse(1)) {
            out.add(Diagnostic.of(DiagnosticCode.CAP_UNREACHABLE, at.apply(PolicyModel.Property.CPU_CAP), "a cap of "
                    + p.cpuCapPercent().get() + "% never binds with " + p.vcpus().orElse(1)
                    + " vCPU(s): each vCPU uses at most 100% of a CPU"));
        }
        p.cpuWeight().filter(w -> w < 1 || w > 65535).ifPresent(w -> out.add(Diagnostic.of(DiagnosticCode.BAD_PROPERTY,
                at.apply(PolicyModel.Property.CPU_WEIGHT), "xl accepts weights from 1 to 65535")));
        p.grantFrames().filter(g -> g < 1).ifPresent(g -> out.add(Diagnostic.of(DiagnosticCode.BAD_PROPERTY,
                at.apply(PolicyModel.Property.GRANT_FRAMES), "a domain needs at least one grant frame")));
        p.eventChannels().filter(e -> e < 1 || e > 131071).ifPresent(e -> out.add(Diagnostic.of(DiagnosticCode.BAD_PROPERTY,
                at.apply(PolicyModel.Property.EVENT_CHANNELS),
                "event channels must be between 1 and 131071 (the FIFO ABI's limit, xl.cfg(5))")));
    }

    // ---- what acts -------------------------------------------------------------------------------

    /**
     * Xen itself, DOMID_IO and DOMID_XEN are labels Xen checks against, not domains that act: they may be the target
     * of a rule, never its subject, a channel's end, a device's admin or user, or a feature's manager.
     */
    private void checkActors() {
        // a rule may make Xen act where it does, named by its SID: as xenboot_t building boot domains, as xen_t
        // releasing a dead domain's resources
        model.rules().stream().filter(r -> r.subject().kind() != SubjectKind.SID)
                .forEach(r -> actor(r.subject(), "the subject of a rule"));
        model.forbids().forEach(f -> actor(f.subject(), "the subject of a forbid"));
        model.channels().forEach(c -> {
            actor(c.left(), "an end of a channel");
            actor(c.right(), "an end of a channel");
        });
        model.devices().forEach(d -> {
            d.admin().ifPresent(a -> actor(a, "a device's admin"));
            d.user().ifPresent(u -> actor(u, "a device's user"));
        });
        model.classes().forEach(c -> c.features().forEach(f -> f.managers().forEach(m -> actor(m,
                "a feature's manager"))));
    }

    private void actor(SubjectRef ref, String what) {
        ref.members().stream().filter(p -> !p.isDomain()).findFirst().ifPresent(p -> out.add(Diagnostic.of(
                DiagnosticCode.NOT_A_SUBJECT, ref.pos(), (ref.name().equals(p.name()) ? p.name() : "'" + ref.name()
                        + "' holds " + p.name() + ", which") + " is a label Xen checks against, not a domain that "
                        + "acts: it cannot be " + what)));
    }

    // ---- facets ---------------------------------------------------------------------------------

    /**
     * A facet names one of a domain's other labels in a raw rule; {@code @target} needs a device model serving the
     * domain, {@code @building} a build label. Xen never checks an access made by those two (a warning: such a rule
     * grants nothing, but an imported policy may say it).
     */
    private void checkFacets() {
        Set<Principal> served = new HashSet<>();
        model.domains().forEach(d -> d.deviceModelFor().ifPresent(t -> served.addAll(t.members())));
        Set<String> buildLabelled = new HashSet<>();
        model.domains().stream().filter(d -> d.has(PolicyModel.Role.BUILD_LABEL)).forEach(d -> buildLabelled.add(d.name()));
        // a class that denies a feature building needs is built under a build label (StatementTable.needsBuildLabel)
        model.classes().stream().filter(c -> c.features().stream().anyMatch(f -> !f.allowed()
                && XenMacros.createNeedsCore(f.feature().name())))
                .forEach(c -> c.vms().forEach(vm -> buildLabelled.add(vm.name())));
        for (PolicyModel.Rule r : model.rules()) {
            if (r.subjectFacet() == PolicyModel.Facet.MAIN && r.targetFacet() == PolicyModel.Facet.MAIN) {
                continue;
            }
            if (r.permissions().stream().anyMatch(p -> p instanceof CapabilityUse)) {
                out.add(Diagnostic.of(DiagnosticCode.FACET, r.pos(), "a capability decides which labels it "
                        + "names; '@' is for raw class.permission rules"));
                continue;
            }
            if (r.subjectFacet() == PolicyModel.Facet.TARGET || r.subjectFacet() == PolicyModel.Facet.BUILDING) {
                out.add(Diagnostic.of(DiagnosticCode.UNCHECKED_LABEL, r.subject().pos(), "Xen never checks an "
                        + "access made by " + r.subject().name() + r.subjectFacet().suffix() + " (a domain acts as "
                        + "itself, on itself or through its event channels): this rule grants nothing"));
            }
            facetOwners(r.subject(), r.subjectFacet());
            facetOwners(r.target(), r.targetFacet());
            facetExists(r.subject(), r.subjectFacet(), served, buildLabelled);
            facetExists(r.target(), r.targetFacet(), served, buildLabelled);
        }
    }

    private void facetExists(SubjectRef ref, PolicyModel.Facet facet, Set<Principal> served, Set<String> buildLabelled) {
        if (facet == PolicyModel.Facet.TARGET) {
            ref.members().stream().filter(p -> p.isDomain() && !served.contains(p)).findFirst()
                    .ifPresent(p -> out.add(Diagnostic.of(DiagnosticCode.FACET, ref.pos(), p.name()
                            + " has no device model, so no label " + p.name() + "@target")));
        }
        if (facet == PolicyModel.Facet.BUILDING) {
            ref.members().stream().filter(p -> p.isDomain() && !buildLabelled.contains(p.name())).findFirst()
                    .ifPresent(p -> out.add(Diagnostic.of(DiagnosticCode.FACET, ref.pos(), p.name()
                            + " is not built under a build label (role build_label), so no label "
                            + p.name() + "@building")));
        }
    }

    private void facetOwners(SubjectRef ref, PolicyModel.Facet facet) {
        if (facet == PolicyModel.Facet.MAIN) {
            return;
        }
        ref.members().stream().filter(p -> !p.isDomain()).findFirst().ifPresent(p -> out.add(Diagnostic.of(
                DiagnosticCode.FACET, ref.pos(), p.name() + " is not a domain: only domains have the label "
                        + facet.suffix())));
    }

    // ---- capabilities ---------------------------------------------------------------------------

    /** A built-in capability that acts on domains cannot name Xen itself (or DOMID_IO, DOMID_XEN) as its target. */
    private void checkCapabilityTargets() {
        for (PolicyModel.Rule r : model.rules()) {
            for (PermItem item : r.permissions()) {
                if (item instanceof CapabilityUse use && r.target().builtin().isPresent()
                        && r.target().builtin().get() != PolicyModel.Builtin.GUESTS
                        && r.target().builtin().get() != PolicyModel.Builtin.DOMAINS
                        && XenMacros.builtin(use.capability()).map(b -> b.grants().stream()
                                .anyMatch(g -> g.to().owner() == org.cordon.xsm.macros.Endpoint.TARGET
                                        || g.from().owner() == org.cordon.xsm.macros.Endpoint.TARGET)).orElse(false)) {
                    out.add(Diagnostic.of(DiagnosticCode.CAPABILITY_TARGET, use.pos(), "capability '" + use.capability()
                            + "' acts on domains, not on " + r.target().name()));
                }
            }
        }
    }
}
