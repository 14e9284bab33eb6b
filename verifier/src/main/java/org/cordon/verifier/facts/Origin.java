package org.cordon.verifier.facts;

import java.util.Optional;
import org.cordon.model.SourcePos;

/**
 * The Cordon statement an access comes from, so that every verdict points at source.
 * {@code guard} is the condition on switches under which it is in force (none: always).
 */
public record Origin(Kind kind, String statement, SourcePos pos, Optional<Condition> guard) {

    /** What kind of statement: a rule, a declared channel, what a domain's declaration implies, ... */
    public enum Kind { RULE, CHANNEL, DOMAIN, DEVICE_MODEL, FEATURE, DEVICE }

    public static Origin of(Kind kind, String statement, SourcePos pos) {
        return new Origin(kind, statement, pos, Optional.empty());
    }

    /** Whether the statement is in force when every switch has its default value. */
    public boolean activeByDefault(java.util.function.Predicate<String> switchDefaultOn) {
        return guard.map(g -> g.holds(switchDefaultOn)).orElse(true);
    }

    @Override
    public String toString() {
        return pos + " " + statement + guard.map(g -> " (when " + g.describe() + ")").orElse("");
    }
}
