package org.cordon.verifier.check;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.cordon.verifier.facts.AccessVector;
import org.cordon.verifier.facts.PolicyFacts;
import org.cordon.verifier.flow.FlowGraph;
import org.cordon.verifier.permmap.XenPermissionMap;
import org.cordon.verifier.switches.SwitchSolver;

/**
 * The flow graphs the flow checks look at, so that flow properties hold "for all switch settings"
 * and a failure names a setting that breaks it: the defaults' graph first, then one graph per
 * setting that {@link SwitchSolver} finds breaking a property the defaults keep. A property that
 * no setting breaks costs one search on the graph of every setting at once, and no solver call.
 */
public final class SettingGraphs {

    /** One setting's graph; {@code note} is what a message adds, e.g. " (with switches s on)". */
    public record Setting(FlowGraph graph, String note) {
    }

    private SettingGraphs() {
    }

    public static List<Setting> of(PolicyFacts facts, XenPermissionMap map) {
        return of(facts.vectors(), facts.switchDefaults(), map, () -> {
            List<FlowQuestion> questions = new ArrayList<>(AssertionCheck.questions(facts));
            questions.addAll(ClassIsolationCheck.questions(facts));
            questions.addAll(MlsCheck.questions(facts));
            return questions;
        });
    }

    /**
     * The same for any access vectors and switches. The questions are asked for only when some vector is
     * under a switch (listing them is quadratic in the classes of a large fleet).
     */
    public static List<Setting> of(List<AccessVector> facts, Map<String, Boolean> defaults, XenPermissionMap map,
            Supplier<List<FlowQuestion>> questions) {
        // without a guarded vector every setting has the same graph: build it from the vectors as they are
        boolean guarded = facts.stream().anyMatch(f -> f.origin().guard().isPresent());
        List<Setting> out = new ArrayList<>();
        out.add(new Setting(guarded ? graph(facts, defaults, map, defaults) : FlowGraph.ofVectors(facts, map), ""));
        if (!guarded || defaults.isEmpty()) {
            return out;
        }
        FlowGraph union = FlowGraph.ofVectors(facts, map);
        SwitchSolver solver = new SwitchSolver(defaults);
        Set<Map<String, Boolean>> found = new LinkedHashSet<>();
        for (FlowQuestion q : questions.get()) {
            // already broken by the defaults or by a setting found for an earlier question: reported there
            if (!q.flows(union) || out.stream().anyMatch(s -> q.flows(s.graph()))) {
                continue;
            }
            Optional<Map<String, Boolean>> s = solver.flowSetting(union, q.from(), q.to(), q.restriction());
            if (s.isPresent() && found.add(s.get())) {
                out.add(new Setting(graph(facts, defaults, map, s.get()),
                        " (with switches " + describeChanges(s.get(), defaults) + ")"));
            }
        }
        return out;
    }

    /** The graph of the vectors in force under {@code setting} (switches it does not name: their defaults). */
    public static FlowGraph graph(List<AccessVector> facts, Map<String, Boolean> defaults, XenPermissionMap map,
            Map<String, Boolean> setting) {
        return FlowGraph.ofVectors(facts.stream().filter(f -> f.origin().guard().map(g -> g.holds(setting, defaults))
                .orElse(true)).toList(), map);
    }

    /** "maint on, open off": the switches a setting sets away from their defaults. */
    public static String describeChanges(Map<String, Boolean> setting, Map<String, Boolean> defaults) {
        return String.join(", ", setting.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .filter(e -> !e.getValue().equals(defaults.getOrDefault(e.getKey(), false)))
                .map(e -> e.getKey() + (e.getValue() ? " on" : " off")).toList());
    }
}
