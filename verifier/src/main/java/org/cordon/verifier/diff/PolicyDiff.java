package org.cordon.verifier.diff;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.cordon.verifier.facts.Fact;
import org.cordon.verifier.flow.FlowEdge;
import org.cordon.verifier.flow.FlowGraph;
import org.cordon.verifier.permmap.XenPermissionMap;

/**
 * What changes between two versions of a policy: the accesses (source, target, class.permission) one grants and the
 * other does not, compared setting by setting of the switches (an access granted always on one side and only when a
 * switch is off on the other differs when it is on, and is said so), and the direct flows (edges of the
 * information-flow graph, under every setting at once) one has and the other does not, each with a statement behind
 * it. Works on any facts: Cordon sources or FLASK policies.
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
        Map<String, List<Fact>> old = accesses(before);
        Map<String, List<Fact>> now = accesses(after);
        List<String> switches = switches(before, after);
        List<Change> accesses = new ArrayList<>();
        java.util.Set<String> keys = new java.util.TreeSet<>(old.keySet());
        keys.addAll(now.keySet());
        for (String k : keys) {
            List<Fact> o = old.getOrDefault(k, List.of());
            List<Fact> n = now.getOrDefault(k, List.of());
            if (switches.size() > MAX_SWITCHES) {
                textual(k, o, n, accesses);
                continue;
            }
            BitSet was = settings(o, switches);
            BitSet is = settings(n, switches);
            BitSet lost = (BitSet) was.clone();
            lost.andNot(is);
            BitSet gained = (BitSet) is.clone();
            gained.andNot(was);
            if (!lost.isEmpty()) {
                accesses.add(new Change(false, k + when(lost, o, switches), statement(o, lost, switches)));
            }
            if (!gained.isEmpty()) {
                accesses.add(new Change(true, k + when(gained, n, switches), statement(n, gained, switches)));
            }
        }
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

    /** More switches than this and settings are not enumerated: guards are compared as written. */
    static final int MAX_SWITCHES = 12;

    /** Each access (source, target, class.permission) with the facts that grant it, under whatever guard. */
    private static Map<String, List<Fact>> accesses(List<Fact> facts) {
        Map<String, List<Fact>> out = new LinkedHashMap<>();
        for (Fact f : facts) {
            out.computeIfAbsent(f.access(), k -> new ArrayList<>()).add(f);
        }
        return out;
    }

    private static List<String> switches(List<Fact> before, List<Fact> after) {
        java.util.Set<String> out = new java.util.TreeSet<>();
        for (List<Fact> side : List.of(before, after)) {
            side.forEach(f -> f.origin().guard().ifPresent(g -> out.addAll(g.switches())));
        }
        return List.copyOf(out);
    }

    /** The settings (bit i of a setting's number: switch i on) in which one of the facts is in force. */
    private static BitSet settings(List<Fact> facts, List<String> switches) {
        int count = 1 << switches.size();
        BitSet out = new BitSet(count);
        for (Fact f : facts) {
            if (f.origin().guard().isEmpty()) {
                out.set(0, count);
                return out;
            }
            for (int s = 0; s < count; s++) {
                final int setting = s;
                if (f.origin().guard().get().holds(sw -> (setting >>> switches.indexOf(sw) & 1) == 1)) {
                    out.set(s);
                }
            }
        }
        return out;
    }

    /** " (when …)" for the settings, as the guard of one of the facts says it when one says exactly that. */
    private static String when(BitSet settings, List<Fact> facts, List<String> switches) {
        if (settings.cardinality() == 1 << switches.size()) {
            return "";
        }
        for (Fact f : facts) {
            if (f.origin().guard().isPresent() && settings(List.of(f), switches).equals(settings)) {
                return " (when " + f.origin().guard().get().describe() + ")";
            }
        }
        int s = settings.nextSetBit(0);
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < switches.size(); i++) {
            parts.add("switch " + switches.get(i) + " is " + ((s >>> i & 1) == 1 ? "on" : "off"));
        }
        return " (when " + String.join(", ", parts) + (settings.cardinality() > 1 ? ", and in "
                + (settings.cardinality() - 1) + " other setting(s)" : "") + ")";
    }

    /** The statement of a fact in force in one of the settings. */
    private static String statement(List<Fact> facts, BitSet settings, List<String> switches) {
        for (Fact f : facts) {
            if (settings(List.of(f), switches).intersects(settings)) {
                return statement(f);
            }
        }
        return statement(facts.get(0));
    }

    /** Many switches: an access and its guard as written on one side, not the other. */
    private static void textual(String access, List<Fact> o, List<Fact> n, List<Change> out) {
        Map<String, Fact> was = new LinkedHashMap<>();
        o.forEach(f -> was.putIfAbsent(access + f.origin().guard().map(g -> " (when " + g.describe() + ")").orElse(""), f));
        Map<String, Fact> is = new LinkedHashMap<>();
        n.forEach(f -> is.putIfAbsent(access + f.origin().guard().map(g -> " (when " + g.describe() + ")").orElse(""), f));
        was.forEach((k, f) -> {
            if (!is.containsKey(k)) {
                out.add(new Change(false, k, statement(f)));
            }
        });
        is.forEach((k, f) -> {
            if (!was.containsKey(k)) {
                out.add(new Change(true, k, statement(f)));
            }
        });
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
