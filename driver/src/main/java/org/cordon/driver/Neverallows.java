package org.cordon.driver;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.cordon.model.Diagnostic;
import org.cordon.model.DiagnosticCode;
import org.cordon.model.PolicyModel;
import org.cordon.model.SourcePos;
import org.cordon.xsm.flask.PolicyConfException;
import org.cordon.xsm.flask.conf.Ast;
import org.cordon.xsm.flask.conf.ConfParser;

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
     * to it. encode-binary compiles the lowered statements, so the failure is at the Cordon position its neverallow
     * carries; one read from the printed text is at a line of it, whose statements are the lowered ones in order
     * (comments aside).
     */
    static Optional<Diagnostic> explain(PolicyConfException e, Build b) {
        if (!e.detail().startsWith("neverallow violated")) {
            return Optional.empty();
        }
        if (!e.file().equals("policy.conf")) {
            return attribute(new Ast.Pos(e.file(), e.line(), e.column()), e, b.model);
        }
        List<Ast.Stmt> parsed;
        try {
            parsed = ConfParser.parse("policy.conf", b.policyConf);
        } catch (PolicyConfException unreadable) {
            return Optional.empty();
        }
        List<Ast.Stmt> lowered = b.flask.conf().stream().filter(s -> !(s instanceof Ast.Comment)).toList();
        for (int i = 0; i < parsed.size() && i < lowered.size(); i++) {
            if (parsed.get(i).pos().line() == e.line()) {
                return attribute(lowered.get(i).pos(), e, b.model);
            }
        }
        return Optional.empty();
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
