package org.cordon.verifier.check;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.cordon.model.Diagnostic;
import org.cordon.model.PolicyModel;
import org.cordon.model.PolicyModel.SubjectRef;
import org.cordon.verifier.facts.Label;
import org.cordon.verifier.facts.Origin;
import org.cordon.verifier.facts.PolicyFacts;
import org.cordon.verifier.flow.FlowGraph;
import org.cordon.verifier.flow.FlowPath;
import org.cordon.verifier.permmap.XenPermissionMap;

/**
 * The policy's flow assertions on the information-flow graph, under every setting of the switches
 * (defaults first; each failing pair reported once, with the first setting that breaks it). With
 * more than {@value #MAX_SWITCHES} switches the graph of all settings at once is checked instead,
 * which can only report more, never less.
 * <ul>
 * <li>{@code assert isolated A, B, ...}: no flow between any two of them, either way, except
 * through declared channels or trusted mediators (see {@link Mediators}).</li>
 * <li>{@code assert no flow A -> B [except via M, ...]}: no flow from A to B that avoids every M;
 * declared channels count here, as does every domain not named as a mediator.</li>
 * </ul>
 * Strong classes and the classes of hybrid clusters are checked as if asserted isolated from
 * every other class and untrusted domain ({@link ImpliedIsolation}), at their declaration
 * (code "class-isolation").
 * A failure carries the shortest flow, each hop with the statement that allows it.
 */
public final class AssertionCheck {

    static final int MAX_SWITCHES = 10;

    private final PolicyFacts facts;
    private final XenPermissionMap map;
    /** Pairs (assertion, source, target) already reported under an earlier setting. */
    private final java.util.Set<String> reported = new java.util.HashSet<>();
    private FlowGraph graph;
    /** Searches from each class the declarations promise isolation for, per setting (one each way). */
    private final java.util.Map<String, FlowGraph.Reach> reaches = new java.util.HashMap<>();
    private String setting = "";

    /** Isolation that strong classes and hybrid clusters promise by their declaration. */
    private final List<ImpliedIsolation.Promise> implied;

    public AssertionCheck(PolicyFacts facts, XenPermissionMap map) {
        this.facts = facts;
        this.map = map;
        this.implied = ImpliedIsolation.of(facts.model(), facts.principals());
    }

    public List<Diagnostic> check() {
        List<Diagnostic> out = new ArrayList<>();
        List<java.util.Map<String, Boolean>> settings = facts.settings(MAX_SWITCHES);
        if (settings.isEmpty()) {
            graph = FlowGraph.of(facts.facts(), map);
            reaches.clear();
            setting = " (under some setting of the switches)";
            checkAll(out);
            return out;
        }
        for (java.util.Map<String, Boolean> s : settings) {
            graph = FlowGraph.of(facts.facts().stream().filter(f -> facts.active(f, s)).toList(), map);
            reaches.clear();
            String changes = facts.describeChanges(s);
            setting = changes.isEmpty() ? "" : " (with switches " + changes + ")";
            checkAll(out);
        }
        return out;
    }

    private void checkAll(List<Diagnostic> out) {
        for (PolicyModel.Assertion a : facts.model().assertions()) {
            if (a instanceof PolicyModel.Isolated i) {
                isolated(i, out);
            } else if (a instanceof PolicyModel.NoFlow n) {
                noFlow(n).ifPresent(out::add);
            }
        }
        implied.forEach(p -> promise(p, out));
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

    /**
     * One diagnostic per class at most, however many promises it breaks: a policy that breaks them
     * all must not drown the reader (or the heap) in a diagnostic per pair.
     */
    private void promise(ImpliedIsolation.Promise p, List<Diagnostic> out) {
        String key = p.pos() + "|" + p.cls().name();
        if (reported.contains(key)) {
            return;
        }
        FlowGraph.Restriction r = isolationRestriction();
        List<String> broken = new ArrayList<>();
        SubjectRef nearest = null;
        int best = -1;
        for (SubjectRef other : p.others()) {
            int d = promisedDistance(p.cls(), other, r);
            if (d > 0) {
                broken.add(other.name());
                if (best < 0 || d < best) {
                    best = d;
                    nearest = other;
                }
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
        out.add(new Diagnostic(Diagnostic.Severity.ERROR, "class-isolation", "class " + p.cls().name()
                + " is declared isolated, but information flows " + shortest.route() + setting + more, p.pos(),
                Counterexamples.hops(shortest)));
    }

    private FlowGraph.Restriction isolationRestriction() {
        Predicate<Label> mediator = l -> Mediators.pseudo(l) || Mediators.platform(l, facts.principals());
        return new FlowGraph.Restriction(mediator, h -> h.fact().origin().kind() != Origin.Kind.CHANNEL);
    }

    private void isolated(PolicyModel.Isolated a, List<Diagnostic> out) {
        FlowGraph.Restriction r = isolationRestriction();
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
                    out.add(new Diagnostic(Diagnostic.Severity.ERROR, "isolation", x.name() + " and " + y.name()
                            + " are not isolated" + setting + ": information flows " + path.route()
                            + " (not through a declared channel or a trusted platform domain)", a.pos(),
                            Counterexamples.hops(path)));
                });
            }
        }
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

    /** Length of {@link #promised}'s path without building it (-1: none), for scanning many others. */
    private int promisedDistance(SubjectRef cls, SubjectRef other, FlowGraph.Restriction r) {
        Set<Label> to = members(other);
        int d = reach(cls, r, false).distanceTo(to);
        return d > 0 ? d : reach(cls, r, true).distanceTo(to);
    }

    private FlowGraph.Reach reach(SubjectRef cls, FlowGraph.Restriction r, boolean backwards) {
        Set<Label> from = members(cls);
        return reaches.computeIfAbsent(cls.name() + (backwards ? "<" : ">"), k -> graph.reach(from, from, r, backwards));
    }

    private Optional<Diagnostic> noFlow(PolicyModel.NoFlow a) {
        if (!fresh(a, a.source().name(), a.target().name())) {
            return Optional.empty();
        }
        Set<Label> via = new LinkedHashSet<>();
        a.mediators().forEach(m -> via.addAll(members(m)));
        Predicate<Label> mediator = l -> Mediators.pseudo(l) || via.contains(l.main());
        Optional<FlowPath> p = graph.shortestFlow(members(a.source()), members(a.target()),
                new FlowGraph.Restriction(mediator, h -> true));
        String except = a.mediators().isEmpty() ? "" : " except via " + String.join(", ",
                a.mediators().stream().map(SubjectRef::name).toList());
        p.ifPresent(path -> report(a, a.source().name(), a.target().name()));
        return p.map(path -> new Diagnostic(Diagnostic.Severity.ERROR, "no-flow", "information flows from "
                + a.source().name() + " to " + a.target().name() + except + setting + ": " + path.route(), a.pos(),
                Counterexamples.hops(path)));
    }
}
