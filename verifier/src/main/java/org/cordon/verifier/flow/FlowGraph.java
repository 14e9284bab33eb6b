package org.cordon.verifier.flow;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.cordon.verifier.facts.AccessVector;
import org.cordon.verifier.facts.Fact;
import org.cordon.verifier.facts.Label;
import org.cordon.verifier.permmap.PermissionFlow;
import org.cordon.verifier.permmap.XenPermissionMap;
import org.jgrapht.Graph;
import org.jgrapht.graph.DefaultDirectedGraph;

/**
 * The information-flow graph of a policy: a vertex per label, an edge wherever some allowed
 * permission moves information (in the permission map's direction), each edge remembering, of the
 * facts behind it, every one a search could choose (per statement, its heaviest). Self flows are
 * dropped: a domain reading itself tells nobody anything.
 */
public final class FlowGraph {

    /** Each label's edges out and in, in the order they were made; the labels in the order they were met. */
    private final Map<Label, List<FlowEdge>> out = new java.util.LinkedHashMap<>();
    private final Map<Label, List<FlowEdge>> in = new HashMap<>();
    private final Set<Label> labels = new java.util.LinkedHashSet<>();
    /** JGraphT's view of the same graph, for the solver and the commands that walk it; made when first asked for. */
    private Graph<Label, FlowEdge> jgrapht;

    private void add(FlowEdge e) {
        labels.add(e.from());
        labels.add(e.to());
        out.computeIfAbsent(e.from(), k -> new ArrayList<>()).add(e);
        in.computeIfAbsent(e.to(), k -> new ArrayList<>()).add(e);
    }

    /** Builds the graph of the given facts: one switch setting's, or all of them for every setting at once. */
    public static FlowGraph of(Collection<Fact> facts, XenPermissionMap map) {
        return ofVectors(facts.stream().map(AccessVector::of).toList(), map);
    }

    /**
     * The same from access vectors. A vector's permissions share its ends and its statement, and every
     * search asks of an edge only for its heaviest hop among those whose statement counts, so each vector
     * gives at most one hop each way: its heaviest permission that way (the first of equals), which is the
     * hop that searching its single facts would have picked.
     */
    public static FlowGraph ofVectors(Collection<AccessVector> vectors, XenPermissionMap map) {
        FlowGraph g = new FlowGraph();
        // hops gathered per (from, to) first: one edge per pair, however many vectors move information along it
        Map<Label, Outs> edges = new java.util.LinkedHashMap<>();
        // a grant's permission list is shared by all its vectors: its heaviest permissions are found once
        Map<List<String>, Heaviest> heaviest = new java.util.IdentityHashMap<>();
        // one-permission vectors (a single fact's) have lists of their own: those are known by name
        PerPermission single = new PerPermission();
        AccessVector last = null;
        FlowEdge lastForwards = null;
        FlowEdge lastBackwards = null;
        for (AccessVector v : vectors) {
            if (v.source().equals(v.target())) {
                continue; // a domain reading itself tells nobody anything
            }
            Heaviest ways = v.permissions().size() == 1 ? single.get(v.securityClass(), v.permissions().get(0))
                    : heaviest.get(v.permissions());
            if (ways == null || !ways.securityClass().equals(v.securityClass())) {
                ways = Heaviest.of(v.securityClass(), v.permissions(), map);
                if (v.permissions().size() == 1) {
                    single.put(v.securityClass(), v.permissions().get(0), ways);
                } else {
                    heaviest.put(v.permissions(), ways);
                }
            }
            // a statement's vectors for one pair come one after another: their edges are the last one's
            boolean samePair = last != null && last.source().equals(v.source()) && last.target().equals(v.target());
            if (!samePair) {
                lastForwards = null;
                lastBackwards = null;
            }
            // edges are made in the order the vector's permissions first go each way, as its single facts would
            if (ways.backwardsFirst()) {
                lastBackwards = hop(edges, v.target(), v.source(), v, ways.toSource(), lastBackwards);
            }
            lastForwards = hop(edges, v.source(), v.target(), v, ways.toTarget(), lastForwards);
            if (!ways.backwardsFirst()) {
                lastBackwards = hop(edges, v.target(), v.source(), v, ways.toSource(), lastBackwards);
            }
            last = v;
        }
        // a label's edges out are its list, in order: taken whole, not added one by one
        edges.forEach((from, tos) -> {
            g.labels.add(from);
            g.out.put(from, tos.inOrder);
            for (FlowEdge e : tos.inOrder) {
                List<FlowEdge> ins = g.in.get(e.to());
                if (ins == null) { // a label met for the first time as a target: only then can it be new
                    ins = new ArrayList<>();
                    g.in.put(e.to(), ins);
                    g.labels.add(e.to());
                }
                ins.add(e);
            }
        });
        return g;
    }

