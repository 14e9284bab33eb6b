package org.cordon.verifier.switches;

import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.Context;
import com.microsoft.z3.IntExpr;
import com.microsoft.z3.Model;
import com.microsoft.z3.Solver;
import com.microsoft.z3.Status;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.cordon.verifier.facts.Condition;
import org.cordon.verifier.facts.Label;
import org.cordon.verifier.flow.FlowEdge;
import org.cordon.verifier.flow.FlowGraph;
import org.cordon.verifier.flow.Hop;
import org.jgrapht.Graph;

/**
 * Decides a flow question for every setting of the switches at once: is there a setting under
 * which information can flow from a source to a target? The graph given is the union of every
 * setting (each hop keeps its fact's guard); Z3 gets one boolean per switch, and per label of the
 * relevant part of the graph a "reached" boolean and a rank, with "reached" only justified by a
 * reached predecessor of lower rank over an edge whose guard holds. That is exact: a model is a
 * real path under its setting, and unsatisfiable means no setting has one. The setting returned
 * is then pared down to the switches the flow needs, so a report names only those.
 */
public final class SwitchSolver {

    private final Map<String, Boolean> defaults;

    public SwitchSolver(Map<String, Boolean> defaults) {
        this.defaults = Map.copyOf(defaults);
    }

    /**
     * A setting (switch → value, every switch named) under which some hop-counting path leads from
     * {@code sources} to a label of {@code targets} outside {@code sources} avoiding restricted labels,
     * or empty when no setting has one.
     */
    public Optional<Map<String, Boolean>> flowSetting(FlowGraph union, Set<Label> sources, Set<Label> targets,
            FlowGraph.Restriction r) {
        Graph<Label, FlowEdge> g = union.graph();
        Set<Label> keep = new HashSet<>(sources);
        keep.addAll(targets);
        Set<Label> forward = closure(g, sources, keep, r, false);
        Set<Label> goals = new HashSet<>(targets);
        goals.removeAll(sources);
        goals.retainAll(forward);
        if (goals.isEmpty()) {
            return Optional.empty();
        }
        Set<Label> relevant = closure(g, goals, keep, r, true);
        relevant.retainAll(forward);
        Optional<Map<String, Boolean>> found = solve(g, sources, goals, relevant, r);
        return found.map(s -> minimise(union, s, sources, targets, r));
    }

    /**
     * A setting (every switch named) under which {@code condition} holds, with every switch it does not need at its
     * default, or empty when none does: for properties that are a condition on switches rather than a flow (a domain
     * holding two duties through rules under switches).
     */
    public Optional<Map<String, Boolean>> setting(Condition condition) {
        Map<String, Boolean> found = new TreeMap<>(defaults);
        if (!condition.holds(found, defaults)) {
            try (Context z3 = new Context()) {
                Solver solver = z3.mkSolver();
                Map<String, BoolExpr> switches = new TreeMap<>();
                solver.add(encode(z3, condition, switches));
                if (solver.check() != Status.SATISFIABLE) {
                    return Optional.empty();
                }
                Model m = solver.getModel();
                switches.forEach((name, var) -> found.put(name, m.eval(var, true).isTrue()));
            }
        }
        // back to its default every switch the condition does not need, one at a time
        for (String name : List.copyOf(found.keySet())) {
            boolean dflt = defaults.getOrDefault(name, false);
            if (found.get(name) != dflt) {
                found.put(name, dflt);
                if (!condition.holds(found, defaults)) {
                    found.put(name, !dflt);
                }
            }
        }
        return Optional.of(Map.copyOf(found));
    }

    private Optional<Map<String, Boolean>> solve(Graph<Label, FlowEdge> g, Set<Label> sources, Set<Label> goals,
            Set<Label> relevant, FlowGraph.Restriction r) {
        try (Context z3 = new Context()) {
            Solver solver = z3.mkSolver();
            Map<String, BoolExpr> switches = new TreeMap<>();
            Map<Label, BoolExpr> reached = new HashMap<>();
            Map<Label, IntExpr> rank = new HashMap<>();
            int n = 0;
            for (Label l : relevant) {
                reached.put(l, z3.mkBoolConst("r" + n));
                rank.put(l, z3.mkIntConst("d" + n));
                n++;
            }
            for (Label l : relevant) {
                if (sources.contains(l)) {
                    solver.add(reached.get(l), z3.mkEq(rank.get(l), z3.mkInt(0)));
                    continue;
                }
                List<BoolExpr> justifications = new ArrayList<>();
                for (FlowEdge e : g.incomingEdgesOf(l)) {
                    Label from = g.getEdgeSource(e);
                    if (!relevant.contains(from)) {
                        continue;
                    }
                    BoolExpr guard = edgeGuard(z3, e, r, switches);
                    if (guard != null) {
                        justifications.add(z3.mkAnd(reached.get(from), guard, z3.mkLt(rank.get(from), rank.get(l))));
                    }
                }
                solver.add(z3.mkImplies(reached.get(l), z3.mkOr(justifications.toArray(new BoolExpr[0]))));
            }
            solver.add(z3.mkOr(goals.stream().map(reached::get).toArray(BoolExpr[]::new)));
            if (solver.check() != Status.SATISFIABLE) {
                return Optional.empty();
            }
            Model m = solver.getModel();
            Map<String, Boolean> setting = new TreeMap<>(defaults);
            switches.forEach((name, var) -> setting.put(name, m.eval(var, true).isTrue()));
            return Optional.of(setting);
        }
    }

