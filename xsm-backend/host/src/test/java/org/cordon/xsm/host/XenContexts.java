package org.cordon.xsm.host;

import java.util.Optional;
import org.cordon.xsm.flask.model.FlaskPolicy;
import org.cordon.xsm.flask.model.RoleDef;
import org.cordon.xsm.flask.model.TypeDef;
import org.cordon.xsm.flask.model.UserDef;

/**
 * Whether a context survives a policy load, judged as Xen does (xen/xsm/flask/ss/services.c convert_context, then
 * policydb.c policydb_context_isvalid), for FakeXen: the fake's own reading of the binary, not the loader's
 * {@code LoadablePolicy.labelProblem}, so that the loader's checks are tested against something else.
 */
final class XenContexts {

    private XenContexts() {
    }

    /** Empty when {@code user:role:type} is valid in {@code p}; otherwise which step of Xen's conversion fails. */
    static Optional<String> invalid(FlaskPolicy p, String context) {
        String[] f = context.split(":", 4);
        if (f.length < 3) {
            return Optional.of("not a context");
        }
        // convert_context: the user, the role and the type are looked up by name in the new policy's tables
        Optional<UserDef> user = p.users().stream().filter(u -> u.name().equals(f[0])).findFirst();
        if (user.isEmpty()) {
            return Optional.of("no user " + f[0]);
        }
        Optional<RoleDef> role = p.roles().stream().filter(r -> r.name().equals(f[1])).findFirst();
        if (role.isEmpty()) {
            return Optional.of("no role " + f[1]);
        }
        Optional<TypeDef> type = p.types().stream().filter(t -> t.name().equals(f[2])).findFirst();
        if (type.isEmpty()) {
            return Optional.of("no type " + f[2]);
        }
        // policydb_context_isvalid: object_r (value 1) takes any type, any user; other roles need both authorised
        if (role.get().value() != 1) {
            if (!role.get().types().get(type.get().value() - 1)) {
                return Optional.of("role " + f[1] + " may not have type " + f[2]);
            }
            if (!user.get().roles().get(role.get().value() - 1)) {
                return Optional.of("user " + f[0] + " may not have role " + f[1]);
            }
        }
        if (p.mls()) {
            return f.length < 4 ? Optional.of("no MLS range") : mls(p, f[3], user.get());
        }
        return Optional.empty();
    }

    /**
     * mls_context_to_sid, then mls_context_isvalid: each level's sensitivity and categories are known and the
     * categories are among those the sensitivity's level definition allows; the high level dominates the low; the
     * user's range contains the context's.
     */
    private static Optional<String> mls(FlaskPolicy p, String text, UserDef user) {
        String[] range = text.split("-", 2);
        int[] sens = new int[2];
        java.util.BitSet[] cats = {new java.util.BitSet(), new java.util.BitSet()};
        for (int i = 0; i < 2; i++) {
            String[] sc = range[Math.min(i, range.length - 1)].split(":", 2);
            Optional<org.cordon.xsm.flask.model.SensDef> s = p.sensitivities().stream()
                    .filter(d -> d.name().equals(sc[0])).findFirst();
            if (s.isEmpty()) {
                return Optional.of("no sensitivity " + sc[0]);
            }
            sens[i] = s.get().level().sens();
            if (sc.length == 2) {
                for (String c : sc[1].split(",")) {
                    String[] ends = c.split("\\.");
                    java.util.OptionalInt from = cat(p, ends[0]);
                    java.util.OptionalInt to = cat(p, ends[ends.length - 1]);
                    if (from.isEmpty() || to.isEmpty() || ends.length > 2 || to.getAsInt() < from.getAsInt()) {
                        return Optional.of("bad categories " + c);
                    }
                    for (int v = from.getAsInt(); v <= to.getAsInt(); v++) {
                        if (!s.get().level().cats().get(v - 1)) {
                            return Optional.of("category " + v + " not allowed with " + sc[0]);
                        }
                        cats[i].set(v - 1);
                    }
                }
            }
        }
        if (!dom(sens[1], cats[1], sens[0], cats[0])) {
            return Optional.of("high does not dominate low");
        }
        org.cordon.xsm.flask.model.MlsRange u = user.range();
        if (!dom(sens[0], cats[0], u.low().sens(), u.low().cats().toBitSet())
                || !dom(u.high().sens(), u.high().cats().toBitSet(), sens[1], cats[1])) {
            return Optional.of("outside user " + user.name() + "'s range");
        }
        return Optional.empty();
    }

    private static java.util.OptionalInt cat(FlaskPolicy p, String name) {
        return p.categories().stream().filter(c -> c.name().equals(name)).mapToInt(c -> c.value()).findFirst();
    }

    private static boolean dom(int s1, java.util.BitSet c1, int s2, java.util.BitSet c2) {
        java.util.BitSet missing = (java.util.BitSet) c2.clone();
        missing.andNot(c1);
        return s1 >= s2 && missing.isEmpty();
    }
}
