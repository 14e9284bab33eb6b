package org.cordon.verifier.placement;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.cordon.verifier.placement.Fleet.Mode;
import org.cordon.verifier.placement.Fleet.Resource;

/**
 * What the VMs placed on one host take of it, by the rules of the package documentation: each
 * dedicated unit a cpupool of its summed CPU demand rounded up, each burst unit a cpupool of its
 * largest VM's, Pool-0 the rest (at least one pCPU); memory and disk summed; rates summed over
 * dedicated VMs plus each burst unit's largest. Used to build placements quickly, to report them and to
 * check a placement given for every VM ({@link GivenPlacement}); it counts as {@link PlacementEncoding}
 * does, which decides searches (GivenPlacementTest holds the two together).
 */
final class HostLoad {

    final Fleet.Host host;
    private final ChineseWall wall;
    private final List<Fleet.Vm> vms = new ArrayList<>();
    /** the first VM here of each Chinese Wall label: the wall is decided by labels, and they are fewer */
    private final Map<Set<String>, Fleet.Vm> firstOfLabel = new LinkedHashMap<>();
    /** per unit: summed CPU percent (dedicated) or largest whole pCPUs (burst) */
    private final Map<String, Long> unitCpu = new LinkedHashMap<>();
    private final Map<String, Mode> unitMode = new LinkedHashMap<>();
    private final Map<String, EnumMap<Resource, Long>> burstRates = new LinkedHashMap<>();
    private final EnumMap<Resource, Long> used = new EnumMap<>(Resource.class);

    HostLoad(Fleet.Host host, ChineseWall wall) {
        this.host = host;
        this.wall = wall;
        for (Resource r : Resource.values()) {
            used.put(r, 0L);
        }
    }

    List<Fleet.Vm> vms() {
        return vms;
    }

    /** Whether {@code v} may join: capacity after it joins, and no conflict set keeps it from a VM here. */
    boolean fits(Fleet.Vm v) {
        if (host.unavailable().isPresent()) {
            return false;
        }
        // capacity first: it is arithmetic, and on a full fleet it turns most hosts away
        for (Resource r : Resource.values()) {
            Optional<Long> cap = host.capacity(r);
            if (cap.isPresent() && used(r) + growth(v, r) > (r == Resource.CPU ? cap.get() - 1 : cap.get())) {
                return false;
            }
        }
        return conflictWith(v).isEmpty();
    }

    /** A VM already here that the Chinese Wall keeps apart from {@code v} (the first such). */
    Optional<Fleet.Vm> conflictWith(Fleet.Vm v) {
        for (Fleet.Vm other : firstOfLabel.values()) {
            if (wall.keepsApart(other.wallTypes(), v.wallTypes())) {
                return Optional.of(other);
            }
        }
        return Optional.empty();
    }

    /** Whether a VM with {@code v}'s label runs here. */
    boolean runsLabelOf(Fleet.Vm v) {
        return firstOfLabel.containsKey(v.wallTypes());
    }

    /** How much more of {@code r} the host's VMs take once {@code v} joins. */
    private long growth(Fleet.Vm v, Resource r) {
        Mode m = v.unit().mode();
        String u = v.unit().name();
        if (r == Resource.CPU) {
            long now = unitCpu.getOrDefault(u, 0L);
            return switch (m) {
                case DEDICATED -> (now + v.cpuPercent() + 99) / 100 - (now + 99) / 100;
                case BURST -> Math.max(0, v.wholeCpus() - now);
                case SHARED -> 0;
            };
        }
        if ((r == Resource.NET || r == Resource.DISK_RATE) && m == Mode.BURST) {
            long now = burstRates.getOrDefault(u, new EnumMap<>(Resource.class)).getOrDefault(r, 0L);
            return Math.max(0, v.reserved(r) - now);
        }
        return v.reserved(r);
    }

    void add(Fleet.Vm v) {
        for (Resource r : Resource.values()) {
            used.merge(r, growth(v, r), Long::sum);
        }
        vms.add(v);
        firstOfLabel.putIfAbsent(v.wallTypes(), v);
        Mode m = v.unit().mode();
        String u = v.unit().name();
        unitMode.put(u, m);
        if (m == Mode.DEDICATED) {
            unitCpu.merge(u, (long) v.cpuPercent(), Long::sum);
        } else if (m == Mode.BURST) {
            unitCpu.merge(u, (long) v.wholeCpus(), Math::max);
            for (Resource r : List.of(Resource.NET, Resource.DISK_RATE)) {
                burstRates.computeIfAbsent(u, k -> new EnumMap<>(Resource.class)).merge(r, v.reserved(r), Math::max);
            }
        }
    }

    /** pCPUs of each cpupool other than Pool-0 this host needs, by unit name. */
    Map<String, Integer> pools() {
        Map<String, Integer> out = new LinkedHashMap<>();
        unitCpu.forEach((u, c) -> out.put(u, unitMode.get(u) == Mode.DEDICATED ? (int) ((c + 99) / 100) : c.intValue()));
        return out;
    }

    /** What the host's VMs take of a resource (CPU: pCPUs of the dedicated and burst pools). */
    long used(Resource r) {
        return used.get(r);
    }

    /** The resources over capacity (CPU: Pool-0 must keep one pCPU). */
    Set<Resource> overloaded() {
        Set<Resource> out = java.util.EnumSet.noneOf(Resource.class);
        for (Resource r : Resource.values()) {
            Optional<Long> cap = host.capacity(r);
            if (cap.isPresent() && used(r) > (r == Resource.CPU ? cap.get() - 1 : cap.get())) {
                out.add(r);
            }
        }
        return out;
    }
}
