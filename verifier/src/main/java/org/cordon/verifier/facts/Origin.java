package org.cordon.verifier.facts;

import java.util.Optional;
import org.cordon.model.SourcePos;

/**
 * The Cordon statement an access comes from, so that every verdict points at source.
 * {@code condition} names the switch guarding it; {@code whenOff} marks the switch's else branch.
 */
public record Origin(Kind kind, String statement, SourcePos pos, Optional<String> condition, boolean whenOff) {

    /** What kind of statement: a rule, a declared channel, what a domain's declaration implies, ... */
    public enum Kind { RULE, CHANNEL, DOMAIN, DEVICE_MODEL, FEATURE, DEVICE }

    public static Origin of(Kind kind, String statement, SourcePos pos) {
        return new Origin(kind, statement, pos, Optional.empty(), false);
    }

    /** Whether the statement is in force when every switch has its default value. */
    public boolean activeByDefault(java.util.function.Predicate<String> switchDefaultOn) {
        return condition.map(c -> switchDefaultOn.test(c) != whenOff).orElse(true);
    }

    @Override
    public String toString() {
        return pos + " " + statement + condition.map(c -> " (when switch " + c + " is " + (whenOff ? "off" : "on")
                + ")").orElse("");
    }
}
