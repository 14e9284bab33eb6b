package org.cordon.dsl.load;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cordon.dsl.cordon.Assertion;
import org.cordon.dsl.cordon.ClassItem;
import org.cordon.dsl.cordon.ClassUses;
import org.cordon.dsl.cordon.ClusterItem;
import org.cordon.dsl.cordon.CordonPackage;
import org.cordon.dsl.cordon.CpuCapProperty;
import org.cordon.dsl.cordon.CpuWeightProperty;
import org.cordon.dsl.cordon.DeviceTreeResource;
import org.cordon.dsl.cordon.DominatesAssertion;
import org.cordon.dsl.cordon.DiskProperty;
import org.cordon.dsl.cordon.EventChannelsProperty;
import org.cordon.dsl.cordon.FeatureEntry;
import org.cordon.dsl.cordon.Features;
import org.cordon.dsl.cordon.GrantFramesProperty;
import org.cordon.dsl.cordon.HostCpus;
import org.cordon.dsl.cordon.HostDisk;
import org.cordon.dsl.cordon.HostMemory;
import org.cordon.dsl.cordon.HostNet;
import org.cordon.dsl.cordon.HostZone;
import org.cordon.dsl.cordon.IomemResource;
import org.cordon.dsl.cordon.IoportResource;
import org.cordon.dsl.cordon.IrqResource;
import org.cordon.dsl.cordon.IsolationAssertion;
import org.cordon.dsl.cordon.Level;
import org.cordon.dsl.cordon.LevelProperty;
import org.cordon.dsl.cordon.Member;
import org.cordon.dsl.cordon.MemoryProperty;
import org.cordon.dsl.cordon.Model;
import org.cordon.dsl.cordon.NetProperty;
import org.cordon.dsl.cordon.NoFlowAssertion;
import org.cordon.dsl.cordon.PciResource;
import org.cordon.dsl.cordon.PlacementProperty;
import org.cordon.dsl.cordon.RoleSpec;
import org.cordon.dsl.cordon.SeparationAssertion;
import org.cordon.dsl.cordon.TopLevel;
import org.cordon.dsl.cordon.VcpusProperty;
import org.cordon.dsl.cordon.VmProperty;
import org.cordon.model.Diagnostic;
import org.cordon.model.DiagnosticCode;
import org.cordon.model.PolicyModel;
import org.cordon.model.PolicyModel.Builtin;
import org.cordon.model.PolicyModel.SubjectKind;
import org.cordon.model.SourcePos;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.naming.IQualifiedNameProvider;
import org.eclipse.xtext.naming.QualifiedName;

/**
 * The first half of pass "resolve": the parsed and linked AST of one or more files → {@link PolicyModel},
 * with the layers ordered into one stack ({@link Resolver} then resolves names within it). Problems that
 * only this step can see (units, feature names, layer order) are reported as diagnostics; the model is
 * still built.
 */
public final class ModelLoader {

    private final IQualifiedNameProvider names;
    private final List<Diagnostic> diagnostics = new ArrayList<>();
    private Positions at;
    private String layerName;

