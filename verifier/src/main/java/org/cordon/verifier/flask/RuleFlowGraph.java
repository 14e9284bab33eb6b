package org.cordon.verifier.flask;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.cordon.model.Diagnostic;
import org.cordon.model.SourcePos;
import org.cordon.verifier.facts.Condition;
import org.cordon.verifier.permmap.PermissionFlow;
import org.cordon.verifier.permmap.XenPermissionMap;
import org.cordon.xsm.flask.conf.AllowOrigin;
import org.cordon.xsm.flask.model.AvEntry;
import org.cordon.xsm.flask.model.ClassDef;
import org.cordon.xsm.flask.model.CondNode;
import org.cordon.xsm.flask.model.FlaskPolicy;
import org.cordon.xsm.flask.model.TypeDef;

/**
 * The information-flow graph of a FLASK policy as Xen stores it: a vertex per type and one per
 * access-vector entry that moves information ("rule vertices"), with an edge from every member of
 * the entry's writing side to the rule and from the rule to every member of the reading side. An
 * entry over attributes thus costs |S| + |T| edges instead of |S| × |T| (Xen's own pattern puts
 * every domain in {@code domain_type}, so a policy of a thousand domains has millions of type
 * pairs but only thousands of edges here). A path type → rule → type is one hop of a flow.
 */
public final class RuleFlowGraph {

    /** One flow-moving entry: its rule, its heaviest permission in this direction, and whether its source writes. */
    public record Rule(String statement, SourcePos pos, String securityClass, String permission, boolean sourceWrites,
            int weight, Optional<Condition> guard) {
    }

    private final List<String> types = new ArrayList<>();
    private final Map<String, Integer> typeIds = new HashMap<>();
    private final Map<String, int[]> attributes = new TreeMap<>();
    private final List<Rule> rules = new ArrayList<>();
    private final Map<String, Boolean> booleans = new TreeMap<>();
    private int[][] out;
    private int entries;

    private RuleFlowGraph() {
    }

    public static RuleFlowGraph of(String file, FlaskPolicy p, List<AllowOrigin> origins, XenPermissionMap map) {
        RuleFlowGraph g = new RuleFlowGraph();
        g.build(file, p, origins, map);
        return g;
    }

    public List<String> types() {
        return types;
    }

    public Map<String, int[]> attributes() {
        return attributes;
    }

    public Map<String, Boolean> booleans() {
        return booleans;
    }

    /** Allow entries of the policy (unconditional and conditional). */
    public int entries() {
        return entries;
    }

    public List<Rule> rules() {
        return rules;
    }

    /** The type ids a type or attribute name stands for; empty if the policy has no such name. */
    public int[] typesOf(String name) {
        if (attributes.containsKey(name)) {
            return attributes.get(name);
        }
        Integer id = typeIds.get(name);
        return id == null ? new int[0] : new int[] {id};
    }

    public String typeName(int id) {
        return types.get(id);
    }

