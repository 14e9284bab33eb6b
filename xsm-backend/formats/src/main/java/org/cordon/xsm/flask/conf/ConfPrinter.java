package org.cordon.xsm.flask.conf;

import java.util.ArrayList;
import java.util.List;
import org.cordon.xsm.flask.conf.Ast.*;
import org.cordon.xsm.flask.model.CondExpr;
import org.cordon.xsm.flask.model.ConstraintExpr;

/**
 * The policy.conf printer: {@link Ast} statements → the text {@code checkpolicy -t Xen} (and {@link ConfParser})
 * reads, one statement per line in list order (a set of thousands of names over several). What the parser gives
 * back from the text is the same statements, positions aside; {@code ConfPrinterTest} holds that on Xen's policies
 * and random ones.
 */
public final class ConfPrinter {
    private ConfPrinter() { }

    public static String print(List<? extends Stmt> stmts) {
        StringBuilder out = new StringBuilder(64 * stmts.size());
        for (Stmt s : stmts) {
            statement(s, "", out);
            out.append('\n');
        }
        return out.toString();
    }

    /** One statement, without its line break (a conditional spans several lines). */
    public static String print(Stmt s) {
        StringBuilder out = new StringBuilder();
        statement(s, "", out);
        return out.toString();
    }

    private static void statement(Stmt s, String indent, StringBuilder out) {
        if (s instanceof Comment c) {
            if (!c.text().isEmpty()) {
                out.append(indent).append("# ").append(c.text().replace("\n", "\n" + indent + "# "));
            }
            return;
        }
        out.append(indent);
        if (s instanceof ClassDecl c) {
            out.append("class ").append(c.name());
        } else if (s instanceof SidDecl c) {
            out.append("sid ").append(c.name());
        } else if (s instanceof CommonDef c) {
            out.append("common ").append(c.name());
            block(c.perms(), indent, out);
        } else if (s instanceof AvDef c) {
            out.append("class ").append(c.name());
            if (c.inherits() != null) out.append(" inherits ").append(c.inherits());
            if (!c.perms().isEmpty() || c.inherits() == null) block(c.perms(), indent, out);
        } else if (s instanceof DefaultRule c) {
            out.append(c.kind()).append(' ').append(names(c.classes()));
            if (c.which() != null) out.append(' ').append(c.which());
            if (c.part() != null) out.append(' ').append(c.part());
            out.append(';');
        } else if (s instanceof Sensitivity c) {
            out.append("sensitivity ").append(c.name()).append(alias(c.aliases())).append(';');
        } else if (s instanceof Dominance c) {
            out.append("dominance { ").append(String.join(" ", c.order())).append(" }");
        } else if (s instanceof Category c) {
            out.append("category ").append(c.name()).append(alias(c.aliases())).append(';');
        } else if (s instanceof LevelDef c) {
            out.append("level ").append(level(new Level(c.sens(), c.cats()))).append(';');
        } else if (s instanceof Constrain c) {
            out.append(c.mls() ? "mlsconstrain " : "constrain ").append(names(c.classes())).append(' ')
                    .append(names(c.perms())).append(" (").append(constraint(c.expr())).append(");");
        } else if (s instanceof Validatetrans c) {
            out.append(c.mls() ? "mlsvalidatetrans " : "validatetrans ").append(names(c.classes()))
                    .append(" (").append(constraint(c.expr())).append(");");
        } else if (s instanceof Attribute c) {
            out.append("attribute ").append(c.name()).append(';');
        } else if (s instanceof ExpandAttribute c) {
            out.append("expandattribute ").append(names(c.attrs())).append(' ').append(c.expand()).append(';');
        } else if (s instanceof TypeDecl c) {
            out.append("type ").append(c.name()).append(alias(c.aliases()));
            c.attrs().forEach(a -> out.append(", ").append(a));
            out.append(';');
        } else if (s instanceof TypeAliasDecl c) {
            out.append("typealias ").append(c.type()).append(alias(c.aliases())).append(';');
        } else if (s instanceof TypeAttribute c) {
            out.append("typeattribute ").append(c.type()).append(' ').append(String.join(", ", c.attrs())).append(';');
        } else if (s instanceof TypeBounds c) {
            out.append("typebounds ").append(c.bounding()).append(' ').append(String.join(", ", c.bounded()))
                    .append(';');
        } else if (s instanceof BoolDecl c) {
            out.append(c.tunable() ? "tunable " : "bool ").append(c.name()).append(' ').append(c.state()).append(';');
        } else if (s instanceof AvRule c) {
            out.append(c.kind()).append(' ');
            names(c.sources(), out);
            out.append(' ');
            names(c.targets(), out);
            out.append(':');
            names(c.classes(), out);
            out.append(' ');
            names(c.perms(), out);
            out.append(';');
        } else if (s instanceof TypeRule c) {
            out.append(c.kind()).append(' ').append(names(c.sources())).append(' ').append(names(c.targets()))
                    .append(':').append(names(c.classes())).append(' ').append(c.newType());
            if (c.filename() != null) out.append(" \"").append(c.filename()).append('"');
            out.append(';');
        } else if (s instanceof RangeTrans c) {
            out.append("range_transition ").append(names(c.sources())).append(' ').append(names(c.targets()));
            if (c.classes() != null) out.append(':').append(names(c.classes()));
            out.append(' ').append(range(c.range())).append(';');
        } else if (s instanceof Permissive c) {
            out.append("permissive ").append(c.type()).append(';');
        } else if (s instanceof PolicyCap c) {
            out.append("policycap ").append(c.name()).append(';');
        } else if (s instanceof AttributeRole c) {
            out.append("attribute_role ").append(c.name()).append(';');
        } else if (s instanceof RoleTypes c) {
            out.append("role ").append(c.role()).append(" types ").append(names(c.types())).append(';');
        } else if (s instanceof RoleDecl c) {
            out.append("role ").append(c.name());
            c.attrs().forEach(a -> out.append(", ").append(a));
            out.append(';');
        } else if (s instanceof RoleAttribute c) {
            out.append("roleattribute ").append(c.role()).append(' ').append(String.join(", ", c.attrs())).append(';');
        } else if (s instanceof RoleDominance) {
            // the parser keeps no roles for it (checkpolicy's Xen target rejects it anyway)
            throw new IllegalArgumentException("a role dominance statement has nothing to print");
        } else if (s instanceof RoleTransition c) {
            out.append("role_transition ").append(names(c.roles())).append(' ').append(names(c.types()));
            if (c.classes() != null) out.append(':').append(names(c.classes()));
            out.append(' ').append(c.newRole()).append(';');
        } else if (s instanceof RoleAllow c) {
            out.append("allow ").append(names(c.roles())).append(' ').append(names(c.newRoles())).append(';');
        } else if (s instanceof Cond c) {
            out.append("if (").append(condition(c.expr())).append(") {\n");
            branch(c.whenTrue(), indent, out);
            out.append(indent).append('}');
            if (!c.whenFalse().isEmpty()) {
                out.append(" else {\n");
                branch(c.whenFalse(), indent, out);
                out.append(indent).append('}');
            }
        } else if (s instanceof User c) {
            out.append("user ").append(c.name()).append(" roles ").append(names(c.roles()));
            if (c.level() != null) out.append(" level ").append(level(c.level())).append(" range ").append(range(c.range()));
            out.append(';');
        } else if (s instanceof SidContext c) {
            out.append("sid ").append(c.sid()).append(' ').append(context(c.context()));
        } else if (s instanceof PirqCon c) {
            out.append("pirqcon ").append(c.irq()).append(' ').append(context(c.context()));
        } else if (s instanceof IomemCon c) {
            out.append("iomemcon ").append(span(c.low(), c.high())).append(' ').append(context(c.context()));
        } else if (s instanceof IoportCon c) {
            out.append("ioportcon ").append(span(c.low(), c.high())).append(' ').append(context(c.context()));
        } else if (s instanceof PciDeviceCon c) {
            out.append("pcidevicecon ").append(hex(c.sbdf())).append(' ').append(context(c.context()));
        } else if (s instanceof DeviceTreeCon c) {
            // quoted, so a path may hold blanks; one holding a quote can only be written bare
            String path = c.path().contains("\"") ? c.path() : "\"" + c.path() + "\"";
            out.append("devicetreecon ").append(path).append(' ').append(context(c.context()));
        }
    }

