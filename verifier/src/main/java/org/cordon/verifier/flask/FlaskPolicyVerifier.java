package org.cordon.verifier.flask;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.cordon.model.Diagnostic;
import org.cordon.verifier.check.Counterexamples;
import org.cordon.verifier.check.FlowQuestion;
import org.cordon.verifier.check.SettingGraphs;
import org.cordon.verifier.facts.Label;
import org.cordon.verifier.flow.FlowGraph;
import org.cordon.verifier.flow.FlowPath;
import org.cordon.verifier.permmap.XenPermissionMap;
import org.cordon.verifier.switches.SwitchSolver;

/**
 * Flow properties on a FLASK policy Cordon did not write (Xen's default policy, OpenXT's, a
 * hand-written one): the same flow graph, permission map, counterexamples and switch handling as
 * for Cordon sources, over the policy's own types. A property names types or attributes; trusted
 * types (say {@code dom0_t}) and a property's mediators may carry flows, every other type is a
 * conduit. Each broken pair is reported once, under the defaults if they break it, else under a
 * setting of the booleans that Z3 finds.
 */
public final class FlaskPolicyVerifier {

    private final FlaskFacts facts;
    private final XenPermissionMap map;
    private FlowGraph union;
    /** Settings found to break some pair, with their graphs, after the defaults. */
    private final List<SettingGraphs.Setting> settings = new ArrayList<>();
    private final Set<Map<String, Boolean>> found = new HashSet<>();

    public FlaskPolicyVerifier(FlaskFacts facts, XenPermissionMap map) {
        this.facts = facts;
        this.map = map;
        settings.add(new SettingGraphs.Setting(SettingGraphs.graph(facts.facts(), facts.booleans(), map,
                facts.booleans()), ""));
    }

    /** The names the properties and trusted list use that are neither a type nor an attribute of the policy. */
    public List<String> unknownNames(List<FlowProperty> properties, Set<String> trusted) {
        Set<String> out = new TreeSet<>();
        for (FlowProperty p : properties) {
            p.subjects().stream().filter(n -> facts.typesOf(n).isEmpty() && !facts.attributes().containsKey(n))
                    .forEach(out::add);
            p.mediators().stream().filter(n -> facts.typesOf(n).isEmpty() && !facts.attributes().containsKey(n))
                    .forEach(out::add);
        }
        trusted.stream().filter(n -> facts.typesOf(n).isEmpty() && !facts.attributes().containsKey(n)).forEach(out::add);
        return List.copyOf(out);
    }

    public List<Diagnostic> verify(List<FlowProperty> properties, Set<String> trusted) {
        List<Diagnostic> out = new ArrayList<>();
        for (FlowProperty p : properties) {
            Set<Label> avoid = labels(trusted);
            p.mediators().forEach(m -> avoid.addAll(labels(Set.of(m))));
            // the property's own subjects are ends of flows, never skipped on the way
            p.subjects().forEach(n -> avoid.removeAll(labels(Set.of(n))));
            FlowGraph.Restriction r = new FlowGraph.Restriction(avoid::contains, h -> true);
            List<String> subjects = p.subjects();
            // one search per subject and setting serves every pair it is in
            Map<String, FlowGraph.Reach> reaches = new HashMap<>();
            if (p.isolated()) {
                for (int i = 0; i < subjects.size(); i++) {
                    for (int j = i + 1; j < subjects.size(); j++) {
                        String x = subjects.get(i);
                        String y = subjects.get(j);
                        if (!x.equals(y)) {
                            broken(x, y, r, reaches, true).ifPresent(b -> out.add(diagnostic(p, b)));
                        }
                    }
                }
            } else {
                broken(subjects.get(0), subjects.get(1), r, reaches, false).ifPresent(b -> out.add(diagnostic(p, b)));
            }
        }
        return out;
    }

    /** A flow that breaks the pair, and the note naming its setting. */
    private record Broken(String x, String y, FlowPath path, String note) {
    }

    private Optional<Broken> broken(String x, String y, FlowGraph.Restriction r, Map<String, FlowGraph.Reach> reaches,
            boolean eitherWay) {
        Set<Label> xs = labels(Set.of(x));
        Set<Label> ys = labels(Set.of(y));
        for (int attempt = 0; attempt < 2; attempt++) {
            for (int s = 0; s < settings.size(); s++) {
                SettingGraphs.Setting setting = settings.get(s);
                Optional<FlowPath> p = reach(setting, s, x, xs, r, reaches).pathTo(ys);
                if (p.isEmpty() && eitherWay) {
                    p = reach(setting, s, y, ys, r, reaches).pathTo(xs);
                }
                if (p.isPresent()) {
                    return Optional.of(new Broken(x, y, p.get(), setting.note()));
                }
            }
            // no setting known so far breaks it: ask the solver for one, then look again
            if (attempt == 0 && !newSetting(xs, ys, r) && !(eitherWay && newSetting(ys, xs, r))) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private boolean newSetting(Set<Label> from, Set<Label> to, FlowGraph.Restriction r) {
        if (facts.booleans().isEmpty()) {
            return false;
        }
        if (union == null) {
            union = FlowGraph.of(facts.facts(), map);
        }
        if (!new FlowQuestion(from, to, r).flows(union)) {
            return false;
        }
        Optional<Map<String, Boolean>> s = new SwitchSolver(facts.booleans()).flowSetting(union, from, to, r);
        if (s.isEmpty() || !found.add(s.get())) {
            return false;
        }
        settings.add(new SettingGraphs.Setting(SettingGraphs.graph(facts.facts(), facts.booleans(), map, s.get()),
                " (with booleans " + SettingGraphs.describeChanges(s.get(), facts.booleans()) + ")"));
        return true;
    }

    private FlowGraph.Reach reach(SettingGraphs.Setting setting, int index, String name, Set<Label> from,
            FlowGraph.Restriction r, Map<String, FlowGraph.Reach> reaches) {
        return reaches.computeIfAbsent(index + "|" + name, k -> setting.graph().reach(from, from, r, false));
    }

    private Set<Label> labels(Set<String> names) {
        Set<Label> out = new LinkedHashSet<>();
        names.forEach(n -> facts.typesOf(n).forEach(t -> out.add(FlaskFacts.label(t))));
        return out;
    }

    private static Diagnostic diagnostic(FlowProperty p, Broken b) {
        String what = p.isolated() ? b.x() + " and " + b.y() + " are not isolated" + b.note() + ": information flows "
                : "information flows from " + b.x() + " to " + b.y() + b.note() + ": ";
        return new Diagnostic(Diagnostic.Severity.ERROR, p.isolated() ? "isolation" : "no-flow",
                what + b.path().route(), p.pos(), Counterexamples.hops(b.path()));
    }
}
