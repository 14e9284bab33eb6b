package org.cordon.xsm.host;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.cordon.xsm.flask.BinaryPolicyException;
import org.cordon.xsm.flask.FlaskPolicies;
import org.cordon.xsm.flask.model.BoolDef;
import org.cordon.xsm.flask.model.Context;
import org.cordon.xsm.flask.model.FlaskPolicy;
import org.cordon.xsm.flask.model.Ocontext;
import org.cordon.xsm.flask.model.ReleaseFit;
import org.cordon.xsm.flask.model.RoleDef;
import org.cordon.xsm.flask.model.UserDef;

/**
 * A binary policy about to be loaded, decoded with Cordon's reader, and what loading needs to know about it: the
 * Xen release it targets (when recorded), whether {@code cordon compile} verified it, its labels and booleans.
 */
public record LoadablePolicy(String name, byte[] binary, String digest, FlaskPolicy policy, Optional<String> targetXen,
        boolean verified) {

    public LoadablePolicy {
        binary = binary.clone();
    }

    @Override
    public byte[] binary() {
        return binary.clone();
    }

    /**
     * Decodes a binary; BinaryPolicyException when it is not a Xen policy Cordon can read. Without a recorded target
     * (a binary Cordon did not compile, given without --target-xen) the target is the one release whose classes and
     * permissions the binary has exactly; none when no release or several do.
     */
    public static LoadablePolicy of(String name, byte[] binary, Optional<String> targetXen, boolean verified)
            throws BinaryPolicyException {
        FlaskPolicy policy = FlaskPolicies.readBinary(binary);
        Optional<String> target = targetXen;
        if (target.isEmpty()) {
            List<String> exact = ReleaseFit.exact(policy);
            target = exact.size() == 1 ? Optional.of(exact.get(0)) : Optional.empty();
        }
        return new LoadablePolicy(name, binary, Digests.sha256(binary), policy, target, verified);
    }

    /** Why no target is known: nothing recorded it, and the binary's classes do not name one release. */
    public String unknownTarget() {
        return name + " does not say which Xen release it targets, and it has the " + ReleaseFit.describe(policy)
                + ": give --target-xen";
    }

    /** A PCI device label the policy declares ({@code pcidevicecon}), as flask-label-pci takes it. */
    public record PciLabel(String sbdf, String context) {
    }

    /** The policy's PCI device labels: re-applied after every load so the device's I/O ranges and IRQ carry them too. */
    public List<PciLabel> pciLabels() {
        List<PciLabel> out = new ArrayList<>();
        for (Ocontext.PciDevice d : policy.pciDevices()) {
            int s = d.sbdf();
            String sbdf = String.format("%04x:%02x:%02x.%d", s >>> 16, (s >>> 8) & 0xff, (s >>> 3) & 0x1f, s & 7);
            out.add(new PciLabel(sbdf, context(d.context())));
        }
        return out;
    }

    /** The booleans and their defaults, in the policy's order (the order flask-get-bool -a lists them in). */
    public List<BoolDef> booleans() {
        return policy.bools();
    }

    public Optional<BoolDef> bool(String name) {
        return policy.bools().stream().filter(b -> b.name().equals(name)).findFirst();
    }

    /** user:role:type (with the sensitivity range's names under MLS; categories are not rendered). */
    public String context(Context c) {
        String s = policy.user(c.user()).name() + ":" + policy.role(c.role()).name() + ":" + policy.type(c.type()).name();
        if (policy.mls() && c.range().low().sens() > 0) {
            String low = sensitivity(c.range().low().sens());
            String high = sensitivity(c.range().high().sens());
            s += ":" + low + (high.equals(low) ? "" : "-" + high);
        }
        return s;
    }

    private String sensitivity(int position) {
        return policy.sensitivities().stream().filter(d -> !d.alias() && d.level().sens() == position)
                .map(d -> d.name()).findFirst().orElse("s" + (position - 1));
    }

    /**
     * Why a running domain's label would not survive loading this policy, or null when it does. Xen converts every
     * context by name on a load and, when enforcing, drops those whose user, role or type is gone or whose role may
     * not have that type (services.c convert_context): the domain is then unlabelled.
     */
    public String labelProblem(String label) {
        String[] p = label.split(":", 4);
        if (p.length < 3) {
            return "'" + label + "' is not a user:role:type label";
        }
        UserDef user = policy.users().stream().filter(u -> u.name().equals(p[0])).findFirst().orElse(null);
        RoleDef role = policy.roles().stream().filter(r -> r.name().equals(p[1])).findFirst().orElse(null);
        int type = policy.types().stream().filter(t -> !t.attribute() && t.name().equals(p[2])).mapToInt(t -> t.value())
                .findFirst().orElse(0);
        if (type == 0) {
            return "type " + p[2] + " is not in the policy";
        }
        if (role == null) {
            return "role " + p[1] + " is not in the policy";
        }
        if (user == null) {
            return "user " + p[0] + " is not in the policy";
        }
        // object_r goes with any type and any user (policydb_context_isvalid)
        if (!role.name().equals("object_r")) {
            if (!role.types().get(type - 1)) {
                return "role " + p[1] + " may not have type " + p[2];
            }
            if (!user.roles().get(role.value() - 1)) {
                return "user " + p[0] + " may not have role " + p[1];
            }
        }
        if (policy.mls()) {
            return levelProblem(p.length == 4 ? p[3] : null, user);
        }
        return null;
    }

    /**
     * Why a label's level is not valid in this multi-level policy (as Xen's mls_context_isvalid has it: known
     * sensitivities and categories, within the user's range), or null. Xen prints consecutive categories as first.last.
     */
    private String levelProblem(String level, UserDef user) {
        if (level == null) {
            return "the label has no level, and this policy is multi-level";
        }
        String[] lh = level.split("-", 2);
        org.cordon.xsm.flask.model.MlsLevel low = mlsLevel(lh[0]);
        org.cordon.xsm.flask.model.MlsLevel high = lh.length == 2 ? mlsLevel(lh[1]) : low;
        if (low == null || high == null) {
            return "level " + level + " names a sensitivity or category the policy lacks";
        }
        for (org.cordon.xsm.flask.model.MlsLevel l : List.of(low, high)) {
            // each sensitivity carries only the categories its `level` statement gives it
            org.cordon.xsm.flask.model.MlsLevel allowed = policy.sensitivities().stream()
                    .filter(x -> x.level().sens() == l.sens()).findFirst().orElseThrow().level();
            if (!l.cats().stream().allMatch(allowed.cats()::get)) {
                return "level " + level + " gives a sensitivity categories the policy does not allow it";
            }
        }
        if (!high.dominates(low)) {
            return "range " + level + " is not a range: its high level does not dominate its low";
        }
        if (!low.dominates(user.range().low()) || !user.range().high().dominates(high)) {
            return "level " + level + " is outside the range of user " + user.name();
        }
        return null;
    }

    /** The level or range of an initial SID's context ({@code low-high}, names as Xen prints them), by its number. */
    public Optional<String> initialSidLevel(int sid) {
        return policy.initialSids().stream().filter(s -> s.sid() == sid).findFirst().map(s -> {
            org.cordon.xsm.flask.model.MlsRange r = s.context().range();
            return levelText(r.low()) + (r.low().equals(r.high()) ? "" : "-" + levelText(r.high()));
        });
    }

    private String levelText(org.cordon.xsm.flask.model.MlsLevel l) {
        return new org.cordon.xsm.flask.model.MlsNames(policy).text(l);
    }

    /** Whether two level or range texts (Xen's notation, categories listed or as first.last) are the same. */
    public boolean sameLevel(String a, String b) {
        String[] x = a.split("-", 2);
        String[] y = b.split("-", 2);
        org.cordon.xsm.flask.model.MlsLevel xl = mlsLevel(x[0]);
        org.cordon.xsm.flask.model.MlsLevel xh = x.length == 2 ? mlsLevel(x[1]) : xl;
        org.cordon.xsm.flask.model.MlsLevel yl = mlsLevel(y[0]);
        org.cordon.xsm.flask.model.MlsLevel yh = y.length == 2 ? mlsLevel(y[1]) : yl;
        return xl != null && xh != null && xl.equals(yl) && xh.equals(yh);
    }

    /** The level a text names, or null when the policy lacks a sensitivity or category it names. */
    private org.cordon.xsm.flask.model.MlsLevel mlsLevel(String text) {
        try {
            return new org.cordon.xsm.flask.model.MlsNames(policy).level(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Why an object's label ({@code user:object_r:type}, as a device gets) is not in this policy, or null. */
    public String objectLabelProblem(String label) {
        String[] p = label.split(":", 4);
        if (p.length < 3) {
            return "'" + label + "' is not a user:role:type label";
        }
        if (policy.users().stream().noneMatch(u -> u.name().equals(p[0]))) {
            return "user " + p[0] + " is not in the policy";
        }
        if (policy.types().stream().noneMatch(t -> !t.attribute() && t.name().equals(p[2]))) {
            return "type " + p[2] + " is not in the policy";
        }
        return null;
    }

    /** The counts Xen prints when it reads this policy: how its console tells which policy it last read. */
    public XenOutputs.PolicyCounts counts() {
        return new XenOutputs.PolicyCounts(policy.users().size(), policy.roles().size(), policy.types().size(),
                policy.bools().size(), policy.classes().size(), policy.avtab().size());
    }
}
