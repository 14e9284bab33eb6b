package org.cordon.model;

import java.util.List;

/**
 * A message about a policy, always positioned. {@code related} names other places involved
 * (the forbid a rule breaks, the first declaration of a duplicate, the hops of a flow).
 */
public record Diagnostic(Severity severity, DiagnosticCode code, String message, SourcePos pos, List<Related> related) {

    public enum Severity { ERROR, WARNING, INFO }

    public record Related(String message, SourcePos pos) {
    }

    public Diagnostic {
        related = List.copyOf(related);
        // an error that changes no exit code would let check say "fine" and compile refuse
        if (severity == Severity.ERROR && code.category() == DiagnosticCode.Category.INFORMATION) {
            throw new IllegalArgumentException(code.id() + " is information, not an error");
        }
    }

    /** A diagnostic of {@code code}, with the severity the code has. */
    public static Diagnostic of(DiagnosticCode code, SourcePos pos, String message, Related... related) {
        return new Diagnostic(code.severity(), code, message, pos, List.of(related));
    }

    public static Diagnostic of(DiagnosticCode code, SourcePos pos, String message, List<Related> related) {
        return new Diagnostic(code.severity(), code, message, pos, related);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** An error that is the policy breaking its own rules or claims (exit 1), not bad input (exit 2). */
    public boolean isViolation() {
        return isError() && code.category() == DiagnosticCode.Category.POLICY_VIOLATION;
    }

    /** The same diagnostic with another message. */
    public Diagnostic withMessage(String message) {
        return new Diagnostic(severity, code, message, pos, related);
    }
}
