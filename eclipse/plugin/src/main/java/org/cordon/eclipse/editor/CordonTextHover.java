package org.cordon.eclipse.editor;

import org.cordon.eclipse.services.Markdown;
import org.cordon.eclipse.services.PolicySnapshot;
import org.eclipse.jface.text.DefaultInformationControl;
import org.eclipse.jface.text.IInformationControlCreator;
import org.eclipse.jface.text.IRegion;
import org.eclipse.jface.text.ITextHover;
import org.eclipse.jface.text.ITextHoverExtension;
import org.eclipse.jface.text.ITextViewer;
import org.eclipse.jface.text.Region;
import org.eclipse.lsp4j.Hover;
import org.eclipse.ui.editors.text.EditorsUI;

/** Hover from Cordon's IDE services: on a permission the hypercalls that check it, on a capability what it grants. */
public class CordonTextHover implements ITextHover, ITextHoverExtension {

    @Override
    public String getHoverInfo(ITextViewer viewer, IRegion region) {
        PolicySnapshot snapshot = Snapshots.of(viewer.getDocument());
        Hover hover = snapshot.hover(region.getOffset());
        if (hover == null) {
            return null;
        }
        String markdown = hover.getContents().isRight() ? hover.getContents().getRight().getValue()
                : hover.getContents().getLeft().stream()
                        .map(e -> e.isLeft() ? e.getLeft() : e.getRight().getValue()).reduce("", (a, b) -> a + "\n" + b);
        return markdown.isBlank() ? null : Markdown.toHtml(markdown);
    }

    @Override
    public IRegion getHoverRegion(ITextViewer viewer, int offset) {
        return new Region(offset, 0);
    }

    @Override
    public IInformationControlCreator getHoverControlCreator() {
        return parent -> new DefaultInformationControl(parent, EditorsUI.getTooltipAffordanceString());
    }
}
