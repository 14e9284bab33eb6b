package org.cordon.verifier;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.cordon.model.Diagnostic;
import org.cordon.model.PolicyModel;
import org.cordon.verifier.check.AssertionCheck;
import org.cordon.verifier.check.CatalogueCheck;
import org.cordon.verifier.check.ClassIsolationCheck;
import org.cordon.verifier.check.DutyCheck;
import org.cordon.verifier.check.EscalationCheck;
import org.cordon.verifier.check.FeatureCheck;
import org.cordon.verifier.check.MlsCheck;
import org.cordon.verifier.check.PolicyTestRunner;
import org.cordon.verifier.check.ResourceControlCheck;
import org.cordon.verifier.check.SettingGraphs;
import org.cordon.verifier.facts.FactExpander;
import org.cordon.verifier.facts.PolicyFacts;
import org.cordon.verifier.permmap.XenPermissionMap;
import org.cordon.verifier.placement.PlacementCheck;
import org.cordon.xsm.catalogue.XenCatalogue;
import org.cordon.xsm.catalogue.XenCatalogues;

/**
 * The verifier on the policy model, the driver's pass "verify": the policy's flow assertions, the isolation that
 * strong classes and hybrid clusters promise, escalation across classes, denied management features, the policy's
 * tests, domains that could change others' resources and, as information, hooks new in the target Xen that nothing
 * grants (the codes and their categories are {@link org.cordon.model.DiagnosticCode}'s policy violations). Every
 * diagnostic is an error at the Cordon statement concerned, with the counterexample's statements as related
 * positions. It reads the model with its own semantics, not the compiler's. Run it on a model without front-end
 * errors.
 */
public final class Verifier {

    private final XenPermissionMap permissionMap;
    private final PlacementCheck placementCheck;

    public Verifier() {
        this(XenPermissionMap.standard());
    }

    public Verifier(XenPermissionMap permissionMap) {
        this(permissionMap, new PlacementCheck());
    }

    public Verifier(XenPermissionMap permissionMap, PlacementCheck placementCheck) {
        this.permissionMap = permissionMap;
        this.placementCheck = placementCheck;
    }

    /**
     * Every verdict on a model, placement's included: the verifier's reading of it, {@link #verify(PolicyFacts,
     * FactExpander)} and the fleet's placement check, which the driver runs as its passes "verify" and "place". For
     * the verifier's own tests; the model's Xen release must have a catalogue (pass "resolve" rejects the others).
     */
    public List<Diagnostic> verify(PolicyModel model) {
        XenCatalogue catalogue = XenCatalogues.forVersion(model.xenVersion()).orElseThrow(() ->
                new IllegalArgumentException("no catalogue for Xen " + model.xenVersion()));
        FactExpander expander = new FactExpander(model, catalogue);
        List<Diagnostic> out = new ArrayList<>(verify(expander.expand(), expander));
        out.addAll(placementCheck.check(model).diagnostics());
        return out;
    }

    /**
     * The verdicts on the verifier's reading of a model, without placement (which the driver runs as its own pass):
     * assertions, class isolation, escalation, features, the policy's tests, resource control and new hooks.
     */
    public List<Diagnostic> verify(PolicyFacts facts, FactExpander expander) {
        return verify(facts, expander, () -> false);
    }

    /**
     * The same, given up before the next check once {@code givenUp} says so: an editor's check of a text the user has
     * typed on from. What it returns then is only what the checks before found, and no verdict on the policy.
     */
    public List<Diagnostic> verify(PolicyFacts facts, FactExpander expander, BooleanSupplier givenUp) {
        List<Diagnostic> out = new ArrayList<>();
        if (givenUp.getAsBoolean()) {
            return out;
        }
        List<SettingGraphs.Setting> graphs = SettingGraphs.of(facts, permissionMap);
        List<Supplier<List<Diagnostic>>> checks = List.of(
                () -> new AssertionCheck(facts, graphs).check(),
                () -> new ClassIsolationCheck(facts, graphs).check(),
                () -> new EscalationCheck(facts).check(),
                () -> new DutyCheck(facts).check(),
                () -> new FeatureCheck(facts).check(),
                () -> new PolicyTestRunner(facts, expander).run(),
                () -> new ResourceControlCheck(facts).check(),
                () -> new CatalogueCheck(facts).check(),
                () -> new MlsCheck(facts, graphs).check());
        for (Supplier<List<Diagnostic>> check : checks) {
            if (givenUp.getAsBoolean()) {
                break;
            }
            out.addAll(check.get());
        }
        return out;
    }
}
