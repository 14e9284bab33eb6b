package org.cordon.verifier.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.cordon.model.SourcePos;
import org.cordon.verifier.facts.Fact;
import org.cordon.verifier.facts.Label;
import org.cordon.verifier.facts.Origin;
import org.cordon.verifier.permmap.XenPermissionMap;
import org.junit.jupiter.api.Test;

class FlowGraphTest {

    private static Label vm(String n) {
        return new Label(n, Label.Kind.VM, Label.Facet.MAIN);
    }

    private static Fact fact(Label s, Label t, String cls, String perm, int line) {
        return new Fact(s, t, cls, perm, Origin.of(Origin.Kind.RULE, "rule " + line, new SourcePos("f", line, 1, 0, 0)));
    }

    private final Label a = vm("a");
    private final Label b = vm("b");
    private final Label c = vm("c");

    @Test
    void readsFlowFromTargetToSourceAndWritesTheOtherWay() {
        FlowGraph g = FlowGraph.of(List.of(fact(b, a, "mmu", "map_read", 1), fact(b, c, "event", "reset", 2)),
                XenPermissionMap.standard());
        FlowPath p = g.shortestFlow(Set.of(a), Set.of(c), FlowGraph.Restriction.NONE).orElseThrow();
        assertEquals("a -> b -> c", p.route());
        assertEquals(1, p.hops().get(0).fact().origin().pos().line());
        assertEquals(2, p.hops().get(1).fact().origin().pos().line());
        assertTrue(g.shortestFlow(Set.of(c), Set.of(a), FlowGraph.Restriction.NONE).isEmpty());
    }

    @Test
    void noneDirectionAndSelfAccessMakeNoEdges() {
        FlowGraph g = FlowGraph.of(List.of(fact(a, b, "domain2", "relabelto", 1), fact(a, a, "mmu", "map_write", 2)),
                XenPermissionMap.standard());
        assertEquals(0, g.graph().edgeSet().size());
    }

    @Test
    void theShortestOfSeveralFlowsIsChosenAndMediatorsAreAvoided() {
        Label d = vm("d");
        FlowGraph g = FlowGraph.of(List.of(fact(a, b, "grant", "copy", 1), fact(b, c, "grant", "copy", 2),
                fact(a, d, "event", "reset", 3), fact(d, b, "event", "reset", 4), fact(d, c, "event", "reset", 5)),
                XenPermissionMap.standard());
        assertEquals(2, g.shortestFlow(Set.of(a), Set.of(c), FlowGraph.Restriction.NONE).orElseThrow().length());
        FlowGraph.Restriction avoidB = new FlowGraph.Restriction(b::equals, h -> true);
        assertEquals("a -> d -> c", g.shortestFlow(Set.of(a), Set.of(c), avoidB).orElseThrow().route());
        FlowGraph.Restriction avoidBD = new FlowGraph.Restriction(l -> l.equals(b) || l.equals(d), h -> true);
        assertTrue(g.shortestFlow(Set.of(a), Set.of(c), avoidBD).isEmpty());
    }

    @Test
    void aLabelsEdgesKeepTheOrderTheFactsMadeThem() {
        // of equally short flows to one label, the search reports the one through the edge made first: which
        // counterexample a user sees must not depend on how labels hash
        List<Label> between = List.of(vm("z"), vm("m"), vm("b"), vm("y"), vm("c"), vm("x"), vm("d"), vm("q"));
        Label t = vm("t");
        List<Fact> facts = new java.util.ArrayList<>();
        for (int i = 0; i < between.size(); i++) {
            facts.add(fact(a, between.get(i), "event", "reset", i + 1));
        }
        for (int i = between.size() - 1; i >= 0; i--) {
            facts.add(fact(between.get(i), t, "event", "reset", 100 + i));
        }
        FlowGraph g = FlowGraph.of(facts, XenPermissionMap.standard());
        assertEquals(between, g.graph().outgoingEdgesOf(a).stream().map(FlowEdge::to).toList());
        assertEquals("a -> z -> t", g.shortestFlow(Set.of(a), Set.of(t), FlowGraph.Restriction.NONE).orElseThrow()
                .route());
    }

    @Test
    void anEdgeKeepsEveryReasonAndShowsTheHeaviest() {
        FlowGraph g = FlowGraph.of(List.of(fact(b, a, "mmu", "stat", 1), fact(b, a, "mmu", "map_read", 2)),
                XenPermissionMap.standard());
        FlowEdge e = g.graph().getEdge(a, b);
        assertEquals(2, e.hops().size());
        assertEquals("map_read", e.strongest().fact().permission());
        assertEquals(10, e.weight());
    }
}
