package org.cordon.driver.imports;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.cordon.model.PolicyModel.Facet;
import org.cordon.verifier.flask.FlaskFacts;
import org.cordon.xsm.flask.conf.Ast;

/**
 * Pass forbid: the input's neverallows as forbids, where they are about domains. A neverallow names FLASK types
 * (attributes, {@code *}, {@code ~}, {@code -}); a forbid names domains and means what Xen's hooks check, on a
 * domain's other labels too. So a neverallow becomes a forbid between the domains among its sources and the domains
 * (or Xen) among its targets; one that names other types as well is kept in part and said so; one about no domain,
 * or with {@code self}, is not kept (a note with its line). A forbid that Cordon finds taken back by a grant of the
 * import is dropped (pass settle-forbids in {@link FlaskImport}).
 */
final class NeverallowForbids {

    /** One forbid to write, with the neverallow behind it. */
    record Forbid(String subject, String target, String cls, Set<String> permissions, String at) {
        String text(ImportPlan plan) {
            Set<String> all = plan.permissionsOf(cls);
            String perms = permissions.equals(all) ? cls + ".*" : permissions.size() == 1
                    ? cls + "." + permissions.iterator().next() : cls + ".{" + String.join(" ", permissions) + "}";
            return "forbid " + subject + " -> " + target + " : " + perms;
        }
    }

    private NeverallowForbids() {
    }

    static List<Forbid> read(List<Ast.Stmt> conf, FlaskFacts facts, TypePlaces places, ImportPlan plan,
            List<String> notes) {
        List<Forbid> out = new ArrayList<>();
        for (Ast.Stmt s : conf) {
            if (s instanceof Ast.Constrain c) {
                notes.add(c.pos().file() + ":" + c.pos().line() + ": " + (c.mls() ? "mlsconstrain" : "constrain")
                        + " " + String.join(" ", c.classes().items()) + " — constraints are not imported");
                continue;
            }
            if (!(s instanceof Ast.AvRule r) || !r.kind().equals("neverallow")) {
                continue;
            }
            String at = r.pos().file() + ":" + r.pos().line();
            Set<String> sources = expand(r.sources(), facts);
            Set<String> targets = expand(r.targets(), facts);
            if (sources == null || targets == null) {
                notes.add(at + ": a neverallow with self or a name the policy does not declare is not imported");
                continue;
            }
            Set<String> from = domains(sources, places);
            Set<String> toDomains = domains(targets, places);
            boolean toXen = targets.stream().anyMatch(t -> places.place(t)
                    .filter(p -> p.kind() == TypePlaces.Kind.XEN).isPresent());
            if (from.isEmpty() || toDomains.isEmpty() && !toXen) {
                notes.add(at + ": neverallow not imported: it is not about domains (a forbid names domains and Xen)");
                continue;
            }
            long others = sources.stream().filter(t -> !isMain(t, places)).count()
                    + targets.stream().filter(t -> !isMain(t, places) && places.place(t)
                            .filter(p -> p.kind() == TypePlaces.Kind.XEN).isEmpty()).count();
            if (others > 0) {
                notes.add(at + ": neverallow imported in part, as forbids between the domains it names"
                        + (toXen ? " and Xen" : "") + " (the labels it names besides are left out)");
            }
            String subject = plan.setOf(from);
            for (String cls : r.classes().items()) {
                Set<String> perms = permissions(r.perms(), plan.permissionsOf(cls));
                if (perms.isEmpty()) {
                    continue;
                }
                if (!toDomains.isEmpty()) {
                    out.add(new Forbid(subject, plan.setOf(toDomains), cls, perms, at));
                }
                if (toXen) {
                    out.add(new Forbid(subject, "xen", cls, perms, at));
                }
            }
        }
        return out;
    }

    private static boolean isMain(String type, TypePlaces places) {
        return places.place(type).filter(p -> p.kind() == TypePlaces.Kind.DOMAIN && p.facet() == Facet.MAIN).isPresent();
    }

    private static Set<String> domains(Set<String> types, TypePlaces places) {
        Set<String> out = new TreeSet<>();
        types.forEach(t -> places.place(t).filter(p -> p.kind() == TypePlaces.Kind.DOMAIN && p.facet() == Facet.MAIN)
                .ifPresent(p -> out.add(p.owner())));
        return out;
    }

    /** A type set as checkpolicy reads it ({@code *}, {@code ~}, {@code -}, attributes); null with self or an unknown name. */
    static Set<String> expand(Ast.Names names, FlaskFacts facts) {
        List<String> items = names.items();
        boolean complement = items.contains("~"); // the reader keeps checkpolicy's flag as a "~" anywhere in the list
        Set<String> in = new LinkedHashSet<>();
        Set<String> out = new LinkedHashSet<>();
        boolean minus = false;
        for (String n : items) {
            if (n.equals("~")) {
                continue;
            }
            if (n.equals("-")) {
                minus = true;
                continue;
            }
            Set<String> ts;
            if (n.equals("*")) {
                ts = new LinkedHashSet<>(facts.types());
            } else if (n.equals("self")) {
                return null;
            } else {
                ts = facts.typesOf(n);
                if (ts.isEmpty() && !facts.attributes().containsKey(n)) {
                    return null;
                }
            }
            (minus ? out : in).addAll(ts);
            minus = false;
        }
        in.removeAll(out);
        if (complement) {
            Set<String> all = new LinkedHashSet<>(facts.types());
            all.removeAll(in);
            return all;
        }
        return in;
    }

    /** A permission set ({@code *}, {@code ~}) against the class's permissions. */
    private static Set<String> permissions(Ast.Names names, Set<String> all) {
        List<String> items = names.items();
        boolean complement = items.contains("~");
        Set<String> in = new TreeSet<>();
        for (String p : items) {
            if (p.equals("*")) {
                in.addAll(all);
            } else if (!p.equals("~") && all.contains(p)) {
                in.add(p);
            }
        }
        if (complement) {
            Set<String> rest = new TreeSet<>(all);
            rest.removeAll(in);
            return rest;
        }
        return in;
    }

    /** The forbids each in the layer of its highest end. */
    static int layer(Forbid f, ImportPlan plan) {
        return Math.max(plan.layerOf(f.subject()), plan.layerOf(f.target()));
    }
}
