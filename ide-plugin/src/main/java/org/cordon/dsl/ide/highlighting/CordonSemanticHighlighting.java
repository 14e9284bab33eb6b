package org.cordon.dsl.ide.highlighting;

import java.util.Map;
import org.eclipse.emf.common.util.TreeIterator;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EReference;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.xtext.AbstractRule;
import org.eclipse.xtext.Keyword;
import org.eclipse.xtext.RuleCall;
import org.eclipse.xtext.TerminalRule;
import org.eclipse.xtext.ide.editor.syntaxcoloring.IHighlightedPositionAcceptor;
import org.eclipse.xtext.ide.editor.syntaxcoloring.ISemanticHighlightingCalculator;
import org.eclipse.xtext.nodemodel.ILeafNode;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.CancelIndicator;

/**
 * Semantic tokens (LSP token types): what a name stands for, wherever it is written — layers as
 * namespaces, classes, clusters and groups as classes, VMs as properties, domains and devices as
 * variables, capabilities as functions, switches as enum members, Xen's security classes as types
 * and their permissions as enum members — plus keywords, numbers and comments. Declarations carry
 * the "declaration" modifier.
 */
public class CordonSemanticHighlighting implements ISemanticHighlightingCalculator {

    private static final Map<String, String> BY_KIND = Map.ofEntries(Map.entry("Layer", "namespace"),
            Map.entry("VmClass", "class"), Map.entry("Cluster", "class"), Map.entry("Group", "class"),
            Map.entry("Vm", "property"), Map.entry("Domain", "variable"), Map.entry("Device", "variable"),
            Map.entry("Capability", "function"), Map.entry("Switch", "enumMember"), Map.entry("Zone", "namespace"),
            Map.entry("Host", "variable"), Map.entry("SharedResource", "variable"), Map.entry("ConflictSet", "class"),
            Map.entry("PolicyTest", "function"), Map.entry("PolicyHeader", "namespace"));

    @Override
    public void provideHighlightingFor(XtextResource resource, IHighlightedPositionAcceptor acceptor,
            CancelIndicator cancel) {
        if (resource == null || resource.getParseResult() == null) {
            return;
        }
        for (ILeafNode leaf : resource.getParseResult().getRootNode().getLeafNodes()) {
            String type = lexical(leaf);
            if (type != null) {
                acceptor.addPosition(leaf.getOffset(), leaf.getLength(), type);
            }
        }
        for (TreeIterator<EObject> it = resource.getAllContents(); it.hasNext(); ) {
            if (cancel != null && cancel.isCanceled()) {
                return;
            }
            EObject o = it.next();
            String kind = o.eClass().getName();
            EStructuralFeature name = o.eClass().getEStructuralFeature("name");
            if (name != null && BY_KIND.containsKey(kind)) {
                mark(o, name, BY_KIND.get(kind), acceptor, "declaration");
            }
            if (kind.equals("PermItem")) {
                mark(o, o.eClass().getEStructuralFeature("cls"), "type", acceptor);
                mark(o, o.eClass().getEStructuralFeature("permissions"), "enumMember", acceptor);
                mark(o, o.eClass().getEStructuralFeature("capability"), "function", acceptor);
            } else if (kind.equals("Rule")) {
                mark(o, o.eClass().getEStructuralFeature("capabilities"), "function", acceptor);
            }
            for (EReference ref : o.eClass().getEAllReferences()) {
                if (ref.isContainment() || ref.isContainer()) {
                    continue;
                }
                Object target = o.eGet(ref, false);
                if (target instanceof EObject t && !t.eIsProxy() && BY_KIND.containsKey(t.eClass().getName())) {
                    mark(o, ref, BY_KIND.get(t.eClass().getName()), acceptor);
                } else if (target instanceof java.util.List<?> list && !list.isEmpty()
                        && list.get(0) instanceof EObject t && !t.eIsProxy() && BY_KIND.containsKey(t.eClass().getName())) {
                    mark(o, ref, BY_KIND.get(t.eClass().getName()), acceptor);
                }
            }
        }
    }

    private static void mark(EObject o, EStructuralFeature feature, String type, IHighlightedPositionAcceptor acceptor,
            String... modifiers) {
        if (feature == null) {
            return;
        }
        for (INode n : NodeModelUtils.findNodesForFeature(o, feature)) {
            String[] ids = new String[modifiers.length + 1];
            ids[0] = type;
            System.arraycopy(modifiers, 0, ids, 1, modifiers.length);
            acceptor.addPosition(n.getOffset(), n.getLength(), ids);
        }
    }

    /** Keywords (not those used as names), numbers and comments, from the token alone. */
    private static String lexical(ILeafNode leaf) {
        EObject g = leaf.getGrammarElement();
        if (g instanceof Keyword && !(leaf.getParent() != null
                && leaf.getParent().getGrammarElement() instanceof RuleCall rc && isNameRule(rc.getRule()))) {
            return Character.isLetter(((Keyword) g).getValue().charAt(0)) ? "keyword" : null;
        }
        AbstractRule rule = g instanceof RuleCall rc ? rc.getRule() : g instanceof TerminalRule tr ? tr : null;
        if (rule == null) {
            return null;
        }
        return switch (rule.getName()) {
            case "SL_COMMENT", "ML_COMMENT" -> "comment";
            case "INT", "HEX" -> "number";
            case "STRING" -> "string";
            default -> null;
        };
    }

    private static boolean isNameRule(AbstractRule r) {
        return r != null && (r.getName().equals("ValidID") || r.getName().equals("ClassName")
                || r.getName().equals("QualifiedName") || r.getName().equals("PermPattern"));
    }
}
