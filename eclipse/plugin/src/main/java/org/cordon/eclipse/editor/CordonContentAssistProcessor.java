package org.cordon.eclipse.editor;

import java.util.List;
import org.cordon.eclipse.services.PolicySnapshot;
import org.eclipse.jface.text.ITextViewer;
import org.eclipse.jface.text.contentassist.CompletionProposal;
import org.eclipse.jface.text.contentassist.ICompletionProposal;
import org.eclipse.jface.text.contentassist.IContentAssistProcessor;
import org.eclipse.jface.text.contentassist.IContextInformation;
import org.eclipse.jface.text.contentassist.IContextInformationValidator;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextEdit;

/**
 * Content assist from Cordon's IDE services (the language server's): keywords, names, and from the
 * target Xen release's catalogue the security classes, {@code class.permission} with the hypercall
 * each guards, and capabilities.
 */
public class CordonContentAssistProcessor implements IContentAssistProcessor {

    @Override
    public ICompletionProposal[] computeCompletionProposals(ITextViewer viewer, int offset) {
        PolicySnapshot snapshot = Snapshots.of(viewer.getDocument());
        List<CompletionItem> items = snapshot.complete(offset);
        return items.stream().map(item -> proposal(snapshot, item, offset)).toArray(ICompletionProposal[]::new);
    }

    private static ICompletionProposal proposal(PolicySnapshot snapshot, CompletionItem item, int offset) {
        String text = item.getInsertText() != null ? item.getInsertText() : item.getLabel();
        int start = offset;
        int length = 0;
        if (item.getTextEdit() != null && item.getTextEdit().isLeft()) {
            TextEdit edit = item.getTextEdit().getLeft();
            Range r = edit.getRange();
            text = edit.getNewText();
            start = snapshot.offset(r.getStart());
            length = snapshot.offset(r.getEnd()) - start;
        }
        String info = item.getDocumentation() != null && item.getDocumentation().isLeft() ? item.getDocumentation().getLeft()
                : item.getDetail();
        String display = item.getDetail() == null || item.getDetail().isBlank() ? item.getLabel()
                : item.getLabel() + " \u2014 " + item.getDetail();
        return new CompletionProposal(text, start, length, text.length(), null, display, null, info);
    }

    @Override
    public IContextInformation[] computeContextInformation(ITextViewer viewer, int offset) {
        return null;
    }

    @Override
    public char[] getCompletionProposalAutoActivationCharacters() {
        return new char[] { '.' };
    }

    @Override
    public char[] getContextInformationAutoActivationCharacters() {
        return null;
    }

    @Override
    public String getErrorMessage() {
        return null;
    }

    @Override
    public IContextInformationValidator getContextInformationValidator() {
        return null;
    }
}
