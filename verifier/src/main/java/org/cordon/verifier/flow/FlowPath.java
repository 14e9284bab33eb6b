package org.cordon.verifier.flow;

import java.util.List;
import java.util.stream.Collectors;

/** A flow from one label to another, hop by hop: a counterexample to an isolation property. */
public record FlowPath(List<Hop> hops) {

    public FlowPath {
        hops = List.copyOf(hops);
    }

    public int length() {
        return hops.size();
    }

    /** "bank_a.web -> dom0 -> bank_b.app". */
    public String route() {
        return hops.get(0).from() + hops.stream().map(h -> " -> " + h.to()).collect(Collectors.joining());
    }
}
