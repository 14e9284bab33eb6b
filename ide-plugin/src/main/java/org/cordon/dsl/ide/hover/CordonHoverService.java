package org.cordon.dsl.ide.hover;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.cordon.driver.Build;
import org.cordon.driver.Driver;
import org.cordon.driver.Options;
import org.cordon.dsl.load.CordonFrontEnd;
import org.cordon.dsl.load.PolicyFiles;
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
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.xtext.ide.server.Document;
import org.eclipse.xtext.ide.server.hover.HoverService;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.nodemodel.ILeafNode;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.CancelIndicator;

/**
 * Hover that knows Xen: on a permission, the hypercalls that check it (from the target release's
 * access_vectors) and its bit; on a capability, what it grants; on a statement, the FLASK rules it lowers
 * to. Everything else falls back to Xtext's documentation hover.
 */
public class CordonHoverService extends HoverService {

    /** The last policy compiled for a hover, by its files' texts: hovering does not recompile an unchanged policy. */
    private Map<String, String> lastTexts = Map.of();
    private Optional<Build> lastCompilation = Optional.empty();

    /**
     * The rules of the policy.conf the compiler emits for the innermost statement around {@code element}: the
     * innermost enclosing node that holds the position of a statement the emitted policy.conf names.
     */
    Optional<Hover> lowering(Document document, XtextResource resource, EObject element) {
        Optional<Build> c = compile(resource);
        if (c.isEmpty() || c.get().policyConf().isEmpty() || c.get().model().isEmpty()) {
            return Optional.empty();
        }
        String file = resource.getURI().toString();
        List<LoweredRules.Block> blocks = LoweredRules.byFile(c.get().policyConf().get()).getOrDefault(file, List.of());
        for (EObject o = element; o != null; o = o.eContainer()) {
            INode node = NodeModelUtils.getNode(o);
            if (node == null || o.eContainer() == null) {
                break;
            }
            int start = node.getOffset();
            int end = node.getEndOffset();
            List<LoweredRules.Block> inside = new ArrayList<>();
            for (LoweredRules.Block b : blocks) {
                int at = document.getOffSet(new Position(b.line() - 1, b.column() - 1));
                if (at >= start && at < end) {
                    inside.add(b);
                }
            }
            if (!inside.isEmpty()) {
                String md = LoweredRules.markdown(inside, c.get().model().get().xenVersion(), 40);
                Range range = new Range(document.getPosition(start), document.getPosition(end));
                return Optional.of(new Hover(new MarkupContent(MarkupKind.MARKDOWN, md), range));
            }
        }
        return Optional.empty();
    }

    /** The policy of this file (its folder's files, as the validator reads them), compiled; empty when it has errors. */
    private synchronized Optional<Build> compile(XtextResource here) {
        if (here.getResourceSet() == null) {
            return Optional.empty();
        }
        Map<String, String> texts = new LinkedHashMap<>();
        for (Resource r : List.copyOf(here.getResourceSet().getResources())) {
            if (r instanceof XtextResource x && x.getParseResult() != null
                    && r.getURI().trimSegments(1).equals(here.getURI().trimSegments(1))) {
                texts.put(r.getURI().toString(), x.getParseResult().getRootNode().getText());
            }
        }
        Map<String, String> policy = new LinkedHashMap<>();
        for (String uri : PolicyFiles.policyOf(here.getURI().toString(), texts)) {
            policy.put(uri, texts.get(uri));
        }
        if (!policy.equals(lastTexts)) {
            List<CordonFrontEnd.Source> sources = new ArrayList<>();
            policy.forEach((uri, text) -> sources.add(new CordonFrontEnd.Source(uri, text)));
            // the policy.conf the compiler emits, whose rule groups are headed by their statement's position
            Build c = Driver.run(sources, Options.defaults().withGoals("lower-flask"));
            lastCompilation = c.hasErrors() ? Optional.empty() : Optional.of(c);
            lastTexts = policy;
        }
        return lastCompilation;
    }

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
            Optional<Hover> lowered = lowering(document, resource, element);
            if (lowered.isPresent()) {
                return lowered.get();
            }
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
                s.append("\n- ").append(g.from().name().toLowerCase(Locale.ROOT)).append(" → ").append(g.to().name().toLowerCase(Locale.ROOT))
                        .append(" : ").append(g.securityClass()).append(" { ").append(String.join(" ", g.permissions()))
                        .append(" }");
            }
            return s.toString();
        });
    }
}
