package org.cordon.compiler.acm;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cordon.model.Access;
import org.cordon.model.Diagnostic;
import org.cordon.model.DiagnosticCode;
import org.cordon.model.PolicyModel;
import org.cordon.model.PolicyModel.SubjectRef;
import org.cordon.model.Principal;
import org.cordon.compiler.table.StatementTable;
import org.cordon.model.SourcePos;
import org.cordon.xsm.acm.AcmPolicy;
import org.cordon.xsm.acm.AcmSemantics;
import org.cordon.xsm.acm.ResourceLabel;
import org.cordon.xsm.acm.VmLabel;

/**
 * Re-proves a policy's {@code assert isolated} and {@code conflict} statements under ACM's own semantics,
 * on the lowered {@link AcmPolicy} rather than on the lowering's intentions, so a lowering bug shows up:
 * <ul>
 *   <li>STE: two principals of different isolated subjects may share (event channels, grants, and so any
 *       resource they can both use) iff their labels' STE types intersect. That is an error unless the
 *       Chinese Wall keeps them from ever running together, or the Cordon policy itself lets exactly these
 *       two talk (a channel or a rule; then the Cordon verifier, not this check, judges the assertion).</li>
 *   <li>CHWALL: principals of different members of a Cordon conflict set must be refused in either start
 *       order.</li>
 * </ul>
 * {@code assert no flow S -> T} is checked the same way for S and T. Only direct sharing is checked:
 * transitive flows run through mediators (dom0, service and driver domains), which ACM cannot restrict
 * and whose trust the Cordon verifier judges.
 */
public final class AcmIsolationCheck {
    private static final int MAX_PAIRS = 10;

    private final PolicyModel model;
    private final StatementTable table;
    private final AcmPolicy policy;
    private final AcmSemantics acm;
    private final Map<String, String> labelOf;
    private final Map<String, SourcePos> typeOrigins;
    private final Set<String> intended = new HashSet<>();
    private final Map<String, VmLabel> labels = new java.util.HashMap<>();

    /**
     * @param labelOf     principal name → VM label name in {@code policy}
     * @param typeOrigins STE type → the statement that introduced it (may be empty for foreign policies)
     */
    public AcmIsolationCheck(StatementTable table, AcmPolicy policy, Map<String, String> labelOf,
            Map<String, SourcePos> typeOrigins) {
        this.model = table.model();
        this.table = table;
        this.policy = policy;
        this.acm = new AcmSemantics(policy);
        this.labelOf = labelOf;
        this.typeOrigins = typeOrigins;
        policy.vmLabels().forEach(l -> labels.putIfAbsent(l.name(), l));
        collectIntended();
    }

    /**
     * Checks an ACM policy Cordon did not necessarily write (e.g. {@code cordon verify --acm}) against a
     * model's assertions, taking each principal's label to be the VM label of the same name, as
     * {@link AcmLowering} names them. Principals without such a label are not checked.
     */
    public static List<Diagnostic> check(StatementTable table, AcmPolicy policy) {
        Map<String, String> labelOf = new java.util.LinkedHashMap<>();
        table.model().names().domains().forEach(p -> policy.vmLabel(p.name())
                .ifPresent(l -> labelOf.put(p.name(), l.name())));
        return new AcmIsolationCheck(table, policy, labelOf, Map.of()).check();
    }

    /** Checks a lowering's own result. */
    public static List<Diagnostic> check(StatementTable table, AcmLowering.Result lowered) {
        return new AcmIsolationCheck(table, lowered.policy(), lowered.labels(), lowered.typeOrigins()).check();
    }

    public List<Diagnostic> check() {
        List<Diagnostic> out = new ArrayList<>();
        for (PolicyModel.Assertion a : model.assertions()) {
            if (a instanceof PolicyModel.Isolated iso) {
                isolated(iso, out);
            } else if (a instanceof PolicyModel.NoFlow nf) {
                noFlow(nf, out);
            }
        }
        for (PolicyModel.Layer layer : model.layers()) {
            layer.conflicts().forEach(cs -> conflict(cs, out));
        }
        return out;
    }

