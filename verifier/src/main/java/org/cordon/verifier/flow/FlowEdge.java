package org.cordon.verifier.flow;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * All the reasons information can move along one (from, to) pair. Compared by identity, as
 * JGraphT needs of edge objects.
 */
public final class FlowEdge {

    private final List<Hop> hops = new ArrayList<>();

    void add(Hop hop) {
        hops.add(hop);
    }

    public List<Hop> hops() {
        return Collections.unmodifiableList(hops);
    }

    /** The heaviest reason, which a counterexample shows first. */
    public Hop strongest() {
        return hops.stream().max(java.util.Comparator.comparingInt(Hop::weight)).orElseThrow();
    }

    public int weight() {
        return strongest().weight();
    }

    @Override
    public String toString() {
        return strongest().describe();
    }
}
