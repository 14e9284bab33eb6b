package org.cordon.driver;

import java.util.Set;
import java.util.TreeSet;
import org.cordon.compiler.table.StatementTable;
import org.cordon.verifier.facts.Fact;
import org.cordon.verifier.facts.Label;
import org.cordon.verifier.facts.PolicyFacts;

/**
 * The two readings of a policy — the compiler's statement table and the verifier's own — as comparable sets of
 * "statement position: source -> target : class.permission [if guard]", in the verifier's terms (it folds a domain's
 * {@code _self} and {@code _target} labels into the domain).
 */
final class Readings {

    private Readings() {
    }

    static Set<String> table(StatementTable table) {
        Set<String> out = new TreeSet<>();
        for (StatementTable.Entry e : table.entries()) {
            if (e.effect() != StatementTable.Effect.ALLOW) {
                continue;
            }
            String guard = e.guard().map(g -> " if " + (g.whenOff() ? "!" : "") + g.name()).orElse("");
            table.accesses(e, a -> out.add(e.statement().pos() + ": " + label(a.from()) + " -> " + label(a.to()) + " : "
                    + a.securityClass() + "." + a.permission() + guard));
        }
        return out;
    }

    static Set<String> verifier(PolicyFacts facts) {
        Set<String> out = new TreeSet<>();
        for (Fact f : facts.facts()) {
            String guard = f.origin().guard().map(g -> g instanceof org.cordon.verifier.facts.Condition.Switch s
                    ? " if " + s.name() : g instanceof org.cordon.verifier.facts.Condition.Not n
                            && n.operand() instanceof org.cordon.verifier.facts.Condition.Switch s ? " if !" + s.name()
                                    : " if " + g.describe()).orElse("");
            out.add(f.origin().pos() + ": " + f.source() + " -> " + f.target() + " : " + f.securityClass() + "."
                    + f.permission() + guard);
        }
        return out;
    }

    private static String label(StatementTable.Side s) {
        Label l = Label.of(s.principal());
        return (switch (s.facet()) {
            case MAIN, SELF, TARGET -> l;
            case CHANNEL -> l.channel();
            case RECV_CHANNEL -> l.recvChannel();
            case BUILDING -> l.building();
        }).toString();
    }
}
