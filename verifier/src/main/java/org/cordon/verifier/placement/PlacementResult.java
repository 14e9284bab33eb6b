package org.cordon.verifier.placement;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What the solver decided about a fleet. */
public sealed interface PlacementResult {

    /** Every VM has a host ({@code assignment}: VM → host); {@code hosts} says what that takes of each. */
    record Placed(Map<String, String> assignment, List<HostPlan> hosts, Method method) implements PlacementResult {
        public Placed {
            assignment = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(assignment));
            hosts = List.copyOf(hosts);
        }
    }

    /**
     * No placement exists: {@code core} are statements that cannot all hold together (minimal when
     * {@code minimal}: leaving out any one of them makes a placement possible).
     */
    record Infeasible(List<Statement> core, boolean minimal) implements PlacementResult {
        public Infeasible {
            core = List.copyOf(core);
        }
    }

    /** The solver gave up (time limit) before deciding. */
    record Undecided(String reason) implements PlacementResult {
    }

    /**
     * How a placement was found: by the greedy pass and then checked rule by rule, or confirmed by the solver
     * (when direct checks are off), by the solver's search, or given by {@code on} for every VM and checked
     * rule by rule.
     */
    enum Method { GREEDY_CHECKED, GREEDY_CONFIRMED, SOLVER, GIVEN }

    /**
     * One host under a placement: its VMs, the pCPUs of each cpupool besides Pool-0 (by pool name) and
     * what Pool-0 keeps, and what the VMs take of each resource against the host's capacity.
     */
    record HostPlan(String host, Optional<String> zone, List<String> vms, Map<String, Integer> pools, int pool0Cpus,
            Map<Fleet.Resource, Long> used, Map<Fleet.Resource, Long> capacity) {
        public HostPlan {
            vms = List.copyOf(vms);
            pools = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(pools));
            used = Map.copyOf(used);
            capacity = Map.copyOf(capacity);
        }
    }
}