    private static void block(List<String> items, String indent, StringBuilder out) {
        out.append('\n').append(indent).append("{\n");
        items.forEach(p -> out.append(indent).append("    ").append(p).append('\n'));
        out.append(indent).append('}');
    }

    private static void branch(List<Stmt> rules, String indent, StringBuilder out) {
        for (Stmt r : rules) {
            statement(r, indent + "    ", out);
            out.append('\n');
        }
    }

    private static String alias(Names aliases) {
        return aliases == null || aliases.items().isEmpty() ? "" : " alias " + names(aliases);
    }

    /**
     * A name set: one name bare, several in braces with "-" glued to the name it removes, "~" in front of what it
     * complements (the parser puts it after a set and, in constraints, before).
     */
    public static String names(Names n) {
        StringBuilder b = new StringBuilder();
        names(n, b);
        return b.toString();
    }

    /** {@link #names(Names)}, appended to {@code out}: the rules' sets, written without a string each. */
    private static void names(Names n, StringBuilder out) {
        List<String> items = n.items();
        boolean complement = false;
        if (!items.isEmpty() && items.get(items.size() - 1).equals("~")) {
            complement = true;
            items = items.subList(0, items.size() - 1);
        } else if (!items.isEmpty() && items.get(0).equals("~")) {
            complement = true;
            items = items.subList(1, items.size());
        }
        if (complement) {
            out.append('~');
        }
        if (items.size() == 1) {
            out.append(items.get(0));
        } else {
            // a set too long for one line (rare) is broken over lines
            braces(items, oneLine(items) > ONE_LINE ? WRAP : Integer.MAX_VALUE, out);
        }
    }

