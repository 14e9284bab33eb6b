package org.cordon.verifier.flow;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.cordon.verifier.facts.AccessVector;
import org.cordon.verifier.facts.Label;
import org.cordon.verifier.permmap.PermissionFlow;

/**
 * All the reasons information can move along one (from, to) pair. Compared by identity, as
 * JGraphT needs of edge objects.
 */
public final class FlowEdge {

    private final Label from;
    private final Label to;
    // most pairs have a hop or two: an ArrayList's first ten slots were near a fifth of the graph's garbage
    private final List<Hop> hops = new ArrayList<>(2);

    FlowEdge(Label from, Label to) {
        this.from = from;
        this.to = to;
    }

    /** Where information comes from along this edge. */
    public Label from() {
        return from;
    }

    /** Where it goes. */
    public Label to() {
        return to;
    }

    /**
     * Adds the hop that {@code v}'s permission {@code meaning} makes, unless the hop before it has the same
     * statement and is at least as heavy: searches ask an edge only for its heaviest hop among those whose
     * statement counts, so of neighbouring hops from one statement only the first heaviest can ever be chosen.
     */
    void offer(AccessVector v, PermissionFlow meaning) {
        if (!hops.isEmpty()) {
            Hop last = hops.get(hops.size() - 1);
            if (last.fact().origin() == v.origin()) {
                if (meaning.weight() > last.weight()) {
                    hops.set(hops.size() - 1, new Hop(from, to, v.fact(meaning.permission()), meaning));
                }
                return;
            }
        }
        hops.add(new Hop(from, to, v.fact(meaning.permission()), meaning));
    }

    public List<Hop> hops() {
        return Collections.unmodifiableList(hops);
    }

    /**
     * The hops as they are, for the searches of this package, which read them once per edge of every search: a
     * read-only view kept in each edge was an object more for every edge of a large graph.
     */
    List<Hop> hopList() {
        return hops;
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
