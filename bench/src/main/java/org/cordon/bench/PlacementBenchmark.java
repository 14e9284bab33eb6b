package org.cordon.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.cordon.dsl.load.CordonFrontEnd;
import org.cordon.model.PolicyModel;
import org.cordon.verifier.placement.Fleet;
import org.cordon.verifier.placement.FleetReader;
import org.cordon.verifier.placement.PlacementResult;
import org.cordon.verifier.placement.PlacementSolver;
import org.cordon.verifier.placement.Statement;

/**
 * Fleet placement at scale (issue: 1,000 VMs on 100 hosts, 20 conflict sets, 3 zones; and 10,000 VMs on
 * 1,000 hosts, 200 conflict sets, 10 zones): the search for a placement (greedy pass checked rule by rule; as
 * before, confirmed by Z3; and Z3's own search), the validation of a given placement (every VM pinned with
 * {@code on HOST}: checked directly, and as before that by Z3), and the core of a given placement that breaks a
 * conflict set (read off the broken rules, and Z3's unsat core pared to minimal). Each step is timed in-process,
 * {@code RUNS} times (default 3), after the front end has read the generated source. {@code STEPS} picks steps
 * by name (comma-separated; default all): search, search-confirmed, search-z3, given, given-z3, core, core-z3.
 * The given placements pin VMs where the search put them; without the search, VMs go round the hosts of their
 * zone instead and only that placement's check is timed. Usage:
 * {@code PlacementBenchmark [HOSTS VMS CONFLICT_SETS ZONES [RUNS [STEPS]]]}.
 */
public final class PlacementBenchmark {

    private PlacementBenchmark() {
    }

    public static void main(String[] args) {
        FleetGenerator.Shape shape = new FleetGenerator.Shape(arg(args, 0, 100), arg(args, 1, 1000), arg(args, 2, 20),
                arg(args, 3, 3), 5, 42);
        int runs = arg(args, 4, 3);
        Set<String> steps = Set.of((args.length > 5 ? args[5]
                : "search,search-confirmed,search-z3,given,given-z3,core,core-z3").split(","));
        String source = FleetGenerator.cordon(shape, Map.of());
        long t0 = System.nanoTime();
        Fleet fleet = new FleetReader(load(source)).read();
        System.out.printf(Locale.ROOT, "fleet: %d hosts, %d VMs, %d conflict sets, %d zones; %,d bytes of Cordon, "
                + "front end and fleet reading %.2f s%n", fleet.hosts().size(), fleet.vms().size(),
                fleet.conflictSets().size(), shape.zones(), source.length(), (System.nanoTime() - t0) / 1e9);
        List<String> rows = new ArrayList<>();
        if (steps.contains("search")) {
            searchAndGiven(shape, fleet, steps, runs, rows);
        } else {
            // no search to pin VMs where it put them (at 10,000 VMs Z3's encoding outgrows the memory): each VM goes
            // to the next host of its zone in turn, a given placement to time whether it holds or not
            Fleet spread = new FleetReader(load(FleetGenerator.cordon(shape, roundRobin(fleet)))).read();
            time(rows, "validation of a round-robin placement (all VMs pinned), checked directly", runs,
                    () -> new PlacementSolver().solve(spread));
        }
        System.out.println();
        System.out.println("| step | result | runs (s) |");
        System.out.println("|---|---|---|");
        rows.forEach(System.out::println);
    }

    private static void searchAndGiven(FleetGenerator.Shape shape, Fleet fleet, Set<String> steps, int runs,
            List<String> rows) {
        PlacementSolver.Options d = PlacementSolver.Options.DEFAULT;
        PlacementSolver z3 = new PlacementSolver(d.solverOnly());
        // what decided a given placement before it was checked directly: the greedy pass, then Z3
        PlacementSolver before = new PlacementSolver(new PlacementSolver.Options(false, true, PlacementSolver.Engine.Z3,
                d.timeout(), d.coreBudget()));
        PlacementResult found = time(rows, "search (greedy pass checked rule by rule, else CP-SAT)", runs,
                () -> new PlacementSolver().solve(fleet));
        if (steps.contains("search-confirmed")) {
            time(rows, "search as before: the greedy placement confirmed by Z3's whole-fleet encoding", runs,
                    () -> before.solve(fleet));
        }
        if (steps.contains("search-z3")) {
            time(rows, "search (Z3 alone)", runs, () -> z3.solve(fleet));
        }
        if (!(found instanceof PlacementResult.Placed placed)) {
            throw new IllegalStateException("the generated fleet was not placed: " + found);
        }
        Fleet given = new FleetReader(load(FleetGenerator.cordon(shape, placed.assignment()))).read();
        if (steps.contains("given")) {
            time(rows, "validation of a given placement (all VMs pinned), checked directly", runs,
                    () -> new PlacementSolver().solve(given));
        }
        if (steps.contains("given-z3")) {
            time(rows, "validation of a given placement by Z3 (greedy, confirmed by Z3)", runs, () -> before.solve(given));
        }
        Fleet broken = new FleetReader(load(FleetGenerator.cordon(shape, breakWall(given, placed.assignment())))).read();
        if (steps.contains("core")) {
            time(rows, "invalid given placement: core read off the broken rules", runs,
                    () -> new PlacementSolver().solve(broken));
        }
        if (steps.contains("core-z3")) {
            time(rows, "invalid given placement by Z3: unsat core, pared to minimal", runs, () -> before.solve(broken));
        }
    }