    /** The length of {@link #braces} on one line. */
    private static int oneLine(List<String> items) {
        int length = 1;
        for (int i = 0; i < items.size(); i++) {
            length += 1 + (items.get(i).equals("-") && i + 1 < items.size() ? 1 + items.get(++i).length()
                    : items.get(i).length());
        }
        return length + 2;
    }

    /** Names in braces, "-" glued to the name it removes; a line break before a name that would pass {@code width}. */
    private static void braces(List<String> items, int width, StringBuilder out) {
        int lineStart = out.length();
        out.append('{');
        for (int i = 0; i < items.size(); i++) {
            boolean minus = items.get(i).equals("-") && i + 1 < items.size();
            String w = minus ? items.get(++i) : items.get(i);
            if (out.length() - lineStart + 1 + (minus ? 1 : 0) + w.length() > width) {
                lineStart = out.length() + 1;
                out.append("\n   ");
            }
            out.append(' ');
            if (minus) {
                out.append('-');
            }
            out.append(w);
        }
        out.append(" }");
    }

    /**
     * The longest set printed on one line, and the width of the lines a longer one is broken into: checkpolicy's
     * lexer reads each line whole as one token of at most 8,192 bytes (flex's YYLMAX), and refuses a longer line
     * ("token too large"), which a rule over thousands of types would make.
     */
    private static final int ONE_LINE = 2_000;
    private static final int WRAP = 100;

