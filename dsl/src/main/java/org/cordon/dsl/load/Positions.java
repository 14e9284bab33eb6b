package org.cordon.dsl.load;

import org.cordon.model.SourcePos;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;
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
        var nodes = NodeModelUtils.findNodesForFeature(obj, feature);
        return nodes.isEmpty() ? of(obj) : of(nodes.get(0));
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
