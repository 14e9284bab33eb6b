package org.cordon.verifier.check;

import java.util.ArrayList;
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
import org.cordon.verifier.facts.Condition;
import org.cordon.verifier.facts.Fact;
import org.cordon.verifier.facts.Label;
import org.cordon.verifier.facts.PolicyFacts;

/**
 * Separation of duties: for every {@code separate duties A, B, …}, no domain or VM holds two of them
 * ({@link DutyHoldings}: directly, or by acting as another domain through relabelling or device-model delegation),
 * under any setting of the switches. Each domain that does is a violation at the statement, naming the duties, the
 * statements that grant each and the chain it holds them through; with the switches at their defaults if they do,
 * else with the fewest switches changed (Z3 finds the setting, {@code SwitchSolver.setting}).
 */
public final class DutyCheck {

    /** Granting statements shown per duty; the rest are counted. */
    private static final int STATEMENTS_SHOWN = 5;

    private final PolicyFacts facts;

    public DutyCheck(PolicyFacts facts) {
        this.facts = facts;
    }

    public List<Diagnostic> check() {
        List<PolicyModel.SeparateDuties> separations = facts.model().assertions().stream()
                .filter(a -> a instanceof PolicyModel.SeparateDuties).map(a -> (PolicyModel.SeparateDuties) a).toList();
        if (separations.isEmpty()) {
            return List.of();
        }
        Set<String> named = new LinkedHashSet<>();
        separations.forEach(s -> named.addAll(s.duties()));
        DutyHoldings holdings = DutyHoldings.of(facts, named);
        List<Diagnostic> out = new ArrayList<>();
        for (PolicyModel.SeparateDuties s : separations) {
            for (Label d : holdings.domains()) {
                Map<String, List<DutyHoldings.Holding>> held = new LinkedHashMap<>();
                for (String duty : new LinkedHashSet<>(s.duties())) {
                    List<DutyHoldings.Holding> ways = holdings.of(d).get(duty);
                    if (ways != null) {
                        held.put(duty, ways);
                    }
                }
                if (held.size() >= 2) {
                    violation(s, d, held, holdings).ifPresent(out::add);
                }
            }
        }
        return out;
    }

    /** A domain that holds two separated duties under some setting: the defaults, else the fewest switches changed. */
    private Optional<Diagnostic> violation(PolicyModel.SeparateDuties s, Label d,
            Map<String, List<DutyHoldings.Holding>> held, DutyHoldings holdings) {
        Map<String, Boolean> setting = facts.switchDefaults();
        Map<String, DutyHoldings.Holding> under = under(held, setting, holdings);
        if (under.size() < 2) {
            setting = null;
            List<String> names = List.copyOf(held.keySet());
            for (int i = 0; i < names.size(); i++) {
                for (int j = i + 1; j < names.size(); j++) {
                    Optional<Condition> both = DutyHoldings.and(DutyHoldings.anyOf(held.get(names.get(i))),
                            DutyHoldings.anyOf(held.get(names.get(j))));
                    Optional<Map<String, Boolean>> found = both.flatMap(holdings.solver()::setting);
                    if (found.isPresent() && (setting == null || holdings.changes(found.get()) < holdings.changes(setting))) {
                        setting = found.get();
                    }
                }
            }
            if (setting == null) {
                return Optional.empty(); // no setting gives it two of them at once
            }
            under = under(held, setting, holdings);
        }
        StringBuilder msg = new StringBuilder(d + " holds " + list(List.copyOf(under.keySet())) + ", which `separate duties "
                + String.join(", ", s.duties()) + "` keeps apart" + holdings.note(setting) + ": ");
        List<Diagnostic.Related> related = new ArrayList<>();
        List<String> parts = new ArrayList<>();
        for (DutyHoldings.Holding h : under.values()) {
            List<Fact> statements = byStatement(h.grants());
            parts.add(h.duty() + (h.direct() ? "" : " " + h.how()) + " by " + Counterexamples.statement(statements.get(0))
                    + (statements.size() > 1 ? " (and " + (statements.size() - 1) + " more)" : ""));
            related.addAll(related(h, STATEMENTS_SHOWN));
        }
        msg.append(String.join("; ", parts));
        return Optional.of(Diagnostic.of(DiagnosticCode.DUTIES, s.pos(), msg.toString(), related));
    }

    /**
     * Where a holding comes from, as related places: each fact of each step of its chain, then the statements that
     * grant the duty's permissions (the first {@code shown} of them).
     */
    public static List<Diagnostic.Related> related(DutyHoldings.Holding h, int shown) {
        List<Diagnostic.Related> out = new ArrayList<>();
        for (DutyHoldings.Step step : h.chain()) {
            for (Fact f : step.facts()) {
                out.add(new Diagnostic.Related(h.duty() + ": " + step.describe() + ": " + f.access() + ", allowed by "
                        + Counterexamples.statement(f), f.origin().pos()));
            }
        }
        List<Fact> statements = byStatement(h.grants());
        for (Fact f : statements.subList(0, Math.min(shown, statements.size()))) {
            out.add(new Diagnostic.Related(h.duty() + ": " + f.access() + ", allowed by " + Counterexamples.statement(f),
                    f.origin().pos()));
        }
        return out;
    }

    /** Per duty, the first way (shortest chain) it is held under a setting, with only the grants in force then. */
    private static Map<String, DutyHoldings.Holding> under(Map<String, List<DutyHoldings.Holding>> held,
            Map<String, Boolean> setting, DutyHoldings holdings) {
        Map<String, DutyHoldings.Holding> out = new LinkedHashMap<>();
        held.forEach((duty, ways) -> holdings.firstUnder(ways, setting).ifPresent(h -> out.put(duty, h)));
        return out;
    }

    /** One fact per statement (its first), in the order the statements grant. */
    private static List<Fact> byStatement(List<Fact> grants) {
        Map<String, Fact> first = new LinkedHashMap<>();
        for (Fact f : grants) {
            SourcePos p = f.origin().pos();
            first.putIfAbsent(p + "|" + f.origin().statement(), f);
        }
        return List.copyOf(first.values());
    }

    private static String list(List<String> names) {
        if (names.size() == 2) {
            return names.get(0) + " and " + names.get(1);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
    }
}
