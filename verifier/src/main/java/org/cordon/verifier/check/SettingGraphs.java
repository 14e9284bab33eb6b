package org.cordon.verifier.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cordon.verifier.facts.PolicyFacts;
import org.cordon.verifier.flow.FlowGraph;
import org.cordon.verifier.permmap.XenPermissionMap;

/**
 * The flow graph under each setting of the switches, defaults first, so that flow properties hold
 * "for all switch settings" and a failure names the setting that breaks it. With more than
 * {@value #MAX_SWITCHES} switches, one graph of every setting at once stands in: it can report
 * more flows than any one setting has, never fewer.
 */
public final class SettingGraphs {

    static final int MAX_SWITCHES = 10;

    /** One setting's graph; {@code note} is what a message adds, e.g. " (with switches s on)". */
    public record Setting(FlowGraph graph, String note) {
    }

    private SettingGraphs() {
    }

    public static List<Setting> of(PolicyFacts facts, XenPermissionMap map) {
        List<Map<String, Boolean>> settings = facts.settings(MAX_SWITCHES);
        if (settings.isEmpty()) {
            return List.of(new Setting(FlowGraph.of(facts.facts(), map), " (under some setting of the switches)"));
        }
        List<Setting> out = new ArrayList<>();
        for (Map<String, Boolean> s : settings) {
            String changes = facts.describeChanges(s);
            out.add(new Setting(FlowGraph.of(facts.facts().stream().filter(f -> facts.active(f, s)).toList(), map),
                    changes.isEmpty() ? "" : " (with switches " + changes + ")"));
        }
        return out;
    }
}
