package org.cordon.xen;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cordon.verifier.explain.AvcRecord;
import org.cordon.verifier.facts.Fact;
import org.cordon.verifier.flask.FlaskFacts;
import org.cordon.xsm.catalogue.XenCatalogue;
import org.cordon.xsm.flask.FlaskPolicies;
import org.cordon.xsm.flask.model.ClassDef;
import org.cordon.xsm.flask.model.FlaskPolicy;
import org.cordon.xsm.flask.model.PermDef;

/**
 * What a binary policy, read back with Cordon's own reader, says about each decision Xen logs. Xen
 * decides by numbers: the class number and permission bit it was compiled with (its catalogue), looked
 * up in the loaded policy's access vectors. So the AVC line's names are turned into the host's
 * numbers first, and the policy's own names for those numbers are what its rules are searched for;
 * a policy written for another Xen release is judged as that host really judges it.
 */
final class PolicyOracle {

    /** The policy's verdict on one permission of an AVC line. */
    record Verdict(AvcRecord avc, String permission, boolean xenAllowed, boolean policyAllows, String policyName,
            Map<String, Boolean> booleans) {
        boolean agrees() {
            return xenAllowed == policyAllows;
        }

        @Override
        public String toString() {
            return avc.sourceType() + " -> " + avc.targetType() + " : " + avc.securityClass() + "." + permission
                    + (policyName.equals(avc.securityClass() + "." + permission) ? "" : " (the policy's " + policyName + ")")
                    + ": Xen " + (xenAllowed ? "granted" : "denied") + ", the policy "
                    + (policyAllows ? "allows" : "does not allow") + " it, booleans " + booleans;
        }
    }

    private static final java.util.regex.Pattern CONTEXTS = java.util.regex.Pattern.compile(
            "scontext=(\\S+)\\s+tcontext=(\\S+)");

    private final FlaskPolicy policy;
    private final FlaskFacts facts;
    private final XenCatalogue host;
    /** A multi-level policy's constraints, evaluated as Xen's security server does; null without MLS. */
    private final org.cordon.verifier.flask.BinaryMls mls;

    PolicyOracle(byte[] binary, XenCatalogue host) throws Exception {
        this.policy = FlaskPolicies.readBinary(binary);
        this.facts = FlaskFacts.of("xenpolicy", policy);
        this.host = host;
        this.mls = policy.mls() ? org.cordon.verifier.flask.BinaryMls.of(policy, Map.of()) : null;
    }

    /** The boolean defaults the binary carries (what a fresh load starts with). */
    Map<String, Boolean> defaults() {
        return facts.booleans();
    }

    /**
     * The policy's verdict on each permission of a line, under the booleans in force. A line Xen prints as
     * {@code granted} (auditallow) was allowed; {@code denied} was not allowed by the policy, whether or not
     * permissive mode let it through.
     */
    List<Verdict> judge(AvcRecord avc, Map<String, Boolean> booleans) {
        XenCatalogue.SecurityClass hc = host.securityClass(avc.securityClass()).orElseThrow(() ->
                new AssertionError("Xen " + host.xenVersion() + " has no class " + avc.securityClass() + ": " + avc.line()));
        ClassDef pc = policy.classes().stream().filter(c -> c.value() == hc.value()).findFirst().orElse(null);
        List<Verdict> out = new ArrayList<>();
        for (String perm : avc.permissions()) {
            XenCatalogue.Permission hp = hc.permission(perm).orElseThrow(() -> new AssertionError("Xen "
                    + host.xenVersion() + " has no permission " + avc.securityClass() + "." + perm + ": " + avc.line()));
            String pcName = pc == null ? "?" : pc.name();
            String ppName = pc == null ? null : pc.perms().stream().filter(p -> p.value() == hp.bit() + 1)
                    .map(PermDef::name).findFirst().orElse(null);
            if (pc != null && !pc.constraints().isEmpty() && mls == null) {
                throw new AssertionError("class " + pc.name() + " has constraints, which this oracle does not evaluate");
            }
            boolean allows = ppName != null && allows(avc.sourceType(), avc.targetType(), pcName, ppName, booleans);
            if (allows && mls != null && pc != null && !pc.constraints().isEmpty()) {
                // a multi-level policy: the constraints, on the full contexts the line carries
                java.util.regex.Matcher m = CONTEXTS.matcher(avc.line());
                if (!m.find()) {
                    throw new AssertionError("an AVC line without both contexts: " + avc.line());
                }
                allows = mls.allows(m.group(1), m.group(2), pcName, ppName);
            }
            out.add(new Verdict(avc, perm, !avc.denied(), allows, pcName + "." + (ppName == null ? "bit" + hp.bit() : ppName),
                    Map.copyOf(booleans)));
        }
        return out;
    }

    private boolean allows(String source, String target, String cls, String perm, Map<String, Boolean> booleans) {
        for (Fact f : facts.facts()) {
            if (f.securityClass().equals(cls) && f.permission().equals(perm)
                    && f.source().equals(FlaskFacts.label(source)) && f.target().equals(FlaskFacts.label(target))
                    && f.origin().guard().map(g -> g.holds(booleans, facts.booleans())).orElse(true)) {
                return true;
            }
        }
        return false;
    }
}
