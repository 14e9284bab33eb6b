package org.cordon.dsl.ide.hover;

import java.util.List;
import java.util.Optional;
import org.cordon.dsl.cordon.PermItem;
import org.cordon.dsl.cordon.Rule;
import org.cordon.xsm.catalogue.XenCatalogue;
import org.cordon.xsm.macros.Grant;
import org.cordon.xsm.macros.XenMacros;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.MarkupContent;
import org.eclipse.lsp4j.MarkupKind;
import org.eclipse.lsp4j.Range;
import org.eclipse.xtext.ide.server.Document;
import org.eclipse.xtext.ide.server.hover.HoverService;
import org.eclipse.xtext.nodemodel.ILeafNode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.CancelIndicator;

/**
 * Hover that knows Xen: on a permission, the hypercalls that check it (from the target release's
 * access_vectors) and its bit; on a capability, what it grants. Everything else falls back to
 * Xtext's documentation hover.
 */
public class CordonHoverService extends HoverService {

    @Override
    public Hover hover(Document document, XtextResource resource, HoverParams params, CancelIndicator cancel) {
        int offset = document.getOffSet(params.getPosition());
        ILeafNode leaf = resource.getParseResult() == null ? null
                : NodeModelUtils.findLeafNodeAtOffset(resource.getParseResult().getRootNode(), offset);
        if (leaf == null || leaf.isHidden()) {
            return super.hover(document, resource, params, cancel);
        }
        EObject element = NodeModelUtils.findActualSemanticObjectFor(leaf);
        String word = leaf.getText();
        XenCatalogue catalogue = org.cordon.dsl.ide.PolicyTarget.catalogue(resource);
        Optional<String> text = Optional.empty();
        if (element instanceof PermItem item && item.getCls() != null && catalogue != null) {
            text = permission(catalogue, item.getCls(), word);
        } else if ((element instanceof PermItem item && item.getCapability() != null)
                || (element instanceof Rule rule && rule.getCapabilities().contains(word))) {
            text = capability(word, catalogue);
        }
        if (text.isEmpty()) {
            return super.hover(document, resource, params, cancel);
        }
        Range range = new Range(document.getPosition(leaf.getOffset()), document.getPosition(leaf.getEndOffset()));
        return new Hover(new MarkupContent(MarkupKind.MARKDOWN, text.get()), range);
    }

    static Optional<String> permission(XenCatalogue catalogue, String cls, String word) {
        Optional<XenCatalogue.SecurityClass> c = catalogue.securityClass(cls);
        if (c.isEmpty()) {
            return Optional.empty();
        }
        if (word.equals(cls)) {
            return Optional.of("**class " + cls + "** (SECCLASS " + c.get().value() + " in Xen " + catalogue.xenVersion()
                    + "): " + c.get().permissions().size() + " permissions");
        }
        return c.get().permission(word).map(p -> "**" + cls + "." + p.name() + "** — bit " + p.bit() + " in Xen "
                + catalogue.xenVersion() + "\n\nChecked by: " + (p.hook().isEmpty() ? "(no hook comment in access_vectors)"
                        : p.hook()));
    }

    static Optional<String> capability(String name, XenCatalogue catalogue) {
        return XenMacros.builtin(name).map(b -> {
            StringBuilder s = new StringBuilder("**" + b.name() + "** (built-in capability): " + b.description() + "\n");
            List<Grant> grants = catalogue == null ? b.grants() : XenMacros.forCatalogue(b.grants(), catalogue);
            for (Grant g : grants) {
                s.append("\n- ").append(g.from().name().toLowerCase()).append(" → ").append(g.to().name().toLowerCase())
                        .append(" : ").append(g.securityClass()).append(" { ").append(String.join(" ", g.permissions()))
                        .append(" }");
            }
            return s.toString();
        });
    }
}
