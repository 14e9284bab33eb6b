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
 * A complete placement checked rule by rule without a solver: one given by {@code on HOST} for every VM, or
 * one the greedy pass found. Nothing is left to search, so each rule of {@link PlacementEncoding} is a test
 * on the VMs of one host, by the counting of {@link HostLoad} (and, for a placement found elsewhere, a test
 * that every pin that binds is kept). A rule broken by a given placement names its own core: the statement
 * of the rule and the pins that hold the VMs it needs on that host, pared to the VMs without which the rule
 * would hold. With the rest of the statements set aside every other VM may go nowhere, so that core cannot
 * hold, and leaving out any one of its statements lets it hold: it is minimal, as a core pared by the
 * solver is.
 */
final class GivenPlacement {

    private final Fleet fleet;
    private final ChineseWall wall;
    /** per host, in the fleet's order, the VMs placed on it */
    private final Map<Fleet.Host, List<Fleet.Vm>> byHost;

    /**
     * A rule the placement breaks on {@code host}: its statements, and the VMs there it needs (pared to those
     * without which it would hold).
     */
    record Breach(List<Statement> rule, List<Fleet.Vm> vms, Fleet.Host host) {
        @Override
        public String toString() {
            return rule + " on " + host.name() + " by " + vms.stream().map(Fleet.Vm::name).toList();
        }
    }

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
        Map<String, Fleet.Host> hosts = byName(fleet);
        Map<String, String> pins = new HashMap<>();
        for (Fleet.Vm v : fleet.vms()) {
            if (v.pinnedHost().isEmpty()) {
                return Optional.empty();
            }
            Fleet.Host h = hosts.get(v.pinnedHost().get());
            if (h != null && h.unavailable().isPresent() && v.migrationDenied().isEmpty()) {
                return Optional.empty();
            }
            pins.put(v.name(), v.pinnedHost().get());
        }
        return Optional.of(of(fleet, wall, pins));
    }

    /** A placement found elsewhere (VM → host, every VM), to be checked against every rule, its pins too. */
    static GivenPlacement of(Fleet fleet, ChineseWall wall, Map<String, String> assignment) {
        Map<String, Fleet.Host> hosts = byName(fleet);
        Map<Fleet.Host, List<Fleet.Vm>> byHost = new LinkedHashMap<>();
        fleet.hosts().forEach(h -> byHost.put(h, new ArrayList<>()));
        for (Fleet.Vm v : fleet.vms()) {
            Fleet.Host h = hosts.get(assignment.get(v.name()));
            if (h == null) {
                throw new IllegalArgumentException("no host " + assignment.get(v.name()) + " for " + v.name());
            }
            byHost.get(h).add(v);
        }
        return new GivenPlacement(fleet, wall, byHost);
    }

    private static Map<String, Fleet.Host> byName(Fleet fleet) {
        Map<String, Fleet.Host> out = new HashMap<>();
        fleet.hosts().forEach(h -> out.put(h.name(), h));
        return out;
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

    /** Every rule a placement given by the pins breaks, each as its minimal core, host by host in the fleet's order. */
    List<List<Statement>> violations() {
        return breaches().stream().map(b -> core(b.rule(), b.vms(), b.host())).toList();
    }

    /** Every rule the placement breaks, host by host in the fleet's order; none when it is valid. */
    List<Breach> breaches() {
        List<Breach> out = new ArrayList<>();
        byHost.forEach((h, here) -> {
            for (Fleet.Vm v : here) {
                h.unavailable().ifPresent(off -> out.add(new Breach(List.of(off), List.of(v), h)));
                if (v.zoneScope().isPresent() && !h.zone().equals(v.zone())) {
                    out.add(new Breach(List.of(v.zoneScope().get()), List.of(v), h));
                }
                pin(v, h).ifPresent(out::add);
            }
            chineseWall(h, here, out);
            capacity(h, here, out);
        });
        return out;
    }

    /**
     * A pin that binds and is not kept (only a placement found elsewhere can break one): to an available host,
     * or to one left out that the VM may not leave.
     */
    private Optional<Breach> pin(Fleet.Vm v, Fleet.Host h) {
        if (v.pinnedHost().isEmpty() || v.pinnedHost().get().equals(h.name())) {
            return Optional.empty();
        }
        Fleet.Host pinned = fleet.host(v.pinnedHost().get()).orElseThrow();
        if (pinned.unavailable().isEmpty()) {
            return Optional.of(new Breach(List.of(v.pin().get()), List.of(v), h));
        }
        return v.migrationDenied().map(d -> new Breach(List.of(v.pin().get(), d), List.of(v), h));
    }

    /** Per host and conflict set, no two labels it keeps apart; one pair of VMs for each pair of labels is enough. */
    private void chineseWall(Fleet.Host h, List<Fleet.Vm> here, List<Breach> out) {
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
                        out.add(new Breach(List.of(c.statement()), List.of(a, b), h));
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
    private void capacity(Fleet.Host h, List<Fleet.Vm> here, List<Breach> out) {
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
            out.add(new Breach(List.of(st), needed, h));
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
