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
 * Each class's promise lists the others it is made to, later classes only (a pair is checked once).
 */
final class ImpliedIsolation {

    /** Class {@code cls} (declared at {@code pos}) promises to be isolated from each of {@code others}. */
    record Promise(SubjectRef cls, List<SubjectRef> others, org.cordon.model.SourcePos pos) {
    }

    private ImpliedIsolation() {
    }

    static List<Promise> of(PolicyModel model, Principals principals) {
        Map<String, Isolation> clusters = new HashMap<>();
        model.layers().forEach(l -> l.clusters().forEach(k -> clusters.put(k.name(), k.isolation())));
        List<PolicyModel.VmClass> classes = model.classes();
        List<Promise> out = new ArrayList<>();
        for (int i = 0; i < classes.size(); i++) {
            PolicyModel.VmClass c = classes.get(i);
            List<SubjectRef> others = new ArrayList<>();
            for (int j = i + 1; j < classes.size(); j++) {
                PolicyModel.VmClass d = classes.get(j);
                // a weak class's pair with a strong one is the strong one's promise, checked from here
                if (strong(c, clusters) || strong(d, clusters)) {
                    others.add(new SubjectRef(SubjectKind.CLASS, d.name(), d.pos()));
                }
            }
            if (strong(c, clusters)) {
                for (PolicyModel.Domain dom : model.domains()) {
                    Label l = new Label(dom.name(), Label.Kind.DOMAIN, Label.Facet.MAIN);
                    if (!Mediators.platform(l, principals)) {
                        others.add(new SubjectRef(SubjectKind.DOMAIN, dom.name(), dom.pos()));
                    }
                }
            }
            if (!others.isEmpty()) {
                out.add(new Promise(new SubjectRef(SubjectKind.CLASS, c.name(), c.pos()), others, c.pos()));
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
