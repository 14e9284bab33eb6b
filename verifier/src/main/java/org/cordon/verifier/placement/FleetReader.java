package org.cordon.verifier.placement;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.cordon.model.PolicyModel;
import org.cordon.model.PolicyModel.Isolation;
import org.cordon.model.PolicyModel.Property;
import org.cordon.model.PolicyModel.SubjectKind;
import org.cordon.model.PolicyModel.SubjectRef;
import org.cordon.model.SourcePos;
import org.cordon.verifier.facts.Label;
import org.cordon.verifier.facts.Principals;
import org.cordon.verifier.placement.Fleet.Mode;
import org.cordon.verifier.placement.Fleet.Resource;
import org.cordon.verifier.placement.Fleet.Unit;

/**
 * The verifier's own reading of a policy's fleet: hosts, the VMs and guest domains to place, and
 * the conflict sets, each number with the statement it comes from. Sizes a VM leaves unset count as
 * libxl's defaults (1 vCPU, 32 MiB, maxmem = memory). Chinese Wall types follow ACM's labels as
 * Cordon lowers them: a VM holds its class's type and the type of every cluster, group or VM named
 * in a conflict set that contains it; a guest domain holds its own name's.
 */
public final class FleetReader {

    /** libxl's default memory when xl.cfg sets none (libxl__domain_build_info_setdefault). */
    static final long DEFAULT_MEMORY_MIB = 32;

    private final PolicyModel model;
    private final Principals principals;

    public FleetReader(PolicyModel model) {
        this.model = model;
        this.principals = new Principals(model);
    }

    public Fleet read() {
        List<Fleet.ConflictSet> sets = new ArrayList<>();
        // names in conflict sets that lend their type to each domain they contain
        Map<String, Set<String>> extraTypes = new HashMap<>();
        for (PolicyModel.ConflictSet cs : model.conflicts()) {
            Set<String> types = new LinkedHashSet<>();
            for (SubjectRef m : cs.members()) {
                if (m.kind() == SubjectKind.BUILTIN) {
                    continue;
                }
                types.add(m.name());
                if (m.kind() != SubjectKind.CLASS && m.kind() != SubjectKind.DOMAIN) {
                    for (Label l : principals.of(m)) {
                        extraTypes.computeIfAbsent(l.owner(), k -> new LinkedHashSet<>()).add(m.name());
                    }
                }
            }
            sets.add(new Fleet.ConflictSet(cs.name(), types, new Statement(Statement.Kind.CONFLICT_SET, cs.name(),
                    "conflict " + cs.name() + " { " + String.join(", ", cs.members().stream().map(SubjectRef::name)
                            .toList()) + " }", cs.pos())));
        }
        List<Fleet.Host> hosts = model.hosts().stream().map(FleetReader::host).toList();
        List<Fleet.Vm> vms = new ArrayList<>();
        Map<String, PolicyModel.Cluster> clusters = new HashMap<>();
        model.clusters().forEach(k -> clusters.put(k.name(), k));
        for (PolicyModel.VmClass c : model.classes()) {
            Unit unit = unit(c, c.cluster().map(clusters::get));
            Optional<PolicyModel.Feature> migrate = c.features().stream()
                    .filter(f -> f.feature() == PolicyModel.ManagementFeature.MIGRATE).findFirst();
            for (PolicyModel.Vm vm : c.vms()) {
                Set<String> types = new LinkedHashSet<>(List.of(c.name()));
                types.addAll(extraTypes.getOrDefault(vm.name(), Set.of()));
                vms.add(vm(vm.name(), c.name(), unit, vm.properties(), vm.pos(), types, migrate));
            }
        }
        for (PolicyModel.Domain d : model.domains()) {
            if (d.has(PolicyModel.Role.GUEST)) {
                Set<String> types = new LinkedHashSet<>(List.of(d.name()));
                types.addAll(extraTypes.getOrDefault(d.name(), Set.of()));
                vms.add(vm(d.name(), d.name(), new Unit(Unit.POOL0, Mode.SHARED, "guest domain " + d.name()),
                        d.properties(), d.pos(), types, Optional.empty()));
            }
        }
        return new Fleet(hosts, vms, sets);
    }

    /** Where a class's VMs get their CPU time: see {@link Mode}. */
    static Unit unit(PolicyModel.VmClass c, Optional<PolicyModel.Cluster> cluster) {
        String iso = "isolation " + c.isolation().name().toLowerCase(Locale.ROOT);
        if (c.isolation() == Isolation.STRONG) {
            return new Unit(c.name(), Mode.DEDICATED, "class " + c.name() + " " + iso);
        }
        if (c.isolation() == Isolation.HYBRID) {
            return new Unit(c.name(), Mode.BURST, "class " + c.name() + " " + iso);
        }
        if (cluster.isPresent() && cluster.get().isolation() != Isolation.WEAK) {
            PolicyModel.Cluster k = cluster.get();
            return new Unit(k.name(), k.isolation() == Isolation.STRONG ? Mode.DEDICATED : Mode.BURST,
                    "cluster " + k.name() + " isolation " + k.isolation().name().toLowerCase(Locale.ROOT));
        }
        return new Unit(Unit.POOL0, Mode.SHARED, "class " + c.name() + " " + iso);
    }

