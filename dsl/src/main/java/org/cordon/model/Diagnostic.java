package org.cordon.model;

import java.util.List;

/**
 * A message about a policy, always positioned. {@code related} names other places involved
 * (the forbid a rule breaks, the first declaration of a duplicate).
 */
public record Diagnostic(Severity severity, String code, String message, SourcePos pos, List<Related> related) {

    public enum Severity { ERROR, WARNING, INFO }

    public record Related(String message, SourcePos pos) {
    }

    public Diagnostic {
        related = List.copyOf(related);
    }

    public static Diagnostic error(String code, SourcePos pos, String message, Related... related) {
        return new Diagnostic(Severity.ERROR, code, message, pos, List.of(related));
    }

    public static Diagnostic warning(String code, SourcePos pos, String message, Related... related) {
        return new Diagnostic(Severity.WARNING, code, message, pos, List.of(related));
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }
}
