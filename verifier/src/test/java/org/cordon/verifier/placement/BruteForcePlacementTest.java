package org.cordon.verifier.placement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.cordon.model.SourcePos;
import org.junit.jupiter.api.Test;

/**
 * The solver against a brute-force placer on small random fleets: every assignment of VMs to hosts is tried and
 * judged by a direct reading of the placement rules (written here again, apart from the solver's encoding and
 * HostLoad): strong units a pool of their summed CPU demand, hybrid units a pool of their largest VM, Pool-0 at
 * least one pCPU, memory (strong: maxmem), the Chinese Wall as ACM decides it, zone scopes. A fleet is placeable
 * exactly when the brute force finds an assignment, and every placement the solver returns passes the rules; so it
 * is for the search as it runs (greedy pass, then CP-SAT), with Z3 after the greedy pass, and with Z3 alone.
 */
class BruteForcePlacementTest {

    static final SourcePos POS = new SourcePos("fleet.cordon", 1, 1, 0, 1);

    static Statement st(Statement.Kind k, String subject) {
        return new Statement(k, subject, k + " " + subject, POS);
    }

    static Fleet randomFleet(Random rnd) {
        List<Fleet.Host> hosts = new ArrayList<>();
        int nh = 1 + rnd.nextInt(3);
        for (int h = 0; h < nh; h++) {
            String name = "h" + h;
            Statement cap = st(Statement.Kind.HOST_CAPACITY, name);
            hosts.add(new Fleet.Host(name, 2 + rnd.nextInt(4), 1024L * (2 + rnd.nextInt(6)), Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.of(rnd.nextBoolean() ? "za" : "zb"),
                    Map.of(Fleet.Resource.CPU, cap, Fleet.Resource.MEMORY, cap), Optional.empty(), POS));
        }
        List<String> classes = List.of("a", "b", "c");
        Map<String, Fleet.Unit> units = new HashMap<>();
        for (String c : classes) {
            Fleet.Mode m = Fleet.Mode.values()[rnd.nextInt(3)];
            units.put(c, new Fleet.Unit(c, m, "class " + c));
        }
        List<Fleet.Vm> vms = new ArrayList<>();
        int nv = 1 + rnd.nextInt(5);
        for (int v = 0; v < nv; v++) {
            String c = classes.get(rnd.nextInt(classes.size()));
            int vcpus = 1 + rnd.nextInt(2);
            int cpu = rnd.nextInt(3) == 0 ? 50 + 25 * rnd.nextInt(3) : 100 * vcpus;
            long mem = 512L * (1 + rnd.nextInt(4));
            long max = mem + (rnd.nextBoolean() ? 0 : 512);
            Optional<String> zone = rnd.nextInt(4) == 0 ? Optional.of(rnd.nextBoolean() ? "za" : "zb") : Optional.empty();
            String name = c + ".v" + v;
            Statement w = st(Statement.Kind.WORKLOAD, name);
            vms.add(new Fleet.Vm(name, c, units.get(c), vcpus, cpu, mem, max, 0, 0, 0, Set.of(c), Optional.empty(), zone, w,
                    Map.of(Fleet.Resource.CPU, w, Fleet.Resource.MEMORY, w), Optional.empty(),
                    zone.map(z -> st(Statement.Kind.ZONE_SCOPE, name)), Optional.empty()));
        }
        List<Fleet.ConflictSet> sets = new ArrayList<>();
        if (rnd.nextBoolean()) {
            sets.add(new Fleet.ConflictSet("w", Set.of("a", "b"), st(Statement.Kind.CONFLICT_SET, "w")));
        }
        return new Fleet(hosts, vms, sets);
    }

    /** ACM: a running domain r blocks s through C when C meets r's types and holds a type of s that r lacks. */
    static boolean blocks(List<Fleet.ConflictSet> sets, Set<String> r, Set<String> s) {
        for (Fleet.ConflictSet c : sets) {
            boolean meets = r.stream().anyMatch(c.types()::contains);
            if (meets && s.stream().anyMatch(t -> c.types().contains(t) && !r.contains(t))) {
                return true;
            }
        }
        return false;
    }

