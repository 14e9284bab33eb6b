package org.cordon.verifier.placement;

import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Decides whether a fleet can be placed, and how. A placement given by {@code on} for every VM leaves
 * nothing to search: it is checked directly, rule by rule ({@link GivenPlacement}), and its core read off
 * the rules it breaks. Else the quick greedy pass goes first; when it places every VM that very placement
 * is checked by the same rules (a complete assignment against every rule is the question the solver would
 * answer, so what is reported was checked, not guessed). Otherwise the solver searches: CP-SAT
 * ({@link CpSatSearch}), or Z3 over {@link PlacementEncoding}. An unsatisfiable search yields the core of
 * statements in conflict, then pared down one statement at a time while the budget lasts, so that every
 * statement reported is needed.
 */
public final class PlacementSolver {

    /**
     * {@code checkDirectly}: check a complete placement (given for every VM, or found by the greedy pass) rule by
     * rule instead of by the solver; {@code greedyFirst}: try the greedy pass before the search; {@code engine}: what
     * searches when the greedy pass fails; {@code timeout}:
     * for the search; {@code coreBudget}: for paring the core down.
     */
    public record Options(boolean checkDirectly, boolean greedyFirst, Engine engine, Duration timeout,
            Duration coreBudget) {
        public static final Options DEFAULT = new Options(true, true, Engine.CP_SAT, Duration.ofSeconds(60),
                Duration.ofSeconds(20));

        /** Z3 decides everything, a given placement too (the reference the direct check and CP-SAT are tested against). */
        public Options solverOnly() {
            return new Options(false, false, Engine.Z3, timeout, coreBudget);
        }

        public Options withEngine(Engine e) {
            return new Options(checkDirectly, greedyFirst, e, timeout, coreBudget);
        }
    }

    /**
     * What searches when the greedy pass fails: CP-SAT (faster on the fleets measured, docs/PERFORMANCE.md), or Z3
     * over {@link PlacementEncoding}, the reference. A greedy placement is confirmed by Z3 when not checked directly.
     */
    public enum Engine { CP_SAT, Z3 }

    /** What a check of some statements found: they hold together, they cannot, or the solver did not decide. */
    enum Verdict { HOLDS, CONFLICT, UNKNOWN }

    /** A solver with one literal per statement, as {@link #pareDown} needs it. */
    interface Checker<S> {
        /** Checks under the statements of {@code assumed}. */
        Verdict decide(List<S> assumed, long millis);

        /** After a CONFLICT: those of {@code assumed} that are enough for it. */
        List<S> core(List<S> assumed);
    }

    /** A step of the work, for showing a long search as it goes. */
    public enum Phase {
        /** {@code done} of {@code total} VMs placed so far by the greedy pass */
        GREEDY("greedy pass", "VMs placed"),
        /** a complete placement being checked rule by rule ({@code total}: its VMs) */
        CHECK("checking the placement rule by rule", "VMs"),
        /** the solver's encoding and search over {@code total} VMs (no count: the solver tells nothing on the way) */
        SEARCH("solver search", "VMs"),
        /** {@code done} of {@code total} statements of the core decided (needed, or left out) */
        CORE("paring the core down", "statements decided"),
        /** decided: nothing more to show */
        DONE("decided", "VMs");

        public final String words;
        public final String unit;

        Phase(String words, String unit) {
            this.words = words;
            this.unit = unit;
        }
    }

    /** Where the work is: a phase and its count ({@code done} is 0 where the phase has none). */
    public record Progress(Phase phase, int done, int total) {
    }

    private final Options options;
    private final Consumer<Progress> progress;

    public PlacementSolver() {
        this(Options.DEFAULT);
    }

    public PlacementSolver(Options options) {
        this(options, p -> { });
    }

    /** {@code progress} hears each step, on the solving thread; it must be quick (the greedy pass calls it per VM). */
    public PlacementSolver(Options options, Consumer<Progress> progress) {
        this.options = options;
        this.progress = progress;
    }

    public PlacementResult solve(Fleet fleet) {
        try {
            return search(fleet);
        } finally {
            progress.accept(new Progress(Phase.DONE, 0, fleet.vms().size()));
        }
    }

