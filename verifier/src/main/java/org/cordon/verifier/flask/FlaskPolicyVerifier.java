package org.cordon.verifier.flask;

import org.cordon.model.DiagnosticCode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.cordon.model.Diagnostic;
import org.cordon.verifier.check.SettingGraphs;

/**
 * Flow properties on a FLASK policy Cordon did not write (Xen's default policy, OpenXT's, a
 * hand-written one), on its {@link RuleFlowGraph} with Cordon's permission map. A property names
 * types or attributes; trusted types (say {@code dom0_t}) and a property's mediators may carry
 * flows, every other type is a conduit. Every setting of the booleans that guard flow rules is
 * tried, the defaults first and then by number of changes, so a broken pair is reported once,
 * under the smallest change that breaks it. Beyond {@value #MAX_BOOLEANS} such booleans, the
 * defaults and then all guarded rules at once stand in (a flow found there names no setting).
 * One search per subject and setting serves every pair it is in.
 */
public final class FlaskPolicyVerifier {

    static final int MAX_BOOLEANS = 10;

    private final RuleFlowGraph graph;
    private final List<Map<String, Boolean>> settings;

    public FlaskPolicyVerifier(RuleFlowGraph graph) {
        this.graph = graph;
        this.settings = settings(graph);
    }

    private static List<Map<String, Boolean>> settings(RuleFlowGraph g) {
        List<String> relevant = List.copyOf(g.relevantBooleans());
        List<Map<String, Boolean>> out = new ArrayList<>();
        out.add(g.booleans());
        if (relevant.isEmpty()) {
            return out;
        }
        if (relevant.size() > MAX_BOOLEANS) {
            out.add(null); // every guarded rule in force
            return out;
        }
        List<Map<String, Boolean>> others = new ArrayList<>();
        for (long bits = 1; bits < (1L << relevant.size()); bits++) {
            Map<String, Boolean> s = new LinkedHashMap<>(g.booleans());
            for (int i = 0; i < relevant.size(); i++) {
                if ((bits >> i & 1) == 1) {
                    s.put(relevant.get(i), !g.booleans().get(relevant.get(i)));
                }
            }
            others.add(s);
        }
        others.sort((a, b) -> Long.compare(Long.bitCount(changes(a, g)), Long.bitCount(changes(b, g))));
        out.addAll(others);
        return out;
    }

    private static long changes(Map<String, Boolean> s, RuleFlowGraph g) {
        long n = 0;
        for (Map.Entry<String, Boolean> e : s.entrySet()) {
            n = n << 1 | (e.getValue().equals(g.booleans().get(e.getKey())) ? 0 : 1);
        }
        return n;
    }

    /** The names the properties and trusted list use that are neither a type nor an attribute of the policy. */
    public List<String> unknownNames(List<FlowProperty> properties, Set<String> trusted) {
        Set<String> out = new TreeSet<>();
        for (FlowProperty p : properties) {
            p.subjects().stream().filter(n -> graph.typesOf(n).length == 0 && !graph.attributes().containsKey(n))
                    .forEach(out::add);
            p.mediators().stream().filter(n -> graph.typesOf(n).length == 0 && !graph.attributes().containsKey(n))
                    .forEach(out::add);
        }
        trusted.stream().filter(n -> graph.typesOf(n).length == 0 && !graph.attributes().containsKey(n))
                .forEach(out::add);
        return List.copyOf(out);
    }

    public List<Diagnostic> verify(List<FlowProperty> properties, Set<String> trusted) {
        List<Diagnostic> out = new ArrayList<>();
        for (FlowProperty p : properties) {
            boolean[] avoid = new boolean[graph.types().size()];
            trusted.forEach(t -> mark(avoid, t, true));
            p.mediators().forEach(m -> mark(avoid, m, true));
            // the property's own subjects are ends of flows, never skipped on the way
            p.subjects().forEach(s -> mark(avoid, s, false));
            Map<String, RuleFlowGraph.Reach> reaches = new HashMap<>();
            List<String> subjects = p.subjects();
            if (p.isolated()) {
                for (int i = 0; i < subjects.size(); i++) {
                    for (int j = i + 1; j < subjects.size(); j++) {
                        if (!subjects.get(i).equals(subjects.get(j))) {
                            broken(p, subjects.get(i), subjects.get(j), avoid, reaches, true).ifPresent(out::add);
                        }
                    }
                }
            } else {
                broken(p, subjects.get(0), subjects.get(1), avoid, reaches, false).ifPresent(out::add);
            }
        }
        return out;
    }

    private void mark(boolean[] avoid, String name, boolean value) {
        for (int t : graph.typesOf(name)) {
            avoid[t] = value;
        }
    }

    private Optional<Diagnostic> broken(FlowProperty p, String x, String y, boolean[] avoid,
            Map<String, RuleFlowGraph.Reach> reaches, boolean eitherWay) {
        for (int s = 0; s < settings.size(); s++) {
            Map<String, Boolean> setting = settings.get(s);
            List<String> route = new ArrayList<>();
            Optional<List<Diagnostic.Related>> hops = reach(s, x, avoid, reaches).pathTo(graph.typesOf(y), route);
            if (hops.isEmpty() && eitherWay) {
                route.clear();
                hops = reach(s, y, avoid, reaches).pathTo(graph.typesOf(x), route);
            }
            if (hops.isPresent()) {
                String note = s == 0 ? "" : setting == null ? " (under some setting of the booleans)"
                        : " (with booleans " + SettingGraphs.describeChanges(setting, graph.booleans()) + ")";
                String flow = String.join(" -> ", route);
                String what = p.isolated() ? x + " and " + y + " are not isolated" + note + ": information flows " + flow
                        : "information flows from " + x + " to " + y + note + ": " + flow;
                return Optional.of(new Diagnostic(Diagnostic.Severity.ERROR, p.isolated() ? DiagnosticCode.ISOLATION : DiagnosticCode.NO_FLOW,
                        what, p.pos(), hops.get()));
            }
        }
        return Optional.empty();
    }

    private RuleFlowGraph.Reach reach(int setting, String name, boolean[] avoid, Map<String, RuleFlowGraph.Reach> reaches) {
        Map<String, Boolean> s = settings.get(setting);
        return reaches.computeIfAbsent(setting + "|" + name, k -> graph.reach(graph.typesOf(name), avoid,
                r -> s == null || graph.active(r, s)));
    }

    /** Summary counts for reports. */
    public String describe() {
        return graph.types().size() + " types, " + graph.attributes().size() + " attributes, " + graph.booleans().size()
                + " booleans, " + graph.entries() + " allow entries";
    }

}
