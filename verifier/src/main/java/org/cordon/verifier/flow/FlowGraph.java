package org.cordon.verifier.flow;

import java.util.ArrayList;
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
import org.jgrapht.GraphPath;
import org.jgrapht.alg.shortestpath.BFSShortestPath;
import org.jgrapht.graph.DefaultDirectedGraph;
import org.jgrapht.graph.MaskSubgraph;

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
        for (Fact f : facts) {
            Optional<PermissionFlow> meaning = map.flow(f.securityClass(), f.permission());
            if (meaning.isEmpty()) {
                continue;
            }
            if (meaning.get().direction().flowsToTarget()) {
                g.add(new Hop(f.source(), f.target(), f, meaning.get()));
            }
            if (meaning.get().direction().flowsToSource()) {
                g.add(new Hop(f.target(), f.source(), f, meaning.get()));
            }
        }
        return g;
    }

    private void add(Hop hop) {
        if (hop.from().equals(hop.to())) {
            return;
        }
        graph.addVertex(hop.from());
        graph.addVertex(hop.to());
        FlowEdge e = graph.getEdge(hop.from(), hop.to());
        if (e == null) {
            e = new FlowEdge();
            graph.addEdge(hop.from(), hop.to(), e);
        }
        e.add(hop);
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
     * passes through no avoided label and uses only counting hops; empty when there is none.
     */
    public Optional<FlowPath> shortestFlow(Set<Label> sources, Set<Label> targets, Restriction r) {
        Graph<Label, FlowEdge> view = new MaskSubgraph<>(graph,
                v -> r.avoid().test(v) && !sources.contains(v) && !targets.contains(v),
                e -> e.hops().stream().noneMatch(r.counts()));
        BFSShortestPath<Label, FlowEdge> bfs = new BFSShortestPath<>(view);
        FlowPath best = null;
        for (Label s : sources) {
            if (!view.containsVertex(s)) {
                continue;
            }
            var paths = bfs.getPaths(s);
            for (Label t : targets) {
                if (t.equals(s) || !view.containsVertex(t)) {
                    continue;
                }
                GraphPath<Label, FlowEdge> p = paths.getPath(t);
                if (p != null && (best == null || p.getLength() < best.length())) {
                    best = toFlowPath(p, r.counts());
                }
            }
        }
        return Optional.ofNullable(best);
    }

    private static FlowPath toFlowPath(GraphPath<Label, FlowEdge> p, Predicate<Hop> counts) {
        List<Hop> hops = new ArrayList<>();
        for (FlowEdge e : p.getEdgeList()) {
            hops.add(e.hops().stream().filter(counts)
                    .max(java.util.Comparator.comparingInt(Hop::weight)).orElseThrow());
        }
        return new FlowPath(hops);
    }
}
