package org.cordon.verifier.facts;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * A boolean expression over switches (FLASK booleans): what guards a conditional rule. A Cordon
 * rule is guarded by one switch or its negation; a FLASK conditional block by any expression
 * (not, and, or, xor, ==, !=).
 */
public sealed interface Condition {

    record Switch(String name) implements Condition { }

    record Not(Condition operand) implements Condition { }

    /** A binary operator; {@code op} is one of "&&", "||", "^", "==", "!=". */
    record Binary(String op, Condition left, Condition right) implements Condition { }

    static Condition of(String switchName, boolean whenOff) {
        Condition s = new Switch(switchName);
        return whenOff ? new Not(s) : s;
    }

    default boolean holds(Predicate<String> switchOn) {
        if (this instanceof Switch s) {
            return switchOn.test(s.name());
        }
        if (this instanceof Not n) {
            return !n.operand().holds(switchOn);
        }
        Binary b = (Binary) this;
        boolean l = b.left().holds(switchOn);
        boolean r = b.right().holds(switchOn);
        return switch (b.op()) {
            case "&&" -> l && r;
            case "||" -> l || r;
            case "^", "!=" -> l != r;
            case "==" -> l == r;
            default -> throw new IllegalStateException("operator " + b.op());
        };
    }

    /** Holds under a setting; switches the setting does not name take their defaults. */
    default boolean holds(Map<String, Boolean> setting, Map<String, Boolean> defaults) {
        return holds(s -> setting.getOrDefault(s, defaults.getOrDefault(s, false)));
    }

    default Set<String> switches() {
        Set<String> out = new TreeSet<>();
        collect(this, out);
        return out;
    }

    private static void collect(Condition c, Set<String> out) {
        if (c instanceof Switch s) {
            out.add(s.name());
        } else if (c instanceof Not n) {
            collect(n.operand(), out);
        } else if (c instanceof Binary b) {
            collect(b.left(), out);
            collect(b.right(), out);
        }
    }

    /** "switch maint is on", "switch maint is off", or "`a && !b` holds". */
    default String describe() {
        if (this instanceof Switch s) {
            return "switch " + s.name() + " is on";
        }
        if (this instanceof Not n && n.operand() instanceof Switch s) {
            return "switch " + s.name() + " is off";
        }
        return "`" + render(this, false) + "` holds";
    }

    private static String render(Condition c, boolean nested) {
        if (c instanceof Switch s) {
            return s.name();
        }
        if (c instanceof Not n) {
            return "!" + render(n.operand(), true);
        }
        Binary b = (Binary) c;
        String text = render(b.left(), true) + " " + b.op() + " " + render(b.right(), true);
        return nested ? "(" + text + ")" : text;
    }
}
