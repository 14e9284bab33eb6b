package org.cordon.verifier.check;

import org.cordon.model.DiagnosticCode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.cordon.model.Diagnostic;
import org.cordon.model.PolicyModel.SubjectKind;
import org.cordon.model.PolicyModel.SubjectRef;
import org.cordon.verifier.facts.Label;
import org.cordon.verifier.facts.PolicyFacts;
import org.cordon.verifier.flow.FlowGraph;
import org.cordon.verifier.flow.FlowPath;
import org.cordon.verifier.permmap.XenPermissionMap;

/**
 * What classes promise by their declaration ({@link ImpliedIsolation}): a strong class, and each
 * class of a hybrid cluster, is isolated from every other class and untrusted domain, as if
 * asserted, under every switch setting. Code DiagnosticCode.CLASS_ISOLATION, at the class.
 */
public final class ClassIsolationCheck {

    private final PolicyFacts facts;
    private final List<SettingGraphs.Setting> settings;
    private final ImpliedIsolation implied;
    private final FlowGraph.Restriction isolation;
    private final Set<String> reported = new HashSet<>();
    /** Searches from each promising class, per setting, one each way. */
    private final Map<String, FlowGraph.Reach> reaches = new HashMap<>();
    private FlowGraph graph;

    public ClassIsolationCheck(PolicyFacts facts, List<SettingGraphs.Setting> settings) {
        this.facts = facts;
        this.settings = settings;
        this.implied = new ImpliedIsolation(facts.model(), facts.principals());
        this.isolation = Mediators.isolation(facts.principals());
    }

    public ClassIsolationCheck(PolicyFacts facts, XenPermissionMap map) {
        this(facts, SettingGraphs.of(facts, map));
    }

    /** The flow questions the promises ask (each class to and from all it promises isolation from). */
    static List<FlowQuestion> questions(PolicyFacts facts) {
        List<FlowQuestion> out = new ArrayList<>();
        FlowGraph.Restriction r = Mediators.isolation(facts.principals());
        ImpliedIsolation implied = new ImpliedIsolation(facts.model(), facts.principals());
        for (ImpliedIsolation.Promise p : implied.promises()) {
            Set<Label> cls = facts.principals().of(p.cls());
            Set<Label> others = new HashSet<>();
            implied.others(p).forEach(o -> others.addAll(facts.principals().of(o)));
            out.add(new FlowQuestion(cls, others, r));
            out.add(new FlowQuestion(others, cls, r));
        }
        return out;
    }

    public List<Diagnostic> check() {
        List<Diagnostic> out = new ArrayList<>();
        for (SettingGraphs.Setting s : settings) {
            graph = s.graph();
            reaches.clear();
            implied.promises().forEach(p -> promise(p, s.note(), out));
        }
        return out;
    }

    private Set<Label> members(SubjectRef ref) {
        return facts.principals().of(ref);
    }

    /**
     * One diagnostic per class at most, however many promises it breaks: a policy that breaks them
     * all must not drown the reader (or the heap) in a diagnostic per pair.
     */
    private void promise(ImpliedIsolation.Promise p, String setting, List<Diagnostic> out) {
        String key = p.pos() + "|" + p.cls().name();
        if (reported.contains(key)) {
            return;
        }
        FlowGraph.Restriction r = isolation;
        // what the two searches from the class reach, by the class or domain each reached label belongs to:
        // one pass over what was reached, instead of a look-up per class and domain promised
        Map<Integer, Integer> forwards = nearestOthers(p, reach(p.cls(), r, false));
        Map<Integer, Integer> backwards = nearestOthers(p, reach(p.cls(), r, true));
        // in the order of the promise's list: forwards where a flow goes there, else backwards
        java.util.TreeMap<Integer, Integer> distance = new java.util.TreeMap<>(backwards);
        distance.putAll(forwards);
        List<String> broken = new ArrayList<>();
        SubjectRef nearest = null;
        int best = -1;
        for (Map.Entry<Integer, Integer> e : distance.entrySet()) {
            SubjectRef other = implied.at(e.getKey());
            broken.add(other.name());
            if (best < 0 || e.getValue() < best) {
                best = e.getValue();
                nearest = other;
            }
        }
        if (nearest == null) {
            return;
        }
        FlowPath shortest = promised(p.cls(), nearest, r).orElseThrow();
        reported.add(key);
        String more = broken.size() == 1 ? "" : " (isolation from " + broken.size() + " classes and domains is broken: "
                + String.join(", ", broken.subList(0, Math.min(5, broken.size()))) + (broken.size() > 5 ? ", ..." : "")
                + ")";
        out.add(new Diagnostic(Diagnostic.Severity.ERROR, DiagnosticCode.CLASS_ISOLATION, "class " + p.cls().name()
                + " is declared isolated, but information flows " + shortest.route() + setting + more, p.pos(),
                Counterexamples.hops(shortest)));
    }

    /**
     * The fewest hops to each class (by its VMs) and domain that a search reached and {@code p} is made to,
     * by its position in the promise's list; only principals count, not their event channels or build
     * labels, as with {@link #members}.
     */
    private Map<Integer, Integer> nearestOthers(ImpliedIsolation.Promise p, FlowGraph.Reach reach) {
        Map<Integer, Integer> out = new HashMap<>();
        reach.distances().forEach((label, d) -> {
            if (d <= 0 || label.facet() != Label.Facet.MAIN) {
                return;
            }
            java.util.OptionalInt at = switch (label.kind()) {
                case VM -> facts.principals().classOf(label)
                        .map(c -> implied.position(p, SubjectKind.CLASS, c)).orElse(java.util.OptionalInt.empty());
                case DOMAIN -> implied.position(p, SubjectKind.DOMAIN, label.owner());
                default -> java.util.OptionalInt.empty();
            };
            if (at.isPresent()) {
                out.merge(at.getAsInt(), d, Math::min);
            }
        });
        return out;
    }

    /**
     * A promised pair (class, other): disjoint sets and never mediators, so one search from the class
     * each way serves every other class and domain; with a thousand classes this is what keeps the
     * check linear in searches rather than quadratic.
     */
    private Optional<FlowPath> promised(SubjectRef cls, SubjectRef other, FlowGraph.Restriction r) {
        Set<Label> to = members(other);
        return reach(cls, r, false).pathTo(to).or(() -> reach(cls, r, true).pathTo(to));
    }

    private FlowGraph.Reach reach(SubjectRef cls, FlowGraph.Restriction r, boolean backwards) {
        Set<Label> from = members(cls);
        return reaches.computeIfAbsent(cls.name() + (backwards ? "<" : ">"), k -> graph.reach(from, from, r, backwards));
    }
}
