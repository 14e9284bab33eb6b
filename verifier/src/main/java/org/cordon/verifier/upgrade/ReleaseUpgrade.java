package org.cordon.verifier.upgrade;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.cordon.model.PolicyModel;
import org.cordon.model.SourcePos;
import org.cordon.verifier.facts.Fact;
import org.cordon.verifier.facts.PolicyFacts;
import org.cordon.xsm.catalogue.XenCatalogue;
import org.cordon.xsm.catalogue.XenHooks;
import org.cordon.xsm.macros.Grant;
import org.cordon.xsm.macros.XenMacros;

/**
 * What moving one Cordon policy from one Xen release to another changes, statement by statement: the verifier's
 * reading of the policy built for each release, compared. Xen's releases add permissions for new hypercalls
 * (denied to every domain no statement grants them to), remove permissions with the hypercalls they guarded, and
 * change what Xen's own macros (Cordon's capabilities) grant.
 */
public final class ReleaseUpgrade {

    /** A statement of the policy: its text and where it is. */
    public record Statement(String text, SourcePos pos) {
        @Override
        public String toString() {
            return pos + ": " + text;
        }
    }

    /**
     * A permission one release has and the other does not, with the hypercalls it guards (the comment above it in
     * access_vectors) and the statements that grant it in the build for the release that has it.
     */
    public record Permission(String securityClass, String permission, String hypercalls, List<Statement> grantedBy) {
        public String name() {
            return securityClass + "." + permission;
        }
    }

    /** A permission the new release has under another name: same class, same hypercalls. */
    public record Rename(String securityClass, String from, String to, String hypercalls) {
    }

    /** A permission Xen checks between other kinds of label in the new release. */
    public record CheckChange(String securityClass, String permission, String before, String after) {
    }

    /** A built-in capability whose grants differ between the releases, and the statements that use it. */
    public record CapabilityChange(String capability, List<String> added, List<String> removed,
            List<Statement> usedBy) {
    }

    /** A statement whose accesses differ between the two builds. */
    public record StatementChange(Statement statement, List<String> added, List<String> removed) {
    }

    /** An access (source -> target : class.perm) the old build allows and the new one does not. */
    public record LostAccess(String access, Statement statement) {
    }

    /** A statement to add to allow a new permission, as the release's hook model suggests it. */
    public record Suggestion(String permission, String statement, String why) {
    }

    public record Report(String from, String to, List<Permission> added, List<Permission> ungranted,
            List<Permission> removed, List<Rename> renamed, List<CheckChange> checkChanges,
            List<CapabilityChange> capabilities, List<StatementChange> statements, List<LostAccess> lost,
            List<Suggestion> suggestions) {

        /** Whether the upgraded policy allows everything the old one did (new hypercalls aside). */
        public boolean safe() {
            return lost.isEmpty();
        }
    }

    private ReleaseUpgrade() {
    }

    /** Compares the verifier's reading of one policy built for two releases. */
    public static Report compare(PolicyFacts before, PolicyFacts after) {
        XenCatalogue a = before.catalogue();
        XenCatalogue b = after.catalogue();
        Map<String, List<Statement>> grantsBefore = grantsByPermission(before);
        Map<String, List<Statement>> grantsAfter = grantsByPermission(after);

        List<Permission> added = new ArrayList<>();
        List<Permission> ungranted = new ArrayList<>();
        for (XenCatalogue.SecurityClass c : b.classes()) {
            for (XenCatalogue.Permission p : c.permissions()) {
                if (!a.has(c.name(), p.name())) {
                    Permission perm = new Permission(c.name(), p.name(), p.hook(),
                            grantsAfter.getOrDefault(c.name() + "." + p.name(), List.of()));
                    added.add(perm);
                    if (perm.grantedBy().isEmpty()) {
                        ungranted.add(perm);
                    }
                }
            }
        }
        List<Permission> removed = new ArrayList<>();
        for (XenCatalogue.SecurityClass c : a.classes()) {
            for (XenCatalogue.Permission p : c.permissions()) {
                if (!b.has(c.name(), p.name())) {
                    removed.add(new Permission(c.name(), p.name(), p.hook(),
                            grantsBefore.getOrDefault(c.name() + "." + p.name(), List.of())));
                }
            }
        }
        List<Rename> renamed = new ArrayList<>();
        for (Permission r : removed) {
            for (Permission n : added) {
                if (r.securityClass().equals(n.securityClass()) && !r.hypercalls().isBlank()
                        && r.hypercalls().equals(n.hypercalls())) {
                    renamed.add(new Rename(r.securityClass(), r.permission(), n.permission(), r.hypercalls()));
                }
            }
        }
        return new Report(a.xenVersion(), b.xenVersion(), added, ungranted, removed, renamed, checkChanges(a, b),
                capabilityChanges(before.model(), a, b), statementChanges(before, after), lost(before, after, b),
                suggestions(after.model(), ungranted, b));
    }

    private static Statement statement(Fact f) {
        return new Statement(f.origin().statement(), f.origin().pos());
    }

    private static Map<String, List<Statement>> grantsByPermission(PolicyFacts facts) {
        Map<String, Set<Statement>> out = new LinkedHashMap<>();
        for (Fact f : facts.facts()) {
            out.computeIfAbsent(f.securityClass() + "." + f.permission(), k -> new LinkedHashSet<>()).add(statement(f));
        }
        Map<String, List<Statement>> lists = new LinkedHashMap<>();
        out.forEach((k, v) -> lists.put(k, List.copyOf(v)));
        return lists;
    }