    private PlacementResult search(Fleet fleet) {
        ChineseWall wall = new ChineseWall(fleet.conflictSets());
        int vms = fleet.vms().size();
        if (options.checkDirectly()) {
            Optional<GivenPlacement> given = GivenPlacement.of(fleet, wall);
            if (given.isPresent()) {
                return given.get().result();
            }
        }
        Optional<Map<String, String>> quick = options.greedyFirst()
                ? new GreedyPlacer(fleet, wall).place(n -> progress.accept(new Progress(Phase.GREEDY, n, vms)))
                : Optional.empty();
        if (quick.isPresent() && options.checkDirectly()) {
            progress.accept(new Progress(Phase.CHECK, 0, vms));
            List<GivenPlacement.Breach> broken = GivenPlacement.of(fleet, wall, quick.get()).breaches();
            // a rule broken with no VM at all (a host of 0 pCPUs leaves Pool-0 none) is a core on its own
            Optional<GivenPlacement.Breach> alone = broken.stream().filter(b -> b.vms().isEmpty()).findFirst();
            if (alone.isPresent()) {
                return new PlacementResult.Infeasible(alone.get().rule(), true);
            }
            if (!broken.isEmpty()) {
                throw new IllegalStateException("the greedy placement breaks the placement rules: " + broken);
            }
            return placed(fleet, wall, quick.get(), PlacementResult.Method.GREEDY_CHECKED);
        }
        progress.accept(new Progress(Phase.SEARCH, 0, vms));
        if (options.engine() == Engine.CP_SAT && (quick.isEmpty() || options.checkDirectly())) {
            return cpSat(fleet, wall);
        }
        try (PlacementEncoding enc = new PlacementEncoding(fleet, wall)) {
            List<BoolExpr> all = enc.selectors();
            if (quick.isPresent()) {
                List<BoolExpr> fixed = new ArrayList<>(all);
                fixed.addAll(enc.fixing(quick.get()));
                Status s = enc.check(fixed, options.timeout().toMillis());
                if (s == Status.SATISFIABLE) {
                    return placed(fleet, wall, quick.get(), PlacementResult.Method.GREEDY_CONFIRMED);
                }
                if (s == Status.UNSATISFIABLE) {
                    throw new IllegalStateException("the greedy placement breaks the solver's constraints: "
                            + enc.core());
                }
            }
            Status s = enc.check(all, options.timeout().toMillis());
            if (s == Status.SATISFIABLE) {
                return placed(fleet, wall, enc.assignment(), PlacementResult.Method.SOLVER);
            }
            if (s == Status.UNKNOWN) {
                return new PlacementResult.Undecided("the solver did not decide within "
                        + options.timeout().toSeconds() + " s (" + enc.solver.getReasonUnknown() + ")");
            }
            return pareDown(enc, enc.core(all), enc::statement);
        }
    }

    /** The search on CP-SAT; an infeasible fleet modelled again with a literal per statement, for the core. */
    private PlacementResult cpSat(Fleet fleet, ChineseWall wall) {
        int workers = Runtime.getRuntime().availableProcessors();
        long millis = options.timeout().toMillis();
        CpSatSearch search = new CpSatSearch(fleet, wall, workers, false);
        Verdict v = search.decide(List.of(), millis);
        if (v == Verdict.HOLDS) {
            return placed(fleet, wall, search.assignment(), PlacementResult.Method.SOLVER);
        }
        if (v == Verdict.CONFLICT) {
            CpSatSearch guarded = new CpSatSearch(fleet, wall, workers, true);
            List<com.google.ortools.sat.BoolVar> all = guarded.selectors();
            v = guarded.decide(all, millis);
            if (v == Verdict.HOLDS) {
                throw new IllegalStateException("CP-SAT found the fleet infeasible, and feasible under all its statements");
            }
            if (v == Verdict.CONFLICT) {
                return pareDown(guarded, guarded.core(all), guarded::statement);
            }
            search = guarded;
        }
        return new PlacementResult.Undecided("the solver did not decide within " + options.timeout().toSeconds()
                + " s (" + search.reasonUnknown() + ")");
    }

    /**
     * Drops each statement of the core in turn and keeps it out when the rest is still unsatisfiable
     * (taking that smaller core); stops when the budget runs out, reporting the core as not minimal.
     */
    private <S> PlacementResult.Infeasible pareDown(Checker<S> checker, List<S> first, Function<S, Statement> statement) {
        List<S> core = first;
        // a statement found needed stays needed in every smaller core (a subset of a satisfiable set is satisfiable)
        Set<S> needed = new HashSet<>();
        long deadline = System.nanoTime() + options.coreBudget().toNanos();
        boolean minimal = true;
        while (true) {
            Optional<S> next = core.stream().filter(b -> !needed.contains(b)).findFirst();
            if (next.isEmpty()) {
                break;
            }
            progress.accept(new Progress(Phase.CORE, needed.size(), core.size()));
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                minimal = false;
                break;
            }
            List<S> without = new ArrayList<>(core);
            without.remove(next.get());
            Verdict v = checker.decide(without, left);
            if (v == Verdict.CONFLICT) {
                core = checker.core(without);
            } else {
                minimal &= v == Verdict.HOLDS;
                needed.add(next.get());
            }
        }
        return new PlacementResult.Infeasible(core.stream().map(statement).toList(), minimal);
    }

    /** The host plans of a placement (by the rules {@link HostLoad} counts with). */
    static PlacementResult.Placed placed(Fleet fleet, ChineseWall wall, Map<String, String> assignment,
            PlacementResult.Method method) {
        Map<String, HostLoad> loads = new LinkedHashMap<>();
        fleet.hosts().forEach(h -> loads.put(h.name(), new HostLoad(h, wall)));
        for (Fleet.Vm v : fleet.vms()) {
            loads.get(assignment.get(v.name())).add(v);
        }
        List<PlacementResult.HostPlan> plans = new ArrayList<>();
        for (HostLoad l : loads.values()) {
            Map<Fleet.Resource, Long> used = new EnumMap<>(Fleet.Resource.class);
            Map<Fleet.Resource, Long> capacity = new EnumMap<>(Fleet.Resource.class);
            for (Fleet.Resource r : Fleet.Resource.values()) {
                l.host.capacity(r).ifPresent(c -> capacity.put(r, c));
                used.put(r, l.used(r));
            }
            Map<String, Integer> pools = l.pools();
            plans.add(new PlacementResult.HostPlan(l.host.name(), l.host.zone(),
                    l.vms().stream().map(Fleet.Vm::name).sorted().toList(), pools,
                    l.host.cpus() - pools.values().stream().mapToInt(Integer::intValue).sum(), used, capacity));
        }
        return new PlacementResult.Placed(assignment, plans, method);
    }
}
