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
        return Optional.empty();
    }
}
