package org.cordon.verifier.check;

import java.util.ArrayList;
import java.util.List;
import org.cordon.model.Diagnostic;
import org.cordon.verifier.facts.Fact;
import org.cordon.verifier.flow.FlowPath;
import org.cordon.verifier.flow.Hop;

/** Counterexamples as related source positions: one entry per hop or deciding fact. */
public final class Counterexamples {

    private Counterexamples() {
    }

    public static List<Diagnostic.Related> hops(FlowPath path) {
        List<Diagnostic.Related> out = new ArrayList<>();
        for (Hop h : path.hops()) {
            out.add(new Diagnostic.Related(h.describe() + ", allowed by " + statement(h.fact()), h.fact().origin().pos()));
        }
        return out;
    }

    public static String statement(Fact f) {
        return "`" + f.origin().statement() + "`" + f.origin().guard().map(g -> " when " + g.describe()).orElse("");
    }
}
