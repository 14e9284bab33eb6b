package org.cordon.verifier.placement;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A placement given by {@code on HOST} for every VM, checked rule by rule without a solver: nothing is
 * left to search, so each rule of {@link PlacementEncoding} is a test on the VMs of one host, by the
 * counting of {@link HostLoad}. A broken rule names its own core: the statement of the rule and the pins
 * that hold the VMs it needs on that host, pared to the VMs without which the rule would hold. With
 * the rest of the statements set aside every other VM may go nowhere, so that core cannot hold, and
 * leaving out any one of its statements lets it hold: it is minimal, as a core pared by the solver is.
 */
final class GivenPlacement {

    private final Fleet fleet;
    private final ChineseWall wall;
    /** per host, in the fleet's order, the VMs pinned to it */
    private final Map<Fleet.Host, List<Fleet.Vm>> byHost;

    private GivenPlacement(Fleet fleet, ChineseWall wall, Map<Fleet.Host, List<Fleet.Vm>> byHost) {
        this.fleet = fleet;
        this.wall = wall;
        this.byHost = byHost;
    }

    /**
     * The placement the pins give, when each binds: every VM pinned, to a host it may use or may not leave.
     * A VM pinned to a host it may not use but may leave must move, which is a search: then empty.
     */
    static Optional<GivenPlacement> of(Fleet fleet, ChineseWall wall) {
        if (fleet.vms().isEmpty()) {
            return Optional.empty();
        }
        Map<String, Fleet.Host> hosts = new HashMap<>();
        Map<Fleet.Host, List<Fleet.Vm>> byHost = new LinkedHashMap<>();
        for (Fleet.Host h : fleet.hosts()) {
            hosts.put(h.name(), h);
            byHost.put(h, new ArrayList<>());
        }
        for (Fleet.Vm v : fleet.vms()) {
            if (v.pinnedHost().isEmpty()) {
                return Optional.empty();
            }
            Fleet.Host h = hosts.get(v.pinnedHost().get());
            if (h == null) {
                throw new IllegalArgumentException("no host " + v.pinnedHost().get());
            }
            if (h.unavailable().isPresent() && v.migrationDenied().isEmpty()) {
                return Optional.empty();
            }
            byHost.get(h).add(v);
        }
        return Optional.of(new GivenPlacement(fleet, wall, byHost));
    }

    /** VM → host, as the pins say. */
    Map<String, String> assignment() {
        Map<String, String> out = new LinkedHashMap<>();
        byHost.forEach((h, vms) -> vms.forEach(v -> out.put(v.name(), h.name())));
        return out;
    }

    /** Valid: the placement with its host plans; else the smallest core among the rules it breaks. */
    PlacementResult result() {
        Optional<List<Statement>> core = violations().stream().min(Comparator.comparingInt(List::size));
        if (core.isPresent()) {
            return new PlacementResult.Infeasible(core.get(), true);
        }
        return PlacementSolver.placed(fleet, wall, assignment(), PlacementResult.Method.GIVEN);
    }

    /** Every rule the placement breaks, each as its minimal core, host by host in the fleet's order. */
    List<List<Statement>> violations() {
        List<List<Statement>> out = new ArrayList<>();
        byHost.forEach((h, here) -> {
            for (Fleet.Vm v : here) {
                h.unavailable().ifPresent(off -> out.add(core(List.of(off), List.of(v), h)));
                if (v.zoneScope().isPresent() && !h.zone().equals(v.zone())) {
                    out.add(core(List.of(v.zoneScope().get()), List.of(v), h));
                }
            }
            chineseWall(h, here, out);
            capacity(h, here, out);
        });
        return out;
    }

    /** Per host and conflict set, no two labels it keeps apart; one pair of VMs for each pair of labels is enough. */
    private void chineseWall(Fleet.Host h, List<Fleet.Vm> here, List<List<Statement>> out) {
        if (fleet.conflictSets().isEmpty()) {
            return;
        }
        Map<Set<String>, Fleet.Vm> byLabel = new LinkedHashMap<>();
        here.forEach(v -> byLabel.putIfAbsent(v.wallTypes(), v));
        List<Fleet.Vm> labels = new ArrayList<>(byLabel.values());
        for (int i = 0; i < labels.size(); i++) {
            for (int j = i + 1; j < labels.size(); j++) {
                Fleet.Vm a = labels.get(i);
                Fleet.Vm b = labels.get(j);
                if (wall.keepsApart(a.wallTypes(), b.wallTypes())) {
                    for (Fleet.ConflictSet c : wall.apart(a.wallTypes(), b.wallTypes())) {
                        out.add(core(List.of(c.statement()), List.of(a, b), h));
                    }
                }
            }
        }
    }

    /**
     * Per capacity statement (one may bound several resources), the host's VMs within its bounds. When
     * over, the VMs are dropped one at a time, the smallest first, while the rest are still over: what
     * remains is over, and without any one of them is not (the load only grows as VMs join).
     */
    private void capacity(Fleet.Host h, List<Fleet.Vm> here, List<List<Statement>> out) {
        Map<Statement, Set<Fleet.Resource>> bounds = new LinkedHashMap<>();
        for (Fleet.Resource r : Fleet.Resource.values()) {
            if (h.capacity(r).isPresent()) {
                bounds.computeIfAbsent(h.capacity().get(r), k -> EnumSet.noneOf(Fleet.Resource.class)).add(r);
            }
        }
        bounds.forEach((st, resources) -> {
            if (!over(h, here, resources)) {
                return;
            }
            List<Fleet.Vm> needed = new ArrayList<>(here);
            needed.sort(Comparator.comparingDouble(v -> share(v, h, resources)));
            for (Fleet.Vm v : List.copyOf(needed)) {
                needed.remove(v);
                if (!over(h, needed, resources)) {
                    needed.add(v);
                }
            }
            out.add(core(List.of(st), needed, h));
        });
    }

    private boolean over(Fleet.Host h, List<Fleet.Vm> vms, Set<Fleet.Resource> resources) {
        HostLoad load = new HostLoad(h, wall);
        vms.forEach(load::add);
        return load.overloaded().stream().anyMatch(resources::contains);
    }

    /** How much of the host's bounded resources a VM takes on its own, to keep the large ones in a core. */
    private static double share(Fleet.Vm v, Fleet.Host h, Set<Fleet.Resource> resources) {
        double s = 0;
        for (Fleet.Resource r : resources) {
            long demand = r == Fleet.Resource.CPU ? v.wholeCpus() : v.reserved(r);
            s += (double) demand / Math.max(1, h.capacity(r).orElseThrow());
        }
        return s;
    }

    /** A rule's statements with what holds each of {@code vms} on {@code h}, each statement once. */
    private static List<Statement> core(List<Statement> rule, List<Fleet.Vm> vms, Fleet.Host h) {
        Set<Statement> out = new LinkedHashSet<>(rule);
        for (Fleet.Vm v : vms) {
            out.add(v.pin().orElseThrow());
            // on a host it may not use, the pin holds a VM there only with its class's migration denial
            if (h.unavailable().isPresent()) {
                out.add(v.migrationDenied().orElseThrow());
            }
        }
        return List.copyOf(out);
    }
}
