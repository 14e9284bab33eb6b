package org.cordon.dsl.ide.server;

import java.util.ArrayList;
import java.util.List;
import org.cordon.dsl.validation.RelatedLocations;
import org.cordon.model.Diagnostic.Related;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DiagnosticRelatedInformation;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.xtext.ide.server.LanguageServerImpl;
import org.eclipse.xtext.validation.Issue;

/**
 * Xtext's language server, with each diagnostic's related places as LSP related information: the
 * hops of a counterexample, the forbid a rule breaks, the declaration a layer does not export.
 */
public class CordonLanguageServer extends LanguageServerImpl {

    @Override
    protected Diagnostic toDiagnostic(Issue issue) {
        Diagnostic d = super.toDiagnostic(issue);
        List<Related> related = RelatedLocations.decode(issue.getData());
        if (!related.isEmpty()) {
            List<DiagnosticRelatedInformation> info = new ArrayList<>();
            for (Related r : related) {
                info.add(new DiagnosticRelatedInformation(location(r), r.message()));
            }
            d.setRelatedInformation(info);
        }
        return d;
    }

    /** LSP positions count from 0; a related place is shown as its first line from its column on. */
    static Location location(Related r) {
        int line = Math.max(0, r.pos().line() - 1);
        int col = Math.max(0, r.pos().column() - 1);
        return new Location(r.pos().file(), new Range(new Position(line, col), new Position(line, col + Math.max(0,
                r.pos().length()))));
    }
}
