package org.cordon.dsl.ide.highlighting;

import java.util.List;
import org.cordon.dsl.cordon.Capability;
import org.cordon.dsl.cordon.Cluster;
import org.cordon.dsl.cordon.CordonPackage;
import org.cordon.dsl.cordon.Layer;
import org.cordon.dsl.cordon.PermItem;
import org.cordon.dsl.cordon.Rule;
import org.cordon.dsl.cordon.Switch;
import org.cordon.dsl.cordon.VmClass;
import org.cordon.dsl.cordon.Zone;
import org.cordon.dsl.cordon.Host;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EReference;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.xtext.ide.editor.syntaxcoloring.IHighlightedPositionAcceptor;
import org.eclipse.xtext.ide.editor.syntaxcoloring.ISemanticHighlightingCalculator;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.CancelIndicator;

/**
 * Semantic tokens: every name by what it names, where it is declared and where it is used. The ids
 * are LSP's standard token types (Xtext's semantic-tokens service maps them by name) and, for
 * declarations, the {@code declaration} modifier.
 */
public class CordonSemanticHighlighting implements ISemanticHighlightingCalculator {

    /** LSP token types Cordon uses. */
    public static final String LAYER = "namespace";
    public static final String CLASS = "class";
    public static final String PRINCIPAL = "variable";
    public static final String CAPABILITY = "function";
    public static final String SECURITY_CLASS = "type";
    public static final String PERMISSION = "property";
    public static final String SWITCH = "enumMember";
    public static final String DECLARATION = "declaration";

    @Override
    public void provideHighlightingFor(XtextResource resource, IHighlightedPositionAcceptor acceptor, CancelIndicator cancel) {
        if (resource == null || resource.getParseResult() == null) {
            return;
        }
        resource.getAllContents().forEachRemaining(o -> {
            if (cancel.isCanceled()) {
                return;
            }
            EStructuralFeature name = o.eClass().getEStructuralFeature("name");
            if (name != null && name.getEType() == org.eclipse.emf.ecore.EcorePackage.Literals.ESTRING) {
                highlight(o, name, acceptor, kind(o), DECLARATION);
            }
            for (EReference ref : o.eClass().getEAllReferences()) {
                if (!ref.isContainment() && !ref.isContainer()) {
                    Object target = o.eGet(ref, false);
                    for (Object t : target instanceof List<?> l ? l : List.of(target == null ? new Object() : target)) {
                        if (t instanceof EObject e && !e.eIsProxy()) {
                            highlightReferences(o, ref, acceptor, kind(e));
                            break;
                        }
                    }
                }
            }
            if (o instanceof PermItem p) {
                if (p.getCls() != null) {
                    highlight(o, CordonPackage.Literals.PERM_ITEM__CLS, acceptor, SECURITY_CLASS);
                    highlight(o, CordonPackage.Literals.PERM_ITEM__PERMISSIONS, acceptor, PERMISSION);
                } else {
                    highlight(o, CordonPackage.Literals.PERM_ITEM__CAPABILITY, acceptor, CAPABILITY);
                }
            } else if (o instanceof Rule) {
                highlight(o, CordonPackage.Literals.RULE__CAPABILITIES, acceptor, CAPABILITY);
            }
        });
    }

    static String kind(EObject o) {
        if (o instanceof Layer) {
            return LAYER;
        }
        if (o instanceof VmClass || o instanceof Cluster) {
            return CLASS;
        }
        if (o instanceof Capability) {
            return CAPABILITY;
        }
        if (o instanceof Switch || o instanceof Zone || o instanceof Host) {
            return SWITCH;
        }
        return PRINCIPAL;
    }

    private static void highlight(EObject o, EStructuralFeature feature, IHighlightedPositionAcceptor acceptor, String... ids) {
        for (INode n : NodeModelUtils.findNodesForFeature(o, feature)) {
            acceptor.addPosition(n.getOffset(), n.getLength(), ids);
        }
    }

    private static void highlightReferences(EObject o, EReference ref, IHighlightedPositionAcceptor acceptor, String id) {
        for (INode n : NodeModelUtils.findNodesForFeature(o, ref)) {
            // a qualified reference (bank_a.web) is one token: colour its last segment by the target's kind
            String text = n.getText().strip();
            int lead = n.getText().indexOf(text);
            int dot = text.lastIndexOf('.');
            int start = n.getTotalOffset() + lead + (dot + 1);
            acceptor.addPosition(start, text.length() - dot - 1, id);
        }
    }
}