    public ModelLoader(IQualifiedNameProvider names) {
        this.names = names;
    }

    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }

    /** One parsed file: its display name and AST. */
    public record SourceFile(String file, Model ast) {
    }

    public PolicyModel load(List<SourceFile> files) {
        String name = null;
        String version = null;
        String xen = null;
        SourcePos headerPos = null;
        Map<String, PolicyModel.Layer> layers = new LinkedHashMap<>();
        List<PolicyModel.Assertion> assertions = new ArrayList<>();
        List<PolicyModel.PolicyTest> tests = new ArrayList<>();
        for (SourceFile f : files) {
            at = new Positions(f.file());
            Model m = f.ast();
            if (m.getHeader() != null) {
                SourcePos pos = at.of(m.getHeader());
                if (headerPos != null) {
                    diagnostics.add(Diagnostic.of(DiagnosticCode.DUPLICATE_HEADER, pos,
                            "a policy has one header; another was given at " + headerPos,
                            new Diagnostic.Related("first header", headerPos)));
                } else {
                    headerPos = pos;
                    name = m.getHeader().getName();
                    version = m.getHeader().getVersion();
                    xen = m.getHeader().getXenVersion();
                }
            }
            for (TopLevel top : m.getElements()) {
                if (top instanceof org.cordon.dsl.cordon.Layer l) {
                    PolicyModel.Layer layer = layer(l, assertions, tests);
                    if (layers.containsKey(layer.name())) {
                        diagnostics.add(Diagnostic.of(DiagnosticCode.DUPLICATE, layer.pos(),
                                "layer '" + layer.name() + "' is already declared",
                                new Diagnostic.Related("first declaration", layers.get(layer.name()).pos())));
                    } else {
                        layers.put(layer.name(), layer);
                    }
                } else if (top instanceof Assertion a) {
                    layerName = null;
                    assertions.add(assertion(a));
                } else if (top instanceof org.cordon.dsl.cordon.PolicyTest t) {
                    layerName = null;
                    tests.add(test(t));
                }
            }
        }
        if (headerPos == null) {
            SourcePos pos = files.isEmpty() ? SourcePos.NONE : new SourcePos(files.get(0).file(), 1, 1, 0, 0);
            diagnostics.add(Diagnostic.of(DiagnosticCode.MISSING_HEADER, pos,
                    "missing policy header: start the policy with `policy NAME target xen 4.22`"));
            headerPos = pos;
        }
        return new PolicyModel(name == null ? "policy" : name, version == null ? "1" : version,
                xen == null ? "" : xen, headerPos, stack(layers), assertions, tests);
    }

    // ---- layers -----------------------------------------------------------------------------

    /** Orders layers lowest first; reports cycles and layers that do not form one stack. */
    private List<PolicyModel.Layer> stack(Map<String, PolicyModel.Layer> layers) {
        Map<String, PolicyModel.Layer> above = new HashMap<>();
        List<PolicyModel.Layer> bases = new ArrayList<>();
        for (PolicyModel.Layer l : layers.values()) {
            if (l.below().isEmpty()) {
                bases.add(l);
                continue;
            }
            String below = l.below().get();
            PolicyModel.Layer other = above.put(below, l);
            if (other != null) {
                diagnostics.add(Diagnostic.of(DiagnosticCode.LAYER_ORDER, l.pos(),
                        "layers form one stack: '" + l.name() + "' and '" + other.name() + "' are both over '"
                                + below + "'",
                        new Diagnostic.Related("'" + other.name() + "' declared here", other.pos())));
            }
        }
        boolean cyclic = false;
        for (PolicyModel.Layer l : layers.values()) {
            String seen = l.name();
            PolicyModel.Layer cur = l;
            List<String> path = new ArrayList<>(List.of(l.name()));
            while (cur.below().isPresent() && layers.containsKey(cur.below().get())) {
                cur = layers.get(cur.below().get());
                path.add(cur.name());
                if (cur.name().equals(seen)) {
                    diagnostics.add(Diagnostic.of(DiagnosticCode.LAYER_CYCLE, l.pos(),
                            "layers form a cycle: " + String.join(" over ", path)));
                    cyclic = true;
                    break;
                }
                if (path.size() > layers.size() + 1) {
                    break;
                }
            }
        }
        if (cyclic) {
            return List.copyOf(layers.values());
        }
        if (bases.size() > 1) {
            diagnostics.add(Diagnostic.of(DiagnosticCode.LAYER_ORDER, bases.get(1).pos(),
                    "layers form one stack, but '" + bases.get(0).name() + "' and '" + bases.get(1).name()
                            + "' both have nothing below them: put one `over` the other",
                    new Diagnostic.Related("'" + bases.get(0).name() + "' declared here", bases.get(0).pos())));
        }
        // placed by name, which is each layer's key: a layer record's equality compares all it holds
        List<PolicyModel.Layer> ordered = new ArrayList<>();
        Set<String> placed = new HashSet<>();
        PolicyModel.Layer cur = bases.isEmpty() ? null : bases.get(0);
        while (cur != null && placed.add(cur.name())) {
            ordered.add(cur);
            cur = above.get(cur.name());
        }
        for (PolicyModel.Layer l : layers.values()) {
            if (placed.add(l.name())) {
                ordered.add(l);
            }
        }
        return ordered;
    }

    private PolicyModel.Layer layer(org.cordon.dsl.cordon.Layer l, List<PolicyModel.Assertion> assertions,
            List<PolicyModel.PolicyTest> tests) {
        layerName = l.getName();
        Optional<String> below = Optional.empty();
        if (l.getBelow() != null && !l.getBelow().eIsProxy()) {
            below = Optional.of(l.getBelow().getName());
        }
        List<PolicyModel.Domain> domains = new ArrayList<>();
        List<PolicyModel.VmClass> classes = new ArrayList<>();
        List<PolicyModel.Cluster> clusters = new ArrayList<>();
        List<PolicyModel.Group> groups = new ArrayList<>();
        List<PolicyModel.Device> devices = new ArrayList<>();
        List<PolicyModel.Capability> caps = new ArrayList<>();
        List<PolicyModel.Rule> rules = new ArrayList<>();
        List<PolicyModel.Forbid> forbids = new ArrayList<>();
        List<PolicyModel.Export> exports = new ArrayList<>();
        List<PolicyModel.Switch> switches = new ArrayList<>();
        List<PolicyModel.Channel> channels = new ArrayList<>();
        List<PolicyModel.Zone> zones = new ArrayList<>();
        List<PolicyModel.Host> hosts = new ArrayList<>();
        List<PolicyModel.SharedResource> resources = new ArrayList<>();
        List<PolicyModel.ConflictSet> conflicts = new ArrayList<>();
        List<PolicyModel.Sensitivities> sensitivities = new ArrayList<>();
        List<PolicyModel.Categories> categories = new ArrayList<>();
        List<PolicyModel.Duty> duties = new ArrayList<>();
        for (Member m : l.getMembers()) {
            if (m instanceof org.cordon.dsl.cordon.Domain d) {
                domains.add(domain(d));
            } else if (m instanceof org.cordon.dsl.cordon.VmClass c) {
                classes.add(vmClass(c, Optional.empty(), PolicyModel.Isolation.STRONG, PolicyModel.VmProperties.NONE));
            } else if (m instanceof org.cordon.dsl.cordon.Cluster k) {
                clusters.add(cluster(k, classes));
            } else if (m instanceof org.cordon.dsl.cordon.Group g) {
                groups.add(new PolicyModel.Group(g.getName(), g.getMembers().stream().map(this::ref).toList(),
                        at.of(g)));
            } else if (m instanceof org.cordon.dsl.cordon.Device d) {
                devices.add(device(d));
            } else if (m instanceof org.cordon.dsl.cordon.Capability c) {
                caps.add(new PolicyModel.Capability(c.getName(), perms(c.getPermissions()), at.of(c)));
            } else if (m instanceof org.cordon.dsl.cordon.Rule r) {
                rules.add(rule(r, Optional.empty(), false));
            } else if (m instanceof org.cordon.dsl.cordon.Forbid f) {
                forbids.add(new PolicyModel.Forbid(ref(f.getSubject()), ref(f.getTarget()),
                        perms(f.getPermissions()), layerName, at.of(f)));
            } else if (m instanceof org.cordon.dsl.cordon.Export e) {
                for (int i = 0; i < e.getNames().size(); i++) {
                    EObject target = e.getNames().get(i);
                    if (target.eIsProxy()) {
                        continue;
                    }
                    QualifiedName qn = names.getFullyQualifiedName(target);
                    if (qn != null) {
                        exports.add(new PolicyModel.Export(qn.toString(),
                                at.of(e, CordonPackage.Literals.EXPORT__NAMES, i)));
                    }
                }
            } else if (m instanceof org.cordon.dsl.cordon.Switch s) {
                boolean on = s.getDefault() == org.cordon.dsl.cordon.OnOff.ON;
                switches.add(new PolicyModel.Switch(s.getName(), on, at.of(s)));
                s.getRules().forEach(r -> rules.add(rule(r, Optional.of(s.getName()), false)));
                s.getElseRules().forEach(r -> rules.add(rule(r, Optional.of(s.getName()), true)));
            } else if (m instanceof org.cordon.dsl.cordon.Channel c) {
                channels.add(channel(c));
            } else if (m instanceof org.cordon.dsl.cordon.Zone z) {
                zones.add(new PolicyModel.Zone(z.getName(), at.of(z)));
            } else if (m instanceof org.cordon.dsl.cordon.Host h) {
                hosts.add(host(h));
            } else if (m instanceof org.cordon.dsl.cordon.SharedResource r) {
                resources.add(new PolicyModel.SharedResource(r.getName(), Optional.ofNullable(r.getKind()),
                        r.isReadonly(), at.of(r)));
            } else if (m instanceof org.cordon.dsl.cordon.ConflictSet c) {
                conflicts.add(new PolicyModel.ConflictSet(c.getName(),
                        c.getMembers().stream().map(this::ref).toList(), at.of(c)));
            } else if (m instanceof Assertion a) {
                assertions.add(assertion(a));
            } else if (m instanceof org.cordon.dsl.cordon.PolicyTest t) {
                tests.add(test(t));
            } else if (m instanceof org.cordon.dsl.cordon.Sensitivities s) {
                sensitivities.add(new PolicyModel.Sensitivities(s.getNames(), at.of(s)));
            } else if (m instanceof org.cordon.dsl.cordon.Categories c) {
                categories.add(new PolicyModel.Categories(c.getNames(), at.of(c)));
            } else if (m instanceof org.cordon.dsl.cordon.Duty d) {
                duties.add(new PolicyModel.Duty(d.getName(), perms(d.getPermissions()),
                        at.of(d, CordonPackage.Literals.DUTY__NAME)));
            }
        }
        return new PolicyModel.Layer(l.getName(), below, at.of(l, CordonPackage.Literals.LAYER__NAME), domains,
                classes, clusters, groups, devices, caps, rules, forbids, exports, switches, channels, zones, hosts,
                resources, conflicts, sensitivities, categories, duties);
    }

    // ---- subjects ---------------------------------------------------------------------------

    private PolicyModel.Domain domain(org.cordon.dsl.cordon.Domain d) {
        List<PolicyModel.Role> roles = new ArrayList<>();
        Optional<PolicyModel.SubjectRef> dmFor = Optional.empty();
        for (RoleSpec r : d.getRoles()) {
            PolicyModel.Role role = PolicyModel.Role.valueOf(r.getRole().getName().toUpperCase(Locale.ROOT));
            if (roles.contains(role)) {
                diagnostics.add(Diagnostic.of(DiagnosticCode.DUPLICATE_ROLE, at.of(r), "role " + r.getRole().getName()
                        + " is given twice"));
            }
            roles.add(role);
            if (r.getTarget() != null) {
                if (role != PolicyModel.Role.DEVICE_MODEL) {
                    diagnostics.add(Diagnostic.of(DiagnosticCode.ROLE_TARGET, at.of(r),
                            "only a device_model role names a target (`device_model for VM`)"));
                }
                dmFor = Optional.of(ref(r.getTarget()));
            } else if (role == PolicyModel.Role.DEVICE_MODEL) {
                diagnostics.add(Diagnostic.of(DiagnosticCode.ROLE_TARGET, at.of(r),
                        "a device model serves one guest: write `device_model for VM`"));
            }
        }
        return new PolicyModel.Domain(d.getName(), roles, dmFor, properties(d.getProperties()),
                at.of(d, CordonPackage.Literals.DOMAIN__NAME));
    }

    private PolicyModel.VmClass vmClass(org.cordon.dsl.cordon.VmClass c, Optional<String> cluster,
            PolicyModel.Isolation defaultIsolation, PolicyModel.VmProperties clusterDefaults) {
        PolicyModel.Isolation isolation = isSet(c, CordonPackage.Literals.VM_CLASS__ISOLATION)
                ? PolicyModel.Isolation.valueOf(c.getIsolation().getName().toUpperCase(Locale.ROOT))
                : defaultIsolation;
        List<PolicyModel.Vm> vms = new ArrayList<>();
        List<PolicyModel.Channel> channels = new ArrayList<>();
        List<PolicyModel.Feature> features = new ArrayList<>();
        List<PolicyModel.Rule> rules = new ArrayList<>();
        List<String> uses = new ArrayList<>();
        // properties written in the class are its VMs' defaults
        PolicyModel.VmProperties defaults = properties(c.getItems().stream().filter(VmProperty.class::isInstance)
                .map(VmProperty.class::cast).toList()).orElse(clusterDefaults);
        for (ClassItem item : c.getItems()) {
            if (item instanceof org.cordon.dsl.cordon.Vm vm) {
                vms.add(new PolicyModel.Vm(c.getName() + "." + vm.getName(), c.getName(),
                        properties(vm.getProperties()).orElse(defaults), at.of(vm, CordonPackage.Literals.VM__NAME)));
            } else if (item instanceof org.cordon.dsl.cordon.Channel ch) {
                channels.add(channel(ch));
            } else if (item instanceof Features fs) {
                fs.getEntries().forEach(e -> feature(e).ifPresent(features::add));
            } else if (item instanceof org.cordon.dsl.cordon.Rule r) {
                rules.add(rule(r, Optional.empty(), false));
            } else if (item instanceof ClassUses u) {
                u.getResources().stream().filter(r -> !r.eIsProxy()).forEach(r -> uses.add(r.getName()));
            }
        }
        return new PolicyModel.VmClass(c.getName(), isolation, cluster, vms, channels, features, rules, uses,
                at.of(c, CordonPackage.Literals.VM_CLASS__NAME));
    }

    private PolicyModel.Cluster cluster(org.cordon.dsl.cordon.Cluster k, List<PolicyModel.VmClass> classes) {
        PolicyModel.Isolation isolation = isSet(k, CordonPackage.Literals.CLUSTER__ISOLATION)
                ? PolicyModel.Isolation.valueOf(k.getIsolation().getName().toUpperCase(Locale.ROOT))
                : PolicyModel.Isolation.HYBRID;
        List<String> members = new ArrayList<>();
        List<PolicyModel.Channel> channels = new ArrayList<>();
        List<String> uses = new ArrayList<>();
        // a level written in the cluster is its classes' default
        PolicyModel.VmProperties defaults = properties(k.getMembers().stream().filter(LevelProperty.class::isInstance)
                .map(VmProperty.class::cast).toList());
        for (ClusterItem item : k.getMembers()) {
            if (item instanceof org.cordon.dsl.cordon.VmClass c) {
                // hybrid: weak inside the cluster, strong between it and everything else
                classes.add(vmClass(c, Optional.of(k.getName()), PolicyModel.Isolation.WEAK, defaults));
                members.add(c.getName());
            } else if (item instanceof org.cordon.dsl.cordon.Channel ch) {
                channels.add(channel(ch));
            } else if (item instanceof ClassUses u) {
                u.getResources().stream().filter(r -> !r.eIsProxy()).forEach(r -> uses.add(r.getName()));
            }
        }
        return new PolicyModel.Cluster(k.getName(), isolation, members, channels, uses,
                at.of(k, CordonPackage.Literals.CLUSTER__NAME));
    }

    private Optional<PolicyModel.Feature> feature(FeatureEntry e) {
        String word = e.getFeature();
        PolicyModel.ManagementFeature f = switch (word) {
            case "introspection" -> PolicyModel.ManagementFeature.INTROSPECTION;
            case "intervention" -> PolicyModel.ManagementFeature.INTERVENTION;
            case "power" -> PolicyModel.ManagementFeature.POWER;
            case "rollback" -> PolicyModel.ManagementFeature.ROLLBACK;
            case "migrate", "migration", "transfer" -> PolicyModel.ManagementFeature.MIGRATE;
            case "replicate", "replication" -> PolicyModel.ManagementFeature.REPLICATE;
            case "copy", "backup" -> PolicyModel.ManagementFeature.COPY;
            case "debug" -> PolicyModel.ManagementFeature.DEBUG;
            default -> null;
        };
        SourcePos pos = at.of(e, CordonPackage.Literals.FEATURE_ENTRY__FEATURE);
        if (f == null) {
            diagnostics.add(Diagnostic.of(DiagnosticCode.UNKNOWN_FEATURE, pos, "unknown management feature '" + word
                    + "'; known: introspection, intervention, power, rollback, migrate, replicate, copy, debug"));
            return Optional.empty();
        }
        Optional<String> zone = Optional.empty();
        boolean allowed;
        if (e.getZone() != null) {
            if (f != PolicyModel.ManagementFeature.MIGRATE) {
                diagnostics.add(Diagnostic.of(DiagnosticCode.FEATURE_ZONE, pos, "only migrate can be scoped to a zone"));
            }
            zone = e.getZone().eIsProxy() ? Optional.empty() : Optional.of(e.getZone().getName());
            allowed = true;
        } else {
            allowed = e.getDecision() == org.cordon.dsl.cordon.Decision.ALLOW;
        }
        return Optional.of(new PolicyModel.Feature(f, allowed, e.getManagers().stream().map(this::ref).toList(),
                zone, pos));
    }

    private PolicyModel.VmProperties properties(List<VmProperty> props) {
        Optional<Integer> vcpus = Optional.empty();
        Optional<Long> mem = Optional.empty();
        Optional<Long> maxMem = Optional.empty();
        Optional<Integer> cap = Optional.empty();
        Optional<Integer> weight = Optional.empty();
        Optional<Long> net = Optional.empty();
        Optional<Long> disk = Optional.empty();
        Optional<Long> diskRate = Optional.empty();
        Optional<Integer> grants = Optional.empty();
        Optional<Integer> events = Optional.empty();
        Optional<String> host = Optional.empty();
        Optional<PolicyModel.LevelRange> level = Optional.empty();
        Map<PolicyModel.Property, SourcePos> where = new java.util.EnumMap<>(PolicyModel.Property.class);
        for (VmProperty p : props) {
            SourcePos pos = at.of(p);
            PolicyModel.Property key;
            if (p instanceof VcpusProperty v) {
                vcpus = Optional.of(v.getCount());
                key = PolicyModel.Property.VCPUS;
            } else if (p instanceof MemoryProperty m) {
                mem = size(m.getSize(), pos);
                key = PolicyModel.Property.MEMORY;
                if (m.getMax() != null) {
                    maxMem = size(m.getMax(), pos);
                    where.put(PolicyModel.Property.MAX_MEMORY, pos);
                }
            } else if (p instanceof CpuCapProperty c) {
                cap = Optional.of(c.getPercent());
                key = PolicyModel.Property.CPU_CAP;
            } else if (p instanceof CpuWeightProperty w) {
                weight = Optional.of(w.getWeight());
                key = PolicyModel.Property.CPU_WEIGHT;
            } else if (p instanceof NetProperty n) {
                net = rate(n.getRate(), pos);
                key = PolicyModel.Property.NET;
            } else if (p instanceof DiskProperty d) {
                disk = size(d.getSize(), pos);
                key = PolicyModel.Property.DISK;
                if (d.getRate() != null) {
                    diskRate = rate(d.getRate(), pos);
                    where.put(PolicyModel.Property.DISK_RATE, pos);
                }
            } else if (p instanceof GrantFramesProperty g) {
                grants = Optional.of(g.getCount());
                key = PolicyModel.Property.GRANT_FRAMES;
            } else if (p instanceof EventChannelsProperty e) {
                events = Optional.of(e.getCount());
                key = PolicyModel.Property.EVENT_CHANNELS;
            } else if (p instanceof PlacementProperty h && h.getHost() != null && !h.getHost().eIsProxy()) {
                host = Optional.of(h.getHost().getName());
                key = PolicyModel.Property.HOST;
            } else if (p instanceof LevelProperty l) {
                level = Optional.of(levelRange(l));
                key = PolicyModel.Property.LEVEL;
            } else {
                continue;
            }
            SourcePos first = where.put(key, pos);
            if (first != null && !first.equals(pos)) {
                diagnostics.add(Diagnostic.of(DiagnosticCode.DUPLICATE_PROPERTY, pos, "this sets " + name(key)
                        + " again; the last one counts", new Diagnostic.Related("set first here", first)));
            }
        }
        return new PolicyModel.VmProperties(vcpus, mem, maxMem, cap, weight, net, disk, diskRate, grants, events,
                host, level, where);
    }

    /** A level as written; the resolve pass checks its names against the declared sensitivities and categories. */
    private PolicyModel.LevelRange levelRange(LevelProperty l) {
        PolicyModel.Level low = level(l.getLow());
        PolicyModel.Level high = l.getHigh() == null ? low : level(l.getHigh());
        return new PolicyModel.LevelRange(low, high, l.isTrusted(), at.of(l));
    }

    private PolicyModel.Level level(Level l) {
        return new PolicyModel.Level(l.getSensitivity(), l.getCategories(), l.isAllCategories(), at.of(l));
    }

    private static String name(PolicyModel.Property p) {
        return switch (p) {
            case VCPUS -> "vcpus";
            case MEMORY -> "memory";
            case MAX_MEMORY -> "memory max";
            case CPU_CAP -> "cpu cap";
            case CPU_WEIGHT -> "cpu weight";
            case NET -> "net";
            case DISK -> "disk";
            case DISK_RATE -> "disk rate";
            case GRANT_FRAMES -> "grant frames";
            case EVENT_CHANNELS -> "event channels";
            case HOST -> "the host (on)";
            case LEVEL -> "the level";
        };
    }

    private PolicyModel.Host host(org.cordon.dsl.cordon.Host h) {
        Optional<Integer> cpus = Optional.empty();
        Optional<Long> mem = Optional.empty();
        Optional<Long> net = Optional.empty();
        Optional<Long> disk = Optional.empty();
        Optional<Long> diskRate = Optional.empty();
        Optional<String> zone = Optional.empty();
        Map<PolicyModel.HostProperty, SourcePos> where = new java.util.EnumMap<>(PolicyModel.HostProperty.class);
        for (var p : h.getProperties()) {
            SourcePos pos = at.of(p);
            if (p instanceof HostCpus c) {
                cpus = Optional.of(c.getCount());
                where.put(PolicyModel.HostProperty.CPUS, pos);
            } else if (p instanceof HostMemory m) {
                mem = size(m.getSize(), pos);
                where.put(PolicyModel.HostProperty.MEMORY, pos);
            } else if (p instanceof HostNet n) {
                net = rate(n.getRate(), pos);
                where.put(PolicyModel.HostProperty.NET, pos);
            } else if (p instanceof HostDisk d) {
                disk = size(d.getSize(), pos);
                where.put(PolicyModel.HostProperty.DISK, pos);
                if (d.getRate() != null) {
                    diskRate = rate(d.getRate(), pos);
                    where.put(PolicyModel.HostProperty.DISK_RATE, pos);
                }
            } else if (p instanceof HostZone z && z.getZone() != null && !z.getZone().eIsProxy()) {
                zone = Optional.of(z.getZone().getName());
                where.put(PolicyModel.HostProperty.ZONE, pos);
            }
        }
        return new PolicyModel.Host(h.getName(), cpus, mem, net, disk, diskRate, zone, where,
                at.of(h, CordonPackage.Literals.HOST__NAME));
    }

    private static final Pattern QUANTITY = Pattern.compile("(\\d+)\\s*(\\S+)");

    private Optional<Long> size(String text, SourcePos pos) {
        return quantity(text, pos, Map.of("B", 1L, "KiB", 1L << 10, "MiB", 1L << 20, "GiB", 1L << 30,
                "TiB", 1L << 40));
    }

    private Optional<Long> rate(String text, SourcePos pos) {
        return quantity(text, pos, Map.of("Kbit/s", 1_000L, "Mbit/s", 1_000_000L, "Gbit/s", 1_000_000_000L));
    }

    private Optional<Long> quantity(String text, SourcePos pos, Map<String, Long> units) {
        Matcher m = text == null ? null : QUANTITY.matcher(text.trim());
        if (m == null || !m.matches() || !units.containsKey(m.group(2))) {
            diagnostics.add(Diagnostic.of(DiagnosticCode.BAD_QUANTITY, pos, "cannot read quantity '" + text + "'"));
            return Optional.empty();
        }
        try {
            return Optional.of(Math.multiplyExact(Long.parseLong(m.group(1)), units.get(m.group(2))));
        } catch (ArithmeticException | NumberFormatException e) {
            diagnostics.add(Diagnostic.of(DiagnosticCode.BAD_QUANTITY, pos, "quantity '" + text + "' is too large"));
            return Optional.empty();
        }
    }

    // ---- devices ----------------------------------------------------------------------------

    private PolicyModel.Device device(org.cordon.dsl.cordon.Device d) {
        List<PolicyModel.DeviceResource> resources = new ArrayList<>();
        for (var r : d.getResources()) {
            SourcePos pos = at.of(r);
            if (r instanceof PciResource p) {
                pci(p.getSbdf(), pos).ifPresent(resources::add);
            } else if (r instanceof IrqResource i) {
                resources.add(new PolicyModel.Irq(i.getIrq(), pos));
            } else if (r instanceof IoportResource io) {
                BigInteger lo = number(io.getLow(), pos);
                BigInteger hi = io.getHigh() == null ? lo : number(io.getHigh(), pos);
                if (checkRange(lo, hi, BigInteger.valueOf(PolicyModel.IoportRange.MAX), "I/O port", pos)) {
                    resources.add(new PolicyModel.IoportRange(lo.longValue(), hi.longValue(), pos));
                }
            } else if (r instanceof IomemResource mem) {
                iomem(mem, pos).ifPresent(resources::add);
            } else if (r instanceof DeviceTreeResource dt) {
                // a node path as the device tree spells it; anything else would reach policy.conf's devicetreecon
                // as text checkpolicy cannot read (found by fuzzing: control characters in the string)
                if (DT_PATH.matcher(dt.getPath()).matches()) {
                    resources.add(new PolicyModel.DeviceTreePath(dt.getPath(), pos));
                } else {
                    diagnostics.add(Diagnostic.of(DiagnosticCode.DT_PATH, pos, "device-tree path '"
                            + dt.getPath().replaceAll("\\p{Cntrl}", "?") + "' is not a node path such as "
                            + "/soc/ethernet@ff3f0000 (names of letters, digits and , . _ + - @)"));
                }
            }
        }
        PolicyModel.IommuMode iommu = PolicyModel.IommuMode.valueOf(d.getIommu().getName().toUpperCase(Locale.ROOT));
        return new PolicyModel.Device(d.getName(), resources, iommu,
                Optional.ofNullable(d.getAdmin()).map(this::ref), Optional.ofNullable(d.getUser()).map(this::ref),
                layerName, at.of(d, CordonPackage.Literals.DEVICE__NAME));
    }

    private static final java.util.regex.Pattern DT_PATH = PolicyModel.DeviceTreePath.NODE_PATH;

    private static final BigInteger PAGE = BigInteger.valueOf(4096);
    private static final BigInteger MAX64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private Optional<PolicyModel.DeviceResource> iomem(IomemResource mem, SourcePos pos) {
        BigInteger lo = number(mem.getLow(), pos);
        BigInteger hi = mem.getHigh() == null ? lo : number(mem.getHigh(), pos);
        if (!checkRange(lo, hi, MAX64, "memory address", pos)) {
            return Optional.empty();
        }
        if (mem.isPages()) {
            return Optional.of(new PolicyModel.IomemRange(lo, hi, false, pos));
        }
        // bytes: iomemcon takes page frame numbers, so the range must cover whole pages
        if (!lo.mod(PAGE).equals(BigInteger.ZERO)) {
            diagnostics.add(Diagnostic.of(DiagnosticCode.IOMEM_ALIGN, pos, "iomem start 0x" + lo.toString(16)
                    + " is not page aligned (4 KiB); write the range in bytes covering whole pages, or use `iomem pages`"));
            return Optional.empty();
        }
        if (mem.getHigh() == null) {
            return Optional.of(new PolicyModel.IomemRange(lo.divide(PAGE), lo.divide(PAGE), true, pos));
        }
        if (!hi.add(BigInteger.ONE).mod(PAGE).equals(BigInteger.ZERO)) {
            diagnostics.add(Diagnostic.of(DiagnosticCode.IOMEM_ALIGN, pos, "iomem end 0x" + hi.toString(16)
                    + " does not end a page; a byte range ends at the last byte of a page, e.g. 0x...fff"));
            return Optional.empty();
        }
        return Optional.of(new PolicyModel.IomemRange(lo.divide(PAGE), hi.divide(PAGE), true, pos));
    }

    private boolean checkRange(BigInteger lo, BigInteger hi, BigInteger max, String what, SourcePos pos) {
        if (lo == null || hi == null) {
            return false;
        }
        if (hi.compareTo(max) > 0 || lo.compareTo(max) > 0) {
            diagnostics.add(Diagnostic.of(DiagnosticCode.RANGE, pos, what + " beyond 0x" + max.toString(16)));
            return false;
        }
        if (hi.compareTo(lo) < 0) {
            diagnostics.add(Diagnostic.of(DiagnosticCode.RANGE, pos, what + " range ends (0x" + hi.toString(16)
                    + ") before it starts (0x" + lo.toString(16) + ")"));
            return false;
        }
        return true;
    }

    private BigInteger number(String text, SourcePos pos) {
        try {
            return text.startsWith("0x") || text.startsWith("0X") ? new BigInteger(text.substring(2), 16)
                    : new BigInteger(text);
        } catch (NumberFormatException e) {
            diagnostics.add(Diagnostic.of(DiagnosticCode.BAD_NUMBER, pos, "cannot read number '" + text + "'"));
            return null;
        }
    }

    private Optional<PolicyModel.DeviceResource> pci(String text, SourcePos pos) {
        String[] parts = text.split("[:.]");
        long seg = 0;
        int i = 0;
        if (parts.length == 4) {
            seg = Long.parseLong(parts[i++], 16);
        }
        long bus = Long.parseLong(parts[i++], 16);
        long dev = Long.parseLong(parts[i++], 16);
        long fn = Long.parseLong(parts[i], 16);
        if (dev > 0x1f) {
            diagnostics.add(Diagnostic.of(DiagnosticCode.PCI, pos, "PCI device number 0x" + Long.toHexString(dev)
                    + " is beyond 0x1f"));
            return Optional.empty();
        }
        return Optional.of(new PolicyModel.Pci((seg << 16) | (bus << 8) | (dev << 3) | fn, text, pos));
    }

    // ---- rules ------------------------------------------------------------------------------

    private PolicyModel.Rule rule(org.cordon.dsl.cordon.Rule r, Optional<String> condition, boolean whenOff) {
        PolicyModel.RuleKind kind = PolicyModel.RuleKind.valueOf(r.getKind().getName().toUpperCase(Locale.ROOT));
        List<PolicyModel.PermItem> perms = new ArrayList<>(perms(r.getPermissions()));
        for (int i = 0; i < r.getCapabilities().size(); i++) {
            perms.add(new PolicyModel.CapabilityUse(r.getCapabilities().get(i),
                    at.of(r, CordonPackage.Literals.RULE__CAPABILITIES, i)));
        }
        return new PolicyModel.Rule(kind, ref(r.getSubject()), facet(r, CordonPackage.Literals.RULE__SUBJECT_FACET),
                ref(r.getTarget()), facet(r, CordonPackage.Literals.RULE__TARGET_FACET), perms, condition, whenOff,
                layerName, at.of(r));
    }

    /** The facet written after an end of a rule; the node model tells `@self` (EMF's default literal) from none. */
    private static PolicyModel.Facet facet(org.cordon.dsl.cordon.Rule r, org.eclipse.emf.ecore.EAttribute feature) {
        if (org.eclipse.xtext.nodemodel.util.NodeModelUtils.findNodesForFeature(r, feature).isEmpty()) {
            return PolicyModel.Facet.MAIN;
        }
        return PolicyModel.Facet.valueOf(((org.cordon.dsl.cordon.Facet) r.eGet(feature)).getName()
                .toUpperCase(Locale.ROOT));
    }

    private List<PolicyModel.PermItem> perms(List<org.cordon.dsl.cordon.PermItem> items) {
        List<PolicyModel.PermItem> out = new ArrayList<>();
        for (var p : items) {
            SourcePos pos = at.of(p);
            if (p.getCapability() != null) {
                out.add(new PolicyModel.CapabilityUse(p.getCapability(), pos));
            } else {
                List<String> patterns = p.isAll() ? List.of("*")
                        : p.getPermissions().stream().map(s -> s.replaceAll("\\s+", "")).toList();
                out.add(new PolicyModel.PermSet(p.getCls(), patterns, pos));
            }
        }
        return out;
    }

    private PolicyModel.Channel channel(org.cordon.dsl.cordon.Channel c) {
        List<PolicyModel.ChannelKind> kinds = c.getKinds().isEmpty()
                ? List.of(PolicyModel.ChannelKind.EVENT, PolicyModel.ChannelKind.GRANT)
                : c.getKinds().stream().map(k -> PolicyModel.ChannelKind.valueOf(k.getName().toUpperCase(Locale.ROOT)))
                        .distinct().toList();
        return new PolicyModel.Channel(ref(c.getLeft()), ref(c.getRight()), c.isTwoWay(), kinds, layerName,
                at.of(c));
    }

    /** A reference as the qualified name of what it names; unresolved references were reported by linking. */
    private PolicyModel.SubjectRef ref(org.cordon.dsl.cordon.SubjectRef r) {
        SourcePos pos = at.of(r);
        EObject target = r.getRef();
        if (r.getSid() != null) {
            return new PolicyModel.SubjectRef(SubjectKind.SID, "sid " + r.getSid(), pos);
        }
        if (target == null) {
            return PolicyModel.SubjectRef.builtin(Builtin.valueOf(r.getBuiltin().getName().toUpperCase(Locale.ROOT)),
                    pos);
        }
        if (target.eIsProxy()) {
            String text = org.eclipse.xtext.nodemodel.util.NodeModelUtils.getTokenText(
                    org.eclipse.xtext.nodemodel.util.NodeModelUtils.findActualNodeFor(r));
            return new PolicyModel.SubjectRef(SubjectKind.DOMAIN, "?" + text, pos);
        }
        QualifiedName qn = names.getFullyQualifiedName(target);
        SubjectKind kind;
        if (target instanceof org.cordon.dsl.cordon.Domain) {
            kind = SubjectKind.DOMAIN;
        } else if (target instanceof org.cordon.dsl.cordon.Vm) {
            kind = SubjectKind.VM;
        } else if (target instanceof org.cordon.dsl.cordon.VmClass) {
            kind = SubjectKind.CLASS;
        } else if (target instanceof org.cordon.dsl.cordon.Cluster) {
            kind = SubjectKind.CLUSTER;
        } else if (target instanceof org.cordon.dsl.cordon.Device) {
            kind = SubjectKind.DEVICE;
        } else {
            kind = SubjectKind.GROUP;
        }
        return new PolicyModel.SubjectRef(kind, qn == null ? "?" : qn.toString(), pos);
    }

    // ---- assertions -------------------------------------------------------------------------

    private PolicyModel.Assertion assertion(Assertion a) {
        if (a instanceof IsolationAssertion i) {
            return new PolicyModel.Isolated(i.getSubjects().stream().map(this::ref).toList(), at.of(a));
        }
        if (a instanceof DominatesAssertion d) {
            return new PolicyModel.Dominates(ref(d.getHigher()), ref(d.getLower()), at.of(a));
        }
        if (a instanceof SeparationAssertion s) {
            return new PolicyModel.SeparateDuties(s.getDuties(), at.of(a));
        }
        NoFlowAssertion n = (NoFlowAssertion) a;
        return new PolicyModel.NoFlow(ref(n.getSource()), ref(n.getTarget()),
                n.getMediators().stream().map(this::ref).toList(), at.of(a));
    }

    private PolicyModel.PolicyTest test(org.cordon.dsl.cordon.PolicyTest t) {
        List<PolicyModel.Expectation> exps = new ArrayList<>();
        for (var e : t.getExpectations()) {
            exps.add(new PolicyModel.Expectation(e.getDecision() == org.cordon.dsl.cordon.Decision.ALLOW,
                    ref(e.getSubject()), ref(e.getTarget()), perms(e.getPermissions()), at.of(e)));
        }
        return new PolicyModel.PolicyTest(t.getName(), exps, at.of(t));
    }

    private static boolean isSet(EObject obj, org.eclipse.emf.ecore.EStructuralFeature feature) {
        return Positions.firstNodeFor(obj, feature) != null;
    }
}
