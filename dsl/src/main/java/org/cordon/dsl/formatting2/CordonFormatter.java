package org.cordon.dsl.formatting2;

import org.cordon.dsl.cordon.Cluster;
import org.cordon.dsl.cordon.Layer;
import org.cordon.dsl.cordon.Member;
import org.cordon.dsl.cordon.Model;
import org.cordon.dsl.cordon.PolicyTest;
import org.cordon.dsl.cordon.Switch;
import org.cordon.dsl.cordon.TopLevel;
import org.cordon.dsl.cordon.VmClass;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.formatting2.AbstractJavaFormatter;
import org.eclipse.xtext.formatting2.IFormattableDocument;
import org.eclipse.xtext.formatting2.regionaccess.ISemanticRegion;

/**
 * The canonical layout: one statement a line, two-space indentation inside layers, classes,
 * clusters, switches and tests, one space between words, none around '.', '@' and '-' (ranges) and before ',' or
 * '%'.
 * Comments and up to one blank line between statements are kept.
 */
public class CordonFormatter extends AbstractJavaFormatter {

    protected void format(Model model, IFormattableDocument doc) {
        for (ISemanticRegion region : getTextRegionAccess().regionForRootEObject().getAllSemanticRegions()) {
            String text = region.getText();
            switch (text) {
                case ".", "@", "-" -> {
                    doc.prepend(region, f -> f.noSpace());
                    doc.append(region, f -> f.noSpace());
                }
                case ",", "%" -> {
                    doc.prepend(region, f -> f.noSpace());
                    if (text.equals(",")) {
                        doc.append(region, f -> f.oneSpace());
                    }
                }
                case "*" -> doc.prepend(region, f -> f.noSpace());
                default -> doc.prepend(region, f -> {
                    f.lowPriority();
                    f.oneSpace();
                });
            }
        }
        if (model.getHeader() != null) {
            ISemanticRegion target = textRegionExtensions.regionFor(model.getHeader()).keyword("target");
            if (target != null) {
                doc.prepend(target, f -> f.newLine());
            }
            doc.prepend(model.getHeader(), f -> f.noSpace());
        }
        boolean first = model.getHeader() == null;
        for (TopLevel top : model.getElements()) {
            if (first) {
                doc.prepend(top, f -> f.noSpace());
                first = false;
            } else {
                doc.prepend(top, f -> f.setNewLines(2, 2, 2));
            }
            doc.format(top);
        }
        doc.append(model, f -> f.setNewLines(1));
    }

    protected void format(Layer layer, IFormattableDocument doc) {
        block(layer, doc);
        for (Member member : layer.getMembers()) {
            doc.format(member);
        }
    }

    protected void format(VmClass cls, IFormattableDocument doc) {
        if (cls.getItems().size() > 1) {
            block(cls, doc);
        }
        cls.getItems().forEach(doc::format);
    }

    protected void format(Cluster cluster, IFormattableDocument doc) {
        block(cluster, doc);
        cluster.getMembers().forEach(doc::format);
    }

    protected void format(Switch s, IFormattableDocument doc) {
        block(s, doc);
    }

    protected void format(PolicyTest t, IFormattableDocument doc) {
        block(t, doc);
    }

    /** Braces on the statement's lines, contents indented one statement a line. */
    private void block(EObject obj, IFormattableDocument doc) {
        var regions = textRegionExtensions.regionFor(obj);
        var opens = regions.keywords("{");
        var closes = regions.keywords("}");
        for (int i = 0; i < Math.min(opens.size(), closes.size()); i++) {
            ISemanticRegion open = opens.get(i);
            ISemanticRegion close = closes.get(i);
            doc.append(open, f -> f.setNewLines(1, 1, 2));
            doc.prepend(close, f -> f.setNewLines(1, 1, 2));
            doc.interior(open, close, f -> f.indent());
        }
        for (EObject child : obj.eContents()) {
            if (textRegionExtensions.regionForEObject(child) != null && isStatement(child)) {
                doc.prepend(child, f -> f.setNewLines(1, 1, 2));
            }
        }
    }

    private static boolean isStatement(EObject o) {
        return o instanceof Member || o instanceof org.cordon.dsl.cordon.ClassItem
                || o instanceof org.cordon.dsl.cordon.ClusterItem || o instanceof org.cordon.dsl.cordon.Rule
                || o instanceof org.cordon.dsl.cordon.Expectation;
    }
}
