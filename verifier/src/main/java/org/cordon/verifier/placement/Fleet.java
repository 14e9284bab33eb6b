package org.cordon.verifier.placement;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.cordon.model.SourcePos;

/**
 * What a placement is decided on: hosts with capacities and zones, the VMs (and guest domains) to
 * place with their demands and bounds, and the conflict sets. Plain records in the units the solver
 * counts in: CPU in percent of one physical CPU, memory and disk in MiB, rates in Kbit/s. Every
 * number and bound carries the {@link Statement} it comes from.
 */
public record Fleet(List<Host> hosts, List<Vm> vms, List<ConflictSet> conflictSets) {

    public Fleet {
        hosts = List.copyOf(hosts);
        vms = List.copyOf(vms);
        conflictSets = List.copyOf(conflictSets);
    }

    /** The resources a host offers and a VM may reserve. */
    public enum Resource {
        CPU("pCPUs"), MEMORY("memory"), NET("network"), DISK("disk"), DISK_RATE("disk rate");

        public final String word;

        Resource(String word) {
            this.word = word;
        }
    }

    /**
     * How a VM's CPU time and rates are kept from others', from its isolation (see package docs):
     * DEDICATED (strong) — a cpupool of its own unit sized to the sum of its VMs' demands, memory up to
     * maxmem and rates reserved; BURST (hybrid) — a cpupool of its unit sized to its largest VM's demand,
     * shared inside by weight, memory at start size, rates reserved as the unit's largest;
     * SHARED (weak) — Pool-0 by weight, memory at start size, rates not reserved.
     */
    public enum Mode { DEDICATED, BURST, SHARED }

    /** A class or cluster whose VMs share one cpupool per host, or the weak VMs sharing Pool-0. */
    public record Unit(String name, Mode mode, String why) {
        public static final String POOL0 = "Pool-0";

        public String pool() {
            return mode == Mode.SHARED ? POOL0 : name;
        }
    }

    /**
     * A host. Capacities other than CPU and memory may be absent (then they are not checked).
     * {@code unavailable} is present when the host may not be used (it is then the statement saying so).
     */
    public record Host(String name, int cpus, long memoryMiB, Optional<Long> netKbps, Optional<Long> diskMiB,
            Optional<Long> diskKbps, Optional<String> zone, Map<Resource, Statement> capacity,
            Optional<Statement> unavailable, SourcePos pos) {
        public Host {
            capacity = Map.copyOf(capacity);
        }

        /** The capacity of a resource in solver units; empty when the host does not declare it. */
        public Optional<Long> capacity(Resource r) {
            return switch (r) {
                case CPU -> Optional.of((long) cpus);
                case MEMORY -> Optional.of(memoryMiB);
                case NET -> netKbps;
                case DISK -> diskMiB;
                case DISK_RATE -> diskKbps;
            };
        }
    }

    /**
     * A VM to place. {@code cpuPercent} is what its vCPUs can use at most (its cap, or 100 per vCPU);
     * {@code memoryMiB} is its start size and {@code maxMemoryMiB} what it may balloon to.
     * {@code wallTypes} are its Chinese Wall types (ACM's CHWALL types of its label). Bounds:
     * {@code pin} (where it runs now, {@code on HOST}), {@code zoneScope} (the zone it must stay in),
     * {@code migrationDenied} (it may not leave its pinned host).
     */
    public record Vm(String name, String className, Unit unit, int vcpus, int cpuPercent, long memoryMiB,
            long maxMemoryMiB, long netKbps, long diskMiB, long diskKbps, Set<String> wallTypes,
            Optional<String> pinnedHost, Optional<String> zone, Statement workload, Map<Resource, Statement> sizes,
            Optional<Statement> pin, Optional<Statement> zoneScope, Optional<Statement> migrationDenied) {
        public Vm {
            wallTypes = Set.copyOf(wallTypes);
            sizes = Map.copyOf(sizes);
        }

        /** Whole pCPUs this VM needs to itself: its CPU demand rounded up. */
        public int wholeCpus() {
            return (cpuPercent + 99) / 100;
        }

        /** What the VM reserves of a rate or size on its host; for CPU see {@link #cpuPercent}. */
        public long reserved(Resource r) {
            return switch (r) {
                case CPU -> cpuPercent;
                case MEMORY -> unit.mode() == Mode.DEDICATED ? maxMemoryMiB : memoryMiB;
                case DISK -> diskMiB;
                case NET -> unit.mode() == Mode.SHARED ? 0 : netKbps;
                case DISK_RATE -> unit.mode() == Mode.SHARED ? 0 : diskKbps;
            };
        }
    }

    /** A conflict set over Chinese Wall types. */
    public record ConflictSet(String name, Set<String> types, Statement statement) {
        public ConflictSet {
            types = Set.copyOf(types);
        }
    }

    public Optional<Host> host(String name) {
        return hosts.stream().filter(h -> h.name().equals(name)).findFirst();
    }

    /** The position of a host in {@link #hosts}. */
    public int hostIndex(String name) {
        for (int h = 0; h < hosts.size(); h++) {
            if (hosts.get(h).name().equals(name)) {
                return h;
            }
        }
        throw new IllegalArgumentException("no host " + name);
    }

    public Optional<Vm> vm(String name) {
        return vms.stream().filter(v -> v.name().equals(name)).findFirst();
    }

    /**
     * The same fleet where only {@code available} hosts may be used; a left-out host keeps its VMs'
     * pins, which then mean "must move away", allowed only where migration is.
     */
    public Fleet withAvailable(Set<String> available, String why) {
        List<Host> out = new ArrayList<>();
        for (Host h : hosts) {
            Optional<Statement> off = available.contains(h.name()) ? Optional.empty()
                    : Optional.of(new Statement(Statement.Kind.HOST_UNAVAILABLE, h.name(), h.name() + " " + why,
                            h.pos()));
            out.add(new Host(h.name(), h.cpus(), h.memoryMiB(), h.netKbps(), h.diskMiB(), h.diskKbps(), h.zone(),
                    h.capacity(), off, h.pos()));
        }
        return new Fleet(out, vms, conflictSets);
    }
}
