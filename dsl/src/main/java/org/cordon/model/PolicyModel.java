package org.cordon.model;

import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The Cordon policy model (IR): plain immutable records with source positions and no EMF types. Layers are in stack
 * order, lowest first. A reference carries the qualified name of what it names ({@code bank_a.web}) and, once the
 * resolve pass has run ({@link #names()} says so), the principals it stands for; permission items carry the
 * permissions and grants they expand to in the target Xen's catalogue. Later passes read those, never the names.
 */
public record PolicyModel(
        String name,
        String version,
        String xenVersion,
        SourcePos pos,
        List<Layer> layers,
        List<Assertion> assertions,
        List<PolicyTest> tests,
        Names names) {

    public PolicyModel {
        layers = List.copyOf(layers);
        assertions = List.copyOf(assertions);
        tests = List.copyOf(tests);
    }

    /** A model as the loader builds it, its references not yet resolved. */
    public PolicyModel(String name, String version, String xenVersion, SourcePos pos, List<Layer> layers,
            List<Assertion> assertions, List<PolicyTest> tests) {
        this(name, version, xenVersion, pos, layers, assertions, tests, Names.UNRESOLVED);
    }

    /** The same policy built for another Xen release (cordon upgrade compares the two builds). */
    public PolicyModel withXenVersion(String release) {
        return new PolicyModel(name, version, release, pos, layers, assertions, tests, names);
    }

    /**
     * What the resolve pass found each name to stand for: every declared subject (domain, VM, class, cluster, group)
     * by qualified name, with the role-wide sets. {@link #UNRESOLVED} before the pass.
     */
    public record Names(boolean resolved, Map<String, List<Principal>> byName, List<Principal> guests,
            List<Principal> domains) {
        public static final Names UNRESOLVED = new Names(false, Map.of(), List.of(), List.of());

        public Names {
            byName = Map.copyOf(byName);
            guests = List.copyOf(guests);
            domains = List.copyOf(domains);
        }

        /** The principals a name or builtin stands for; empty for a name nothing declares. */
        public List<Principal> of(SubjectKind kind, String name) {
            if (kind == SubjectKind.BUILTIN) {
                return switch (Builtin.valueOf(name.toUpperCase(java.util.Locale.ROOT))) {
                    case XEN -> List.of(Principal.XEN);
                    case DOMIO -> List.of(Principal.DOMIO);
                    case DOMXEN -> List.of(Principal.DOMXEN);
                    case GUESTS -> guests;
                    case DOMAINS -> domains;
                };
            }
            if (kind == SubjectKind.SID) {
                return List.of(Principal.sid(name.substring("sid ".length())));
            }
            return byName.getOrDefault(name, List.of());
        }
    }

    /** A resolved reference to a declared subject, made after the resolve pass (for statements a pass derives). */
    public SubjectRef ref(SubjectKind kind, String name, SourcePos pos) {
        if (!names.resolved()) {
            throw new IllegalStateException("the model's references are not resolved yet");
        }
        return new SubjectRef(kind, name, pos, names.of(kind, name));
    }

    /** One layer of the stack; {@code below} is empty for the lowest. */
    public record Layer(
            String name,
            Optional<String> below,
            SourcePos pos,
            List<Domain> domains,
            List<VmClass> classes,
            List<Cluster> clusters,
            List<Group> groups,
            List<Device> devices,
            List<Capability> capabilities,
            List<Rule> rules,
            List<Forbid> forbids,
            List<Export> exports,
            List<Switch> switches,
            List<Channel> channels,
            List<Zone> zones,
            List<Host> hosts,
            List<SharedResource> resources,
            List<ConflictSet> conflicts,
            List<Sensitivities> sensitivities,
            List<Categories> categories,
            List<Duty> duties) {

        /** A layer without the multi-level declarations and duties (tests build these by hand). */
        public Layer(String name, Optional<String> below, SourcePos pos, List<Domain> domains, List<VmClass> classes,
                List<Cluster> clusters, List<Group> groups, List<Device> devices, List<Capability> capabilities,
                List<Rule> rules, List<Forbid> forbids, List<Export> exports, List<Switch> switches,
                List<Channel> channels, List<Zone> zones, List<Host> hosts, List<SharedResource> resources,
                List<ConflictSet> conflicts) {
            this(name, below, pos, domains, classes, clusters, groups, devices, capabilities, rules, forbids, exports,
                    switches, channels, zones, hosts, resources, conflicts, List.of(), List.of(), List.of());
        }
    }

    // ---- subjects -------------------------------------------------------------------------

    /** BARE: declared without what xen.if's declare_domain_common gives every domain on itself (its rules say it). */
    public enum Role { CONTROL, SERVICE, DRIVER, DEVICE_MODEL, GUEST, SINGLETON, BUILD_LABEL, BOOT, BARE }

    public enum Isolation { STRONG, WEAK, HYBRID }

    /** A named domain with roles, e.g. dom0 : control singleton. */
    public record Domain(String name, List<Role> roles, Optional<SubjectRef> deviceModelFor,
            VmProperties properties, SourcePos pos) {
        public boolean has(Role role) {
            return roles.contains(role);
        }
    }

    /** A VM of an isolation class; {@code name} is qualified (class.vm). */
    public record Vm(String name, String vmClass, VmProperties properties, SourcePos pos) {
    }

    public record VmClass(String name, Isolation isolation, Optional<String> cluster, List<Vm> vms,
            List<Channel> channels, List<Feature> features, List<Rule> rules, List<String> uses, SourcePos pos) {
    }

    public record Cluster(String name, Isolation isolation, List<String> classes, List<Channel> channels,
            List<String> uses, SourcePos pos) {
    }

    public record Group(String name, List<SubjectRef> members, SourcePos pos) {
    }

    /**
     * Reservations, caps and limits of a domain or VM; absent values are unset. {@code at} says where
     * each set value was written (a VM's own statement, or its class's default), so that checks can
     * name the statements in conflict.
     */
    public record VmProperties(
            Optional<Integer> vcpus,
            Optional<Long> memoryBytes,
            Optional<Long> maxMemoryBytes,
            Optional<Integer> cpuCapPercent,
            Optional<Integer> cpuWeight,
            Optional<Long> netBitsPerSecond,
            Optional<Long> diskBytes,
            Optional<Long> diskBitsPerSecond,
            Optional<Integer> grantFrames,
            Optional<Integer> eventChannels,
            Optional<String> host,
            Optional<LevelRange> level,
            Map<Property, SourcePos> at) {
        public static final VmProperties NONE = new VmProperties(Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Map.of());

        public VmProperties {
            at = Map.copyOf(at);
        }

        /** Without a level (a policy that declares no sensitivities). */
        public VmProperties(Optional<Integer> vcpus, Optional<Long> memoryBytes, Optional<Long> maxMemoryBytes,
                Optional<Integer> cpuCapPercent, Optional<Integer> cpuWeight, Optional<Long> netBitsPerSecond,
                Optional<Long> diskBytes, Optional<Long> diskBitsPerSecond, Optional<Integer> grantFrames,
                Optional<Integer> eventChannels, Optional<String> host, Map<Property, SourcePos> at) {
            this(vcpus, memoryBytes, maxMemoryBytes, cpuCapPercent, cpuWeight, netBitsPerSecond, diskBytes,
                    diskBitsPerSecond, grantFrames, eventChannels, host, Optional.empty(), at);
        }

        /** The same properties at {@code range} (the resolve pass fills in every subject's level). */
        public VmProperties withLevel(LevelRange range) {
            return new VmProperties(vcpus, memoryBytes, maxMemoryBytes, cpuCapPercent, cpuWeight, netBitsPerSecond,
                    diskBytes, diskBitsPerSecond, grantFrames, eventChannels, host, Optional.of(range), at);
        }

        /** Where a property was written; empty when it is unset. */
        public Optional<SourcePos> at(Property p) {
            return Optional.ofNullable(at.get(p));
        }

        /** These properties, each unset one taken from {@code defaults} (a class's). */
        public VmProperties orElse(VmProperties defaults) {
            Map<Property, SourcePos> where = new java.util.EnumMap<>(Property.class);
            where.putAll(defaults.at);
            where.putAll(at);
            return new VmProperties(or(vcpus, defaults.vcpus), or(memoryBytes, defaults.memoryBytes),
                    or(maxMemoryBytes, defaults.maxMemoryBytes), or(cpuCapPercent, defaults.cpuCapPercent),
                    or(cpuWeight, defaults.cpuWeight), or(netBitsPerSecond, defaults.netBitsPerSecond),
                    or(diskBytes, defaults.diskBytes), or(diskBitsPerSecond, defaults.diskBitsPerSecond),
                    or(grantFrames, defaults.grantFrames), or(eventChannels, defaults.eventChannels),
                    or(host, defaults.host), or(level, defaults.level), where);
        }

        private static <T> Optional<T> or(Optional<T> own, Optional<T> fallback) {
            return own.isPresent() ? own : fallback;
        }
    }

    /** The properties of a VM or domain, as written: {@code memory 4 GiB max 8 GiB} sets MEMORY and MAX_MEMORY. */
    public enum Property { VCPUS, MEMORY, MAX_MEMORY, CPU_CAP, CPU_WEIGHT, NET, DISK, DISK_RATE, GRANT_FRAMES,
        EVENT_CHANNELS, HOST, LEVEL }

    // ---- multi-level security -------------------------------------------------------------

    /** {@code sensitivities unclassified < secret}: the sensitivities, lowest first. */
    public record Sensitivities(List<String> names, SourcePos pos) {
        public Sensitivities {
            names = List.copyOf(names);
        }
    }

    /** {@code categories bank_a, bank_b}. */
    public record Categories(List<String> names, SourcePos pos) {
        public Categories {
            names = List.copyOf(names);
        }
    }

    /**
     * A security level: a sensitivity and a set of categories, as FLASK's MLS has them. {@code categories} are in
     * declaration order once resolved ({@code secret:*} is every declared category then).
     */
    public record Level(String sensitivity, List<String> categories, boolean allCategories, SourcePos pos) {
        public Level {
            categories = List.copyOf(categories);
        }

        /** The same level: sensitivity and categories (not where or how it was written). */
        public boolean same(Level other) {
            return sensitivity.equals(other.sensitivity) && categories.equals(other.categories);
        }

        /** As written: {@code secret}, {@code secret:a,b}, {@code secret:*}. */
        public String text() {
            return sensitivity + (allCategories ? ":*" : categories.isEmpty() ? "" : ":" + String.join(",", categories));
        }
    }

    /**
     * The levels a subject runs at: one level when {@code low} equals {@code high}. A {@code trusted} subject may
     * read up to its clearance {@code high} and so move information down within its range (a downgrader); any
     * other acts at {@code low}. {@code pos} is where it was written, or what gave the default.
     */
    public record LevelRange(Level low, Level high, boolean trusted, SourcePos pos) {
        public boolean single() {
            return low.same(high);
        }

        public String text() {
            return single() ? low.text() : low.text() + " .. " + high.text();
        }
    }

    // ---- duties ---------------------------------------------------------------------------

    /** {@code duty policy_admin = security.*, xen2.{...}}: what one administrator's task needs. */
    public record Duty(String name, List<PermItem> permissions, SourcePos pos) {
        public Duty {
            permissions = List.copyOf(permissions);
        }
    }

    /**
     * What a reference names; a builtin is one of Xen's own principals or a role-wide set; a sid the label of one of
     * Xen's initial SIDs that nothing else names ({@code sid irq}: irq_t).
     */
    public enum SubjectKind { DOMAIN, VM, CLASS, CLUSTER, GROUP, BUILTIN, DEVICE, SID }

    public enum Builtin { XEN, DOMIO, DOMXEN, GUESTS, DOMAINS }

    /**
     * A name in a statement: what kind of subject it names, its qualified name, where it is written and (once
     * resolved) the principals it stands for, in declaration order. Lists of members are shared between the
     * references to one name.
     */
    public record SubjectRef(SubjectKind kind, String name, SourcePos pos, List<Principal> members) {
        public SubjectRef {
            members = List.copyOf(members);
        }

        /** A reference as written, before the resolve pass. */
        public SubjectRef(SubjectKind kind, String name, SourcePos pos) {
            this(kind, name, pos, List.of());
        }

        public static SubjectRef builtin(Builtin b, SourcePos pos) {
            return new SubjectRef(SubjectKind.BUILTIN, b.name().toLowerCase(Locale.ROOT), pos);
        }

        /** The same reference standing for {@code principals}. */
        public SubjectRef resolvedTo(List<Principal> principals) {
            return new SubjectRef(kind, name, pos, principals);
        }

        public Optional<Builtin> builtin() {
            return kind == SubjectKind.BUILTIN ? Optional.of(Builtin.valueOf(name.toUpperCase(Locale.ROOT))) : Optional.empty();
        }

        @Override
        public String toString() {
            return name;
        }
    }

    // ---- permissions and rules ------------------------------------------------------------

    /** A raw {@code class.perm} set (patterns may end in '*', "*" alone is every permission) or a capability. */
    public sealed interface PermItem permits PermSet, CapabilityUse {
        SourcePos pos();
    }

    /**
     * {@code class.perm} patterns; {@code permissions} are the catalogue's permissions they name, in the catalogue's
     * order, once resolved.
     */
    public record PermSet(String securityClass, List<String> patterns, SourcePos pos, List<String> permissions)
            implements PermItem {
        public PermSet {
            patterns = List.copyOf(patterns);
            permissions = List.copyOf(permissions);
        }

        public PermSet(String securityClass, List<String> patterns, SourcePos pos) {
            this(securityClass, patterns, pos, List.of());
        }
    }

    /**
     * A capability by name; {@code grants} is what it expands to (a built-in one's grants, a user capability's
     * items, recursively), with the permissions the target Xen lacks left out, once resolved.
     */
    public record CapabilityUse(String capability, SourcePos pos, List<org.cordon.xsm.macros.Grant> grants)
            implements PermItem {
        public CapabilityUse {
            grants = List.copyOf(grants);
        }

        public CapabilityUse(String capability, SourcePos pos) {
            this(capability, pos, List.of());
        }
    }

    public record Capability(String name, List<PermItem> permissions, SourcePos pos) {
    }

    public enum RuleKind { ALLOW, AUDITALLOW, DONTAUDIT }

    /**
     * Which of a principal's labels a raw rule names (written {@code a@channel}): its own, or Xen's {@code T_self}
     * (acting on itself), {@code T_channel} (its event channels), {@code T_recv_channel} (its receive-only ones),
     * {@code T_target} (as its device model sees it), {@code T_building} (while being built).
     */
    public enum Facet {
        MAIN, SELF, CHANNEL, RECV_CHANNEL, TARGET, BUILDING;

        /** The grant endpoint of this label on a rule's subject side. */
        public org.cordon.xsm.macros.Endpoint ofSubject() {
            return switch (this) {
                case MAIN -> org.cordon.xsm.macros.Endpoint.SUBJECT;
                case SELF -> org.cordon.xsm.macros.Endpoint.SUBJECT_SELF;
                case CHANNEL -> org.cordon.xsm.macros.Endpoint.SUBJECT_CHANNEL;
                case RECV_CHANNEL -> org.cordon.xsm.macros.Endpoint.SUBJECT_RECV_CHANNEL;
                case TARGET -> org.cordon.xsm.macros.Endpoint.SUBJECT_TARGET;
                case BUILDING -> org.cordon.xsm.macros.Endpoint.SUBJECT_BUILDING;
            };
        }

        /** The grant endpoint of this label on a rule's target side. */
        public org.cordon.xsm.macros.Endpoint ofTarget() {
            return switch (this) {
                case MAIN -> org.cordon.xsm.macros.Endpoint.TARGET;
                case SELF -> org.cordon.xsm.macros.Endpoint.TARGET_SELF;
                case CHANNEL -> org.cordon.xsm.macros.Endpoint.TARGET_CHANNEL;
                case RECV_CHANNEL -> org.cordon.xsm.macros.Endpoint.TARGET_RECV_CHANNEL;
                case TARGET -> org.cordon.xsm.macros.Endpoint.TARGET_TARGET;
                case BUILDING -> org.cordon.xsm.macros.Endpoint.TARGET_BUILDING;
            };
        }

        /** How a rule writes it after the name: empty for the principal's own label. */
        public String suffix() {
            return this == MAIN ? "" : "@" + name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * allow/auditallow/dontaudit. Capability rules ({@code allow dom0 create guests}) carry
     * the capabilities as {@link CapabilityUse} items. {@code condition} names the switch
     * that guards the rule, {@code whenOff} marks its else branch.
     */
    public record Rule(RuleKind kind, SubjectRef subject, Facet subjectFacet, SubjectRef target, Facet targetFacet,
            List<PermItem> permissions, Optional<String> condition, boolean whenOff, String layer, SourcePos pos) {

        /** A rule between the ends' own labels. */
        public Rule(RuleKind kind, SubjectRef subject, SubjectRef target, List<PermItem> permissions,
                Optional<String> condition, boolean whenOff, String layer, SourcePos pos) {
            this(kind, subject, Facet.MAIN, target, Facet.MAIN, permissions, condition, whenOff, layer, pos);
        }

        /** The rule as written, in one line: {@code allow dom0 create, manage a} or {@code allow a -> xen : xen.*}. */
        public String text() {
            StringBuilder b = new StringBuilder(kind.name().toLowerCase(Locale.ROOT)).append(' ').append(subject.name())
                    .append(subjectFacet.suffix());
            if (permissions.stream().allMatch(p -> p instanceof CapabilityUse)) {
                b.append(' ').append(String.join(", ", permissions.stream()
                        .map(p -> ((CapabilityUse) p).capability()).toList())).append(' ').append(target.name());
            } else {
                b.append(" -> ").append(target.name()).append(targetFacet.suffix()).append(" : ").append(String.join(", ",
                        permissions.stream().map(Rule::text).toList()));
            }
            return b.toString();
        }

        private static String text(PermItem item) {
            if (item instanceof PermSet p) {
                return p.securityClass() + "." + (p.patterns().size() == 1 ? p.patterns().get(0)
                        : "{" + String.join(" ", p.patterns()) + "}");
            }
            return ((CapabilityUse) item).capability();
        }
    }

    public record Forbid(SubjectRef subject, SubjectRef target, List<PermItem> permissions, String layer,
            SourcePos pos) {
    }

    public record Export(String name, SourcePos pos) {
    }

    public record Switch(String name, boolean defaultOn, SourcePos pos) {
    }

    public enum ChannelKind { EVENT, GRANT, ARGO }

    public record Channel(SubjectRef left, SubjectRef right, boolean twoWay, List<ChannelKind> kinds,
            String layer, SourcePos pos) {
    }

    public enum ManagementFeature { INTROSPECTION, INTERVENTION, POWER, ROLLBACK, MIGRATE, REPLICATE, COPY, DEBUG }

    /** A class's decision on one management feature; {@code zone} scopes migration. */
    public record Feature(ManagementFeature feature, boolean allowed, List<SubjectRef> managers,
            Optional<String> zone, SourcePos pos) {
    }

    // ---- devices --------------------------------------------------------------------------

    public enum IommuMode { ON, NOINTREMAP, OFF }

    public sealed interface DeviceResource permits Pci, Irq, IoportRange, IomemRange, DeviceTreePath {
        SourcePos pos();
    }

    /** PCI device as Xen's SBDF number: (segment << 16) | (bus << 8) | (device << 3) | function. */
    public record Pci(long sbdf, String text, SourcePos pos) implements DeviceResource {
    }

    public record Irq(int irq, SourcePos pos) implements DeviceResource {
    }

    public record IoportRange(long low, long high, SourcePos pos) implements DeviceResource {
        /** The highest I/O port: x86's port space, as Xen's ioportcon reads it, is 16 bits. */
        public static final int MAX = 0xffff;
    }

    /** MMIO range in page frame numbers (iomemcon takes PFNs); {@code fromBytes} if written in bytes. */
    public record IomemRange(BigInteger lowPfn, BigInteger highPfn, boolean fromBytes, SourcePos pos)
            implements DeviceResource {
    }

    public record DeviceTreePath(String path, SourcePos pos) implements DeviceResource {
        /** A device-tree node path: "/" and names of the characters the device-tree specification allows, "@unit". */
        public static final java.util.regex.Pattern NODE_PATH = java.util.regex.Pattern.compile("/|(/[A-Za-z0-9,._+@-]+)+");

    }

    public record Device(String name, List<DeviceResource> resources, IommuMode iommu, Optional<SubjectRef> admin,
            Optional<SubjectRef> user, String layer, SourcePos pos) {
    }

    // ---- fleet ----------------------------------------------------------------------------

    public record Zone(String name, SourcePos pos) {
    }

    /**
     * A host of the fleet: its physical CPUs, the memory, network and disk it offers guests, its zone.
     * {@code at} says where each capacity was written.
     */
    public record Host(String name, Optional<Integer> cpus, Optional<Long> memoryBytes, Optional<Long> netBitsPerSecond,
            Optional<Long> diskBytes, Optional<Long> diskBitsPerSecond, Optional<String> zone,
            Map<HostProperty, SourcePos> at, SourcePos pos) {
        public Host {
            at = Map.copyOf(at);
        }

        public Optional<SourcePos> at(HostProperty p) {
            return Optional.ofNullable(at.get(p));
        }
    }

    public enum HostProperty { CPUS, MEMORY, NET, DISK, DISK_RATE, ZONE }

    public record SharedResource(String name, Optional<String> kind, boolean readonly, SourcePos pos) {
    }

    public record ConflictSet(String name, List<SubjectRef> members, SourcePos pos) {
    }

    // ---- assertions and tests -------------------------------------------------------------

    public sealed interface Assertion permits Isolated, NoFlow, Dominates, SeparateDuties {
        SourcePos pos();
    }

    /** {@code assert dominates dom0, bank_a}: the first's clearance dominates every level the second runs at. */
    public record Dominates(SubjectRef higher, SubjectRef lower, SourcePos pos) implements Assertion {
    }

    /** {@code separate duties policy_admin, vm_admin}: no domain holds two of them. */
    public record SeparateDuties(List<String> duties, SourcePos pos) implements Assertion {
        public SeparateDuties {
            duties = List.copyOf(duties);
        }
    }

    public record Isolated(List<SubjectRef> subjects, SourcePos pos) implements Assertion {
    }

    public record NoFlow(SubjectRef source, SubjectRef target, List<SubjectRef> mediators, SourcePos pos)
            implements Assertion {
    }

    public record PolicyTest(String name, List<Expectation> expectations, SourcePos pos) {
    }

    public record Expectation(boolean allowed, SubjectRef subject, SubjectRef target, List<PermItem> permissions,
            SourcePos pos) {
    }

    // ---- convenience ----------------------------------------------------------------------

    public Optional<Layer> layer(String name) {
        return layers.stream().filter(l -> l.name().equals(name)).findFirst();
    }

    /** Every domain of every layer, in layer then source order. */
    public List<Domain> domains() {
        return layers.stream().flatMap(l -> l.domains().stream()).toList();
    }

    public List<VmClass> classes() {
        return layers.stream().flatMap(l -> l.classes().stream()).toList();
    }

    public List<Vm> vms() {
        return classes().stream().flatMap(c -> c.vms().stream()).toList();
    }

    public List<Host> hosts() {
        return layers.stream().flatMap(l -> l.hosts().stream()).toList();
    }

    public List<Zone> zones() {
        return layers.stream().flatMap(l -> l.zones().stream()).toList();
    }

    public List<ConflictSet> conflicts() {
        return layers.stream().flatMap(l -> l.conflicts().stream()).toList();
    }

    public List<Cluster> clusters() {
        return layers.stream().flatMap(l -> l.clusters().stream()).toList();
    }

    public List<Device> devices() {
        return layers.stream().flatMap(l -> l.devices().stream()).toList();
    }

    public List<Switch> switches() {
        return layers.stream().flatMap(l -> l.switches().stream()).toList();
    }

    /** All rules, including those of classes and switches, in layer order. */
    public List<Rule> rules() {
        return layers.stream().flatMap(l -> java.util.stream.Stream.concat(l.rules().stream(),
                l.classes().stream().flatMap(c -> c.rules().stream()))).toList();
    }

    public List<Forbid> forbids() {
        return layers.stream().flatMap(l -> l.forbids().stream()).toList();
    }

    /** All channels: layer-level, class-level and cluster-level. */
    public List<Channel> channels() {
        return layers.stream().flatMap(l -> java.util.stream.Stream.of(l.channels().stream(),
                l.classes().stream().flatMap(c -> c.channels().stream()),
                l.clusters().stream().flatMap(k -> k.channels().stream())).flatMap(s -> s)).toList();
    }

    /** The sensitivities, lowest first; empty unless the policy is multi-level. */
    public List<String> sensitivities() {
        return layers.stream().flatMap(l -> l.sensitivities().stream()).flatMap(s -> s.names().stream()).toList();
    }

    public List<String> categories() {
        return layers.stream().flatMap(l -> l.categories().stream()).flatMap(c -> c.names().stream()).toList();
    }

    /** A multi-level policy declares its sensitivities; Cordon then builds the FLASK policy with MLS. */
    public boolean multiLevel() {
        return layers.stream().anyMatch(l -> !l.sensitivities().isEmpty());
    }

    /** Whether level {@code a} dominates {@code b}: a sensitivity at least b's and every category of b's. */
    public boolean dominates(Level a, Level b) {
        List<String> order = sensitivities();
        return order.indexOf(a.sensitivity()) >= order.indexOf(b.sensitivity())
                && a.categories().containsAll(b.categories());
    }

    /** Each domain's and VM's level, by name, once pass "resolve" has filled them in; empty unless multi-level. */
    public Map<String, LevelRange> levels() {
        Map<String, LevelRange> m = new java.util.HashMap<>();
        domains().forEach(d -> d.properties().level().ifPresent(r -> m.put(d.name(), r)));
        vms().forEach(v -> v.properties().level().ifPresent(r -> m.put(v.name(), r)));
        return m;
    }

    public Map<String, Duty> duties() {
        Map<String, Duty> m = new java.util.LinkedHashMap<>();
        layers.forEach(l -> l.duties().forEach(d -> m.putIfAbsent(d.name(), d)));
        return m;
    }

    public Map<String, Capability> userCapabilities() {
        Map<String, Capability> m = new java.util.LinkedHashMap<>();
        layers.forEach(l -> l.capabilities().forEach(c -> m.putIfAbsent(c.name(), c)));
        return m;
    }
}