    /** A postfix boolean expression in infix form; operands other than a boolean's name in parentheses. */
    static String condition(List<BNode> expr) {
        List<String> stack = new ArrayList<>();
        List<Boolean> atomic = new ArrayList<>();
        for (BNode e : expr) {
            if (e.type() == CondExpr.BOOL) {
                stack.add(e.bool());
                atomic.add(true);
                continue;
            }
            if (e.type() == CondExpr.NOT) {
                String x = operand(stack, atomic);
                stack.add("!" + x);
                atomic.add(false);
                continue;
            }
            String b = operand(stack, atomic), a = operand(stack, atomic);
            String op = switch (e.type()) {
                case CondExpr.OR -> "||";
                case CondExpr.AND -> "&&";
                case CondExpr.XOR -> "^";
                case CondExpr.EQ -> "==";
                default -> "!=";
            };
            stack.add(a + " " + op + " " + b);
            atomic.add(false);
        }
        return stack.isEmpty() ? "" : stack.get(0);
    }

    private static String operand(List<String> stack, List<Boolean> atomic) {
        String x = stack.remove(stack.size() - 1);
        return atomic.remove(atomic.size() - 1) ? x : "(" + x + ")";
    }

    /** A postfix constraint expression in infix form, every compound in parentheses. */
    static String constraint(List<CNode> expr) {
        List<String> stack = new ArrayList<>();
        for (CNode e : expr) {
            switch (e.exprType()) {
                case ConstraintExpr.NOT -> stack.add("not (" + stack.remove(stack.size() - 1) + ")");
                case ConstraintExpr.AND, ConstraintExpr.OR -> {
                    String b = stack.remove(stack.size() - 1), a = stack.remove(stack.size() - 1);
                    stack.add("(" + a + ") " + (e.exprType() == ConstraintExpr.AND ? "and" : "or") + " (" + b + ")");
                }
                case ConstraintExpr.ATTR -> {
                    String[] lr = operands(e.attr());
                    stack.add(lr[0] + " " + op(e.op()) + " " + lr[1]);
                }
                default -> stack.add(operand(e.attr()) + " " + op(e.op()) + " " + names(e.names()));
            }
        }
        return stack.isEmpty() ? "" : stack.get(0);
    }

    /** The two operands an ATTR constraint node compares. */
    static String[] operands(int attr) {
        return switch (attr) {
            case ConstraintExpr.USER -> new String[] {"u1", "u2"};
            case ConstraintExpr.ROLE -> new String[] {"r1", "r2"};
            case ConstraintExpr.TYPE -> new String[] {"t1", "t2"};
            case ConstraintExpr.L1L2 -> new String[] {"l1", "l2"};
            case ConstraintExpr.L1H2 -> new String[] {"l1", "h2"};
            case ConstraintExpr.H1L2 -> new String[] {"h1", "l2"};
            case ConstraintExpr.H1H2 -> new String[] {"h1", "h2"};
            case ConstraintExpr.L1H1 -> new String[] {"l1", "h1"};
            default -> new String[] {"l2", "h2"};
        };
    }

    /** The operand a NAMES constraint node tests: u1…t3. */
    static String operand(int attr) {
        String who = (attr & ConstraintExpr.USER) != 0 ? "u" : (attr & ConstraintExpr.ROLE) != 0 ? "r" : "t";
        int which = (attr & ConstraintExpr.XTARGET) != 0 ? 3 : (attr & ConstraintExpr.TARGET) != 0 ? 2 : 1;
        return who + which;
    }

    static String op(int op) {
        return switch (op) {
            case ConstraintExpr.EQ -> "==";
            case ConstraintExpr.NEQ -> "!=";
            case ConstraintExpr.DOM -> "dom";
            case ConstraintExpr.DOMBY -> "domby";
            default -> "incomp";
        };
    }

    static String context(Ctx c) {
        return c.user() + ":" + c.role() + ":" + c.type() + (c.range() == null ? "" : ":" + range(c.range()));
    }

    /** Spaced around "-": a sensitivity name may itself contain "-". */
    static String range(Range r) {
        return r.high() == null || r.high().equals(r.low()) ? level(r.low()) : level(r.low()) + " - " + level(r.high());
    }

    static String level(Level l) {
        return l.cats().isEmpty() ? l.sens() : l.sens() + ":" + String.join(",", l.cats());
    }

    private static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }

    private static String span(long low, long high) {
        return low == high ? hex(low) : hex(low) + "-" + hex(high);
    }
}