    private void build(String file, FlaskPolicy p, List<AllowOrigin> origins, XenPermissionMap map) {
        Map<Integer, List<Integer>> members = new HashMap<>();
        for (TypeDef t : p.types()) {
            if (!t.attribute()) {
                typeIds.put(t.name(), types.size());
                types.add(t.name());
            }
        }
        Map<String, List<Integer>> attrMembers = new LinkedHashMap<>();
        p.types().stream().filter(TypeDef::attribute).forEach(a -> attrMembers.put(a.name(), new ArrayList<>()));
        for (TypeDef t : p.types()) {
            if (t.attribute()) {
                continue;
            }
            int id = typeIds.get(t.name());
            members.computeIfAbsent(t.value(), k -> new ArrayList<>()).add(id);
            if (t.value() - 1 < p.typeAttrMap().size()) {
                p.typeAttrMap().get(t.value() - 1).stream().forEach(bit -> {
                    TypeDef a = p.type(bit + 1);
                    if (a.attribute()) {
                        members.computeIfAbsent(a.value(), k -> new ArrayList<>()).add(id);
                        attrMembers.get(a.name()).add(id);
                    }
                });
            }
        }
        attrMembers.forEach((a, ids) -> attributes.put(a, ids.stream().mapToInt(Integer::intValue).toArray()));
        p.bools().forEach(b -> booleans.put(b.name(), b.state()));
        Map<String, List<AllowOrigin>> byEntry = new HashMap<>();
        for (AllowOrigin o : origins) {
            byEntry.computeIfAbsent(o.source() + "|" + o.target() + "|" + o.tclass() + "|" + o.conditional(),
                    k -> new ArrayList<>()).add(o);
        }
        EdgeLists edges = new EdgeLists();
        Map<Integer, String[]> permNames = new HashMap<>();
        SourcePos at = new SourcePos(file, 0, 0, 0, 0);
        List<Object[]> all = new ArrayList<>(); // {entry, guard}
        p.avtab().forEach(e -> all.add(new Object[] {e, Optional.empty()}));
        for (CondNode c : p.conditionals()) {
            Condition guard = FlaskFacts.condition(p, c.expr());
            c.trueList().forEach(e -> all.add(new Object[] {e, Optional.of(guard)}));
            c.falseList().forEach(e -> all.add(new Object[] {e, Optional.of(new Condition.Not(guard))}));
        }
        for (Object[] item : all) {
            AvEntry e = (AvEntry) item[0];
            @SuppressWarnings("unchecked")
            Optional<Condition> guard = (Optional<Condition>) item[1];
            if (e.kind() != AvEntry.ALLOWED || e.data() == 0) {
                continue;
            }
            entries++;
            ClassDef c = p.clazz(e.tclass());
            String[] perms = permNames.computeIfAbsent(e.tclass(), k -> FlaskFacts.permissionNames(p, c));
            int[] best = {-1, -1}; // heaviest bit writing to the target, reading from it
            int[] weight = {0, 0};
            for (int bit = 0; bit < 32; bit++) {
                if ((e.data() >>> bit & 1) == 0 || perms[bit] == null) {
                    continue;
                }
                Optional<PermissionFlow> f = map.flow(c.name(), perms[bit]);
                if (f.isEmpty()) {
                    continue;
                }
                if (f.get().direction().flowsToTarget() && f.get().weight() > weight[0]) {
                    weight[0] = f.get().weight();
                    best[0] = bit;
                }
                if (f.get().direction().flowsToSource() && f.get().weight() > weight[1]) {
                    weight[1] = f.get().weight();
                    best[1] = bit;
                }
            }
            List<Integer> ss = members.getOrDefault(e.source(), List.of());
            List<Integer> ts = members.getOrDefault(e.target(), List.of());
            String s = p.type(e.source()).name();
            String t = p.type(e.target()).name();
            for (int dir = 0; dir < 2; dir++) {
                if (best[dir] < 0 || ss.isEmpty() || ts.isEmpty()) {
                    continue;
                }
                int bit = best[dir];
                SourcePos pos = at;
                for (AllowOrigin o : byEntry.getOrDefault(e.source() + "|" + e.target() + "|" + e.tclass() + "|"
                        + guard.isPresent(), List.of())) {
                    if ((o.perms() >>> bit & 1) == 1) {
                        pos = new SourcePos(o.file(), o.line(), o.column(), 0, 0);
                        break;
                    }
                }
                int node = types.size() + rules.size();
                rules.add(new Rule("allow " + s + " " + t + ":" + c.name() + " " + perms[bit] + ";", pos, c.name(),
                        perms[bit], dir == 0, weight[dir], guard));
                List<Integer> writers = dir == 0 ? ss : ts;
                List<Integer> readers = dir == 0 ? ts : ss;
                writers.forEach(w -> edges.add(w, node));
                readers.forEach(r -> edges.add(node, r));
            }
        }
        out = edges.out(types.size() + rules.size());
    }

    /** Growable edge lists, turned into arrays once. */
    private static final class EdgeLists {
        private int[] from = new int[1024];
        private int[] to = new int[1024];
        private int size;

        void add(int a, int b) {
            if (size == from.length) {
                from = Arrays.copyOf(from, size * 2);
                to = Arrays.copyOf(to, size * 2);
            }
            from[size] = a;
            to[size] = b;
            size++;
        }

