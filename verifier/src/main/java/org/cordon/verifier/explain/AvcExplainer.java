package org.cordon.verifier.explain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.cordon.model.Diagnostic;
import org.cordon.model.SourcePos;
import org.cordon.verifier.check.Counterexamples;
import org.cordon.verifier.facts.Fact;
import org.cordon.verifier.facts.Label;
import org.cordon.xsm.catalogue.XenCatalogue;

/**
 * Turns AVC lines into explanations against a policy's facts: for each permission of the line,
 * the statements that allow it (and under which switches), or, when none does, the statements
 * that forbid it and the rule that would allow it. Works on Cordon sources (labels are principals,
 * positions are Cordon statements) and on any FLASK policy (labels are types, positions are rules).
 */
public final class AvcExplainer {

    /** What forbids an access, if anything: a statement and its position. */
    public interface Prohibitions {
        List<Diagnostic.Related> forbidding(Label source, Label target, String securityClass, String permission);
    }

    private final List<Fact> facts;
    private final Map<String, Boolean> defaults;
    private final Function<String, Set<Label>> labelsOfType;
    private final Prohibitions prohibitions;
    private final Optional<XenCatalogue> catalogue;
    /** How to write the rule that would allow an access, in the policy's own language. */
    private final Function<AvcRecord, String> allowRule;

    /** Why a multi-level policy's constraints deny one permission of an AVC line the type rules allow; empty if not. */
    public interface MlsDenials {
        MlsDenials NONE = (avc, perm) -> Optional.empty();

        Optional<String> why(AvcRecord avc, String permission);
    }

    private MlsDenials mls = MlsDenials.NONE;

    /** For a multi-level policy: what its constraints deny, so a denial they cause is not taken for a stale policy. */
    public AvcExplainer withMls(MlsDenials mls) {
        this.mls = mls;
        return this;
    }

    /**
     * @param facts what the type rules allow (before any MLS constraint)
     */
    public AvcExplainer(List<Fact> facts, Map<String, Boolean> defaults, Function<String, Set<Label>> labelsOfType,
            Prohibitions prohibitions, Optional<XenCatalogue> catalogue, Function<AvcRecord, String> allowRule) {
        this.facts = List.copyOf(facts);
        this.defaults = Map.copyOf(defaults);
        this.labelsOfType = labelsOfType;
        this.prohibitions = prohibitions;
        this.catalogue = catalogue;
        this.allowRule = allowRule;
    }

    public List<Explanation> explain(AvcRecord avc) {
        List<Explanation> out = new ArrayList<>();
        Set<Label> sources = labelsOfType.apply(avc.sourceType());
        Set<Label> targets = labelsOfType.apply(avc.targetType());
        for (String perm : avc.permissions()) {
            if (sources.isEmpty() || targets.isEmpty()) {
                String missing = sources.isEmpty() ? avc.sourceType() : avc.targetType();
                out.add(new Explanation(avc, perm, Explanation.Verdict.UNKNOWN, "this policy has no type " + missing,
                        hook(avc.securityClass(), perm), List.of(), "the host runs another policy than this one: compare with `cordon status`"));
                continue;
            }
            out.add(explain(avc, perm, sources, targets));
        }
        return out;
    }

    private Explanation explain(AvcRecord avc, String perm, Set<Label> sources, Set<Label> targets) {
        String access = avc.sourceType() + " -> " + avc.targetType() + " : " + avc.securityClass() + "." + perm;
        Map<String, Fact> allowing = new LinkedHashMap<>();
        for (Fact f : facts) {
            if (f.securityClass().equals(avc.securityClass()) && f.permission().equals(perm)
                    && sources.contains(f.source()) && targets.contains(f.target())) {
                allowing.putIfAbsent(f.origin().pos() + f.origin().statement(), f);
            }
        }
        String hook = hook(avc.securityClass(), perm);
        if (!allowing.isEmpty()) {
            List<Diagnostic.Related> because = new ArrayList<>();
            boolean always = false;
            boolean byDefault = false;
            for (Fact f : allowing.values()) {
                because.add(new Diagnostic.Related("allowed by " + Counterexamples.statement(f), f.origin().pos()));
                always |= f.origin().guard().isEmpty();
                byDefault |= f.origin().guard().map(g -> g.holds(defaults, defaults)).orElse(true);
            }
            Optional<String> cut = avc.denied() ? mls.why(avc, perm) : Optional.empty();
            if (cut.isPresent()) {
                return new Explanation(avc, perm, Explanation.Verdict.MLS_DENIED, access + " is allowed by the type "
                        + "rules but denied by the policy's MLS constraints: " + cut.get(), hook, because,
                        "intended when the levels are right (no read up, no write down). If the access is needed, change "
                        + "a level, or let a trusted domain carry the information");
            }
            String advice = !avc.denied() ? "granted, as the policy says"
                    : byDefault ? "the policy allows it, yet Xen denied it: the host runs an older policy or another "
                            + "one, or a switch was changed at run time (`cordon status` shows what is loaded)"
                    : "allowed only when the switches above are set: set them (flask-set-bool) or change the statement";
            return new Explanation(avc, perm, always ? Explanation.Verdict.ALLOWED : Explanation.Verdict.ALLOWED_WHEN,
                    access + (always ? " is allowed" : " is allowed under some switch settings"), hook, because, advice);
        }
        List<Diagnostic.Related> forbids = new ArrayList<>();
        for (Label s : sources) {
            for (Label t : targets) {
                for (Diagnostic.Related r : prohibitions.forbidding(s, t, avc.securityClass(), perm)) {
                    if (forbids.stream().noneMatch(x -> x.pos().equals(r.pos()) && x.message().equals(r.message()))) {
                        forbids.add(r);
                    }
                }
            }
        }
        if (!forbids.isEmpty()) {
            return new Explanation(avc, perm, Explanation.Verdict.FORBIDDEN, access
                    + " is denied, and the policy forbids it", hook, forbids,
                    "intended: the policy keeps its promise. If the access is needed, what the policy says above must change first");
        }
        return new Explanation(avc, perm, Explanation.Verdict.NOT_ALLOWED, access + " is denied: no statement allows it",
                hook, List.of(), "if this access is wanted, add: " + allowRule.apply(withOnly(avc, perm)));
    }

    private static AvcRecord withOnly(AvcRecord avc, String perm) {
        return new AvcRecord(avc.denied(), List.of(perm), avc.sourceType(), avc.targetType(), avc.securityClass(),
                avc.detail(), avc.line());
    }

    private String hook(String cls, String perm) {
        return catalogue.flatMap(c -> c.classes().stream().filter(k -> k.name().equals(cls)).findFirst())
                .flatMap(k -> k.permissions().stream().filter(p -> p.name().equals(perm)).findFirst())
                .map(XenCatalogue.Permission::hook).filter(h -> h != null && !h.isBlank()).orElse("");
    }

    /** A position for explanations that have none: the AVC line itself. */
    public static SourcePos at(String file, int line) {
        return new SourcePos(file, line, 1, 0, 0);
    }
}
