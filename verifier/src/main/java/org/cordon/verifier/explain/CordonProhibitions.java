package org.cordon.verifier.explain;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.cordon.model.Diagnostic;
import org.cordon.model.PolicyModel;
import org.cordon.verifier.facts.FactExpander;
import org.cordon.verifier.facts.Label;
import org.cordon.verifier.facts.Origin;
import org.cordon.verifier.facts.PolicyFacts;
import org.cordon.xsm.macros.XenMacros;

/**
 * What a Cordon policy says against an access: the {@code forbid} statements that cover it, and
 * the management features its target's class denies to domains outside the class.
 */
public final class CordonProhibitions implements AvcExplainer.Prohibitions {

    private final PolicyFacts facts;
    /** Per forbid, the (source|target|class.perm) keys it covers, computed on first use. */
    private final Map<PolicyModel.Forbid, Set<String>> covered = new HashMap<>();
    private final FactExpander expander;

    public CordonProhibitions(PolicyFacts facts, FactExpander expander) {
        this.facts = facts;
        this.expander = expander;
    }

    @Override
    public List<Diagnostic.Related> forbidding(Label source, Label target, String securityClass, String permission) {
        List<Diagnostic.Related> out = new ArrayList<>();
        String key = source + "|" + target + "|" + securityClass + "." + permission;
        for (PolicyModel.Layer layer : facts.model().layers()) {
            for (PolicyModel.Forbid f : layer.forbids()) {
                Set<String> keys = covered.computeIfAbsent(f, k -> {
                    Set<String> s = new HashSet<>();
                    expander.requested(k.subject(), k.target(), k.permissions(),
                            Origin.of(Origin.Kind.RULE, "forbid", k.pos())).forEach(x -> s.add(x.source() + "|"
                                    + x.target() + "|" + x.securityClass() + "." + x.permission()));
                    return s;
                });
                if (keys.contains(key)) {
                    out.add(new Diagnostic.Related("forbidden by `forbid " + f.subject().name() + " -> "
                            + f.target().name() + "` in layer " + f.layer(), f.pos()));
                }
            }
        }
        facts.principals().classOf(target.main()).ifPresent(cls -> {
            if (facts.principals().classOf(source.main()).map(cls::equals).orElse(false)) {
                return;
            }
            for (PolicyModel.VmClass c : facts.model().classes()) {
                if (!c.name().equals(cls)) {
                    continue;
                }
                for (PolicyModel.Feature f : c.features()) {
                    if (!f.allowed() && XenMacros.forCatalogue(XenMacros.featureCore(f.feature().name()), facts.catalogue())
                            .stream().anyMatch(g -> g.securityClass().equals(securityClass)
                                    && g.permissions().contains(permission))) {
                        out.add(new Diagnostic.Related("class " + cls + " denies " + f.feature().name().toLowerCase(Locale.ROOT)
                                + ", of which " + securityClass + "." + permission + " is part", f.pos()));
                    }
                }
            }
        });
        return out;
    }
}
