package org.cordon.verifier.check;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cordon.model.Diagnostic;
import org.cordon.model.DiagnosticCode;
import org.cordon.model.PolicyModel;
import org.cordon.verifier.facts.Fact;
import org.cordon.verifier.facts.FactExpander;
import org.cordon.verifier.facts.Origin;
import org.cordon.verifier.facts.PolicyFacts;

/**
 * The policy's {@code test} blocks: each expectation's tuples are decided with every switch at its
 * default. A failing expectation names the statements that decided otherwise (for an unexpected
 * allow) or the nearest grants that do not apply (another facet of the domain, or a switch setting
 * other than the default) for an unexpected deny.
 */
public final class PolicyTestRunner {

    private static final int SHOWN = 3;

    private final PolicyFacts facts;
    private final FactExpander expander;
    private final Map<String, List<Fact>> exact = new HashMap<>();
    private final Map<String, List<Fact>> byOwners = new HashMap<>();

    public PolicyTestRunner(PolicyFacts facts, FactExpander expander) {
        this.facts = facts;
        this.expander = expander;
    }

    /** Indexes the facts for lookups, once, and only for a policy that has tests. */
    private void index() {
        for (Fact f : facts.facts()) {
            exact.computeIfAbsent(key(f), k -> new ArrayList<>()).add(f);
            byOwners.computeIfAbsent(ownerKey(f), k -> new ArrayList<>()).add(f);
        }
    }

    private static String key(Fact f) {
        return f.source() + "|" + f.target() + "|" + f.securityClass() + "." + f.permission();
    }

    private static String ownerKey(Fact f) {
        return f.source().owner() + "|" + f.target().owner() + "|" + f.securityClass() + "." + f.permission();
    }

    public List<Diagnostic> run() {
        List<Diagnostic> out = new ArrayList<>();
        if (facts.model().tests().isEmpty()) {
            return out;
        }
        index();
        for (PolicyModel.PolicyTest test : facts.model().tests()) {
            for (PolicyModel.Expectation e : test.expectations()) {
                expectation(test, e, out);
            }
        }
        return out;
    }

    private void expectation(PolicyModel.PolicyTest test, PolicyModel.Expectation e, List<Diagnostic> out) {
        Origin asked = Origin.of(Origin.Kind.RULE, "test " + test.name(), e.pos());
        List<Fact> tuples = expander.requested(e.subject(), e.target(), e.permissions(), asked);
        List<String> wrong = new ArrayList<>();
        Map<String, Diagnostic.Related> why = new LinkedHashMap<>();
        for (Fact t : tuples) {
            List<Fact> granting = exact.getOrDefault(key(t), List.of()).stream().filter(facts::activeByDefault).toList();
            if (granting.isEmpty() == e.allowed()) {
                wrong.add(t.access());
                if (e.allowed()) {
                    // why not: grants on another facet of the same domains, or under another switch setting
                    for (Fact near : byOwners.getOrDefault(ownerKey(t), List.of())) {
                        if (!granting.contains(near)) {
                            why.putIfAbsent(near.origin().toString() + near.access(), new Diagnostic.Related(
                                    "grants only " + near.access() + ": " + Counterexamples.statement(near),
                                    near.origin().pos()));
                        }
                    }
                } else {
                    for (Fact g : granting) {
                        why.putIfAbsent(g.origin().toString(), new Diagnostic.Related("allowed by "
                                + Counterexamples.statement(g), g.origin().pos()));
                    }
                }
            }
        }
        if (tuples.isEmpty()) {
            out.add(Diagnostic.of(DiagnosticCode.TEST_FAILED, e.pos(), "test \"" + test.name()
                    + "\": this expectation names no access (no principals or no known permissions)"));
            return;
        }
        if (wrong.isEmpty()) {
            return;
        }
        String shown = String.join(", ", wrong.subList(0, Math.min(SHOWN, wrong.size())))
                + (wrong.size() > SHOWN ? " and " + (wrong.size() - SHOWN) + " more" : "");
        String msg = e.allowed()
                ? "expected allow, but no rule in force by default grants " + shown
                : "expected deny, but " + shown + (wrong.size() == 1 ? " is" : " are") + " allowed";
        out.add(new Diagnostic(Diagnostic.Severity.ERROR, DiagnosticCode.TEST_FAILED, "test \"" + test.name() + "\": " + msg,
                e.pos(), List.copyOf(why.values())));
    }
}
