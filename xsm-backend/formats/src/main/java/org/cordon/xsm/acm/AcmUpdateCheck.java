package org.cordon.xsm.acm;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Whether a new policy may replace the current one, as xend decides before {@code ACMOP_chgpolicy}
 * (acm.md §1.2, §4): FromPolicy must name the current policy and version, the new version must be
 * strictly greater, and every {@code from=} rename must refer to a label of the current policy.
 * The DEFAULT policy is exempt from the version rules on either side.
 */
public final class AcmUpdateCheck {

    private AcmUpdateCheck() {
    }

    public static List<AcmProblem> check(AcmPolicy current, AcmPolicy next) {
        List<AcmProblem> problems = new ArrayList<>();
        if (!isDefault(current) && !isDefault(next)) {
            versions(current, next, problems);
        }
        Set<String> oldVms = new HashSet<>();
        current.vmLabels().forEach(l -> oldVms.add(l.name()));
        Set<String> oldRes = new HashSet<>();
        current.resourceLabels().forEach(l -> oldRes.add(l.name()));
        for (VmLabel l : next.vmLabels()) {
            if (l.from() != null && !oldVms.contains(l.from())) {
                problems.add(new AcmProblem("VM label >" + l.name() + "< is renamed from >" + l.from()
                        + "<, which the current policy does not have", 0, 0));
            }
        }
        for (ResourceLabel r : next.resourceLabels()) {
            if (r.from() != null && !oldRes.contains(r.from())) {
                problems.add(new AcmProblem("resource label >" + r.name() + "< is renamed from >" + r.from()
                        + "<, which the current policy does not have", 0, 0));
            }
        }
        return problems;
    }

    private static void versions(AcmPolicy current, AcmPolicy next, List<AcmProblem> problems) {
        FromPolicy from = next.header().fromPolicy();
        if (from == null) {
            problems.add(new AcmProblem("the new policy has no FromPolicy naming " + current.name() + " "
                    + current.header().version(), 0, 0));
            return;
        }
        if (!from.policyName().equals(current.name()) || !from.version().equals(current.header().version())) {
            problems.add(new AcmProblem("FromPolicy is " + from.policyName() + " " + from.version()
                    + " but the current policy is " + current.name() + " " + current.header().version(), 0, 0));
        }
        var cur = PolicyVersion.parse(current.header().version());
        var nxt = PolicyVersion.parse(next.header().version());
        if (cur.isEmpty() || nxt.isEmpty() || nxt.get().compareTo(cur.get()) <= 0) {
            problems.add(new AcmProblem("new Version " + next.header().version()
                    + " is not greater than the current " + current.header().version(), 0, 0));
        }
    }

    /** acmpolicy.py's is_default_policy, reduced to what identifies it: the name DEFAULT. */
    private static boolean isDefault(AcmPolicy p) {
        return p.name().equals("DEFAULT");
    }
}