    private static List<CheckChange> checkChanges(XenCatalogue a, XenCatalogue b) {
        Optional<XenHooks> ha = XenHooks.forVersion(a.xenVersion());
        Optional<XenHooks> hb = XenHooks.forVersion(b.xenVersion());
        List<CheckChange> out = new ArrayList<>();
        if (ha.isEmpty() || hb.isEmpty()) {
            return out;
        }
        for (XenHooks.Check cb : hb.get().checks()) {
            ha.get().check(cb.securityClass(), cb.permission()).ifPresent(ca -> {
                if (ca.subject() != cb.subject() || ca.object() != cb.object()) {
                    out.add(new CheckChange(cb.securityClass(), cb.permission(), ca.subject() + " -> " + ca.object(),
                            cb.subject() + " -> " + cb.object()));
                }
            });
        }
        return out;
    }

    private static List<CapabilityChange> capabilityChanges(PolicyModel model, XenCatalogue a, XenCatalogue b) {
        List<CapabilityChange> out = new ArrayList<>();
        for (String name : XenMacros.names()) {
            List<Grant> grants = XenMacros.builtin(name).orElseThrow().grants();
            Set<String> before = permissions(XenMacros.forCatalogue(grants, a));
            Set<String> after = permissions(XenMacros.forCatalogue(grants, b));
            if (before.equals(after)) {
                continue;
            }
            List<String> plus = after.stream().filter(p -> !before.contains(p)).toList();
            List<String> minus = before.stream().filter(p -> !after.contains(p)).toList();
            List<Statement> users = new ArrayList<>();
            for (PolicyModel.Rule r : model.rules()) {
                if (r.permissions().stream().anyMatch(p -> p instanceof PolicyModel.CapabilityUse u
                        && u.capability().equals(name))) {
                    users.add(new Statement(r.text(), r.pos()));
                }
            }
            out.add(new CapabilityChange(name, plus, minus, users));
        }
        return out;
    }

    private static Set<String> permissions(List<Grant> grants) {
        Set<String> out = new TreeSet<>();
        grants.forEach(g -> g.permissions().forEach(p -> out.add(g.securityClass() + "." + p)));
        return out;
    }

    private static List<StatementChange> statementChanges(PolicyFacts before, PolicyFacts after) {
        Map<Statement, Set<String>> a = accessesByStatement(before);
        Map<Statement, Set<String>> b = accessesByStatement(after);
        Set<Statement> all = new LinkedHashSet<>(a.keySet());
        all.addAll(b.keySet());
        List<StatementChange> out = new ArrayList<>();
        for (Statement s : all) {
            Set<String> sa = a.getOrDefault(s, Set.of());
            Set<String> sb = b.getOrDefault(s, Set.of());
            List<String> plus = sb.stream().filter(x -> !sa.contains(x)).sorted().toList();
            List<String> minus = sa.stream().filter(x -> !sb.contains(x)).sorted().toList();
            if (!plus.isEmpty() || !minus.isEmpty()) {
                out.add(new StatementChange(s, plus, minus));
            }
        }
        return out;
    }

    private static Map<Statement, Set<String>> accessesByStatement(PolicyFacts facts) {
        Map<Statement, Set<String>> out = new LinkedHashMap<>();
        for (Fact f : facts.facts()) {
            out.computeIfAbsent(statement(f), k -> new TreeSet<>()).add(f.access());
        }
        return out;
    }

    /** Accesses the old build allows under some switch setting and the new one under none, the permission still in Xen. */
    private static List<LostAccess> lost(PolicyFacts before, PolicyFacts after, XenCatalogue b) {
        Set<String> now = new java.util.HashSet<>();
        after.facts().forEach(f -> now.add(f.access()));
        // before 4.17 there is no xenboot SID: what the boot domain builder was allowed is not lost, it is not there
        boolean xenboot = b.initialSids().stream().anyMatch(s -> s.name().equals("xenboot"));
        Map<String, LostAccess> out = new LinkedHashMap<>();
        for (Fact f : before.facts()) {
            boolean boot = f.source().kind() == org.cordon.verifier.facts.Label.Kind.XENBOOT
                    || f.target().kind() == org.cordon.verifier.facts.Label.Kind.XENBOOT;
            if (b.has(f.securityClass(), f.permission()) && !now.contains(f.access()) && (xenboot || !boot)) {
                out.putIfAbsent(f.access(), new LostAccess(f.access(), statement(f)));
            }
        }
        return List.copyOf(out.values());
    }

    /**
     * For each new permission no statement grants, the statement that would allow it to the policy's control
     * domains, on the kind of label the release's hook checks it against.
     */
    private static List<Suggestion> suggestions(PolicyModel model, List<Permission> ungranted, XenCatalogue b) {
        List<String> control = model.domains().stream().filter(d -> d.has(PolicyModel.Role.CONTROL))
                .map(PolicyModel.Domain::name).toList();
        Optional<XenHooks> hooks = XenHooks.forVersion(b.xenVersion());
        List<Suggestion> out = new ArrayList<>();
        if (control.isEmpty() || hooks.isEmpty()) {
            return out;
        }
        for (Permission p : ungranted) {
            Optional<XenHooks.Check> c = hooks.get().check(p.securityClass(), p.permission());
            if (c.isEmpty()) {
                continue;
            }
            String object = switch (c.get().object()) {
                case XEN -> "xen";
                case DOMAIN -> "guests";
                case DEVICE -> "<device>"; // which device is the policy's to say
                default -> null;
            };
            if (object == null) {
                continue;
            }
            String why = (p.hypercalls().isBlank() ? "" : p.hypercalls() + "; ") + "Xen " + b.xenVersion()
                    + " checks it " + c.get().subject() + " -> " + c.get().object() + " in " + String.join(", ", c.get().hooks());
            for (String d : control) {
                out.add(new Suggestion(p.name(), "allow " + d + " -> " + object + " : " + p.name(), why));
            }
        }
        return out;
    }
}
