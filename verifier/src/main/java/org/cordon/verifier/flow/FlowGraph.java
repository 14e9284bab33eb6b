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
import org.cordon.verifier.facts.Fact;
import org.cordon.verifier.facts.Label;
import org.cordon.verifier.permmap.PermissionFlow;
import org.cordon.verifier.permmap.XenPermissionMap;
import org.jgrapht.Graph;
import org.jgrapht.graph.DefaultDirectedGraph;

/**
 * The information-flow graph of a policy: a vertex per label, an edge wherever some allowed
 * permission moves information (in the permission map's direction), each edge remembering every
 * fact behind it. Self flows are dropped: a domain reading itself tells nobody anything.
 */
public final class FlowGraph {

    private final Graph<Label, FlowEdge> graph = new DefaultDirectedGraph<>(FlowEdge.class);

    /** Builds the graph of the given facts: one switch setting's, or all of them for every setting at once. */
    public static FlowGraph of(Collection<Fact> facts, XenPermissionMap map) {
        FlowGraph g = new FlowGraph();
        // hops gathered per (from, to) first: one JGraphT edge per pair, however many facts move information along it
        Map<Label, Map<Label, FlowEdge>> edges = new java.util.LinkedHashMap<>();
        for (Fact f : facts) {
            if (f.source().equals(f.target())) {
                continue; // a domain reading itself tells nobody anything
            }
            Optional<PermissionFlow> meaning = map.flow(f.securityClass(), f.permission());
            if (meaning.isEmpty()) {
                continue;
            }
            if (meaning.get().direction().flowsToTarget()) {
                edges.computeIfAbsent(f.source(), k -> new java.util.LinkedHashMap<>()).computeIfAbsent(f.target(), k -> new FlowEdge())
                        .add(new Hop(f.source(), f.target(), f, meaning.get()));
            }
            if (meaning.get().direction().flowsToSource()) {
                edges.computeIfAbsent(f.target(), k -> new java.util.LinkedHashMap<>()).computeIfAbsent(f.source(), k -> new FlowEdge())
                        .add(new Hop(f.target(), f.source(), f, meaning.get()));
            }
        }
        edges.forEach((from, tos) -> {
            g.graph.addVertex(from);
            tos.forEach((to, e) -> {
                g.graph.addVertex(to);
                g.graph.addEdge(from, to, e);
            });
        });
        return g;
    }

    public Graph<Label, FlowEdge> graph() {
        return graph;
    }

    public Set<Label> labels() {
        return graph.vertexSet();
    }

    /** What a search may use: labels to avoid (mediators) and the hops that count. */
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
            if (graph.containsVertex(s) && dist.putIfAbsent(s, 0) == null) {
                queue.add(s);
            }
        }
        while (!queue.isEmpty()) {
            Label u = queue.poll();
            for (FlowEdge e : backwards ? graph.incomingEdgesOf(u) : graph.outgoingEdgesOf(u)) {
                Label v = backwards ? graph.getEdgeSource(e) : graph.getEdgeTarget(e);
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

    /** The edge's heaviest counting hop, or null (a loop, not a stream: this runs once per edge of every search). */
    private static Hop heaviest(FlowEdge e, Restriction r) {
        Hop best = null;
        for (Hop h : e.hops()) {
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

        /** Hops to (or, backwards, from) the nearest of {@code targets} that is not a source; -1 if none. */
        public int distanceTo(Set<Label> targets) {
            int best = -1;
            for (Label t : targets) {
                Integer d = dist.get(t);
                if (d != null && d > 0 && (best < 0 || d < best)) {
                    best = d;
                }
            }
            return best;
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