    private static Fleet.Vm vm(String name, String className, Unit unit, PolicyModel.VmProperties p, SourcePos pos,
            Set<String> types, Optional<PolicyModel.Feature> migrate) {
        int vcpus = p.vcpus().orElse(1);
        boolean capped = p.cpuCapPercent().isPresent() && p.cpuCapPercent().get() < 100 * vcpus;
        int cpu = capped ? p.cpuCapPercent().get() : 100 * vcpus;
        long memory = Units.mib(p.memoryBytes().or(p::maxMemoryBytes).orElse(DEFAULT_MEMORY_MIB << 20), true);
        long maxMemory = Math.max(memory, p.maxMemoryBytes().map(b -> Units.mib(b, true)).orElse(memory));
        long net = p.netBitsPerSecond().map(b -> Units.kbps(b, true)).orElse(0L);
        long disk = p.diskBytes().map(b -> Units.mib(b, true)).orElse(0L);
        long diskRate = p.diskBitsPerSecond().map(b -> Units.kbps(b, true)).orElse(0L);
        String pool = unit.mode() == Mode.SHARED ? "Pool-0, shared by weight" : "cpupool " + unit.pool() + ", "
                + (unit.mode() == Mode.DEDICATED ? "dedicated" : "shared inside " + unit.name());
        Map<Resource, Statement> sizes = new EnumMap<>(Resource.class);
        sizes.put(Resource.CPU, size(name, capped ? p.at(Property.CPU_CAP) : p.at(Property.VCPUS), pos,
                name + " uses up to " + Units.cpus(cpu) + (capped ? " (cpu cap " + cpu + "%)" : " (" + vcpus
                        + " vCPU" + (vcpus == 1 ? "" : "s") + ")") + " in " + pool));
        boolean toMax = unit.mode() == Mode.DEDICATED && maxMemory > memory;
        sizes.put(Resource.MEMORY, size(name, toMax ? p.at(Property.MAX_MEMORY) : p.at(Property.MEMORY), pos,
                name + " reserves " + Units.mib(toMax ? maxMemory : memory) + " of memory"
                        + (toMax ? " (strong: up to its max)" : "")));
        if (net > 0) {
            sizes.put(Resource.NET, size(name, p.at(Property.NET), pos, name + " sends up to " + Units.kbps(net)
                    + (unit.mode() == Mode.SHARED ? " (weak: not reserved)" : "")));
        }
        if (disk > 0) {
            sizes.put(Resource.DISK, size(name, p.at(Property.DISK), pos, name + " stores " + Units.mib(disk)));
        }
        if (diskRate > 0) {
            sizes.put(Resource.DISK_RATE, size(name, p.at(Property.DISK_RATE), pos, name + " reads and writes up to "
                    + Units.kbps(diskRate) + (unit.mode() == Mode.SHARED ? " (weak: not reserved)" : "")));
        }
        Statement workload = new Statement(Statement.Kind.WORKLOAD, name, name + " must run on some host", pos);
        Optional<Statement> pin = p.host().map(h -> new Statement(Statement.Kind.PIN, name, name + " runs on " + h,
                p.at(Property.HOST).orElse(pos)));
        Optional<String> zone = migrate.flatMap(PolicyModel.Feature::zone);
        Optional<Statement> scope = migrate.filter(f -> f.zone().isPresent()).map(f -> new Statement(
                Statement.Kind.ZONE_SCOPE, className, className + " stays within zone " + f.zone().get(), f.pos()));
        Optional<Statement> denied = migrate.filter(f -> !f.allowed()).map(f -> new Statement(
                Statement.Kind.MIGRATION_DENIED, className, className + " denies migration", f.pos()));
        return new Fleet.Vm(name, className, unit, vcpus, cpu, memory, maxMemory, net, disk, diskRate, types,
                p.host(), zone, workload, sizes, pin, scope, denied);
    }

    private static Statement size(String vm, Optional<SourcePos> at, SourcePos vmPos, String text) {
        return new Statement(Statement.Kind.WORKLOAD, vm, text, at.orElse(vmPos));
    }

    private static Fleet.Host host(PolicyModel.Host h) {
        Map<Resource, Statement> cap = new EnumMap<>(Resource.class);
        String n = h.name();
        int cpus = h.cpus().orElse(0);
        long mem = h.memoryBytes().map(b -> Units.mib(b, false)).orElse(0L);
        cap.put(Resource.CPU, capacity(n, h.at(PolicyModel.HostProperty.CPUS), h.pos(), n + " has " + cpus
                + " pCPUs, one of them kept for Pool-0"));
        cap.put(Resource.MEMORY, capacity(n, h.at(PolicyModel.HostProperty.MEMORY), h.pos(), n + " offers guests "
                + Units.mib(mem) + " of memory"));
        Optional<Long> net = h.netBitsPerSecond().map(b -> Units.kbps(b, false));
        Optional<Long> disk = h.diskBytes().map(b -> Units.mib(b, false));
        Optional<Long> diskRate = h.diskBitsPerSecond().map(b -> Units.kbps(b, false));
        net.ifPresent(v -> cap.put(Resource.NET, capacity(n, h.at(PolicyModel.HostProperty.NET), h.pos(),
                n + " offers guests " + Units.kbps(v) + " of network")));
        disk.ifPresent(v -> cap.put(Resource.DISK, capacity(n, h.at(PolicyModel.HostProperty.DISK), h.pos(),
                n + " offers guests " + Units.mib(v) + " of disk")));
        diskRate.ifPresent(v -> cap.put(Resource.DISK_RATE, capacity(n, h.at(PolicyModel.HostProperty.DISK_RATE),
                h.pos(), n + " offers guests " + Units.kbps(v) + " of disk rate")));
        return new Fleet.Host(n, cpus, mem, net, disk, diskRate, h.zone(), cap, Optional.empty(), h.pos());
    }

    private static Statement capacity(String host, Optional<SourcePos> at, SourcePos hostPos, String text) {
        return new Statement(Statement.Kind.HOST_CAPACITY, host, text, at.orElse(hostPos));
    }
}