    /**
     * The vector's hop from {@code from} to {@code to} by its heaviest permission that way (none: no hop), on
     * {@code edge} when that is already known (the same pair's); the edge, or null.
     */
    private static FlowEdge hop(Map<Label, Outs> edges, Label from, Label to, AccessVector v,
            PermissionFlow meaning, FlowEdge edge) {
        if (meaning == null) {
            return edge;
        }
        FlowEdge e = edge;
        if (e == null) {
            // get, then put: a capturing lambda for computeIfAbsent would be made for every vector
            Outs tos = edges.get(from);
            if (tos == null) {
                tos = new Outs();
                edges.put(from, tos);
            }
            e = tos.byTarget.get(to);
            if (e == null) {
                e = new FlowEdge(from, to);
                tos.byTarget.put(to, e);
                tos.inOrder.add(e);
            }
        }
        e.offer(v, meaning);
        return e;
    }

    /**
     * One label's edges out while the graph is made: found by target, and listed in the order they were made, which
     * becomes the graph's list as it is (copying a linked map's values was a fifth of making the graph).
     */
    private static final class Outs {
        final Map<Label, FlowEdge> byTarget = new HashMap<>();
        final List<FlowEdge> inOrder = new ArrayList<>();
    }

    /**
     * A permission list's heaviest permission that moves information to the target, and to the source (null:
     * none), and whether some permission goes to the source before any goes to the target.
     */
    private record Heaviest(String securityClass, PermissionFlow toTarget, PermissionFlow toSource,
            boolean backwardsFirst) {
        static Heaviest of(String securityClass, List<String> permissions, XenPermissionMap map) {
            PermissionFlow forwards = null;
            PermissionFlow backwards = null;
            boolean backwardsFirst = false;
            for (String p : permissions) {
                Optional<PermissionFlow> meaning = map.flow(securityClass, p);
                if (meaning.isEmpty()) {
                    continue;
                }
                PermissionFlow m = meaning.get();
                if (forwards == null && backwards == null && !m.direction().flowsToTarget()
                        && m.direction().flowsToSource()) {
                    backwardsFirst = true;
                }
                if (m.direction().flowsToTarget() && (forwards == null || m.weight() > forwards.weight())) {
                    forwards = m;
                }
                if (m.direction().flowsToSource() && (backwards == null || m.weight() > backwards.weight())) {
                    backwards = m;
                }
            }
            return new Heaviest(securityClass, forwards, backwards, backwardsFirst);
        }
    }

    /** The graph as JGraphT's (labels and edges in the same order as the searches see them). */
    public synchronized Graph<Label, FlowEdge> graph() {
        if (jgrapht == null) {
            Graph<Label, FlowEdge> g = new DefaultDirectedGraph<>(null, null, false);
            labels.forEach(g::addVertex);
            out.values().forEach(es -> es.forEach(e -> g.addEdge(e.from(), e.to(), e)));
            jgrapht = g;
        }
        return jgrapht;
    }

    public Set<Label> labels() {
        return Collections.unmodifiableSet(labels);
    }

    /**
     * What a search may use: labels to avoid (mediators) and the hops that count. {@code counts} judges a
     * hop by its statement (the fact's origin: its kind, its switch guard); the graph keeps, of a statement's
     * hops along one edge, only those a search could choose on that basis.
     */
    public record Restriction(Predicate<Label> avoid, Predicate<Hop> counts) {
        public static final Restriction NONE = new Restriction(l -> false, h -> true);
    }