    /** The disjunction of the counting hops' guards, or null when no hop counts. */
    private static BoolExpr edgeGuard(Context z3, FlowEdge e, FlowGraph.Restriction r, Map<String, BoolExpr> switches) {
        List<BoolExpr> any = new ArrayList<>();
        for (Hop h : e.hops()) {
            if (!r.counts().test(h)) {
                continue;
            }
            Optional<Condition> guard = h.fact().origin().guard();
            if (guard.isEmpty()) {
                return z3.mkTrue();
            }
            any.add(encode(z3, guard.get(), switches));
        }
        return any.isEmpty() ? null : z3.mkOr(any.toArray(new BoolExpr[0]));
    }

    static BoolExpr encode(Context z3, Condition c, Map<String, BoolExpr> switches) {
        if (c instanceof Condition.Switch s) {
            return switches.computeIfAbsent(s.name(), k -> z3.mkBoolConst("switch " + k));
        }
        if (c instanceof Condition.Not not) {
            return z3.mkNot(encode(z3, not.operand(), switches));
        }
        Condition.Binary b = (Condition.Binary) c;
        BoolExpr l = encode(z3, b.left(), switches);
        BoolExpr r = encode(z3, b.right(), switches);
        return switch (b.op()) {
            case "&&" -> z3.mkAnd(l, r);
            case "||" -> z3.mkOr(l, r);
            case "^", "!=" -> z3.mkXor(l, r);
            case "==" -> z3.mkEq(l, r);
            default -> throw new IllegalStateException("operator " + b.op());
        };
    }

    /** Labels reachable from {@code from} (backwards: reaching it) over counting hops, avoiding restricted labels. */
    private static Set<Label> closure(Graph<Label, FlowEdge> g, Set<Label> from, Set<Label> keep,
            FlowGraph.Restriction r, boolean backwards) {
        Set<Label> seen = new HashSet<>();
        ArrayList<Label> stack = new ArrayList<>();
        for (Label l : from) {
            if (g.containsVertex(l) && seen.add(l)) {
                stack.add(l);
            }
        }
        while (!stack.isEmpty()) {
            Label u = stack.remove(stack.size() - 1);
            for (FlowEdge e : backwards ? g.incomingEdgesOf(u) : g.outgoingEdgesOf(u)) {
                Label v = backwards ? g.getEdgeSource(e) : g.getEdgeTarget(e);
                if (seen.contains(v) || (r.avoid().test(v) && !keep.contains(v))
                        || e.hops().stream().noneMatch(r.counts())) {
                    continue;
                }
                seen.add(v);
                stack.add(v);
            }
        }
        return seen;
    }

    /**
     * Puts back at its default every switch the flow does not need, one at a time, keeping a change
     * only when undoing it loses the flow.
     */
    private Map<String, Boolean> minimise(FlowGraph union, Map<String, Boolean> setting, Set<Label> sources,
            Set<Label> targets, FlowGraph.Restriction r) {
        Map<String, Boolean> current = new LinkedHashMap<>(setting);
        for (String name : List.copyOf(setting.keySet())) {
            Boolean dflt = defaults.getOrDefault(name, false);
            if (current.get(name).equals(dflt)) {
                continue;
            }
            current.put(name, dflt);
            if (!flows(union, current, sources, targets, r)) {
                current.put(name, !dflt);
            }
        }
        return Map.copyOf(current);
    }

    private boolean flows(FlowGraph union, Map<String, Boolean> setting, Set<Label> sources, Set<Label> targets,
            FlowGraph.Restriction r) {
        FlowGraph.Restriction under = new FlowGraph.Restriction(r.avoid(), h -> r.counts().test(h)
                && h.fact().origin().guard().map(c -> c.holds(setting, defaults)).orElse(true));
        return union.shortestFlow(sources, targets, under).isPresent();
    }
}
