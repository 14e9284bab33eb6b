package org.cordon.dsl.load;

import org.cordon.model.SourcePos;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.xtext.Action;
import org.eclipse.xtext.Assignment;
import org.eclipse.xtext.GrammarUtil;
import org.eclipse.xtext.nodemodel.BidiTreeIterator;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.util.LineAndColumn;

/** Turns AST nodes into {@link SourcePos}; the only place that reads Xtext's node model. */
final class Positions {

    private final String file;

    Positions(String file) {
        this.file = file;
    }

    SourcePos of(EObject obj) {
        ICompositeNode node = NodeModelUtils.findActualNodeFor(obj);
        return node == null ? new SourcePos(file, 1, 1, 0, 0) : of(node);
    }

    SourcePos of(EObject obj, EStructuralFeature feature) {
        INode node = firstNodeFor(obj, feature);
        return node == null ? of(obj) : of(node);
    }

    /**
     * The first of Xtext's {@link NodeModelUtils#findNodesForFeature} for the feature, or null: the same walk, ended at
     * the first node found. A name comes right after its keyword, and Xtext's walk went on through every other node
     * of the object (a class's items and the text between them) for each VM, class and domain of a large policy.
     */
    static INode firstNodeFor(EObject obj, EStructuralFeature feature) {
        ICompositeNode node = NodeModelUtils.findActualNodeFor(obj);
        if (node == null || feature == null) {
            return null;
        }
        String name = feature.getName();
        BidiTreeIterator<INode> nodes = node.getAsTreeIterable().iterator();
        while (nodes.hasNext()) {
            INode child = nodes.next();
            EObject grammar = child.getGrammarElement();
            if (grammar instanceof Action action) {
                if (child.getSemanticElement() == obj) {
                    // the node after an action on this object is what the action assigned
                    INode assigned = nodes.next();
                    if (name.equals(action.getFeature())) {
                        return assigned;
                    }
                } else {
                    // another object's action: its left side, down through nested actions, says where it was assigned
                    INode left = ((ICompositeNode) child).getFirstChild();
                    while (left.getGrammarElement() instanceof Action) {
                        left = ((ICompositeNode) left).getFirstChild();
                    }
                    Assignment assignment = GrammarUtil.containingAssignment(left.getGrammarElement());
                    if (assignment != null && name.equals(assignment.getFeature())) {
                        return child;
                    }
                }
                nodes.prune();
            } else if (grammar != null && child != node) {
                Assignment assignment = GrammarUtil.containingAssignment(grammar);
                if (assignment != null) {
                    if (name.equals(assignment.getFeature())) {
                        return child;
                    }
                    nodes.prune();
                }
            }
        }
        return null;
    }

    SourcePos of(EObject obj, EStructuralFeature feature, int index) {
        var nodes = NodeModelUtils.findNodesForFeature(obj, feature);
        return index < nodes.size() ? of(nodes.get(index)) : of(obj, feature);
    }

    SourcePos of(INode node) {
        int offset = node.getOffset();
        LineAndColumn lc = NodeModelUtils.getLineAndColumn(node, offset);
        return new SourcePos(file, lc.getLine(), lc.getColumn(), offset, node.getLength());
    }
}
