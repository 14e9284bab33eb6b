package org.cordon.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;
import org.cordon.model.SourcePos;
import org.cordon.verifier.placement.Fleet;
import org.cordon.verifier.placement.PlacementResult;
import org.cordon.verifier.placement.PlacementSolver;
import org.cordon.verifier.placement.Statement;

/**
 * Z3 against OR-Tools CP-SAT as the engine of the placement search, on fleets the greedy pass cannot place
 * (where the search needs a solver at all). The fleet is planted: each host's memory is filled exactly by
 * VMs of random sizes, and each VM's class is one side of a conflict set that the host it was planted on
 * takes; so a placement exists, and best fit, largest first, misses it. The infeasible fleet adds two hosts
 * of a zone and three classes bound to it that one conflict set keeps pairwise apart, a small core inside
 * the same packing. Every engine decides both fleets {@code RUNS} times in one JVM; the placements
 * are checked by pinning every VM there and running the verifier's direct check. CP-SAT runs one worker per
 * core. Usage: {@code PlacementEngines [HOSTS [RUNS [ENGINES]]]} with ENGINES among z3, cpsat (default both).
 */
public final class PlacementEngines {

    private static final SourcePos POS = new SourcePos("planted.cordon", 1, 1, 0, 1);

    private PlacementEngines() {
    }

    public static void main(String[] args) {
        int hosts = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Set<String> steps = Set.of((args.length > 2 ? args[2] : "z3,cpsat").split(","));
        List<String> rows = new ArrayList<>();
        for (boolean infeasible : List.of(false, true)) {
            Fleet f = planted(hosts, 7, infeasible);
            String name = (infeasible ? "infeasible" : "feasible") + " (" + f.hosts().size() + " hosts, " + f.vms().size()
                    + " VMs, " + f.conflictSets().size() + " conflict sets)";
            System.out.println(name);
            for (PlacementSolver.Engine e : PlacementSolver.Engine.values()) {
                if (steps.contains(e.name().toLowerCase(Locale.ROOT).replace("_", ""))) {
                    PlacementSolver solver = new PlacementSolver(PlacementSolver.Options.DEFAULT.withEngine(e));
                    time(rows, name, e + " (after the greedy pass)", runs, f, () -> solver.solve(f));
                }
            }
        }
        System.out.println();
        System.out.println("| fleet | engine | result | runs (s) | median (s) |");
        System.out.println("|---|---|---|---|---|");
        rows.forEach(System.out::println);
    }

