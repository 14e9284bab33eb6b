package org.cordon.verifier.placement;

import com.google.ortools.Loader;
import com.google.ortools.sat.BoolVar;
import com.google.ortools.sat.CpModel;
import com.google.ortools.sat.CpSolver;
import com.google.ortools.sat.CpSolverStatus;
import com.google.ortools.sat.IntVar;
import com.google.ortools.sat.LinearArgument;
import com.google.ortools.sat.LinearExpr;
import com.google.ortools.sat.Literal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.ToLongFunction;

/**
 * The placement search on OR-Tools CP-SAT, used when the greedy pass fails: the rules of {@link PlacementEncoding}
 * (the Z3 encoding, kept as the reference the tests hold this to) as a CP-SAT model. The search runs with every
 * statement's constraints always on (CP-SAT presolves and searches best without assumptions); an infeasible fleet
 * is modelled again with each statement's constraints enforced by that statement's literal, all of them
 * assumptions, so that CP-SAT's {@code sufficientAssumptionsForInfeasibility} names statements, and that core is
 * pared down by {@link PlacementSolver#pareDown}. Measured against Z3 in docs/PERFORMANCE.md (PlacementEngines).
 */
final class CpSatSearch implements PlacementSolver.Checker<BoolVar> {

    static {
        Loader.loadNativeLibraries();
    }

    private final Fleet fleet;
    private final CpModel model = new CpModel();
    private final BoolVar[][] x;
    private final Map<Statement, BoolVar> selectors = new LinkedHashMap<>();
    private final Map<Integer, Statement> statementOf = new HashMap<>();
    private final int workers;
    /** whether each statement's constraints are enforced by its literal (for cores) or always (for the search) */
    private final boolean guarded;

    private final List<BoolVar> selectorList;
    /** the solver of the last check, for its core */
    private CpSolver last;

    CpSatSearch(Fleet fleet, ChineseWall wall, int workers, boolean guarded) {
        this.fleet = fleet;
        this.workers = workers;
        this.guarded = guarded;
        int nv = fleet.vms().size();
        int nh = fleet.hosts().size();
        x = new BoolVar[nv][nh];
        for (int v = 0; v < nv; v++) {
            for (int h = 0; h < nh; h++) {
                x[v][h] = model.newBoolVar("x" + v + "_" + h);
            }
        }
        encodeVms();
        encodeWall(wall);
        encodeHosts();
        selectorList = List.copyOf(selectors.values());
    }

    /** The constraint enforced by the statements' literals when guarded. */
    private void by(com.google.ortools.sat.Constraint c, Statement... statements) {
        if (guarded) {
            Literal[] sel = new Literal[statements.length];
            for (int i = 0; i < sel.length; i++) {
                sel[i] = selector(statements[i]);
            }
            c.onlyEnforceIf(sel);
        }
    }

    private BoolVar selector(Statement s) {
        return selectors.computeIfAbsent(s, k -> {
            BoolVar b = model.newBoolVar("s" + selectors.size());
            statementOf.put(b.getIndex(), k);
            return b;
        });
    }

    private void encodeVms() {
        List<Fleet.Host> hosts = fleet.hosts();
        for (int v = 0; v < fleet.vms().size(); v++) {
            Fleet.Vm vm = fleet.vms().get(v);
            by(model.addEquality(LinearExpr.sum(x[v]), 1), vm.workload());
            if (vm.pin().isPresent()) {
                int h = fleet.hostIndex(vm.pinnedHost().get());
                if (hosts.get(h).unavailable().isEmpty()) {
                    by(model.addEquality(x[v][h], 1), vm.pin().get());
                } else if (vm.migrationDenied().isPresent()) {
                    by(model.addEquality(x[v][h], 1), vm.pin().get(), vm.migrationDenied().get());
                }
            }
            for (int h = 0; h < hosts.size(); h++) {
                if (vm.zoneScope().isPresent() && !hosts.get(h).zone().equals(vm.zone())) {
                    by(model.addEquality(x[v][h], 0), vm.zoneScope().get());
                }
                if (hosts.get(h).unavailable().isPresent()) {
                    by(model.addEquality(x[v][h], 0), hosts.get(h).unavailable().get());
                }
            }
        }
    }


    /** Per host, "a VM of this label runs here"; two labels a conflict set keeps apart not both. */
    private void encodeWall(ChineseWall wall) {
        Map<List<Integer>, BoolVar[]> present = new java.util.IdentityHashMap<>();
        for (ChineseWall.ApartLabels p : wall.apartLabels(fleet.vms())) {
            BoolVar[] a = present.computeIfAbsent(p.a(), this::present);
            BoolVar[] b = present.computeIfAbsent(p.b(), this::present);
            for (Fleet.ConflictSet c : p.why()) {
                for (int h = 0; h < fleet.hosts().size(); h++) {
                    by(model.addBoolOr(new Literal[] {a[h].not(), b[h].not()}), c.statement());
                }
            }
        }
    }

    private BoolVar[] present(List<Integer> members) {
        BoolVar[] u = new BoolVar[fleet.hosts().size()];
        for (int h = 0; h < u.length; h++) {
            u[h] = model.newBoolVar("a");
            for (int v : members) {
                model.addImplication(x[v][h], u[h]);
            }
        }
        return u;
    }