    /**
     * The shortest flow (fewest hops) from any of {@code sources} to any of {@code targets} that
     * passes through no avoided label (sources and targets themselves are never avoided) and uses
     * only counting hops; empty when there is none.
     */
    public Optional<FlowPath> shortestFlow(Set<Label> sources, Set<Label> targets, Restriction r) {
        Set<Label> keep = new HashSet<>(sources);
        keep.addAll(targets);
        if (Collections.disjoint(sources, targets)) {
            return reach(sources, keep, r, false).pathTo(targets);
        }
        // a label on both sides may still receive from another source: search from each alone
        FlowPath best = null;
        for (Label s : sources) {
            Optional<FlowPath> p = reach(Set.of(s), keep, r, false).pathTo(targets);
            if (p.isPresent() && (best == null || p.get().length() < best.length())) {
                best = p.get();
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * One breadth-first search from all of {@code sources} at once, forwards (where their
     * information goes) or {@code backwards} (where information reaching them comes from); labels in
     * {@code keep} are never avoided (pass the sources among them). Ask the result for paths to as
     * many labels as needed.
     */
    public Reach reach(Set<Label> sources, Set<Label> keep, Restriction r, boolean backwards) {
        Map<Label, Hop> via = new HashMap<>();
        Map<Label, Integer> dist = new HashMap<>();
        ArrayDeque<Label> queue = new ArrayDeque<>();
        for (Label s : sources) {
            if (labels.contains(s) && dist.putIfAbsent(s, 0) == null) {
                queue.add(s);
            }
        }
        while (!queue.isEmpty()) {
            Label u = queue.poll();
            for (FlowEdge e : (backwards ? in : out).getOrDefault(u, List.of())) {
                Label v = backwards ? e.from() : e.to();
                if (dist.containsKey(v) || (r.avoid().test(v) && !keep.contains(v))) {
                    continue;
                }
                Hop hop = heaviest(e, r);
                if (hop != null) {
                    dist.put(v, dist.get(u) + 1);
                    via.put(v, hop);
                    queue.add(v);
                }
            }
        }
        return new Reach(dist, via, backwards);
    }

    /** What one permission of one class means for the graph, by name. */
    private static final class PerPermission {
        private final Map<String, Map<String, Heaviest>> byClass = new HashMap<>();

        Heaviest get(String securityClass, String permission) {
            Map<String, Heaviest> perms = byClass.get(securityClass);
            return perms == null ? null : perms.get(permission);
        }

        void put(String securityClass, String permission, Heaviest h) {
            byClass.computeIfAbsent(securityClass, k -> new HashMap<>()).put(permission, h);
        }
    }

    /** The edge's heaviest counting hop, or null (a loop, not a stream: this runs once per edge of every search). */
    private static Hop heaviest(FlowEdge e, Restriction r) {
        Hop best = null;
        List<Hop> hops = e.hopList();
        for (int i = 0; i < hops.size(); i++) {
            Hop h = hops.get(i);
            if ((best == null || h.weight() > best.weight()) && r.counts().test(h)) {
                best = h;
            }
        }
        return best;
    }

    /** The result of one search: how far each reached label is, and the hop that reached it. */
    public static final class Reach {
        private final Map<Label, Integer> dist;
        private final Map<Label, Hop> via;
        private final boolean backwards;

        Reach(Map<Label, Integer> dist, Map<Label, Hop> via, boolean backwards) {
            this.dist = dist;
            this.via = via;
            this.backwards = backwards;
        }

        /** Every label reached, with its distance in hops (the sources at 0). */
        public Map<Label, Integer> distances() {
            return Collections.unmodifiableMap(dist);
        }

        /** The shortest path to (or, backwards, from) the nearest of {@code targets} that is not a source. */
        public Optional<FlowPath> pathTo(Set<Label> targets) {
            Label best = null;
            for (Label t : targets) {
                Integer d = dist.get(t);
                if (d != null && d > 0 && (best == null || d < dist.get(best))) {
                    best = t;
                }
            }
            if (best == null) {
                return Optional.empty();
            }
            List<Hop> hops = new ArrayList<>();
            for (Label at = best; via.containsKey(at); ) {
                Hop h = via.get(at);
                hops.add(h);
                at = backwards ? h.to() : h.from();
            }
            if (!backwards) {
                Collections.reverse(hops);
            }
            return Optional.of(new FlowPath(hops));
        }
    }
}