    // ---- isolation --------------------------------------------------------------------------

    private void isolated(PolicyModel.Isolated iso, List<Diagnostic> out) {
        List<SubjectRef> subjects = iso.subjects();
        List<SubjectRef[]> pairs = new ArrayList<>();
        for (int i = 0; i < subjects.size(); i++) {
            for (int j = i + 1; j < subjects.size(); j++) {
                pairs.add(new SubjectRef[] {subjects.get(i), subjects.get(j)});
            }
        }
        directSharing(pairs, iso.pos(), (a, b) -> "assert isolated " + a + ", " + b, out);
    }

    /** Only the direct part of a no-flow assertion: ACM cannot tell a mediated flow from a forbidden one. */
    private void noFlow(PolicyModel.NoFlow nf, List<Diagnostic> out) {
        List<SubjectRef[]> pairs = new ArrayList<>();
        pairs.add(new SubjectRef[] {nf.source(), nf.target()});
        directSharing(pairs, nf.pos(), (a, b) -> "assert no flow " + a + " -> " + b, out);
    }

    private void directSharing(List<SubjectRef[]> pairs, SourcePos pos,
            java.util.function.BinaryOperator<String> what, List<Diagnostic> out) {
        int reported = 0;
        int more = 0;
        Set<String> seen = new HashSet<>();
        for (SubjectRef[] pair : pairs) {
            // VMs of a class mostly carry equal labels: decide once per pair of label contents
            Map<List<List<String>>, List<Principal>> left = byLabelContent(principals(pair[0]));
            Map<List<List<String>>, List<Principal>> right = byLabelContent(principals(pair[1]));
            for (List<Principal> ps : left.values()) {
                for (List<Principal> qs : right.values()) {
                    String ra = labelOf.get(ps.get(0).name());
                    String rb = labelOf.get(qs.get(0).name());
                    if (!acm.canShare(ra, rb) || neverTogether(ra, rb)) {
                        continue;
                    }
                    for (Principal p : ps) {
                        for (Principal q : qs) {
                            if (p.equals(q) || intended.contains(key(p, q)) || !seen.add(key(p, q))) {
                                continue;
                            }
                            if (reported++ < MAX_PAIRS) {
                                out.add(violation(pos, what.apply(pair[0].name(), pair[1].name()),
                                        labelOf.get(p.name()), labelOf.get(q.name())));
                            } else {
                                more++;
                            }
                        }
                    }
                }
            }
        }
        if (more > 0) {
            out.add(Diagnostic.of(DiagnosticCode.ACM_ISOLATION, pos, "under ACM " + more + " more pairs of labels break this assertion"));
        }
    }

    /** Labelled principals grouped by their label's (STE types, CHWALL types). */
    private Map<List<List<String>>, List<Principal>> byLabelContent(Set<Principal> principals) {
        Map<List<List<String>>, List<Principal>> out = new java.util.LinkedHashMap<>();
        for (Principal p : principals) {
            String label = labelOf.get(p.name());
            VmLabel l = label == null ? null : labels.get(label);
            if (l != null) {
                out.computeIfAbsent(List.of(sorted(l.steTypes()), sorted(l.chwallTypes())), k -> new ArrayList<>()).add(p);
            }
        }
        return out;
    }

    private static List<String> sorted(List<String> xs) {
        return xs.stream().sorted().distinct().toList();
    }

    private Diagnostic violation(SourcePos pos, String assertion, String la, String lb) {
        Set<String> shared = new LinkedHashSet<>(steTypes(la));
        shared.retainAll(steTypes(lb));
        List<String> resources = policy.resourceLabels().stream().filter(r -> shared.contains(r.steType()))
                .map(ResourceLabel::name).toList();
        List<Diagnostic.Related> related = new ArrayList<>();
        for (String t : shared) {
            SourcePos origin = typeOrigins.get(t);
            if (origin != null) {
                related.add(new Diagnostic.Related("STE type " + t + " comes from here", origin));
            }
        }
        String msg = "the ACM policy weakens `" + assertion + "`: labels " + la + " and " + lb
                + " share STE type" + (shared.size() == 1 ? " " : "s ") + String.join(", ", shared)
                + (resources.isEmpty() ? "" : " (of resource " + String.join(", ", resources) + ")")
                + ", so they may open event channels and map grants to each other, and the Chinese Wall does"
                + " not keep them apart";
        return Diagnostic.of(DiagnosticCode.ACM_ISOLATION, pos, msg, related.toArray(Diagnostic.Related[]::new));
    }

