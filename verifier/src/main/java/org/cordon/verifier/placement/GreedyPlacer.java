package org.cordon.verifier.placement;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A quick first try at a placement: pinned VMs where they are, then the most constrained VMs first
 * (fewest hosts in scope, then the largest), each on the host that already runs its label (which
 * keeps conflict sets from closing hosts) with the least memory left over. It either places every VM
 * or gives up; what it finds is still checked by the solver, and when it gives up the solver searches.
 */
final class GreedyPlacer {

    private final Fleet fleet;
    private final ChineseWall wall;

    GreedyPlacer(Fleet fleet, ChineseWall wall) {
        this.fleet = fleet;
        this.wall = wall;
    }

    Optional<Map<String, String>> place() {
        return place(n -> { });
    }

    /** The same, telling {@code placed} how many VMs have a host after each one is placed. */
    Optional<Map<String, String>> place(java.util.function.IntConsumer placed) {
        List<HostLoad> loads = fleet.hosts().stream().map(h -> new HostLoad(h, wall)).toList();
        // by identity: a VM record's hash code is worked out from all its fields, at every lookup
        Map<Fleet.Vm, List<HostLoad>> scope = new java.util.IdentityHashMap<>();
        for (Fleet.Vm v : fleet.vms()) {
            scope.put(v, scope(v, loads));
        }
        List<Fleet.Vm> order = new ArrayList<>(fleet.vms());
        order.sort(Comparator.comparing((Fleet.Vm v) -> v.pin().isEmpty())
                .thenComparingInt(v -> scope.get(v).size())
                .thenComparing(Comparator.comparingLong((Fleet.Vm v) -> v.reserved(Fleet.Resource.MEMORY)
                        + 1024L * v.wholeCpus()).reversed()));
        Map<String, String> out = new LinkedHashMap<>();
        for (Fleet.Vm v : order) {
            HostLoad best = null;
            for (HostLoad l : scope.get(v)) {
                if (l.fits(v) && (best == null || better(l, best, v))) {
                    best = l;
                }
            }
            if (best == null) {
                return Optional.empty();
            }
            best.add(v);
            out.put(v.name(), best.host.name());
            placed.accept(out.size());
        }
        return Optional.of(out);
    }

    /** Hosts a VM may run on: its pinned one while that is available, else the available hosts of its zone. */
    private static List<HostLoad> scope(Fleet.Vm v, List<HostLoad> loads) {
        if (v.pinnedHost().isPresent()) {
            Optional<HostLoad> pinned = loads.stream().filter(l -> l.host.name().equals(v.pinnedHost().get())).findFirst();
            if (pinned.isPresent() && pinned.get().host.unavailable().isEmpty()) {
                return inZone(v, pinned.get()) ? List.of(pinned.get()) : List.of();
            }
            if (v.migrationDenied().isPresent()) {
                return List.of();
            }
        }
        return loads.stream().filter(l -> l.host.unavailable().isEmpty() && inZone(v, l)).toList();
    }

    private static boolean inZone(Fleet.Vm v, HostLoad l) {
        return v.zone().isEmpty() || l.host.zone().equals(v.zone());
    }

    private static boolean better(HostLoad a, HostLoad b, Fleet.Vm v) {
        boolean sameA = a.runsLabelOf(v);
        boolean sameB = b.runsLabelOf(v);
        if (sameA != sameB) {
            return sameA;
        }
        long leftA = a.host.memoryMiB() - a.used(Fleet.Resource.MEMORY);
        long leftB = b.host.memoryMiB() - b.used(Fleet.Resource.MEMORY);
        return leftA < leftB;
    }
}