    /** Capacities by the rules of HostLoad: dedicated pools of summed demand, burst pools of the largest. */
    private void encodeHosts() {
        Map<Fleet.Unit, List<Integer>> units = new LinkedHashMap<>();
        for (int v = 0; v < fleet.vms().size(); v++) {
            units.computeIfAbsent(fleet.vms().get(v).unit(), k -> new ArrayList<>()).add(v);
        }
        for (int h = 0; h < fleet.hosts().size(); h++) {
            Fleet.Host host = fleet.hosts().get(h);
            for (Fleet.Resource r : Fleet.Resource.values()) {
                Optional<Long> cap = host.capacity(r);
                if (cap.isEmpty()) {
                    continue;
                }
                List<LinearArgument> terms = new ArrayList<>();
                List<Long> coefficients = new ArrayList<>();
                for (Map.Entry<Fleet.Unit, List<Integer>> e : units.entrySet()) {
                    demand(h, r, e.getKey().mode(), e.getValue(), terms, coefficients);
                }
                long bound = r == Fleet.Resource.CPU ? cap.get() - 1 : cap.get();
                by(model.addLessOrEqual(LinearExpr.weightedSum(terms.toArray(new LinearArgument[0]),
                        coefficients.stream().mapToLong(Long::longValue).toArray()), bound), host.capacity().get(r));
            }
        }
    }

    /** What one unit's VMs on host h take of r, as terms of a sum. */
    private void demand(int h, Fleet.Resource r, Fleet.Mode mode, List<Integer> members, List<LinearArgument> terms,
            List<Long> coefficients) {
        List<Fleet.Vm> vms = fleet.vms();
        boolean rate = r == Fleet.Resource.NET || r == Fleet.Resource.DISK_RATE;
        if (r == Fleet.Resource.CPU && mode == Fleet.Mode.DEDICATED) {
            // the pool: its summed demand rounded up to whole pCPUs
            long total = members.stream().mapToLong(v -> vms.get(v).cpuPercent()).sum();
            IntVar pool = model.newIntVar(0, (total + 99) / 100, "p");
            List<LinearArgument> sum = new ArrayList<>(List.of(pool));
            List<Long> cs = new ArrayList<>(List.of(-100L));
            members.forEach(v -> {
                sum.add(x[v][h]);
                cs.add((long) vms.get(v).cpuPercent());
            });
            model.addLessOrEqual(LinearExpr.weightedSum(sum.toArray(new LinearArgument[0]),
                    cs.stream().mapToLong(Long::longValue).toArray()), 0);
            terms.add(pool);
            coefficients.add(1L);
        } else if (mode == Fleet.Mode.BURST && (r == Fleet.Resource.CPU || rate)) {
            ToLongFunction<Fleet.Vm> value = r == Fleet.Resource.CPU ? Fleet.Vm::wholeCpus : vm -> vm.reserved(r);
            long top = members.stream().mapToLong(v -> value.applyAsLong(vms.get(v))).max().orElse(0);
            IntVar largest = model.newIntVar(0, top, "m");
            for (int v : members) {
                model.addGreaterOrEqual(LinearExpr.weightedSum(new LinearArgument[] {largest, x[v][h]},
                        new long[] {1, -value.applyAsLong(vms.get(v))}), 0);
            }
            terms.add(largest);
            coefficients.add(1L);
        } else if (r != Fleet.Resource.CPU) {
            for (int v : members) {
                long d = vms.get(v).reserved(r);
                if (d != 0) {
                    terms.add(x[v][h]);
                    coefficients.add(d);
                }
            }
        }
    }

    /** The statements' literals (when guarded). */
    List<BoolVar> selectors() {
        return selectorList;
    }

    Statement statement(BoolVar selector) {
        return statementOf.get(selector.getIndex());
    }

    /** Searches under the given statements (all of them, when not guarded). */
    @Override
    public PlacementSolver.Verdict decide(List<BoolVar> assumed, long millis) {
        last = solver(millis);
        model.clearAssumptions();
        model.addAssumptions(assumed.toArray(new Literal[0]));
        CpSolverStatus s = last.solve(model);
        return switch (s) {
            case FEASIBLE, OPTIMAL -> PlacementSolver.Verdict.HOLDS;
            case INFEASIBLE -> PlacementSolver.Verdict.CONFLICT;
            default -> PlacementSolver.Verdict.UNKNOWN;
        };
    }

    /** The assumptions the last, infeasible, check found sufficient (all it was given when it names none). */
    @Override
    public List<BoolVar> core(List<BoolVar> assumed) {
        Set<Integer> named = new HashSet<>(last.sufficientAssumptionsForInfeasibility());
        List<BoolVar> out = assumed.stream().filter(b -> named.contains(b.getIndex())).toList();
        return out.isEmpty() ? assumed : out;
    }

    /** The host of each VM in the last feasible check's solution. */
    Map<String, String> assignment() {
        Map<String, String> out = new TreeMap<>();
        for (int v = 0; v < x.length; v++) {
            for (int h = 0; h < x[v].length; h++) {
                if (last.booleanValue(x[v][h])) {
                    out.put(fleet.vms().get(v).name(), fleet.hosts().get(h).name());
                }
            }
        }
        return out;
    }

    /** What the last check said that was neither a solution nor a proof. */
    String reasonUnknown() {
        return "CP-SAT stopped: " + last.getSolutionInfo();
    }

    private CpSolver solver(long millis) {
        CpSolver solver = new CpSolver();
        solver.getParameters().setMaxTimeInSeconds(Math.max(1, millis) / 1000.0).setNumWorkers(workers);
        return solver;
    }
}
