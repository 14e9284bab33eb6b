package org.cordon.verifier.check;

import org.cordon.model.DiagnosticCode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.cordon.model.Diagnostic;
import org.cordon.model.PolicyModel;
import org.cordon.model.PolicyModel.SubjectRef;
import org.cordon.verifier.facts.Label;
import org.cordon.verifier.facts.PolicyFacts;
import org.cordon.verifier.flow.FlowGraph;
import org.cordon.verifier.flow.FlowPath;
import org.cordon.verifier.permmap.XenPermissionMap;

/**
 * The policy's flow assertions on the information-flow graph, under every setting of the switches
 * ({@link SettingGraphs}; each failing pair reported once, with the first setting that breaks it).
 * <ul>
 * <li>{@code assert isolated A, B, ...}: no flow between any two of them, either way, except
 * through declared channels or trusted mediators (see {@link Mediators}).</li>
 * <li>{@code assert no flow A -> B [except via M, ...]}: no flow from A to B that avoids every M;
 * declared channels count here, as does every domain not named as a mediator.</li>
 * </ul>
 * A failure carries the shortest flow, each hop with the statement that allows it.
 */
public final class AssertionCheck {

    private final PolicyFacts facts;
    private final List<SettingGraphs.Setting> settings;
    /** Pairs (assertion, source, target) already reported under an earlier setting. */
    private final Set<String> reported = new HashSet<>();
    private FlowGraph graph;
    private String setting = "";

    public AssertionCheck(PolicyFacts facts, List<SettingGraphs.Setting> settings) {
        this.facts = facts;
        this.settings = settings;
    }

    public AssertionCheck(PolicyFacts facts, XenPermissionMap map) {
        this(facts, SettingGraphs.of(facts, map));
    }

    public List<Diagnostic> check() {
        List<Diagnostic> out = new ArrayList<>();
        for (SettingGraphs.Setting s : settings) {
            graph = s.graph();
            setting = s.note();
            for (PolicyModel.Assertion a : facts.model().assertions()) {
                if (a instanceof PolicyModel.Isolated i) {
                    isolated(i, out);
                } else if (a instanceof PolicyModel.NoFlow n) {
                    noFlow(n).ifPresent(out::add);
                }
            }
        }
        return out;
    }

    /** The flow questions the assertions ask, for finding the switch settings that break them. */
    static List<FlowQuestion> questions(PolicyFacts facts) {
        List<FlowQuestion> out = new ArrayList<>();
        FlowGraph.Restriction iso = Mediators.isolation(facts.principals());
        for (PolicyModel.Assertion a : facts.model().assertions()) {
            if (a instanceof PolicyModel.Isolated i) {
                for (SubjectRef x : i.subjects()) {
                    for (SubjectRef y : i.subjects()) {
                        if (!x.name().equals(y.name())) {
                            out.add(new FlowQuestion(facts.principals().of(x), facts.principals().of(y), iso));
                        }
                    }
                }
            } else if (a instanceof PolicyModel.NoFlow n) {
                out.add(new FlowQuestion(facts.principals().of(n.source()), facts.principals().of(n.target()),
                        noFlowRestriction(facts, n)));
            }
        }
        return out;
    }

    private static FlowGraph.Restriction noFlowRestriction(PolicyFacts facts, PolicyModel.NoFlow a) {
        Set<Label> via = new LinkedHashSet<>();
        a.mediators().forEach(m -> via.addAll(facts.principals().of(m)));
        return new FlowGraph.Restriction(l -> Mediators.pseudo(l) || via.contains(l.main()), h -> true);
    }

    /** Whether the pair has not been reported under an earlier setting. */
    private boolean fresh(PolicyModel.Assertion a, String x, String y) {
        return !reported.contains(a.pos() + "|" + x + "|" + y);
    }

    private void report(PolicyModel.Assertion a, String x, String y) {
        reported.add(a.pos() + "|" + x + "|" + y);
    }

    private Set<Label> members(SubjectRef ref) {
        return facts.principals().of(ref);
    }

    private void isolated(PolicyModel.Isolated a, List<Diagnostic> out) {
        FlowGraph.Restriction r = Mediators.isolation(facts.principals());
        List<SubjectRef> subjects = a.subjects();
        for (int i = 0; i < subjects.size(); i++) {
            for (int j = i + 1; j < subjects.size(); j++) {
                SubjectRef x = subjects.get(i);
                SubjectRef y = subjects.get(j);
                if (x.name().equals(y.name()) || !fresh(a, x.name(), y.name())) {
                    continue;
                }
                // one diagnostic per pair: the flow x -> y if there is one, else y -> x
                Optional<FlowPath> p = graph.shortestFlow(members(x), members(y), r)
                        .or(() -> graph.shortestFlow(members(y), members(x), r));
                p.ifPresent(path -> {
                    report(a, x.name(), y.name());
                    out.add(new Diagnostic(Diagnostic.Severity.ERROR, DiagnosticCode.ISOLATION, x.name() + " and " + y.name()
                            + " are not isolated" + setting + ": information flows " + path.route()
                            + " (not through a declared channel or a trusted platform domain)", a.pos(),
                            Counterexamples.hops(path)));
                });
            }
        }
    }

    private Optional<Diagnostic> noFlow(PolicyModel.NoFlow a) {
        if (!fresh(a, a.source().name(), a.target().name())) {
            return Optional.empty();
        }
        Optional<FlowPath> p = graph.shortestFlow(members(a.source()), members(a.target()),
                noFlowRestriction(facts, a));
        String except = a.mediators().isEmpty() ? "" : " except via " + String.join(", ",
                a.mediators().stream().map(SubjectRef::name).toList());
        p.ifPresent(path -> report(a, a.source().name(), a.target().name()));
        return p.map(path -> new Diagnostic(Diagnostic.Severity.ERROR, DiagnosticCode.NO_FLOW, "information flows from "
                + a.source().name() + " to " + a.target().name() + except + setting + ": " + path.route(), a.pos(),
                Counterexamples.hops(path)));
    }
}
