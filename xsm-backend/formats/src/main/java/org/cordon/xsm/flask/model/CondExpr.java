package org.cordon.xsm.flask.model;

/** One postfix node of a boolean expression; {@code bool} is the boolean's value for {@link #BOOL} nodes. */
public record CondExpr(int type, int bool) {
    public static final int BOOL = 1, NOT = 2, OR = 3, AND = 4, XOR = 5, EQ = 6, NEQ = 7;
}
