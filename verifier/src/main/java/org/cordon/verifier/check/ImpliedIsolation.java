package org.cordon.verifier.check;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.cordon.model.PolicyModel;
import org.cordon.model.PolicyModel.Isolation;
import org.cordon.model.PolicyModel.SubjectKind;
import org.cordon.model.PolicyModel.SubjectRef;
import org.cordon.verifier.facts.Label;
import org.cordon.verifier.facts.Principals;

/**
 * What isolation classes promise without any {@code assert}: a {@code strong} class, and every
 * class of a {@code hybrid} (or strong) cluster, is isolated from every other class and from every
 * domain that is not a trusted platform domain. Two weak classes promise each other nothing.
 * Each promise becomes an {@code isolated} assertion at the class that makes it.
 */
final class ImpliedIsolation {

    private ImpliedIsolation() {
    }

    static List<PolicyModel.Isolated> of(PolicyModel model, Principals principals) {
        Map<String, Isolation> clusters = new HashMap<>();
        model.layers().forEach(l -> l.clusters().forEach(k -> clusters.put(k.name(), k.isolation())));
        List<PolicyModel.VmClass> classes = model.classes();
        List<PolicyModel.Isolated> out = new ArrayList<>();
        for (int i = 0; i < classes.size(); i++) {
            PolicyModel.VmClass c = classes.get(i);
            SubjectRef self = new SubjectRef(SubjectKind.CLASS, c.name(), c.pos());
            for (int j = i + 1; j < classes.size(); j++) {
                PolicyModel.VmClass d = classes.get(j);
                if (strong(c, clusters) || strong(d, clusters)) {
                    PolicyModel.VmClass at = strong(c, clusters) ? c : d;
                    out.add(new PolicyModel.Isolated(List.of(self, new SubjectRef(SubjectKind.CLASS, d.name(),
                            d.pos())), at.pos()));
                }
            }
            if (!strong(c, clusters)) {
                continue;
            }
            for (PolicyModel.Domain dom : model.domains()) {
                Label l = new Label(dom.name(), Label.Kind.DOMAIN, Label.Facet.MAIN);
                if (!Mediators.platform(l, principals)) {
                    out.add(new PolicyModel.Isolated(List.of(self, new SubjectRef(SubjectKind.DOMAIN, dom.name(),
                            dom.pos())), c.pos()));
                }
            }
        }
        return out;
    }

    private static boolean strong(PolicyModel.VmClass c, Map<String, Isolation> clusters) {
        Optional<Isolation> cluster = c.cluster().map(clusters::get);
        return c.isolation() == Isolation.STRONG
                || cluster.map(k -> k == Isolation.HYBRID || k == Isolation.STRONG).orElse(false);
    }
}
