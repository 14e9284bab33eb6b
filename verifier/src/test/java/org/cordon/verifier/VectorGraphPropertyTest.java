package org.cordon.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cordon.model.PolicyModel;
import org.cordon.verifier.facts.AccessVector;
import org.cordon.verifier.facts.Fact;
import org.cordon.verifier.facts.FactExpander;
import org.cordon.verifier.facts.Label;
import org.cordon.verifier.facts.Origin;
import org.cordon.verifier.facts.PolicyFacts;
import org.cordon.verifier.flow.FlowEdge;
import org.cordon.verifier.flow.FlowGraph;
import org.cordon.verifier.flow.FlowPath;
import org.cordon.verifier.flow.Hop;
import org.cordon.verifier.permmap.XenPermissionMap;
import org.cordon.xsm.catalogue.XenCatalogues;
import org.junit.jupiter.api.Test;

/**
 * The verifier reads a policy as access vectors (a statement's permissions of one class for one pair) and
 * builds its flow graph from them, keeping of each vector only its heaviest permission each way. On random
 * models that graph must answer every search exactly as the graph of the single facts does: the same labels
 * in the same order, the same distances, the same paths hop by hop (permission and statement), under no
 * restriction and under isolation's (channels do not count), forwards and backwards; and the single facts
 * spelt out from the vectors are what the statements grant, once per tuple and statement.
 */
class VectorGraphPropertyTest {

    private static final FlowGraph.Restriction NOT_CHANNELS = new FlowGraph.Restriction(l -> false,
            h -> h.fact().origin().kind() != Origin.Kind.CHANNEL);

    @Test
    void theVectorGraphAnswersAsTheFactGraph() {
        int paths = 0;
        for (long seed = 1; seed <= 400; seed++) {
            PolicyModel m = RandomModels.generate(seed);
            PolicyFacts facts = new FactExpander(m, XenCatalogues.forVersion(m.xenVersion()).orElseThrow()).expand();
            FlowGraph vectors = FlowGraph.ofVectors(facts.vectors(), XenPermissionMap.standard());
            FlowGraph single = FlowGraph.of(facts.facts(), XenPermissionMap.standard());
            long s = seed;
            assertEquals(List.copyOf(single.labels()), List.copyOf(vectors.labels()), () -> "labels, seed " + s);
            for (FlowEdge e : single.graph().edgeSet()) {
                FlowEdge v = vectors.graph().getEdge(e.from(), e.to());
                assertTrue(v != null, () -> "edge " + e + ", seed " + s);
                assertEquals(describe(e.strongest()), describe(v.strongest()), () -> "strongest hop, seed " + s);
            }
            assertEquals(single.graph().edgeSet().size(), vectors.graph().edgeSet().size(), () -> "edges, seed " + s);
            for (Label from : single.labels()) {
                for (FlowGraph.Restriction r : List.of(FlowGraph.Restriction.NONE, NOT_CHANNELS)) {
                    for (boolean backwards : new boolean[] {false, true}) {
                        FlowGraph.Reach a = single.reach(Set.of(from), Set.of(from), r, backwards);
                        FlowGraph.Reach b = vectors.reach(Set.of(from), Set.of(from), r, backwards);
                        assertEquals(a.distances(), b.distances(), () -> "distances from " + from + ", seed " + s);
                        for (Label to : a.distances().keySet()) {
                            List<String> pa = a.pathTo(Set.of(to)).map(VectorGraphPropertyTest::describe).orElse(List.of());
                            List<String> pb = b.pathTo(Set.of(to)).map(VectorGraphPropertyTest::describe).orElse(List.of());
                            assertEquals(pa, pb, () -> "path " + from + " to " + to + ", seed " + s);
                            paths += pa.isEmpty() ? 0 : 1;
                        }
                    }
                }
            }
        }
        assertTrue(paths > 1000, "the models have flows to compare: " + paths);
    }

    @Test
    void factsAreTheVectorsSpeltOutOncePerTupleAndStatement() {
        for (long seed = 1; seed <= 400; seed++) {
            PolicyModel m = RandomModels.generate(seed);
            PolicyFacts facts = new FactExpander(m, XenCatalogues.forVersion(m.xenVersion()).orElseThrow()).expand();
            List<Fact> expected = new ArrayList<>();
            Map<Fact, Boolean> seen = new HashMap<>();
            for (AccessVector v : facts.vectors()) {
                for (String p : v.permissions()) {
                    Fact f = v.fact(p);
                    if (seen.putIfAbsent(f, true) == null) {
                        expected.add(f);
                    }
                }
            }
            long s = seed;
            assertEquals(expected, facts.facts(), () -> "seed " + s);
            assertEquals(expected.stream().filter(f -> f.securityClass().equals("mmu")).toList(),
                    facts.factsOf((cls, perm) -> cls.equals("mmu")), () -> "mmu facts, seed " + s);
            assertEquals(expected.stream().filter(f -> f.permission().startsWith("map") && f.source().isDomain()).toList(),
                    facts.factsOf((cls, perm) -> perm.startsWith("map"), v -> v.source().isDomain()),
                    () -> "map* facts of domains, seed " + s);
        }
    }

    private static List<String> describe(FlowPath p) {
        return p.hops().stream().map(VectorGraphPropertyTest::describe).toList();
    }

    private static String describe(Hop h) {
        return h.describe() + " @" + h.fact().origin().pos() + " " + h.fact().origin().statement();
    }
}
