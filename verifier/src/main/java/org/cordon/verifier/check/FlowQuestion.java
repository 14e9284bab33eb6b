package org.cordon.verifier.check;

import java.util.Set;
import org.cordon.verifier.facts.Label;
import org.cordon.verifier.flow.FlowGraph;

/** What a flow property asks of a graph: can information get from {@code from} to {@code to} under {@code restriction}? */
public record FlowQuestion(Set<Label> from, Set<Label> to, FlowGraph.Restriction restriction) {

    public boolean flows(FlowGraph g) {
        return g.shortestFlow(from, to, restriction).isPresent();
    }
}
