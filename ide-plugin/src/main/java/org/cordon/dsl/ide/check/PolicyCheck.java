package org.cordon.dsl.ide.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.cordon.compiler.CordonCompiler;
import org.cordon.dsl.load.CordonFrontEnd;
import org.cordon.model.Diagnostic;
import org.cordon.verifier.Verifier;

/**
 * What {@code cordon check} reports, in one place for the command line and the Eclipse plugin: the
 * compiler's diagnostics, then the verifier's when the policy compiled.
 */
public final class PolicyCheck {

    /** Codes of errors that are the policy breaking its own rules or claims, not bad input. */
    public static final Set<String> POLICY_VIOLATIONS = Set.of("forbidden", "feature-denied", "isolation", "no-flow",
            "class-isolation", "escalation", "feature", "test-failed", "acm-isolation");

    private PolicyCheck() {
    }

    /** The checked model of {@code sources} and everything check reports about it. */
    public record Outcome(CordonCompiler.Compilation compilation, List<Diagnostic> diagnostics) {
    }

    /** Checks without compiling: the compilation has the model and the diagnostics, no FLASK output. */
    public static Outcome run(List<CordonFrontEnd.Source> sources) {
        CordonCompiler.Compilation c = new CordonCompiler().check(sources);
        return new Outcome(c, withVerifier(c));
    }

    /** The compiler's diagnostics, then the verifier's when the policy compiled. */
    public static List<Diagnostic> withVerifier(CordonCompiler.Compilation c) {
        List<Diagnostic> all = new ArrayList<>(c.diagnostics());
        if (!c.hasErrors() && c.model().isPresent()) {
            all.addAll(new Verifier().verify(c.model().get()));
        }
        return all;
    }

    /** Whether a diagnostic is a policy violation (exit 1) rather than an input error (exit 2). */
    public static boolean isViolation(Diagnostic d) {
        return d.isError() && POLICY_VIOLATIONS.contains(d.code());
    }
}
