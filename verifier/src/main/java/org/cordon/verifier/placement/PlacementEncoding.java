package org.cordon.verifier.placement;

import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.Context;
import com.microsoft.z3.Model;
import com.microsoft.z3.Params;
import com.microsoft.z3.Solver;
import com.microsoft.z3.Status;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.cordon.verifier.placement.Fleet.Mode;
import org.cordon.verifier.placement.Fleet.Resource;

/**
 * A fleet as a Z3 problem over Booleans and linear pseudo-Boolean sums (linear integer arithmetic
 * on 0/1 variables, solved by Z3's SAT engine with native cardinality and PB constraints): x[v][h]
 * says VM v runs on host h. Every constraint that a Cordon statement imposes is guarded by that
 * statement's selector, one per statement, so that an unsatisfiable check's core is a set of
 * statements. What only defines auxiliary variables (a unit's cpupool size, the labels present on
 * a host) is asserted unguarded.
 *
 * <ul>
 * <li>workload: exactly one host per VM;</li>
 * <li>pin ({@code on H}): x[v][H]; when H is unavailable only pin with a migration denial binds;</li>
 * <li>zone scope: no host outside the zone; an unavailable host: no VM;</li>
 * <li>conflict set: per host, no two labels it keeps apart (see {@link ChineseWall#apart});</li>
 * <li>host capacity, per resource: the rules of {@link HostLoad}, with unary pool sizes.</li>
 * </ul>
 */
final class PlacementEncoding implements AutoCloseable, PlacementSolver.Checker<BoolExpr> {

    final Context z3;
    final Solver solver;
    final Fleet fleet;
    /** x[v][h], in the fleet's order of VMs and hosts */
    final BoolExpr[][] x;
    private final Map<Statement, BoolExpr> selectors = new LinkedHashMap<>();
    private final Map<BoolExpr, Statement> statementOf = new HashMap<>();
    private final ChineseWall wall;

    PlacementEncoding(Fleet fleet, ChineseWall wall) {
        this.fleet = fleet;
        this.wall = wall;
        this.z3 = new Context(Map.of("model", "true"));
        // the SAT engine with cardinality and PB constraints: fast on assignment problems, and it keeps cores
        this.solver = z3.mkSolver("QF_FD");
        int nv = fleet.vms().size();
        int nh = fleet.hosts().size();
        x = new BoolExpr[nv][nh];
        for (int v = 0; v < nv; v++) {
            for (int h = 0; h < nh; h++) {
                x[v][h] = z3.mkBoolConst("x" + v + "_" + h);
            }
        }
        encodeVms();
        encodeHosts();
        encodeChineseWall();
    }

    /** The selector of a statement (created on first use). */
    BoolExpr selector(Statement s) {
        return selectors.computeIfAbsent(s, k -> {
            BoolExpr b = z3.mkBoolConst("s" + selectors.size());
            statementOf.put(b, k);
            return b;
        });
    }

    List<BoolExpr> selectors() {
        return new ArrayList<>(selectors.values());
    }

    Statement statement(BoolExpr selector) {
        return statementOf.get(selector);
    }

    private void guarded(BoolExpr constraint, Statement... by) {
        BoolExpr[] sel = new BoolExpr[by.length];
        for (int i = 0; i < by.length; i++) {
            sel[i] = selector(by[i]);
        }
        solver.add(z3.mkImplies(by.length == 1 ? sel[0] : z3.mkAnd(sel), constraint));
    }

    // ---- VMs: one host each, pins, zones, unavailable hosts ----------------------------------

    private void encodeVms() {
        List<Fleet.Host> hosts = fleet.hosts();
        for (int v = 0; v < fleet.vms().size(); v++) {
            Fleet.Vm vm = fleet.vms().get(v);
            int[] ones = new int[hosts.size()];
            java.util.Arrays.fill(ones, 1);
            guarded(z3.mkPBEq(ones, x[v], 1), vm.workload());
            if (vm.pin().isPresent()) {
                int h = fleet.hostIndex(vm.pinnedHost().get());
                if (hosts.get(h).unavailable().isEmpty()) {
                    guarded(x[v][h], vm.pin().get());
                } else if (vm.migrationDenied().isPresent()) {
                    // it must leave a host it may not leave
                    guarded(x[v][h], vm.pin().get(), vm.migrationDenied().get());
                }
            }
            if (vm.zoneScope().isPresent()) {
                for (int h = 0; h < hosts.size(); h++) {
                    if (!hosts.get(h).zone().equals(vm.zone())) {
                        guarded(z3.mkNot(x[v][h]), vm.zoneScope().get());
                    }
                }
            }
        }
        for (int h = 0; h < hosts.size(); h++) {
            Optional<Statement> off = hosts.get(h).unavailable();
            if (off.isPresent()) {
                for (int v = 0; v < fleet.vms().size(); v++) {
                    guarded(z3.mkNot(x[v][h]), off.get());
                }
            }
        }
    }


    // ---- Chinese Wall ----------------------------------------------------------------------

