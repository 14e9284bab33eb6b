package org.cordon.verifier.diff;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.cordon.verifier.facts.Fact;
import org.cordon.verifier.flow.FlowEdge;
import org.cordon.verifier.flow.FlowGraph;
import org.cordon.verifier.permmap.XenPermissionMap;

/**
 * What changes between two versions of a policy: the accesses (source, target, class.permission,
 * with the condition that guards them) one grants and the other does not, and the direct flows
 * (edges of the information-flow graph, under every setting at once) one has and the other does
 * not, each with a statement behind it. Works on any facts: Cordon sources or FLASK policies.
 */
public final class PolicyDiff {

    /** One access or flow on one side only; {@code because} is a statement of that side behind it. */
    public record Change(boolean added, String what, String because) {
    }

    public record Result(List<Change> accesses, List<Change> flows) {
        public boolean identical() {
            return accesses.isEmpty() && flows.isEmpty();
        }
    }

    private PolicyDiff() {
    }

    public static Result of(List<Fact> before, List<Fact> after, XenPermissionMap map) {
        Map<String, Fact> old = accesses(before);
        Map<String, Fact> now = accesses(after);
        List<Change> accesses = new ArrayList<>();
        old.forEach((k, f) -> {
            if (!now.containsKey(k)) {
                accesses.add(new Change(false, k, statement(f)));
            }
        });
        now.forEach((k, f) -> {
            if (!old.containsKey(k)) {
                accesses.add(new Change(true, k, statement(f)));
            }
        });
        Map<String, String> oldFlows = flows(FlowGraph.of(before, map));
        Map<String, String> newFlows = flows(FlowGraph.of(after, map));
        List<Change> flows = new ArrayList<>();
        oldFlows.forEach((k, why) -> {
            if (!newFlows.containsKey(k)) {
                flows.add(new Change(false, k, why));
            }
        });
        newFlows.forEach((k, why) -> {
            if (!oldFlows.containsKey(k)) {
                flows.add(new Change(true, k, why));
            }
        });
        accesses.sort((a, b) -> a.what().compareTo(b.what()));
        flows.sort((a, b) -> a.what().compareTo(b.what()));
        return new Result(accesses, flows);
    }

    private static Map<String, Fact> accesses(List<Fact> facts) {
        Map<String, Fact> out = new LinkedHashMap<>();
        for (Fact f : facts) {
            out.putIfAbsent(f.access() + f.origin().guard().map(g -> " (when " + g.describe() + ")").orElse(""), f);
        }
        return out;
    }

    private static Map<String, String> flows(FlowGraph g) {
        Map<String, String> out = new LinkedHashMap<>();
        for (FlowEdge e : g.graph().edgeSet()) {
            String key = g.graph().getEdgeSource(e) + " -> " + g.graph().getEdgeTarget(e);
            out.put(key, e.strongest().fact().securityClass() + "." + e.strongest().fact().permission() + ", "
                    + statement(e.strongest().fact()));
        }
        return out;
    }

    private static String statement(Fact f) {
        Optional<String> pos = f.origin().pos().line() > 0 ? Optional.of(f.origin().pos().toString()) : Optional.empty();
        return "`" + f.origin().statement() + "`" + pos.map(p -> " at " + p).orElse("");
    }
}
