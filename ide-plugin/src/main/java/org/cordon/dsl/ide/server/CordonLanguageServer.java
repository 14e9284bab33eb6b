package org.cordon.dsl.ide.server;

import java.util.ArrayList;
import java.util.List;
import com.google.inject.Inject;
import org.eclipse.emf.common.util.URI;
import org.cordon.dsl.validation.CordonValidator;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DiagnosticRelatedInformation;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.xtext.ide.server.LanguageServerImpl;
import org.eclipse.xtext.ide.server.UriExtensions;
import org.eclipse.xtext.validation.Issue;

/**
 * Xtext's language server, with each diagnostic's other places (an isolation counterexample's hops,
 * the forbid a rule breaks, the first of two declarations) as LSP related information.
 */
public class CordonLanguageServer extends LanguageServerImpl {

    @Inject
    private UriExtensions uris;

    @Override
    protected Diagnostic toDiagnostic(Issue issue) {
        Diagnostic d = super.toDiagnostic(issue);
        String[] data = issue.getData();
        if (data != null && data.length > 0 && data.length % CordonValidator.RELATED_FIELDS == 0) {
            List<DiagnosticRelatedInformation> related = new ArrayList<>();
            for (int i = 0; i < data.length; i += CordonValidator.RELATED_FIELDS) {
                Range range = new Range(new Position(Integer.parseInt(data[i + 1]), Integer.parseInt(data[i + 2])),
                        new Position(Integer.parseInt(data[i + 3]), Integer.parseInt(data[i + 4])));
                related.add(new DiagnosticRelatedInformation(
                        new Location(uris.toUriString(URI.createURI(data[i])), range), data[i + 5]));
            }
            d.setRelatedInformation(related);
            d.setData(null);
        }
        return d;
    }
}
