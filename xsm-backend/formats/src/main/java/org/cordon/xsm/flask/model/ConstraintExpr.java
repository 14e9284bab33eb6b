package org.cordon.xsm.flask.model;

/**
 * One postfix node of a constraint expression. For {@link #NAMES} nodes {@code names} holds the expanded
 * user/role/type values (0-based bits); for type names {@code typeNames} keeps the types and attributes as
 * written (what policy versions &ge; 29 store) with {@code typeNeg}/{@code typeFlags} (always empty/0 in
 * kernel policies).
 */
public record ConstraintExpr(int exprType, int attr, int op, Ebitmap names, Ebitmap typeNames, Ebitmap typeNeg,
                             int typeFlags) {
    public static final int NOT = 1, AND = 2, OR = 3, ATTR = 4, NAMES = 5;
    public static final int USER = 1, ROLE = 2, TYPE = 4, TARGET = 8, XTARGET = 16,
            L1L2 = 32, L1H2 = 64, H1L2 = 128, H1H2 = 256, L1H1 = 512, L2H2 = 1024;
    public static final int EQ = 1, NEQ = 2, DOM = 3, DOMBY = 4, INCOMP = 5;

    public static ConstraintExpr op(int exprType) {
        return new ConstraintExpr(exprType, 0, 0, Ebitmap.EMPTY, Ebitmap.EMPTY, Ebitmap.EMPTY, 0);
    }
}
