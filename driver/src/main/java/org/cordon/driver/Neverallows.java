package org.cordon.driver;

import java.util.Optional;
import org.cordon.model.Diagnostic;
import org.cordon.model.DiagnosticCode;
import org.cordon.model.PolicyModel;
import org.cordon.model.SourcePos;
import org.cordon.xsm.flask.PolicyConfException;

/**
 * The FLASK check of a neverallow, read back as the Cordon statement it came from. The language's checks are meant
 * to reject every policy whose binary would break one of its forbids; should one slip past them, the build still
 * stops here with the forbid's (or the denied feature's) position instead of a fault of Cordon's.
 */
final class Neverallows {

    private Neverallows() {
    }

    /**
     * When {@code e} is a violated neverallow of {@code conf}, the diagnostic at the statement that lowered to it:
     * the policy.conf heads each statement's rules with a comment giving its position.
     */
    static Optional<Diagnostic> explain(PolicyConfException e, String conf, PolicyModel model) {
        if (!e.detail().startsWith("neverallow violated")) {
            return Optional.empty();
        }
        String[] lines = conf.split("\n", -1);
        for (int i = Math.min(e.line(), lines.length) - 1; i >= 0; i--) {
            String line = lines[i];
            if (!line.startsWith("# ")) {
                continue;
            }
            for (PolicyModel.Forbid f : model.forbids()) {
                if (line.startsWith("# " + f.pos() + " forbid ")) {
                    return Optional.of(Diagnostic.of(DiagnosticCode.FORBIDDEN, f.pos(), "the compiled policy grants "
                            + "what this forbid rules out (" + e.detail().replace("neverallow violated by ", "")
                            + "): a statement grants it in a way Cordon's own check did not see; please report this"));
                }
            }
            for (PolicyModel.VmClass c : model.classes()) {
                for (PolicyModel.Feature f : c.features()) {
                    if (line.startsWith("# " + f.pos() + " class " + c.name() + ":")) {
                        return Optional.of(Diagnostic.of(DiagnosticCode.FEATURE_DENIED, f.pos(), "the compiled policy "
                                + "grants part of " + f.feature().name().toLowerCase() + ", which this class denies ("
                                + e.detail().replace("neverallow violated by ", "") + ")"));
                    }
                }
            }
        }
        return Optional.of(Diagnostic.of(DiagnosticCode.FORBIDDEN, new SourcePos("policy.conf", e.line(), e.column(),
                0, 0), "the compiled policy breaks a neverallow: " + e.detail()));
    }
}