    private void encodeChineseWall() {
        // per label, "some VM with it runs on h" (one array per label: the lists are shared instances)
        Map<List<Integer>, BoolExpr[]> present = new java.util.IdentityHashMap<>();
        for (ChineseWall.ApartLabels p : wall.apartLabels(fleet.vms())) {
            BoolExpr[] a = present.computeIfAbsent(p.a(), this::present);
            BoolExpr[] b = present.computeIfAbsent(p.b(), this::present);
            for (Fleet.ConflictSet c : p.why()) {
                for (int h = 0; h < fleet.hosts().size(); h++) {
                    guarded(z3.mkOr(z3.mkNot(a[h]), z3.mkNot(b[h])), c.statement());
                }
            }
        }
    }

    /** Per host, "some VM with this label runs here" (implied by each such VM's x). */
    private BoolExpr[] present(List<Integer> members) {
        BoolExpr[] u = new BoolExpr[fleet.hosts().size()];
        for (int h = 0; h < u.length; h++) {
            u[h] = z3.mkBoolConst("a" + auxiliaries++);
            for (int v : members) {
                solver.add(z3.mkImplies(x[v][h], u[h]));
            }
        }
        return u;
    }

    // ---- host capacities -------------------------------------------------------------------

    private void encodeHosts() {
        for (int h = 0; h < fleet.hosts().size(); h++) {
            Fleet.Host host = fleet.hosts().get(h);
            for (Resource r : Resource.values()) {
                Optional<Long> cap = host.capacity(r);
                if (cap.isEmpty()) {
                    continue;
                }
                Statement by = host.capacity().get(r);
                Sum sum = new Sum();
                if (r == Resource.CPU) {
                    cpuDemand(h, by, sum);
                    atMost(sum, cap.get() - 1, by);
                } else if (r == Resource.MEMORY || r == Resource.DISK) {
                    for (int v = 0; v < fleet.vms().size(); v++) {
                        sum.add(fleet.vms().get(v).reserved(r), x[v][h]);
                    }
                    atMost(sum, cap.get(), by);
                } else {
                    rateDemand(h, r, sum);
                    atMost(sum, cap.get(), by);
                }
            }
        }
    }

    /**
     * pCPUs the host's cpupools other than Pool-0 take: per dedicated unit its summed demand rounded
     * up (a unary count p1 ≥ p2 ≥ … with 100·Σp ≥ Σ demand), per burst unit its largest VM's.
     */
    private void cpuDemand(int h, Statement hostCpus, Sum sum) {
        for (Map.Entry<Fleet.Unit, List<Integer>> e : units().entrySet()) {
            Fleet.Unit unit = e.getKey();
            List<Integer> members = e.getValue();
            if (unit.mode() == Mode.DEDICATED) {
                boolean whole = members.stream().allMatch(v -> fleet.vms().get(v).cpuPercent() % 100 == 0);
                if (whole) {
                    members.forEach(v -> sum.add(fleet.vms().get(v).cpuPercent() / 100, x[v][h]));
                    continue;
                }
                long total = members.stream().mapToLong(v -> fleet.vms().get(v).cpuPercent()).sum();
                int k = (int) Math.min((total + 99) / 100, Math.max(1, fleet.hosts().get(h).cpus()));
                BoolExpr[] p = unary(k);
                Sum def = new Sum();
                members.forEach(v -> def.add(fleet.vms().get(v).cpuPercent(), x[v][h]));
                for (BoolExpr b : p) {
                    def.add(-100, b);
                    sum.add(1, b);
                }
                // the pool may only be too small when the host's CPU statement is set aside
                guarded(def.atMost(0), hostCpus);
            } else if (unit.mode() == Mode.BURST) {
                largest(members, v -> (long) fleet.vms().get(v).wholeCpus(), h, sum);
            }
        }
    }

    /** A rate reserved: summed over dedicated VMs, each burst unit's largest. */
    private void rateDemand(int h, Resource r, Sum sum) {
        for (Map.Entry<Fleet.Unit, List<Integer>> e : units().entrySet()) {
            if (e.getKey().mode() == Mode.DEDICATED) {
                e.getValue().forEach(v -> sum.add(fleet.vms().get(v).reserved(r), x[v][h]));
            } else if (e.getKey().mode() == Mode.BURST) {
                largest(e.getValue(), v -> fleet.vms().get(v).reserved(r), h, sum);
            }
        }
    }

    /**
     * The largest value among the members present, as levels: l_j says "some member of value ≥ d_j is
     * here", l_j implies l_{j-1}, and the maximum is Σ (d_j − d_{j−1})·l_j.
     */
    private void largest(List<Integer> members, java.util.function.IntToLongFunction value, int h, Sum sum) {
        TreeSet<Long> distinct = new TreeSet<>();
        members.forEach(v -> distinct.add(value.applyAsLong(v)));
        distinct.remove(0L);
        if (distinct.isEmpty()) {
            return;
        }
        List<Long> d = new ArrayList<>(distinct);
        BoolExpr[] l = unary(d.size());
        for (int v : members) {
            long val = value.applyAsLong(v);
            if (val > 0) {
                solver.add(z3.mkImplies(x[v][h], l[d.indexOf(val)]));
            }
        }
        long prev = 0;
        for (int j = 0; j < d.size(); j++) {
            sum.add(d.get(j) - prev, l[j]);
            prev = d.get(j);
        }
    }