    // ---- Chinese Wall -----------------------------------------------------------------------

    private void conflict(PolicyModel.ConflictSet cs, List<Diagnostic> out) {
        List<SubjectRef> members = cs.members();
        Set<String> seen = new HashSet<>();
        int reported = 0;
        for (int i = 0; i < members.size(); i++) {
            for (int j = i + 1; j < members.size(); j++) {
                Set<Principal> as = principals(members.get(i));
                Set<Principal> bs = principals(members.get(j));
                for (List<Principal> ps : byLabelContent(as).values()) {
                    for (List<Principal> qs : byLabelContent(bs).values()) {
                        if (neverTogether(labelOf.get(ps.get(0).name()), labelOf.get(qs.get(0).name()))) {
                            continue;
                        }
                        for (Principal p : ps) {
                            for (Principal q : qs) {
                                // a principal in both members is one party with itself
                                if (p.equals(q) || as.contains(q) || bs.contains(p) || !seen.add(key(p, q))) {
                                    continue;
                                }
                                if (reported++ < MAX_PAIRS) {
                                    out.add(Diagnostic.of(DiagnosticCode.ACM_ISOLATION, cs.pos(), "the ACM policy weakens conflict "
                                            + cs.name() + ": Xen lets labels " + labelOf.get(p.name()) + " and "
                                            + labelOf.get(q.name()) + " run on one host together"));
                                }
                            }
                        }
                    }
                }
            }
        }
        if (reported > MAX_PAIRS) {
            out.add(Diagnostic.of(DiagnosticCode.ACM_ISOLATION, cs.pos(), "under ACM " + (reported - MAX_PAIRS)
                    + " more pairs of labels break conflict " + cs.name()));
        }
    }

    /** Xen refuses each while the other runs, whichever starts first. */
    private boolean neverTogether(String a, String b) {
        return acm.blocksStart(a, b) && acm.blocksStart(b, a);
    }

    // ---- helpers ----------------------------------------------------------------------------

    private Set<Principal> principals(SubjectRef ref) {
        Set<Principal> out = new LinkedHashSet<>();
        ref.members().stream().filter(Principal::isDomain).forEach(out::add);
        return out;
    }

    private List<String> steTypes(String label) {
        VmLabel l = labels.get(label);
        return l == null ? List.of() : l.steTypes();
    }

    /** Pairs the Cordon policy itself lets share: channels, event/grant rules, device models. */
    private void collectIntended() {
        for (PolicyModel.Channel c : model.channels()) {
            pairs(principals(c.left()), principals(c.right()));
        }
        for (PolicyModel.Rule r : model.rules()) {
            if (r.kind() != PolicyModel.RuleKind.ALLOW) {
                continue;
            }
            for (Access a : table.principalAccesses(r)) {
                if ((a.securityClass().equals("event") || a.securityClass().equals("grant"))
                        && a.subject().isDomain() && a.target().isDomain()) {
                    intended.add(key(a.subject(), a.target()));
                }
            }
        }
        for (PolicyModel.Domain d : model.domains()) {
            d.deviceModelFor().ifPresent(t -> pairs(Set.of(new Principal(d.name(), Principal.Kind.DOMAIN)),
                    principals(t)));
        }
    }

    private void pairs(Set<Principal> as, Set<Principal> bs) {
        for (Principal a : as) {
            for (Principal b : bs) {
                intended.add(key(a, b));
            }
        }
    }

    private static String key(Principal a, Principal b) {
        return a.name().compareTo(b.name()) <= 0 ? a.name() + "\u0000" + b.name() : b.name() + "\u0000" + a.name();
    }
}
