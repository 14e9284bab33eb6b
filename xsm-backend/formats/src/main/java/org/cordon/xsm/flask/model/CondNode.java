package org.cordon.xsm.flask.model;

import java.util.List;

/** A conditional block: its expression, the state it evaluates to, and the rules of each branch (in policy order). */
public record CondNode(boolean state, List<CondExpr> expr, List<AvEntry> trueList, List<AvEntry> falseList) {
    public CondNode {
        expr = List.copyOf(expr);
        trueList = List.copyOf(trueList);
        falseList = List.copyOf(falseList);
    }
}