    private int auxiliaries;

    /** k Booleans b1 ≥ b2 ≥ … ≥ bk (a count in unary). */
    private BoolExpr[] unary(int k) {
        BoolExpr[] b = new BoolExpr[k];
        for (int i = 0; i < k; i++) {
            b[i] = z3.mkBoolConst("a" + auxiliaries++);
            if (i > 0) {
                solver.add(z3.mkImplies(b[i], b[i - 1]));
            }
        }
        return b;
    }

    private Map<Fleet.Unit, List<Integer>> unitsCache;

    private Map<Fleet.Unit, List<Integer>> units() {
        if (unitsCache == null) {
            unitsCache = new LinkedHashMap<>();
            for (int v = 0; v < fleet.vms().size(); v++) {
                unitsCache.computeIfAbsent(fleet.vms().get(v).unit(), k -> new ArrayList<>()).add(v);
            }
        }
        return unitsCache;
    }

    private void atMost(Sum sum, long bound, Statement by) {
        guarded(sum.atMost(bound), by);
    }

    /** A pseudo-Boolean sum Σ c·b, reduced by the coefficients' gcd before it reaches Z3's int coefficients. */
    private final class Sum {
        private final List<Long> coefficients = new ArrayList<>();
        private final List<BoolExpr> literals = new ArrayList<>();

        void add(long c, BoolExpr b) {
            if (c != 0) {
                coefficients.add(c);
                literals.add(b);
            }
        }

        BoolExpr atMost(long bound) {
            if (literals.isEmpty()) {
                return z3.mkBool(bound >= 0);
            }
            long g = 0;
            for (long c : coefficients) {
                g = BigInteger.valueOf(g).gcd(BigInteger.valueOf(Math.abs(c))).longValue();
            }
            long b = Math.floorDiv(bound, g);
            int[] cs = new int[coefficients.size()];
            for (int i = 0; i < cs.length; i++) {
                long c = coefficients.get(i) / g;
                if (Math.abs(c) > Integer.MAX_VALUE || Math.abs(b) > Integer.MAX_VALUE) {
                    throw new IllegalArgumentException("a size or capacity is too large to place (over 2^31 in "
                            + "the solver's units of MiB and Kbit/s after scaling)");
                }
                cs[i] = (int) c;
            }
            return z3.mkPBLe(cs, literals.toArray(new BoolExpr[0]), (int) b);
        }
    }

    // ---- solving ---------------------------------------------------------------------------

    Status check(List<BoolExpr> assumptions, long timeoutMillis) {
        Params p = z3.mkParams();
        p.add("timeout", (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeoutMillis)));
        solver.setParameters(p);
        return solver.check(assumptions.toArray(new BoolExpr[0]));
    }

    @Override
    public PlacementSolver.Verdict decide(List<BoolExpr> assumed, long millis) {
        Status s = check(assumed, millis);
        return s == Status.SATISFIABLE ? PlacementSolver.Verdict.HOLDS
                : s == Status.UNSATISFIABLE ? PlacementSolver.Verdict.CONFLICT : PlacementSolver.Verdict.UNKNOWN;
    }

    /** The selectors of the last unsatisfiable check's core. */
    @Override
    public List<BoolExpr> core(List<BoolExpr> assumed) {
        List<BoolExpr> out = new ArrayList<>();
        for (BoolExpr b : solver.getUnsatCore()) {
            if (statementOf.containsKey(b)) {
                out.add(b);
            }
        }
        return out;
    }

    /** The statements of the last unsatisfiable check's core. */
    List<Statement> core() {
        List<Statement> out = new ArrayList<>();
        for (BoolExpr b : solver.getUnsatCore()) {
            Statement s = statementOf.get(b);
            if (s != null) {
                out.add(s);
            }
        }
        return out;
    }

    /** The host of each VM in the last satisfiable check's model. */
    Map<String, String> assignment() {
        Model m = solver.getModel();
        Map<String, String> out = new TreeMap<>();
        for (int v = 0; v < x.length; v++) {
            for (int h = 0; h < x[v].length; h++) {
                if (m.eval(x[v][h], true).isTrue()) {
                    out.put(fleet.vms().get(v).name(), fleet.hosts().get(h).name());
                    break;
                }
            }
        }
        return out;
    }

    /** Literals fixing VMs to hosts, for checking a placement found elsewhere. */
    List<BoolExpr> fixing(Map<String, String> placement) {
        List<BoolExpr> out = new ArrayList<>();
        for (int v = 0; v < x.length; v++) {
            String host = placement.get(fleet.vms().get(v).name());
            if (host != null) {
                out.add(x[v][fleet.hostIndex(host)]);
            }
        }
        return out;
    }

    @Override
    public void close() {
        z3.close();
    }
}
