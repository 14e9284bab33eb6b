package org.cordon.dsl.ide.contentassist;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cordon.dsl.cordon.Capability;
import org.cordon.dsl.ide.PolicyTarget;
import org.cordon.xsm.catalogue.XenCatalogue;
import org.cordon.xsm.macros.XenMacros;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.Assignment;
import org.eclipse.xtext.GrammarUtil;
import org.eclipse.xtext.ide.editor.contentassist.ContentAssistContext;
import org.eclipse.xtext.ide.editor.contentassist.ContentAssistEntry;
import org.eclipse.xtext.ide.editor.contentassist.IIdeContentProposalAcceptor;
import org.eclipse.xtext.ide.editor.contentassist.IdeContentProposalProvider;

/**
 * Completion from the target release's catalogue: security classes, then the permissions of the
 * class before the dot (with each permission's hook as detail), and capability names.
 */
public class CordonProposalProvider extends IdeContentProposalProvider {

    private static final Pattern CLASS_BEFORE_DOT = Pattern.compile("(\\w+)\\s*\\.\\s*(\\{[\\w\\s]*)?\\w*$");

    @Override
    protected void _createProposals(Assignment assignment, ContentAssistContext context,
            IIdeContentProposalAcceptor acceptor) {
        String rule = GrammarUtil.containingParserRule(assignment).getName();
        String feature = assignment.getFeature();
        XenCatalogue catalogue = PolicyTarget.catalogue(context.getResource());
        if (catalogue != null && rule.equals("PermItem") && feature.equals("permissions")) {
            String before = context.getRootNode().getText().substring(0, context.getOffset());
            Matcher m = CLASS_BEFORE_DOT.matcher(before);
            if (m.find()) {
                catalogue.securityClass(m.group(1)).ifPresent(cls -> cls.permissions().forEach(p ->
                        accept(p.name(), p.hook(), ContentAssistEntry.KIND_PROPERTY, context, acceptor)));
            }
            return;
        }
        if (catalogue != null && rule.equals("PermItem") && feature.equals("cls")) {
            catalogue.classes().forEach(c -> accept(c.name(), c.permissions().size() + " permissions",
                    ContentAssistEntry.KIND_CLASS, context, acceptor));
            return;
        }
        if ((rule.equals("PermItem") && feature.equals("capability")) || (rule.equals("Rule") && feature.equals("capabilities"))) {
            XenMacros.names().forEach(n -> accept(n, XenMacros.builtin(n).orElseThrow().description(),
                    ContentAssistEntry.KIND_FUNCTION, context, acceptor));
            EObject root = context.getResource().getContents().isEmpty() ? null : context.getResource().getContents().get(0);
            if (root != null) {
                root.eAllContents().forEachRemaining(o -> {
                    if (o instanceof Capability c && c.getName() != null) {
                        accept(c.getName(), "capability", ContentAssistEntry.KIND_FUNCTION, context, acceptor);
                    }
                });
            }
            return;
        }
        super._createProposals(assignment, context, acceptor);
    }

    private void accept(String name, String detail, String kind, ContentAssistContext context,
            IIdeContentProposalAcceptor acceptor) {
        ContentAssistEntry entry = getProposalCreator().createProposal(name, context, e -> {
            e.setKind(kind);
            e.setDescription(detail);
        });
        if (entry != null) {
            acceptor.accept(entry, getProposalPriorities().getDefaultPriority(entry));
        }
    }
}
