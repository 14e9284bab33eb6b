package org.cordon.xsm.flask.model;

import java.util.List;

/** A constraint (or mlsconstraint / validatetrans): permission mask and an expression in postfix order. */
public record Constraint(int permissions, List<ConstraintExpr> expr) {
    public Constraint { expr = List.copyOf(expr); }
}
