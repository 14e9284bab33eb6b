package org.cordon.eclipse.editor;

import java.nio.file.Path;
import java.util.List;
import org.cordon.eclipse.services.PolicySnapshot;
import org.eclipse.core.filesystem.EFS;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.ILog;
import org.eclipse.jface.text.IRegion;
import org.eclipse.jface.text.ITextViewer;
import org.eclipse.jface.text.Region;
import org.eclipse.jface.text.hyperlink.AbstractHyperlinkDetector;
import org.eclipse.jface.text.hyperlink.IHyperlink;
import org.eclipse.lsp4j.Location;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.ide.IDE;
import org.eclipse.ui.texteditor.ITextEditor;

/** F3 and Ctrl+click on a name: to where it is declared, in this file or another file of the policy. */
public class CordonHyperlinkDetector extends AbstractHyperlinkDetector {

    @Override
    public IHyperlink[] detectHyperlinks(ITextViewer viewer, IRegion region, boolean canShowMultipleHyperlinks) {
        if (EditedFile.of(viewer.getDocument()).filter(f -> f.path().toString().endsWith(".cordon")).isEmpty()) {
            return null;
        }
        PolicySnapshot snapshot = Snapshots.of(viewer.getDocument());
        List<? extends Location> targets = snapshot.definitions(region.getOffset());
        if (targets.isEmpty()) {
            return null;
        }
        IRegion word = wordAt(viewer, region.getOffset());
        return targets.stream().map(t -> (IHyperlink) new Link(word, t)).toArray(IHyperlink[]::new);
    }

    private static IRegion wordAt(ITextViewer viewer, int offset) {
        String text = viewer.getDocument().get();
        int s = offset;
        int e = offset;
        while (s > 0 && (Character.isLetterOrDigit(text.charAt(s - 1)) || text.charAt(s - 1) == '_' || text.charAt(s - 1) == '.')) {
            s--;
        }
        while (e < text.length() && (Character.isLetterOrDigit(text.charAt(e)) || text.charAt(e) == '_' || text.charAt(e) == '.')) {
            e++;
        }
        return new Region(s, e - s);
    }

    private record Link(IRegion region, Location target) implements IHyperlink {
        @Override
        public IRegion getHyperlinkRegion() {
            return region;
        }

        @Override
        public String getTypeLabel() {
            return "Cordon declaration";
        }

        @Override
        public String getHyperlinkText() {
            return "Open declaration";
        }

        @Override
        public void open() {
            IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
            try {
                Path file = Path.of(java.net.URI.create(target.getUri()));
                IEditorPart part = IDE.openEditorOnFileStore(page, EFS.getLocalFileSystem().getStore(file.toUri()));
                if (part instanceof ITextEditor editor) {
                    PolicySnapshot s = Snapshots.of(editor.getDocumentProvider().getDocument(editor.getEditorInput()));
                    int start = s.offset(target.getRange().getStart());
                    int end = s.offset(target.getRange().getEnd());
                    editor.selectAndReveal(start, end - start);
                }
            } catch (CoreException | IllegalArgumentException e) {
                ILog.of(CordonHyperlinkDetector.class).error("Cordon: cannot open " + target.getUri(), e);
            }
        }
    }
}
