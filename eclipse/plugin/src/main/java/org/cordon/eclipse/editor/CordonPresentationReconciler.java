package org.cordon.eclipse.editor;

import java.util.Map;
import org.cordon.eclipse.services.LexicalClasses;
import org.cordon.eclipse.services.LexicalClasses.Kind;
import org.cordon.eclipse.services.LexicalClasses.Span;
import org.eclipse.jface.text.DocumentEvent;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IRegion;
import org.eclipse.jface.text.ITypedRegion;
import org.eclipse.jface.text.Region;
import org.eclipse.jface.text.TextAttribute;
import org.eclipse.jface.text.TextPresentation;
import org.eclipse.jface.text.presentation.IPresentationDamager;
import org.eclipse.jface.text.presentation.IPresentationRepairer;
import org.eclipse.jface.text.presentation.PresentationReconciler;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.StyleRange;
import org.eclipse.swt.graphics.Color;

/**
 * Syntax colouring for the Generic Editor: the grammar's lexer over the whole text on each change
 * (a comment opened above the visible lines recolours what follows it; a policy of a few thousand
 * lines lexes in milliseconds).
 */
public class CordonPresentationReconciler extends PresentationReconciler {

    // Eclipse's own Java colours, so Cordon reads like the rest of the IDE
    private static final Map<Kind, TextAttribute> STYLES = Map.of(
            Kind.KEYWORD, new TextAttribute(new Color(127, 0, 85), null, SWT.BOLD),
            Kind.COMMENT, new TextAttribute(new Color(63, 127, 95)),
            Kind.STRING, new TextAttribute(new Color(42, 0, 255)),
            Kind.NUMBER, new TextAttribute(new Color(125, 80, 0)));

    public CordonPresentationReconciler() {
        WholeText whole = new WholeText();
        setDamager(whole, IDocument.DEFAULT_CONTENT_TYPE);
        setRepairer(whole, IDocument.DEFAULT_CONTENT_TYPE);
    }

    private static final class WholeText implements IPresentationDamager, IPresentationRepairer {
        private IDocument document;

        @Override
        public void setDocument(IDocument document) {
            this.document = document;
        }

        @Override
        public IRegion getDamageRegion(ITypedRegion partition, DocumentEvent event, boolean documentPartitioningChanged) {
            return new Region(0, document.getLength());
        }

        @Override
        public void createPresentation(TextPresentation presentation, ITypedRegion damage) {
            int end = damage.getOffset() + damage.getLength();
            for (Span s : LexicalClasses.of(document.get())) {
                TextAttribute a = STYLES.get(s.kind());
                if (a == null || s.offset() + s.length() <= damage.getOffset() || s.offset() >= end) {
                    continue;
                }
                int from = Math.max(s.offset(), damage.getOffset());
                int to = Math.min(s.offset() + s.length(), end);
                presentation.addStyleRange(new StyleRange(from, to - from, a.getForeground(), null, a.getStyle()));
            }
        }
    }
}