    private static void time(List<String> rows, String fleet, String engine, int runs, Fleet f,
            Supplier<PlacementResult> step) {
        List<Double> times = new ArrayList<>();
        List<String> results = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            PlacementResult r = step.get();
            times.add((System.nanoTime() - t) / 1e9);
            results.add(describe(r, f));
        }
        List<Double> sorted = times.stream().sorted().toList();
        String result = results.stream().distinct().count() == 1 ? results.get(0) : String.join(" / ", results);
        String row = String.format(Locale.ROOT, "| %s | %s | %s | %s | %.2f |", fleet, engine, result,
                String.join(", ", times.stream().map(t -> String.format(Locale.ROOT, "%.2f", t)).toList()),
                sorted.get(sorted.size() / 2));
        rows.add(row);
        System.out.println(row);
    }

    /** The verdict, and for a placement whether the verifier's direct check accepts it. */
    private static String describe(PlacementResult r, Fleet f) {
        if (r instanceof PlacementResult.Placed p) {
            PlacementResult check = new PlacementSolver().solve(pinned(f, p.assignment()));
            return "placed (" + p.method().name().toLowerCase(Locale.ROOT).replace('_', ' ') + "), "
                    + (check instanceof PlacementResult.Placed ? "valid" : "INVALID: " + check);
        }
        if (r instanceof PlacementResult.Infeasible inf) {
            return "infeasible, core of " + inf.core().size() + " statements" + (inf.minimal() ? " (minimal)" : "");
        }
        return "undecided: " + ((PlacementResult.Undecided) r).reason();
    }

    /** The fleet with every VM pinned where {@code at} puts it. */
    private static Fleet pinned(Fleet f, Map<String, String> at) {
        List<Fleet.Vm> vms = new ArrayList<>();
        for (Fleet.Vm v : f.vms()) {
            vms.add(new Fleet.Vm(v.name(), v.className(), v.unit(), v.vcpus(), v.cpuPercent(), v.memoryMiB(),
                    v.maxMemoryMiB(), v.netKbps(), v.diskMiB(), v.diskKbps(), v.wallTypes(), Optional.of(at.get(v.name())),
                    v.zone(), v.workload(), v.sizes(), Optional.of(st(Statement.Kind.PIN, v.name())), v.zoneScope(),
                    v.migrationDenied()));
        }
        return new Fleet(f.hosts(), vms, f.conflictSets());
    }

    private static Statement st(Statement.Kind k, String subject) {
        return new Statement(k, subject, k.name().toLowerCase(Locale.ROOT) + " " + subject, POS);
    }

    /**
     * Hosts of 16 pCPUs and 64 GiB, each filled exactly by weak VMs of 2 to 16 GiB; 20 conflict sets of two
     * classes, a host taking one side of each (by its number), its VMs drawn from those sides.
     */
    static Fleet planted(int hostCount, long seed, boolean infeasible) {
        Random rnd = new Random(seed);
        int pairs = 20;
        List<Fleet.Host> hosts = new ArrayList<>();
        List<Fleet.Vm> vms = new ArrayList<>();
        Map<String, Integer> perClass = new HashMap<>();
        for (int h = 0; h < hostCount; h++) {
            hosts.add(host("h" + h, "za"));
            for (long left = 64; left > 0; ) {
                long gib = Math.min(left, 2 + rnd.nextInt(15));
                if (left - gib == 1) {
                    gib++;
                }
                left -= gib;
                int k = rnd.nextInt(pairs);
                String c = "c" + (2 * k + (h + k) % 2);
                vms.add(vm(c, perClass.merge(c, 1, Integer::sum), gib, Optional.empty()));
            }
        }
        // shuffled, so that no order of the fleet gives the planted placement away
        java.util.Collections.shuffle(vms, rnd);
        List<Fleet.ConflictSet> sets = new ArrayList<>();
        for (int k = 0; k < pairs; k++) {
            sets.add(conflict("w" + k, Set.of("c" + 2 * k, "c" + (2 * k + 1))));
        }
        if (infeasible) {
            hosts.add(host("x0", "zx"));
            hosts.add(host("x1", "zx"));
            for (String c : List.of("x0", "x1", "x2")) {
                vms.add(vm(c, 1, 2, Optional.of(st(Statement.Kind.ZONE_SCOPE, c))));
            }
            sets.add(conflict("wx", Set.of("x0", "x1", "x2")));
        }
        return new Fleet(hosts, vms, sets);
    }

    private static Fleet.Host host(String name, String zone) {
        Statement cap = st(Statement.Kind.HOST_CAPACITY, name);
        return new Fleet.Host(name, 16, 64 * 1024, Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(zone),
                Map.of(Fleet.Resource.CPU, cap, Fleet.Resource.MEMORY, cap), Optional.empty(), POS);
    }

    private static Fleet.Vm vm(String c, int n, long gib, Optional<Statement> zoneScope) {
        String name = c + ".v" + n;
        Statement w = st(Statement.Kind.WORKLOAD, name);
        return new Fleet.Vm(name, c, new Fleet.Unit(Fleet.Unit.POOL0, Fleet.Mode.SHARED, "weak"), 1, 100, gib * 1024,
                gib * 1024, 0, 0, 0, Set.of(c), Optional.empty(), zoneScope.map(z -> "zx"), w,
                Map.of(Fleet.Resource.MEMORY, w), Optional.empty(), zoneScope, Optional.empty());
    }

    private static Fleet.ConflictSet conflict(String name, Set<String> types) {
        return new Fleet.ConflictSet(name, types, st(Statement.Kind.CONFLICT_SET, name));
    }
}
