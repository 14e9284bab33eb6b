package org.cordon.dsl.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.cordon.dsl.TestFrontEnd;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.junit.jupiter.api.Test;

/** {@link Positions#firstNodeFor} finds the node Xtext's own search finds first, for every object and feature. */
class PositionsTest {

    @Test
    void everyFeatureOfEveryObjectOfTheSamplesAndGoldenFilesIsFoundWhereXtextFindsIt() throws IOException {
        int found = 0;
        int absent = 0;
        for (String text : TestFrontEnd.corpus()) {
            var objects = TestFrontEnd.parse(text).getAllContents();
            while (objects.hasNext()) {
                EObject o = objects.next();
                for (EStructuralFeature f : o.eClass().getEAllStructuralFeatures()) {
                    List<INode> xtext = NodeModelUtils.findNodesForFeature(o, f);
                    INode first = Positions.firstNodeFor(o, f);
                    if (xtext.isEmpty()) {
                        assertNull(first, f.getName() + " of " + o);
                        absent++;
                    } else {
                        // the same node: Xtext may make a node of one leaf anew at each asking (a synthetic one)
                        assertEquals(describe(xtext.get(0)), describe(first), f.getName() + " of " + o);
                        found++;
                    }
                }
            }
        }
        // both answers are asked for often enough to mean something (5,013 and 3,810 when written)
        assertTrue(found > 4000 && absent > 3000, found + " found, " + absent + " absent");
    }

    private static String describe(INode n) {
        return n == null ? "none" : n.getTotalOffset() + "+" + n.getTotalLength() + " " + n.getGrammarElement() + " "
                + n.getSemanticElement() + " " + n.getClass().getSimpleName();
    }
}
