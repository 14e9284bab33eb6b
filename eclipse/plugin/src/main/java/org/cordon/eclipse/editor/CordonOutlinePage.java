package org.cordon.eclipse.editor;

import java.util.List;
import org.cordon.eclipse.services.PolicySnapshot;
import org.eclipse.jface.text.DocumentEvent;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IDocumentListener;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.ITreeContentProvider;
import org.eclipse.jface.viewers.LabelProvider;
import org.eclipse.jface.viewers.TreeViewer;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.texteditor.ITextEditor;
import org.eclipse.ui.views.contentoutline.ContentOutlinePage;

/** The Outline view for a Cordon file: its layers and what each declares, from Cordon's document symbols. */
public class CordonOutlinePage extends ContentOutlinePage {

    private static final int REFRESH_DELAY_MS = 500;

    private final ITextEditor editor;
    private final IDocument document;
    private final Runnable refresh = this::refresh;
    private final IDocumentListener listener = new IDocumentListener() {
        @Override
        public void documentAboutToBeChanged(DocumentEvent event) {
        }

        @Override
        public void documentChanged(DocumentEvent event) {
            Display.getDefault().timerExec(REFRESH_DELAY_MS, refresh);
        }
    };

    public CordonOutlinePage(ITextEditor editor) {
        this.editor = editor;
        this.document = editor.getDocumentProvider().getDocument(editor.getEditorInput());
    }

    @Override
    public void createControl(Composite parent) {
        super.createControl(parent);
        TreeViewer viewer = getTreeViewer();
        viewer.setContentProvider(new Symbols());
        viewer.setLabelProvider(new LabelProvider() {
            @Override
            public String getText(Object element) {
                DocumentSymbol s = (DocumentSymbol) element;
                return s.getDetail() == null || s.getDetail().isBlank() || s.getDetail().equals(s.getName()) ? s.getName()
                        : s.getName() + " : " + s.getDetail();
            }
        });
        viewer.addSelectionChangedListener(e -> {
            if (e.getSelection() instanceof IStructuredSelection sel && sel.getFirstElement() instanceof DocumentSymbol s
                    && document != null) {
                PolicySnapshot snapshot = Snapshots.of(document);
                int start = snapshot.offset(s.getSelectionRange().getStart());
                int end = snapshot.offset(s.getSelectionRange().getEnd());
                editor.selectAndReveal(start, end - start);
            }
        });
        if (document != null) {
            document.addDocumentListener(listener);
        }
        refresh();
    }

    /** The symbols shown, for tests and for the view. */
    public List<DocumentSymbol> symbols() {
        return document == null ? List.of() : Snapshots.of(document).symbols();
    }

    private void refresh() {
        TreeViewer viewer = getTreeViewer();
        if (viewer == null || viewer.getControl().isDisposed()) {
            return;
        }
        viewer.setInput(symbols());
        viewer.expandToLevel(2);
    }

    @Override
    public void dispose() {
        if (document != null) {
            document.removeDocumentListener(listener);
        }
        super.dispose();
    }

    private static final class Symbols implements ITreeContentProvider {
        @Override
        public Object[] getElements(Object input) {
            return ((List<?>) input).toArray();
        }

        @Override
        public Object[] getChildren(Object parent) {
            List<DocumentSymbol> c = ((DocumentSymbol) parent).getChildren();
            return c == null ? new Object[0] : c.toArray();
        }

        @Override
        public Object getParent(Object element) {
            return null;
        }

        @Override
        public boolean hasChildren(Object element) {
            List<DocumentSymbol> c = ((DocumentSymbol) element).getChildren();
            return c != null && !c.isEmpty();
        }
    }
}
