package org.cordon.dsl.load;

import java.io.PrintWriter;
import java.util.Collection;
import java.util.List;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EReference;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;

/** What {@code --dump parse} and {@code --dump link} print: the ASTs, and where each name links to. */
public final class AstDumps {

    private AstDumps() {
    }

    /** Each file's AST as an outline: node kind, name, line. */
    public static void ast(CordonFrontEnd.Parsed parsed, PrintWriter out) {
        for (var f : parsed.files()) {
            out.println("file " + f.file());
            if (f.ast() != null) {
                node(f.ast(), 1, out);
            }
        }
    }

    private static void node(EObject o, int depth, PrintWriter out) {
        StringBuilder b = new StringBuilder("  ".repeat(depth)).append(o.eClass().getName());
        EStructuralFeature name = o.eClass().getEStructuralFeature("name");
        if (name != null && o.eGet(name) != null) {
            b.append(' ').append(o.eGet(name));
        }
        ICompositeNode n = NodeModelUtils.findActualNodeFor(o);
        if (n != null) {
            b.append("  @").append(n.getStartLine());
        }
        out.println(b);
        o.eContents().forEach(c -> node(c, depth + 1, out));
    }

    /** Every cross-reference of every file and what it now names. */
    public static void links(CordonFrontEnd.Parsed parsed, PrintWriter out) {
        for (var f : parsed.files()) {
            if (f.ast() == null) {
                continue;
            }
            out.println("file " + f.file());
            f.ast().eAllContents().forEachRemaining(o -> {
                for (EReference r : o.eClass().getEAllReferences()) {
                    if (r.isContainment() || r.isContainer()) {
                        continue;
                    }
                    Object v = o.eGet(r, false);
                    List<Object> targets = new java.util.ArrayList<>();
                    if (v instanceof Collection<?> c) {
                        targets.addAll(c);
                    } else if (v != null) {
                        targets.add(v);
                    }
                    for (Object t : targets) {
                        EObject target = (EObject) t;
                        ICompositeNode at = NodeModelUtils.findActualNodeFor(o);
                        ICompositeNode to = target.eIsProxy() ? null : NodeModelUtils.findActualNodeFor(target);
                        out.println("  line " + (at == null ? "?" : at.getStartLine()) + " " + o.eClass().getName()
                                + "." + r.getName() + " -> " + (target.eIsProxy() ? "UNRESOLVED"
                                        : target.eClass().getName() + " " + nameOf(target) + " @"
                                                + (to == null ? "?" : to.getStartLine())));
                    }
                }
            });
        }
    }

    private static String nameOf(EObject o) {
        EStructuralFeature name = o.eClass().getEStructuralFeature("name");
        return name == null ? "" : String.valueOf(o.eGet(name));
    }
}
