package org.cordon.verifier.check;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.cordon.model.Diagnostic;
import org.cordon.model.DiagnosticCode;
import org.cordon.model.PolicyModel;
import org.cordon.model.SourcePos;
import org.cordon.verifier.facts.Fact;
import org.cordon.verifier.facts.Label;
import org.cordon.verifier.facts.MlsReading;
import org.cordon.verifier.facts.Origin;
import org.cordon.verifier.facts.PolicyFacts;
import org.cordon.verifier.flow.FlowGraph;
import org.cordon.verifier.flow.FlowPath;

/**
 * A multi-level policy's verdicts: no information flows from a level to one that does not dominate it except
 * through a trusted domain (Xen's constraints cover the classes between domains; this finds the flows they leave
 * open, through Xen's console or a shared device, say), under every switch setting (code MLS_FLOW, at the source's
 * level); {@code assert dominates} (DOMINATES); and, as warnings, the statements whose accesses the constraints cut
 * (MLS_CUT), so that a rule that silently does less than it says is seen.
 */
public final class MlsCheck {

    private final PolicyFacts facts;
    private final List<SettingGraphs.Setting> settings;

    /** Each domain's and VM's level as written or defaulted, for the positions of findings; read once. */
    private final Map<String, PolicyModel.LevelRange> levels;

    public MlsCheck(PolicyFacts facts, List<SettingGraphs.Setting> settings) {
        this.facts = facts;
        this.settings = settings;
        this.levels = facts.model().levels();
    }

    public List<Diagnostic> check() {
        if (facts.mls().isEmpty()) {
            return List.of();
        }
        MlsReading mls = facts.mls().get();
        List<Diagnostic> out = new ArrayList<>();
        Set<String> reported = new HashSet<>();
        for (SettingGraphs.Setting s : settings) {
            for (Group g : groups(facts)) {
                if (!reported.add(g.key())) {
                    continue;
                }
                Optional<FlowPath> path = s.graph().shortestFlow(g.members(), g.below(), restriction(facts));
                if (path.isPresent()) {
                    FlowPath p = path.get();
                    Label from = p.hops().get(0).from();
                    Label to = p.hops().get(p.hops().size() - 1).to();
                    out.add(Diagnostic.of(DiagnosticCode.MLS_FLOW, levelPos(from), "information flows down from "
                            + from + " at " + mls.of(from).low() + " to " + to + " at " + mls.of(to).low()
                            + ", which does not dominate it, not through a trusted domain: " + p.route() + s.note(),
                            Counterexamples.hops(p)));
                } else {
                    reported.remove(g.key());
                }
            }
        }
        dominates(mls, out);
        cut(mls, out);
        return out;
    }

    /** The untrusted domains and VMs of one low level, and those whose low level does not dominate it. */
    private record Group(String key, Set<Label> members, Set<Label> below) {
    }

    private static List<Group> groups(PolicyFacts facts) {
        MlsReading mls = facts.mls().orElseThrow();
        Map<String, Set<Label>> byLevel = new LinkedHashMap<>();
        Map<String, Label> sample = new LinkedHashMap<>();
        for (Label d : facts.principals().domains()) {
            if (!mls.of(d).trusted()) {
                String key = mls.of(d).low().text();
                byLevel.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(d);
                sample.putIfAbsent(key, d);
            }
        }
        List<Group> out = new ArrayList<>();
        byLevel.forEach((key, members) -> {
            Set<Label> below = new LinkedHashSet<>();
            for (Label d : facts.principals().domains()) {
                if (!mls.of(d).trusted() && !mls.mayFlow(sample.get(key), d)) {
                    below.add(d);
                }
            }
            if (!below.isEmpty()) {
                out.add(new Group(key, members, below));
            }
        });
        return out;
    }

    /** Flows through a trusted domain (any of its labels) are what it is trusted with; DOMID_IO/XEN carry none. */
    private static FlowGraph.Restriction restriction(PolicyFacts facts) {
        MlsReading mls = facts.mls().orElseThrow();
        return new FlowGraph.Restriction(l -> Mediators.pseudo(l) || (l.isDomain() && mls.of(l.main()).trusted()),
                h -> true);
    }

    /** The flow questions for the switch solver: each level's domains to those below it. */
    static List<FlowQuestion> questions(PolicyFacts facts) {
        if (facts.mls().isEmpty()) {
            return List.of();
        }
        return groups(facts).stream().map(g -> new FlowQuestion(g.members(), g.below(), restriction(facts))).toList();
    }

    private SourcePos levelPos(Label l) {
        PolicyModel.LevelRange r = levels.get(l.owner());
        return r != null ? r.pos() : facts.model().pos();
    }

    private void dominates(MlsReading mls, List<Diagnostic> out) {
        for (PolicyModel.Assertion a : facts.model().assertions()) {
            if (!(a instanceof PolicyModel.Dominates d)) {
                continue;
            }
            outer:
            for (Label hi : facts.principals().of(d.higher())) {
                for (Label lo : facts.principals().of(d.lower())) {
                    MlsReading.Range h = mls.of(hi);
                    MlsReading.Range l = mls.of(lo);
                    if (!h.high().dominates(l.high())) {
                        out.add(Diagnostic.of(DiagnosticCode.DOMINATES, d.pos(), hi + "'s clearance " + h.high()
                                + " does not dominate " + lo + " at " + l.high(),
                                new Diagnostic.Related(hi + " at " + h, levelPos(hi)),
                                new Diagnostic.Related(lo + " at " + l, levelPos(lo))));
                        break outer;
                    }
                }
            }
        }
    }

    /** One warning per statement whose accesses the constraints cut, with how many and the first. */
    private void cut(MlsReading mls, List<Diagnostic> out) {
        Map<Origin, List<Fact>> byStatement = new LinkedHashMap<>();
        for (Fact f : facts.cutByMls()) {
            byStatement.computeIfAbsent(f.origin(), k -> new ArrayList<>()).add(f);
        }
        byStatement.forEach((origin, cut) -> {
            Fact f = cut.get(0);
            out.add(Diagnostic.of(DiagnosticCode.MLS_CUT, origin.pos(), (cut.size() == 1 ? "an access" : cut.size()
                    + " accesses") + " this grants Xen's MLS constraints deny, e.g. " + f.source() + " -> " + f.target()
                    + " : " + f.securityClass() + "." + f.permission() + ": " + mls.why(f.source(), f.target(),
                    f.securityClass(), f.permission())));
        });
    }
}
