package org.cordon.verifier.check;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.cordon.model.Diagnostic;
import org.cordon.model.DiagnosticCode;
import org.cordon.verifier.facts.Fact;
import org.cordon.verifier.facts.Origin;
import org.cordon.verifier.facts.PolicyFacts;
import org.cordon.verifier.facts.Principals;

/**
 * No escalation across classes: no VM of a class may relabel, transition, become or make a
 * device model for anything outside its class, and nothing outside a class may turn into one of
 * its VMs ({@code domain.transition}) or take control of one ({@code set_target},
 * {@code make_priv_for}) except a device model declared for it. Relabelling by platform domains
 * is how build labels work, so it counts only together with a foreign transition.
 * Every switch setting counts. One diagnostic per statement and permission.
 */
public final class EscalationCheck {

    static final Set<String> ESCALATING = Set.of("domain.transition", "domain.set_target", "domain2.relabelfrom",
            "domain2.relabelto", "domain2.relabelself", "domain2.make_priv_for", "domain2.set_as_target");

    private final PolicyFacts facts;

    public EscalationCheck(PolicyFacts facts) {
        this.facts = facts;
    }

    public List<Diagnostic> check() {
        Principals p = facts.principals();
        Map<String, List<Fact>> byStatement = new LinkedHashMap<>();
        for (Fact f : facts.factsOf((cls, perm) -> ESCALATING.contains(cls + "." + perm),
                v -> !v.source().owner().equals(v.target().owner()))) {
            String perm = f.securityClass() + "." + f.permission();
            Optional<String> from = p.classOf(f.source());
            Optional<String> to = p.classOf(f.target());
            if (from.equals(to)) {
                continue;
            }
            boolean outOfClass = from.isPresent();
            boolean intoClass = to.isPresent() && (perm.equals("domain.transition")
                    || ((perm.equals("domain.set_target") || perm.equals("domain2.make_priv_for"))
                            && f.origin().kind() != Origin.Kind.DEVICE_MODEL));
            if (outOfClass || intoClass) {
                byStatement.computeIfAbsent(f.origin().pos() + "|" + perm, k -> new ArrayList<>()).add(f);
            }
        }
        List<Diagnostic> out = new ArrayList<>();
        for (List<Fact> group : byStatement.values()) {
            Fact f = group.get(0);
            String where = p.classOf(f.target()).map(c -> "class " + c).orElse("outside its class");
            String who = p.classOf(f.source()).map(c -> "a VM of class " + c).orElse(f.source().toString());
            String more = group.size() > 1 ? " (and " + (group.size() - 1) + " more)" : "";
            out.add(Diagnostic.of(DiagnosticCode.ESCALATION, f.origin().pos(), Counterexamples.statement(f) + " lets " + who
                    + " escalate into " + where + ": " + f.access() + more));
        }
        return out;
    }
}
