package org.cordon.verifier.check;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
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
 * A fleet of a thousand classes makes half a million such pairs, so a promise answers "is this one of
 * mine, and where in my list" instead of holding its list.
 */
final class ImpliedIsolation {

    /** Class {@code cls} (declared at {@code pos}, {@code index}-th of the model's classes) promises isolation. */
    record Promise(SubjectRef cls, org.cordon.model.SourcePos pos, int index, boolean strong) {
    }

    private final PolicyModel model;
    private final List<PolicyModel.VmClass> classes;
    private final boolean[] strong;
    private final Map<String, Integer> classIndex = new HashMap<>();
    /** The domains a strong class is isolated from (not platform domains), in declaration order. */
    private final List<PolicyModel.Domain> untrusted = new ArrayList<>();
    private final Map<String, Integer> domainIndex = new HashMap<>();
    private final List<Promise> promises = new ArrayList<>();

    ImpliedIsolation(PolicyModel model, Principals principals) {
        this.model = model;
        Map<String, Isolation> clusters = new HashMap<>();
        model.layers().forEach(l -> l.clusters().forEach(k -> clusters.put(k.name(), k.isolation())));
        classes = model.classes();
        strong = new boolean[classes.size()];
        for (int i = 0; i < classes.size(); i++) {
            strong[i] = strong(classes.get(i), clusters);
            classIndex.putIfAbsent(classes.get(i).name(), i);
        }
        for (PolicyModel.Domain dom : model.domains()) {
            Label l = new Label(dom.name(), Label.Kind.DOMAIN, Label.Facet.MAIN);
            if (!Mediators.platform(l, principals)) {
                domainIndex.putIfAbsent(dom.name(), untrusted.size());
                untrusted.add(dom);
            }
        }
        boolean anyStrongLater = false;
        boolean[] strongAfter = new boolean[classes.size()];
        for (int i = classes.size() - 1; i >= 0; i--) {
            strongAfter[i] = anyStrongLater;
            anyStrongLater |= strong[i];
        }
        for (int i = 0; i < classes.size(); i++) {
            PolicyModel.VmClass c = classes.get(i);
            // a weak class's pair with a strong one is the strong one's promise, checked from here
            boolean promisesSomething = strong[i] ? i + 1 < classes.size() || !untrusted.isEmpty() : strongAfter[i];
            if (promisesSomething) {
                promises.add(new Promise(model.ref(SubjectKind.CLASS, c.name(), c.pos()), c.pos(), i, strong[i]));
            }
        }
    }

    List<Promise> promises() {
        return promises;
    }

    /**
     * Where {@code kind name} stands in the list of others {@code p} is made to (later classes that it or
     * they make strong, then untrusted domains if it is strong); empty if it is not among them.
     */
    OptionalInt position(Promise p, SubjectKind kind, String name) {
        if (kind == SubjectKind.CLASS) {
            Integer j = classIndex.get(name);
            return j != null && j > p.index() && (p.strong() || strong[j]) ? OptionalInt.of(j) : OptionalInt.empty();
        }
        Integer d = domainIndex.get(name);
        return d != null && p.strong() ? OptionalInt.of(classes.size() + d) : OptionalInt.empty();
    }

    /** The other at a {@link #position}. */
    SubjectRef at(int position) {
        if (position < classes.size()) {
            PolicyModel.VmClass d = classes.get(position);
            return model.ref(SubjectKind.CLASS, d.name(), d.pos());
        }
        PolicyModel.Domain dom = untrusted.get(position - classes.size());
        return model.ref(SubjectKind.DOMAIN, dom.name(), dom.pos());
    }

    /** Every other {@code p} is made to, in order (for the switch search, which asks about them as one set). */
    List<SubjectRef> others(Promise p) {
        List<SubjectRef> out = new ArrayList<>();
        for (int j = p.index() + 1; j < classes.size(); j++) {
            if (p.strong() || strong[j]) {
                out.add(at(j));
            }
        }
        if (p.strong()) {
            for (int d = 0; d < untrusted.size(); d++) {
                out.add(at(classes.size() + d));
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