    /** Runs a step; the row names each run's result when they differ (a solver's time limit may cut some short). */
    private static PlacementResult time(List<String> rows, String what, int runs, Supplier<PlacementResult> step) {
        PlacementResult last = null;
        List<String> times = new ArrayList<>();
        List<String> results = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            last = step.get();
            times.add(String.format(Locale.ROOT, "%.2f", (System.nanoTime() - t) / 1e9));
            results.add(describe(last));
        }
        String result = results.stream().distinct().count() == 1 ? results.get(0) : String.join(" / ", results);
        rows.add("| " + what + " | " + result + " | " + String.join(", ", times) + " |");
        System.out.println(what + ": " + result + " in " + String.join(", ", times) + " s");
        return last;
    }

    private static String describe(PlacementResult r) {
        if (r instanceof PlacementResult.Placed p) {
            return "placed (" + p.method().name().toLowerCase(Locale.ROOT).replace('_', ' ') + ")";
        }
        if (r instanceof PlacementResult.Infeasible inf) {
            return "infeasible, core of " + inf.core().size() + " statements" + (inf.minimal() ? " (minimal)" : "") + ": "
                    + String.join("; ", inf.core().stream().map(Statement::text).toList());
        }
        return "undecided: " + ((PlacementResult.Undecided) r).reason();
    }

    /** Each VM on the next host of its zone (of all hosts when it has none), in the fleet's order. */
    private static Map<String, String> roundRobin(Fleet fleet) {
        Map<Optional<String>, List<String>> hosts = new HashMap<>();
        for (Fleet.Host h : fleet.hosts()) {
            hosts.computeIfAbsent(h.zone(), k -> new ArrayList<>()).add(h.name());
            hosts.computeIfAbsent(Optional.empty(), k -> new ArrayList<>()).add(h.name());
        }
        Map<Optional<String>, Integer> next = new HashMap<>();
        Map<String, String> out = new HashMap<>();
        for (Fleet.Vm v : fleet.vms()) {
            List<String> in = hosts.get(v.zone());
            out.put(v.name(), in.get(next.merge(v.zone(), 1, Integer::sum) % in.size()));
        }
        return out;
    }

    /** The placement with one VM moved onto a host that runs a VM its conflict set keeps it from. */
    private static Map<String, String> breakWall(Fleet fleet, Map<String, String> placement) {
        Fleet.ConflictSet set = fleet.conflictSets().get(0);
        // sorted: a set's own order changes from one JVM to the next, and so would the placement broken
        List<String> classes = new ArrayList<>(new TreeSet<>(set.types()));
        String a = fleet.vms().stream().filter(v -> v.className().equals(classes.get(0))).findFirst().orElseThrow().name();
        String b = fleet.vms().stream().filter(v -> v.className().equals(classes.get(1))).findFirst().orElseThrow().name();
        Map<String, String> out = new HashMap<>(placement);
        out.put(a, placement.get(b));
        return out;
    }

    private static PolicyModel load(String source) {
        org.cordon.driver.Build r = org.cordon.driver.Driver.run(List.of(new CordonFrontEnd.Source("fleet.cordon",
                source)), org.cordon.driver.Options.defaults().withGoals("validate"));
        if (r.model().isEmpty() || r.hasErrors()) {
            throw new IllegalStateException("generated fleet does not load: " + r.diagnostics());
        }
        return r.model().get();
    }

    private static int arg(String[] args, int i, int fallback) {
        return args.length > i ? Integer.parseInt(args[i]) : fallback;
    }
}
