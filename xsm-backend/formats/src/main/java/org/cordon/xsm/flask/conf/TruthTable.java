package org.cordon.xsm.flask.conf;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.cordon.xsm.flask.conf.Ast.BNode;
import org.cordon.xsm.flask.model.CondExpr;

/**
 * libsepol's identity for a conditional expression: its booleans in order of first appearance and, for up to
 * five of them, the truth table over that order. Two `if` blocks with equal identities share one node.
 * Longer expressions compare node by node.
 */
record TruthTable(List<String> bools, long table, List<String> exprKey) {
    static final int MAX_BOOLS = 5;

    static TruthTable of(List<BNode> expr, Predicate<String> state) {
        List<String> bools = new ArrayList<>();
        for (BNode n : expr) if (n.type() == CondExpr.BOOL && !bools.contains(n.bool())) bools.add(n.bool());
        if (bools.size() > MAX_BOOLS) {
            List<String> key = new ArrayList<>();
            for (BNode n : expr) key.add(n.type() + ":" + n.bool());
            return new TruthTable(bools, 0, key);
        }
        long table = 0;
        for (int test = 0; test < (1 << bools.size()); test++) {
            final int t = test;
            int k = eval(expr, name -> (t & (1 << bools.indexOf(name))) != 0);
            if (k == 1) table |= 1L << test;
        }
        return new TruthTable(bools, table, null);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TruthTable x) || x.bools.size() != bools.size()) return false;
        if (exprKey != null || x.exprKey != null) return java.util.Objects.equals(exprKey, x.exprKey);
        if (!new java.util.HashSet<>(bools).equals(new java.util.HashSet<>(x.bools))) return false;
        return table == x.table;
    }

    @Override
    public int hashCode() { return bools.size(); }

    /** Postfix evaluation: 1 true, 0 false, -1 malformed. */
    static int eval(List<BNode> expr, Predicate<String> state) {
        int[] s = new int[expr.size() + 1];
        int sp = -1;
        for (BNode n : expr) {
            switch (n.type()) {
                case CondExpr.BOOL -> s[++sp] = state.test(n.bool()) ? 1 : 0;
                case CondExpr.NOT -> { if (sp < 0) return -1; s[sp] = s[sp] == 0 ? 1 : 0; }
                default -> {
                    if (sp < 1) return -1;
                    sp--;
                    int a = s[sp], b = s[sp + 1];
                    s[sp] = switch (n.type()) {
                        case CondExpr.OR -> a | b;
                        case CondExpr.AND -> a & b;
                        case CondExpr.XOR -> a ^ b;
                        case CondExpr.EQ -> a == b ? 1 : 0;
                        default -> a != b ? 1 : 0;
                    };
                }
            }
        }
        return sp == 0 ? s[0] : -1;
    }
}