        /** Successor arrays, per vertex. */
        int[][] out(int nodes) {
            int[] a = from;
            int[] b = to;
            int[] count = new int[nodes];
            for (int i = 0; i < size; i++) {
                count[a[i]]++;
            }
            int[][] adj = new int[nodes][];
            for (int n = 0; n < nodes; n++) {
                adj[n] = new int[count[n]];
            }
            int[] fill = new int[nodes];
            for (int i = 0; i < size; i++) {
                adj[a[i]][fill[a[i]]++] = b[i];
            }
            return adj;
        }
    }

    /** One breadth-first search: hops (rule vertices passed) to each type, and the way back. */
    public final class Reach {
        private final int[] dist;
        private final int[] prev;

        Reach(int[] dist, int[] prev) {
            this.dist = dist;
            this.prev = prev;
        }

        /** The nearest of {@code targets} reached (not a source), as a list of hops, or empty. */
        public Optional<List<Diagnostic.Related>> pathTo(int[] targets, List<String> route) {
            int best = -1;
            for (int t : targets) {
                if (dist[t] > 0 && (best < 0 || dist[t] < dist[best])) {
                    best = t;
                }
            }
            if (best < 0) {
                return Optional.empty();
            }
            List<int[]> steps = new ArrayList<>(); // {from type, rule, to type}
            for (int at = best; prev[at] >= 0; ) {
                int rule = prev[at];
                int from = prev[rule];
                steps.add(0, new int[] {from, rule, at});
                at = from;
            }
            List<Diagnostic.Related> hops = new ArrayList<>();
            route.add(types.get(steps.get(0)[0]));
            for (int[] s : steps) {
                Rule r = rules.get(s[1] - types.size());
                String from = types.get(s[0]);
                String to = types.get(s[2]);
                route.add(to);
                String who = r.sourceWrites() ? from + " writes" : to + " reads";
                hops.add(new Diagnostic.Related(from + " -> " + to + " by " + r.securityClass() + "." + r.permission()
                        + " (" + who + "), allowed by `" + r.statement() + "`"
                        + r.guard().map(g -> " when " + g.describe()).orElse(""), r.pos()));
            }
            return Optional.of(hops);
        }
    }

    /**
     * Searches forwards from {@code sources}, never through an {@code avoid}ed type, over rules
     * {@code active} says are in force.
     */
    public Reach reach(int[] sources, boolean[] avoid, Predicate<Rule> active) {
        int nodes = types.size() + rules.size();
        int[] dist = new int[nodes];
        int[] prev = new int[nodes];
        Arrays.fill(dist, -1);
        Arrays.fill(prev, -1);
        boolean[] ruleOn = new boolean[rules.size()];
        for (int i = 0; i < rules.size(); i++) {
            ruleOn[i] = active.test(rules.get(i));
        }
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int s : sources) {
            if (dist[s] < 0) {
                dist[s] = 0;
                queue.add(s);
            }
        }
        while (!queue.isEmpty()) {
            int u = queue.poll();
            for (int v : out[u]) {
                if (dist[v] >= 0) {
                    continue;
                }
                if (v >= types.size()) {
                    if (!ruleOn[v - types.size()]) {
                        continue;
                    }
                    dist[v] = dist[u];
                } else {
                    if (avoid[v]) {
                        continue;
                    }
                    dist[v] = dist[u] + 1;
                }
                prev[v] = u;
                // a rule vertex is no step of its own: search on from it at once, so that hops stay in order
                if (v >= types.size()) {
                    queue.addFirst(v);
                } else {
                    queue.add(v);
                }
            }
        }
        return new Reach(dist, prev);
    }

    /** Whether the rule is in force under {@code setting} (booleans it does not name: defaults). */
    public boolean active(Rule r, Map<String, Boolean> setting) {
        return r.guard().map(g -> g.holds(setting, booleans)).orElse(true);
    }

    /** The booleans that guard some flow-moving rule: the only ones a flow property depends on. */
    public Set<String> relevantBooleans() {
        Set<String> out = new java.util.TreeSet<>();
        rules.forEach(r -> r.guard().ifPresent(g -> out.addAll(g.switches())));
        return out;
    }
}
