package org.cordon.eclipse.editor;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cordon.eclipse.services.PolicySnapshot;
import org.eclipse.core.filesystem.EFS;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.ILog;
import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.contentassist.ICompletionProposal;
import org.eclipse.jface.text.contentassist.IContextInformation;
import org.eclipse.jface.text.quickassist.IQuickAssistInvocationContext;
import org.eclipse.jface.text.quickassist.IQuickAssistProcessor;
import org.eclipse.jface.text.source.Annotation;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DiagnosticRelatedInformation;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.Point;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.ide.IDE;
import org.eclipse.ui.texteditor.ITextEditor;
import org.eclipse.ui.texteditor.MarkerAnnotation;

/**
 * Quick fixes (Ctrl+1) on Cordon's markers, the language server's own: an unknown permission becomes
 * one of the nearest names, a name a lower layer does not export gets exported there (in that layer's
 * file, opened for review), and a rule a lower layer forbids opens the forbid.
 */
public class CordonQuickAssistProcessor implements IQuickAssistProcessor {

    private static final Set<String> FIXABLE = Set.of("unknown-permission", "not-exported", "forbidden");
    // a note in the marker's related attribute: FILE:LINE:COLUMN: MESSAGE
    private static final Pattern NOTE = Pattern.compile("^(.*):(\\d+):(\\d+): (.*)$", Pattern.MULTILINE);

    @Override
    public String getErrorMessage() {
        return null;
    }

    @Override
    public boolean canFix(Annotation annotation) {
        return annotation instanceof MarkerAnnotation m && m.getMarker().exists()
                && FIXABLE.contains(m.getMarker().getAttribute(Problems.CODE, ""));
    }

    @Override
    public boolean canAssist(IQuickAssistInvocationContext context) {
        return false;
    }

    @Override
    public ICompletionProposal[] computeQuickAssistProposals(IQuickAssistInvocationContext context) {
        IDocument document = context.getSourceViewer().getDocument();
        var file = EditedFile.of(document).filter(f -> f.resource() != null);
        if (file.isEmpty()) {
            return new ICompletionProposal[0];
        }
        PolicySnapshot snapshot = Snapshots.of(document);
        List<ICompletionProposal> proposals = new ArrayList<>();
        try {
            for (IMarker m : file.get().resource().findMarkers(Problems.MARKER, false, IResource.DEPTH_ZERO)) {
                int start = m.getAttribute(IMarker.CHAR_START, -1);
                int end = m.getAttribute(IMarker.CHAR_END, -1);
                if (start <= context.getOffset() && context.getOffset() <= end && FIXABLE.contains(m.getAttribute(Problems.CODE, ""))) {
                    for (var action : snapshot.fixes(diagnostic(m, snapshot))) {
                        if (action.isRight()) {
                            proposals.add(new Fix(action.getRight(), file.get().path(), document));
                        }
                    }
                }
            }
        } catch (CoreException e) {
            ILog.of(getClass()).error("Cordon: cannot read problem markers", e);
        }
        return proposals.toArray(ICompletionProposal[]::new);
    }

    /** A marker as the language server's diagnostic (its notes as related information). */
    static Diagnostic diagnostic(IMarker m, PolicySnapshot snapshot) {
        Range range = new Range(snapshot.position(m.getAttribute(IMarker.CHAR_START, 0)),
                snapshot.position(m.getAttribute(IMarker.CHAR_END, 0)));
        Diagnostic d = new Diagnostic(range, m.getAttribute(IMarker.MESSAGE, ""));
        d.setCode(m.getAttribute(Problems.CODE, ""));
        List<DiagnosticRelatedInformation> related = new ArrayList<>();
        Matcher note = NOTE.matcher(m.getAttribute(Problems.RELATED, ""));
        while (note.find()) {
            Position p = new Position(Integer.parseInt(note.group(2)) - 1, Integer.parseInt(note.group(3)) - 1);
            related.add(new DiagnosticRelatedInformation(
                    new Location(PolicySnapshot.uriOf(Path.of(note.group(1))), new Range(p, p)), note.group(4)));
        }
        d.setRelatedInformation(related);
        return d;
    }

    private record Fix(CodeAction action, Path here, IDocument document) implements ICompletionProposal {
        @Override
        public void apply(IDocument ignored) {
            try {
                if (action.getEdit() != null) {
                    for (Map.Entry<String, List<TextEdit>> e : action.getEdit().getChanges().entrySet()) {
                        Path file = Path.of(URI.create(e.getKey()));
                        apply(file.equals(here) ? document : open(file, null), e.getValue());
                    }
                } else if (action.getCommand() != null && action.getCommand().getArguments().size() == 2) {
                    open(Path.of(URI.create(String.valueOf(action.getCommand().getArguments().get(0)))),
                            (Range) action.getCommand().getArguments().get(1));
                }
            } catch (BadLocationException | CoreException e) {
                ILog.of(CordonQuickAssistProcessor.class).error("Cordon: cannot apply " + action.getTitle(), e);
            }
        }

        /** The edits, last first (LSP edits do not overlap and refer to the text before any of them). */
        private static void apply(IDocument doc, List<TextEdit> edits) throws BadLocationException {
            List<TextEdit> sorted = new ArrayList<>(edits);
            sorted.sort(Comparator.comparingInt((TextEdit t) -> t.getRange().getStart().getLine())
                    .thenComparingInt(t -> t.getRange().getStart().getCharacter()).reversed());
            for (TextEdit t : sorted) {
                int start = offset(doc, t.getRange().getStart());
                doc.replace(start, offset(doc, t.getRange().getEnd()) - start, t.getNewText());
            }
        }

        private static int offset(IDocument doc, Position p) throws BadLocationException {
            return doc.getLineOffset(p.getLine()) + p.getCharacter();
        }

        /** Another file of the policy, opened in an editor (at {@code at}, if given) so the change is seen and saved by the user. */
        private static IDocument open(Path file, Range at) throws CoreException, BadLocationException {
            IEditorPart part = IDE.openEditorOnFileStore(PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage(),
                    EFS.getLocalFileSystem().getStore(file.toUri()));
            ITextEditor editor = (ITextEditor) part;
            IDocument doc = editor.getDocumentProvider().getDocument(editor.getEditorInput());
            if (at != null) {
                int start = offset(doc, at.getStart());
                editor.selectAndReveal(start, Math.max(0, offset(doc, at.getEnd()) - start));
            }
            return doc;
        }

        @Override
        public Point getSelection(IDocument doc) {
            return null;
        }

        @Override
        public String getAdditionalProposalInfo() {
            return null;
        }

        @Override
        public String getDisplayString() {
            return action.getTitle();
        }

        @Override
        public Image getImage() {
            return null;
        }

        @Override
        public IContextInformation getContextInformation() {
            return null;
        }
    }
}
