package org.cordon.driver;

import java.util.Locale;
import java.util.Optional;
import org.cordon.model.Diagnostic;
import org.cordon.model.DiagnosticCode;
import org.cordon.model.PolicyModel;
import org.cordon.model.SourcePos;
import org.cordon.xsm.flask.PolicyConfException;
import org.cordon.xsm.flask.conf.Ast;

/**
 * The FLASK check of a neverallow, read back as the Cordon statement it came from. The language's checks are meant
 * to reject every policy whose binary would break one of its forbids; should one slip past them, the build still
 * stops here with the forbid's (or the denied feature's) position. A neverallow no forbid or denied feature wrote
 * is a fault of Cordon's own (empty).
 */
final class Neverallows {

    private Neverallows() {
    }

    /**
     * When {@code e} is a violated neverallow of the build's policy.conf, the diagnostic at the statement that lowered
     * to it: encode-binary compiles the lowered statements, so the failure is at the Cordon position its neverallow
     * carries.
     */
    static Optional<Diagnostic> explain(PolicyConfException e, Build b) {
        if (!e.detail().startsWith("neverallow violated")) {
            return Optional.empty();
        }
        return attribute(new Ast.Pos(e.file(), e.line(), e.column()), e, b.model);
    }

    private static Optional<Diagnostic> attribute(Ast.Pos at, PolicyConfException e, PolicyModel model) {
        String grants = e.detail().replace("neverallow violated by ", "");
        for (PolicyModel.Forbid f : model.forbids()) {
            if (same(f.pos(), at)) {
                return Optional.of(Diagnostic.of(DiagnosticCode.FORBIDDEN, f.pos(), "the compiled policy grants "
                        + "what this forbid rules out (" + grants + "): a statement grants it in a way Cordon's own "
                        + "check did not see; please report this"));
            }
        }
        for (PolicyModel.VmClass c : model.classes()) {
            for (PolicyModel.Feature f : c.features()) {
                if (same(f.pos(), at)) {
                    return Optional.of(Diagnostic.of(DiagnosticCode.FEATURE_DENIED, f.pos(), "the compiled policy "
                            + "grants part of " + f.feature().name().toLowerCase(Locale.ROOT) + ", which this class denies ("
                            + grants + ")"));
                }
            }
        }
        return Optional.empty();
    }

    private static boolean same(SourcePos p, Ast.Pos at) {
        return p.file().equals(at.file()) && p.line() == at.line() && p.column() == at.col();
    }
}
