package org.cordon.xsm.flask.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.cordon.xsm.catalogue.XenCatalogue;
import org.cordon.xsm.catalogue.XenCatalogues;

/**
 * Which Xen releases a compiled policy was written for. Xen numbers classes and permissions when it is built
 * (SECCLASS_*, CLASS__PERM) and reads a policy's numbers as its own, so a policy fits a release only when its
 * classes and permissions carry that release's names at that release's numbers. The releases differ: 4.17 put
 * xenboot in front of the initial SIDs, 4.22 removed two xen permissions and moved the rest of the class down.
 */
public final class ReleaseFit {

    private ReleaseFit() {
    }

    /**
     * What Xen of this release objects to when it loads the policy, in the words of its policy loader
     * (xen/xsm/flask/ss/services.c); empty when Xen reads every class and permission as the policy means it.
     */
    public static List<String> problems(FlaskPolicy policy, XenCatalogue xen) {
        // in Xen's order (services.c validate_classes): every class first, then every permission
        List<String> out = new ArrayList<>();
        List<XenCatalogue.SecurityClass> named = new ArrayList<>();
        for (XenCatalogue.SecurityClass k : xen.classes()) {
            if (k.value() > policy.classes().size()) {
                out.add("class " + k.name() + " not defined in policy");
            } else if (!policy.clazz(k.value()).name().equals(k.name())) {
                out.add("class " + k.value() + " is incorrect, found " + policy.clazz(k.value()).name()
                        + " but should be " + k.name());
            } else {
                named.add(k);
            }
        }
        for (XenCatalogue.SecurityClass k : named) {
            ClassDef c = policy.clazz(k.value());
            List<PermDef> perms = permissions(policy, c);
            for (XenCatalogue.Permission perm : k.permissions()) {
                Optional<PermDef> d = perms.stream().filter(x -> x.name().equals(perm.name())).findFirst();
                if (perm.bit() >= c.perms().size()) {
                    // Xen compares the bit with the class's own permission count before it looks the name up
                    out.add("permission " + perm.name() + " in class " + c.name() + " not defined in policy");
                } else if (d.isEmpty()) {
                    out.add("permission " + perm.name() + " in class " + c.name() + " not found in policy");
                } else if (d.get().value() - 1 != perm.bit()) {
                    out.add("permission " + perm.name() + " in class " + c.name() + " has incorrect value");
                }
            }
        }
        return out;
    }

    /**
     * What the policy declares that the release does not have: classes, permissions and initial SIDs. Xen ignores
     * them, but they say the policy was written for another release.
     */
    public static List<String> extras(FlaskPolicy policy, XenCatalogue xen) {
        List<String> out = new ArrayList<>();
        for (ClassDef c : policy.classes()) {
            Optional<XenCatalogue.SecurityClass> k = xen.securityClass(c.name());
            if (k.isEmpty()) {
                out.add("class " + c.name() + " is not a class of Xen " + xen.xenVersion());
                continue;
            }
            for (PermDef p : permissions(policy, c)) {
                if (k.get().permission(p.name()).isEmpty()) {
                    out.add("permission " + p.name() + " in class " + c.name() + " is not a permission of Xen "
                            + xen.xenVersion());
                }
            }
        }
        int sids = xen.initialSids().size();
        for (InitialSid s : policy.initialSids()) {
            if (s.sid() > sids) {
                out.add("initial SID " + s.sid() + " has a context but Xen " + xen.xenVersion() + " has " + sids
                        + " initial SIDs");
            }
        }
        return out;
    }

    /** The supported releases whose classes, permissions and initial SIDs are exactly the policy's. */
    public static List<String> exact(FlaskPolicy policy) {
        return XenCatalogues.SUPPORTED.stream().filter(r -> {
            XenCatalogue c = XenCatalogues.forVersion(r).orElseThrow();
            return problems(policy, c).isEmpty() && extras(policy, c).isEmpty();
        }).toList();
    }

    /** The supported releases that read every class and permission as the policy means it (extras allowed). */
    public static List<String> accepting(FlaskPolicy policy) {
        return XenCatalogues.SUPPORTED.stream()
                .filter(r -> problems(policy, XenCatalogues.forVersion(r).orElseThrow()).isEmpty()).toList();
    }

    /**
     * The catalogue to read the policy with: the newest release it fits exactly, else the newest that accepts it;
     * empty when no supported release does.
     */
    public static Optional<XenCatalogue> catalogue(FlaskPolicy policy) {
        List<String> exact = exact(policy);
        List<String> accepting = exact.isEmpty() ? accepting(policy) : exact;
        return accepting.isEmpty() ? Optional.empty()
                : XenCatalogues.forVersion(accepting.get(accepting.size() - 1));
    }

    /**
     * One line for reports: "classes of Xen 4.18", "classes of Xen 4.21 (Xen 4.20 also accepts it)", or "classes of
     * no supported Xen release; nearest 4.22: …" with the nearest release's first differences.
     */
    public static String describe(FlaskPolicy policy) {
        List<String> exact = exact(policy);
        List<String> accepting = accepting(policy);
        if (!exact.isEmpty()) {
            List<String> also = accepting.stream().filter(r -> !exact.contains(r)).toList();
            return "classes of Xen " + String.join(", ", exact)
                    + (also.isEmpty() ? "" : " (Xen " + String.join(", ", also) + " also accept" + (also.size() == 1 ? "s" : "")
                    + " it)");
        }
        if (!accepting.isEmpty()) {
            return "classes accepted by Xen " + String.join(", ", accepting) + ", with more than those releases declare";
        }
        String nearest = null;
        List<String> fewest = null;
        for (String r : XenCatalogues.SUPPORTED) {
            List<String> p = problems(policy, XenCatalogues.forVersion(r).orElseThrow());
            if (fewest == null || p.size() <= fewest.size()) {
                nearest = r;
                fewest = p;
            }
        }
        return "classes of no supported Xen release; nearest " + nearest + " (" + fewest.size() + " difference"
                + (fewest.size() == 1 ? "" : "s") + ": " + String.join("; ", fewest.subList(0, Math.min(3, fewest.size())))
                + (fewest.size() > 3 ? "; …" : "") + ")";
    }

    /** A class's permissions with their values, its common's included. */
    private static List<PermDef> permissions(FlaskPolicy policy, ClassDef c) {
        List<PermDef> all = new ArrayList<>(c.perms());
        if (c.common() != null) {
            policy.commons().stream().filter(x -> x.name().equals(c.common())).findFirst().ifPresent(x -> all.addAll(x.perms()));
        }
        return all;
    }
}