    /** The placement rules, read directly. */
    static boolean valid(Fleet f, Map<String, String> at) {
        for (Fleet.Host h : f.hosts()) {
            List<Fleet.Vm> here = f.vms().stream().filter(v -> h.name().equals(at.get(v.name()))).toList();
            Map<String, Integer> dedicated = new HashMap<>();
            Map<String, Integer> burst = new HashMap<>();
            long memory = 0;
            for (Fleet.Vm v : here) {
                if (v.zone().isPresent() && !v.zone().equals(h.zone())) {
                    return false;
                }
                switch (v.unit().mode()) {
                    case DEDICATED -> dedicated.merge(v.unit().name(), v.cpuPercent(), Integer::sum);
                    case BURST -> burst.merge(v.unit().name(), (v.cpuPercent() + 99) / 100, Math::max);
                    case SHARED -> { }
                }
                memory += v.unit().mode() == Fleet.Mode.DEDICATED ? v.maxMemoryMiB() : v.memoryMiB();
                for (Fleet.Vm o : here) {
                    if (o != v && blocks(f.conflictSets(), o.wallTypes(), v.wallTypes())) {
                        return false;
                    }
                }
            }
            int pools = dedicated.values().stream().mapToInt(p -> (p + 99) / 100).sum()
                    + burst.values().stream().mapToInt(Integer::intValue).sum();
            if (pools > h.cpus() - 1 || memory > h.memoryMiB()) {
                return false;
            }
        }
        return true;
    }

    static Optional<Map<String, String>> bruteForce(Fleet f) {
        int nv = f.vms().size();
        int nh = f.hosts().size();
        int[] choice = new int[nv];
        while (true) {
            Map<String, String> at = new HashMap<>();
            for (int i = 0; i < nv; i++) {
                at.put(f.vms().get(i).name(), f.hosts().get(choice[i]).name());
            }
            if (valid(f, at)) {
                return Optional.of(at);
            }
            int i = 0;
            while (i < nv && ++choice[i] == nh) {
                choice[i++] = 0;
            }
            if (i == nv) {
                return Optional.empty();
            }
        }
    }

    @Test
    void theSolverAgreesWithBruteForce() {
        Random rnd = new Random(20261122);
        int placeable = 0;
        int infeasible = 0;
        for (int n = 0; n < 60; n++) {
            Fleet f = randomFleet(rnd);
            Optional<Map<String, String>> reference = bruteForce(f);
            for (PlacementSolver solver : List.of(new PlacementSolver(),
                    new PlacementSolver(PlacementSolver.Options.DEFAULT.withEngine(PlacementSolver.Engine.Z3)),
                    new PlacementSolver(PlacementSolver.Options.DEFAULT.solverOnly()))) {
                PlacementResult r = solver.solve(f);
                String what = "fleet " + n + ": " + f + "\nsolver: " + r + "\nbrute force: " + reference;
                if (reference.isPresent()) {
                    assertTrue(r instanceof PlacementResult.Placed, what);
                    assertTrue(valid(f, ((PlacementResult.Placed) r).assignment()), what);
                    GivenPlacementTest.assertHoldsUnderTheEncoding(f, ((PlacementResult.Placed) r).assignment(), what);
                } else {
                    assertTrue(r instanceof PlacementResult.Infeasible, what);
                    Set<Statement> core = new LinkedHashSet<>(((PlacementResult.Infeasible) r).core());
                    assertTrue(!core.isEmpty(), what);
                }
            }
            if (reference.isPresent()) {
                placeable++;
            } else {
                infeasible++;
            }
        }
        // the generator must exercise both answers, or the comparison says little
        assertTrue(placeable >= 10 && infeasible >= 10, placeable + " placeable, " + infeasible + " infeasible");
        assertEquals(60, placeable + infeasible);
    }
}
