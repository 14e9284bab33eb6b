package org.cordon.verifier.flask;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.cordon.model.Diagnostic;
import org.cordon.verifier.check.AssertionCheck;
import org.cordon.verifier.check.ClassIsolationCheck;
import org.cordon.verifier.check.EscalationCheck;
import org.cordon.verifier.check.FeatureCheck;
import org.cordon.verifier.check.ResourceControlCheck;
import org.cordon.verifier.check.SettingGraphs;
import org.cordon.verifier.facts.Fact;
import org.cordon.verifier.facts.Label;
import org.cordon.verifier.facts.Origin;
import org.cordon.verifier.facts.PolicyFacts;
import org.cordon.verifier.permmap.XenPermissionMap;

/**
 * Translation validation (DESIGN §5.9): the binary Cordon wrote, decoded again, must grant exactly
 * what the verifier's own reading of the sources grants, and the flow, escalation and feature
 * properties must hold on it — on the types Xen will actually see, where VMs that share a type can
 * reach each other whenever a rule names that type as target.
 *
 * <p>Types are compared by what they stand for: a domain type and its {@code _self} and
 * {@code _target} types for its principals, {@code _channel} and {@code _building} for those
 * facets, {@code xen_t} and {@code security_t} for Xen. The decoded facts carry the Cordon
 * statement of the model fact they match, so that verdicts on the binary still point at source.
 */
public final class TranslationValidation {

    /** A tuple on one side only, with the statement or rule behind it. */
    public record Difference(String tuple, boolean inBinaryOnly, Origin origin) {
    }

    public record Result(List<Difference> differences, List<Diagnostic> propertyFailures) {
        public boolean ok() {
            return differences.isEmpty() && propertyFailures.isEmpty();
        }
    }

    private final PolicyFacts model;
    private final FlaskFacts binary;
    private final Map<String, Set<Label>> labelsOfType;
    /** The type each label is written as, once _self/_target/security_t are folded away. */
    private final Map<Label, String> typeOfLabel = new HashMap<>();

    /** {@code labelsOfType}: for every type of the compiled policy, the verifier labels it stands for. */
    public TranslationValidation(PolicyFacts model, FlaskFacts binary, Map<String, Set<Label>> labelsOfType) {
        this.model = model;
        this.binary = binary;
        this.labelsOfType = labelsOfType;
        labelsOfType.forEach((type, labels) -> labels.forEach(l -> typeOfLabel.merge(l, canonical(type),
                (a, b) -> a.length() <= b.length() ? a : b)));
    }

    private static String canonical(String type) {
        if (type.equals("security_t")) {
            return "xen_t";
        }
        for (String suffix : List.of("_self", "_target")) {
            if (type.endsWith(suffix)) {
                return type.substring(0, type.length() - suffix.length());
            }
        }
        return type;
    }

    public Result validate(XenPermissionMap map) {
        Map<String, Fact> fromModel = new LinkedHashMap<>();
        for (Fact f : model.facts()) {
            String s = typeOfLabel.get(f.source());
            String t = typeOfLabel.get(f.target());
            if (s != null && t != null && live(s, t, f.securityClass())) {
                fromModel.putIfAbsent(key(s, t, f), f);
            }
        }
        Map<String, Fact> fromBinary = new LinkedHashMap<>();
        for (Fact f : live()) {
            fromBinary.putIfAbsent(key(canonical(f.source().owner()), canonical(f.target().owner()), f), f);
        }
        List<Difference> differences = new ArrayList<>();
        for (String k : new TreeSet<>(fromModel.keySet())) {
            if (!fromBinary.containsKey(k)) {
                differences.add(new Difference(k, false, fromModel.get(k).origin()));
            }
        }
        for (String k : new TreeSet<>(fromBinary.keySet())) {
            if (!fromModel.containsKey(k)) {
                differences.add(new Difference(k, true, fromBinary.get(k).origin()));
            }
        }
        if (!differences.isEmpty()) {
            return new Result(differences, List.of());
        }
        PolicyFacts onBinary = PolicyFacts.ofFacts(model.model(), model.catalogue(), model.principals(),
                lift(fromModel), model.switchDefaults());
        List<Diagnostic> failures = new ArrayList<>();
        List<SettingGraphs.Setting> graphs = SettingGraphs.of(onBinary, map);
        failures.addAll(new AssertionCheck(onBinary, graphs).check());
        failures.addAll(new ClassIsolationCheck(onBinary, graphs).check());
        failures.addAll(new EscalationCheck(onBinary).check());
        failures.addAll(new FeatureCheck(onBinary).check());
        failures.addAll(new ResourceControlCheck(onBinary).check());
        return new Result(differences, failures);
    }

    /**
     * The decoded facts that can ever be exercised. An event channel gets a type other than its
     * remote end's only by a type_transition, so event permissions on such a type matter only for
     * the domains at either end of a transition that makes it (and for Xen, which labels the
     * channels of the domains it builds at boot). Both sides are compared on live accesses only:
     * the lowering states some over attributes for brevity, the model for every pair of its
     * statement, and neither inert remainder grants anything.
     */
    private List<Fact> live() {
        List<Fact> out = new ArrayList<>();
        for (Fact f : binary.facts()) {
            if (live(f.source().owner(), f.target().owner(), f.securityClass())) {
                out.add(f);
            }
        }
        return out;
    }

    private Map<String, Set<String>> parties;

    private boolean live(String sourceType, String targetType, String securityClass) {
        if (parties == null) {
            parties = new HashMap<>();
            for (FlaskFacts.TypeTransition t : binary.transitions()) {
                if (t.cls().equals("event")) {
                    // by what the types stand for: a device model's guest acts as X_target
                    parties.computeIfAbsent(t.newType(), k -> new java.util.HashSet<>()).add(canonical(t.source()));
                    parties.get(t.newType()).add(canonical(t.target()));
                }
            }
        }
        String source = canonical(sourceType);
        boolean xen = source.equals("xenboot_t") || source.equals("xen_t");
        return !securityClass.equals("event") || !targetType.endsWith("_channel") || xen
                || parties.getOrDefault(targetType, Set.of()).contains(source);
    }

    private static String key(String source, String target, Fact f) {
        return source + " " + target + " " + f.securityClass() + " " + f.permission()
                + f.origin().guard().map(g -> " if " + g.describe()).orElse("");
    }

    /**
     * The decoded facts over the verifier's labels: a rule on a {@code _self} type is a domain acting
     * on itself; any other rule reaches every principal its target type stands for.
     */
    private List<Fact> lift(Map<String, Fact> fromModel) {
        List<Fact> out = new ArrayList<>();
        for (Fact f : live()) {
            String s = f.source().owner();
            String t = f.target().owner();
            Fact twin = fromModel.get(key(canonical(s), canonical(t), f));
            Origin origin = twin != null ? twin.origin() : f.origin();
            Set<Label> sources = labelsOfType.getOrDefault(s, Set.of());
            Set<Label> targets = labelsOfType.getOrDefault(t, Set.of());
            for (Label a : sources) {
                if (t.endsWith("_self")) {
                    if (targets.contains(a)) {
                        out.add(new Fact(a, a, f.securityClass(), f.permission(), origin));
                    }
                    continue;
                }
                for (Label b : targets) {
                    out.add(new Fact(a, b, f.securityClass(), f.permission(), origin));
                }
            }
        }
        return out;
    }
}
