package org.cordon.verifier.check;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.cordon.model.Diagnostic;
import org.cordon.model.DiagnosticCode;
import org.cordon.model.PolicyModel;
import org.cordon.verifier.facts.Fact;
import org.cordon.verifier.facts.Label;
import org.cordon.verifier.facts.Origin;
import org.cordon.verifier.facts.PolicyFacts;
import org.cordon.xsm.macros.Grant;
import org.cordon.xsm.macros.XenMacros;

/**
 * Denied management features stay denied: no statement lets a domain outside the class use a
 * feature's core permissions ({@link XenMacros#featureCore}) on a running VM of the class. The
 * VM's build label and its own device model do not count: the builder acts before the VM runs,
 * and a stub device model is part of the VM. Every switch setting counts.
 */
public final class FeatureCheck {

    private final PolicyFacts facts;

    public FeatureCheck(PolicyFacts facts) {
        this.facts = facts;
    }

    public List<Diagnostic> check() {
        List<Diagnostic> out = new ArrayList<>();
        for (PolicyModel.VmClass c : facts.model().classes()) {
            for (PolicyModel.Feature f : c.features()) {
                if (!f.allowed()) {
                    denied(c, f, out);
                }
            }
        }
        return out;
    }

    private void denied(PolicyModel.VmClass c, PolicyModel.Feature f, List<Diagnostic> out) {
        Set<String> core = new HashSet<>();
        for (Grant g : XenMacros.forCatalogue(XenMacros.featureCore(f.feature().name()), facts.catalogue())) {
            g.permissions().forEach(p -> core.add(g.securityClass() + "." + p));
        }
        String feature = f.feature().name().toLowerCase(Locale.ROOT);
        Map<String, List<Fact>> byStatement = new LinkedHashMap<>();
        for (Fact fact : facts.factsOf((cls, perm) -> core.contains(cls + "." + perm))) {
            Label t = fact.target();
            if (t.facet() != Label.Facet.MAIN || !facts.principals().classOf(t).map(c.name()::equals).orElse(false)
                    || facts.principals().classOf(fact.source()).map(c.name()::equals).orElse(false)
                    || fact.origin().kind() == Origin.Kind.DEVICE_MODEL
                    || !core.contains(fact.securityClass() + "." + fact.permission())) {
                continue;
            }
            byStatement.computeIfAbsent(fact.origin().pos().toString() + fact.origin().statement(),
                    k -> new ArrayList<>()).add(fact);
        }
        for (List<Fact> group : byStatement.values()) {
            Fact fact = group.get(0);
            String more = group.size() > 1 ? " (and " + (group.size() - 1) + " more)" : "";
            out.add(Diagnostic.of(DiagnosticCode.FEATURE, fact.origin().pos(), Counterexamples.statement(fact) + " grants "
                    + fact.access() + more + ", part of " + feature + ", which class " + c.name() + " denies",
                    new Diagnostic.Related(feature + " denied here", f.pos())));
        }
    }
}
