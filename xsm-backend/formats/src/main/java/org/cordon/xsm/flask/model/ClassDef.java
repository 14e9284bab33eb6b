package org.cordon.xsm.flask.model;

import java.util.List;

/**
 * A security class. {@code common} is the inherited common's name or null; {@code perms} are the class's own
 * permissions ordered by value (their values start after the common's). Constraints are kept in policy order
 * (as written to the binary: the last declared first).
 */
public record ClassDef(String name, int value, String common, List<PermDef> perms,
                       List<Constraint> constraints, List<Constraint> validatetrans,
                       int defaultUser, int defaultRole, int defaultRange, int defaultType) {
    public ClassDef {
        perms = List.copyOf(perms);
        constraints = List.copyOf(constraints);
        validatetrans = List.copyOf(validatetrans);
    }
}
