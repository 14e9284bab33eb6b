package org.cordon.verifier.check;

import org.cordon.model.DiagnosticCode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.cordon.model.Diagnostic;
import org.cordon.verifier.facts.Fact;
import org.cordon.verifier.facts.PolicyFacts;
import org.cordon.xsm.catalogue.XenCatalogue;
import org.cordon.xsm.catalogue.XenCatalogues;

/**
 * Hooks new in the target Xen that the policy never grants (code DiagnosticCode.NEW_HOOKS, info): the commonest
 * breakage on a Xen upgrade is a hypercall that gained a FLASK check the old policy never heard
 * of, so the control domain's tools start failing with denials. Compared with the newest
 * catalogue older than the target; nothing for the oldest supported release.
 */
public final class CatalogueCheck {

    private final PolicyFacts facts;

    public CatalogueCheck(PolicyFacts facts) {
        this.facts = facts;
    }

    public List<Diagnostic> check() {
        Optional<XenCatalogue> previous = previous(facts.model().xenVersion());
        if (previous.isEmpty()) {
            return List.of();
        }
        // the new hooks first (a handful), then one pass over the facts for those alone
        List<String[]> fresh = new ArrayList<>();
        for (XenCatalogue.SecurityClass c : facts.catalogue().classes()) {
            for (XenCatalogue.Permission p : c.permissions()) {
                if (!previous.get().has(c.name(), p.name())) {
                    fresh.add(new String[] {c.name(), p.name(), p.hook()});
                }
            }
        }
        Set<String> freshNames = new HashSet<>();
        fresh.forEach(n -> freshNames.add(n[0] + "." + n[1]));
        Set<String> granted = new HashSet<>();
        for (Fact f : facts.factsOf((cls, perm) -> freshNames.contains(cls + "." + perm))) {
            granted.add(f.securityClass() + "." + f.permission());
        }
        List<String> missing = new ArrayList<>();
        for (String[] n : fresh) {
            String name = n[0] + "." + n[1];
            if (!granted.contains(name)) {
                missing.add(name + (n[2] == null || n[2].isBlank() ? "" : " (" + firstLine(n[2]) + ")"));
            }
        }
        if (missing.isEmpty()) {
            return List.of();
        }
        return List.of(new Diagnostic(Diagnostic.Severity.INFO, DiagnosticCode.NEW_HOOKS, "Xen " + facts.model().xenVersion()
                + " checks " + missing.size() + " permission" + (missing.size() == 1 ? "" : "s") + " that Xen "
                + previous.get().xenVersion() + " did not, and no statement grants " + (missing.size() == 1 ? "it" : "them")
                + ": " + String.join(", ", missing) + "; the hypercalls behind them are denied to every domain",
                facts.model().pos(), List.of()));
    }

    private static Optional<XenCatalogue> previous(String version) {
        return XenCatalogues.previous(version).flatMap(XenCatalogues::forVersion);
    }

    private static String firstLine(String hook) {
        String h = hook.strip();
        return h.length() > 60 ? h.substring(0, 57) + "..." : h;
    }
}
