package org.cordon.xsm.flask;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Generates syntactically valid Xen policy.conf texts of varied shape (classes and commons, types, attributes
 * and aliases, booleans and conditionals, constraints, roles, users and device contexts). Type rules are laid
 * out so that the expected outcome is a successful compile; a few choices can still make checkpolicy reject a
 * policy, which the differential test treats as "both must reject".
 */
final class RandomPolicyGenerator {
    private static final Set<String> KEYWORDS = Set.of("class", "common", "sid", "role", "roles", "types", "type",
            "bool", "if", "else", "alias", "attribute", "allow", "user", "self", "source", "target", "or", "and", "not",
            "xor", "eq", "true", "false", "dom", "domby", "incomp", "level", "range", "r1", "r2", "r3", "u1", "u2", "u3",
            "t1", "t2", "t3", "l1", "l2", "h1", "h2", "low", "high", "clone", "inherits", "tunable", "module",
            "require", "optional", "permissive", "policycap", "typealias", "typeattribute", "typebounds",
            "constrain", "dominance", "category", "sensitivity", "neverallow", "auditallow", "auditdeny", "dontaudit",
            "object_r", "glblub", "sameuser", "fscon", "portcon", "netifcon", "nodecon", "pirqcon", "iomemcon",
            "ioportcon", "pcidevicecon", "devicetreecon", "genfscon", "validatetrans", "mlsconstrain",
            "mlsvalidatetrans", "expandattribute", "roleattribute", "attribute_role", "default_user", "default_role",
            "default_type", "default_range", "type_transition", "type_member", "type_change", "role_transition",
            "range_transition", "allowxperm", "auditallowxperm", "dontauditxperm", "neverallowxperm");
    private static final String[] CAPS = {"network_peer_controls", "open_perms", "extended_socket_class",
            "always_check_network", "cgroup_seclabel", "nnp_nosuid_transition", "genfs_seclabel_symlinks",
            "ioctl_skip_cloexec"};

    private final Random r;
    private final Set<String> used = new HashSet<>();
    private final StringBuilder out = new StringBuilder();

    private final boolean mls;
    private final List<String> sensOrder = new ArrayList<>();
    private final java.util.Map<String, List<String>> sensCats = new java.util.HashMap<>();
    private final java.util.Map<String, String> userLow = new java.util.HashMap<>();

    private RandomPolicyGenerator(long seed, boolean mls) { r = new Random(seed); this.mls = mls; }

    static String generate(long seed) { return new RandomPolicyGenerator(seed, false).policy(); }

    /** An MLS policy (compile with checkpolicy -M). */
    static String generateMls(long seed) { return new RandomPolicyGenerator(seed, true).policy(); }

    private String ident() {
        while (true) {
            int len = 1 + r.nextInt(10);
            StringBuilder sb = new StringBuilder();
            sb.append((char) ('a' + r.nextInt(26)));
            for (int i = 0; i < len; i++) {
                int k = r.nextInt(38);
                sb.append(k < 26 ? (char) ('a' + k) : k < 36 ? (char) ('0' + k - 26) : '_');
            }
            String s = sb.toString();
            if (!KEYWORDS.contains(s) && used.add(s)) return s;
        }
    }

    private <T> T pick(List<T> l) { return l.get(r.nextInt(l.size())); }

    private <T> List<T> some(List<T> l, int max) {
        List<T> copy = new ArrayList<>(l);
        java.util.Collections.shuffle(copy, r);
        return copy.subList(0, Math.min(copy.size(), 1 + r.nextInt(Math.max(1, max))));
    }

    private static String set(List<String> items) {
        return items.size() == 1 ? items.get(0) : "{ " + String.join(" ", items) + " }";
    }

    private void line(String s) { out.append(s).append('\n'); }

    private record Cls(String name, List<String> perms) { }

    private String policy() {
        // classes and permissions
        int nClasses = 2 + r.nextInt(6);
        List<String> classNames = new ArrayList<>();
        for (int i = 0; i < nClasses; i++) classNames.add(ident());
        String neverClass = ident(); // only used by neverallow rules, so they never fire
        List<String> sids = new ArrayList<>();
        for (int i = 0, n = 1 + r.nextInt(6); i < n; i++) sids.add(ident());
        List<List<String>> commons = new ArrayList<>();
        List<String> commonNames = new ArrayList<>();
        for (int i = 0, n = r.nextInt(3); i < n; i++) {
            List<String> perms = new ArrayList<>();
            for (int j = 0, m = 1 + r.nextInt(8); j < m; j++) perms.add(ident());
            commons.add(perms);
            commonNames.add(ident());
        }
        for (String c : classNames) line("class " + c);
        line("class " + neverClass);
        line("# a comment");
        for (String s : sids) line("sid " + s);
        for (int i = 0; i < commons.size(); i++) line("common " + commonNames.get(i) + " { " + String.join(" ", commons.get(i)) + " }");
        List<Cls> classes = new ArrayList<>();
        for (String c : classNames) {
            List<String> perms = new ArrayList<>();
            String inh = null;
            if (!commons.isEmpty() && r.nextInt(3) == 0) {
                int k = r.nextInt(commons.size());
                inh = commonNames.get(k);
                perms.addAll(commons.get(k));
            }
            List<String> own = new ArrayList<>();
            int max = 32 - perms.size();
            for (int j = 0, m = (inh != null && r.nextBoolean()) ? 0 : 1 + r.nextInt(Math.min(max, r.nextInt(8) == 0 ? 32 : 10)); j < m && own.size() < max; j++) own.add(ident());
            perms.addAll(own);
            classes.add(new Cls(c, perms));
            if (inh != null) line("class " + c + " inherits " + inh + (own.isEmpty() ? "" : " { " + String.join(" ", own) + " }"));
            else line("class " + c + "\n{\n\t" + String.join("\n\t", own) + "\n}");
        }
        line("class " + neverClass + " { forbidden other }");
        if (r.nextInt(4) == 0) line("default_user " + pick(classNames) + " source;");
        if (r.nextInt(4) == 0) line("default_type { " + String.join(" ", some(classNames, 2)) + " } target;");
        if (r.nextInt(4) == 0) line("default_range " + pick(classNames) + " target low-high;");

        if (mls) mls(classes);
        // types and attributes
        List<String> attrs = new ArrayList<>();
        for (int i = 0, n = r.nextInt(6); i < n; i++) { attrs.add(ident()); line("attribute " + attrs.get(i) + ";"); }
        List<String> types = new ArrayList<>();
        List<String> aliasNames = new ArrayList<>();
        // now and then enough symbols to make libsepol's hash tables grow (types > 512, roles/bools/cats > 16)
        int nTypes = r.nextInt(40) == 0 ? 513 + r.nextInt(200) : 3 + r.nextInt(r.nextInt(5) == 0 ? 120 : 30);
        for (int i = 0; i < nTypes; i++) {
            // now and then a dotted name: libsepol bounds "a.b" by "a" (and rejects orphans)
            String t = (!types.isEmpty() && r.nextInt(150) == 0) ? pick(types) + "." + ident() : ident();
            used.add(t);
            types.add(t);
            StringBuilder sb = new StringBuilder("type " + t);
            if (r.nextInt(8) == 0) { String a = ident(); aliasNames.add(a); sb.append(" alias ").append(a); }
            if (!attrs.isEmpty() && r.nextInt(2) == 0) sb.append(", ").append(String.join(", ", some(attrs, 3)));
            line(sb + ";");
        }
        if (!attrs.isEmpty()) for (int i = 0, n = r.nextInt(4); i < n; i++) {
            line("typeattribute " + pick(types) + " " + String.join(", ", some(attrs, 2)) + ";");
        }
        if (r.nextInt(4) == 0) { String a = ident(); line("typealias " + pick(types) + " alias { " + a + " };"); aliasNames.add(a); }
        if (r.nextInt(30) == 0) line("typebounds " + pick(types) + " " + pick(types) + ";");
        if (!attrs.isEmpty() && r.nextInt(6) == 0) line("expandattribute " + pick(attrs) + " true;");
        List<String> typeRefs = new ArrayList<>(types);
        typeRefs.addAll(aliasNames);
        List<String> anyRefs = new ArrayList<>(typeRefs);
        anyRefs.addAll(attrs);
        for (int i = 0, n = r.nextInt(3); i < n; i++) line("permissive " + pick(types) + ";");
        for (int i = 0, n = r.nextInt(3); i < n; i++) line("policycap " + CAPS[r.nextInt(CAPS.length)] + ";");
        List<String> bools = new ArrayList<>();
        for (int i = 0, n = r.nextInt(12) == 0 ? 17 + r.nextInt(10) : r.nextInt(6); i < n; i++) { bools.add(ident()); line("bool " + bools.get(i) + " " + r.nextBoolean() + ";"); }

        // unconditional rules (type rules use even classes; conditional type rules odd ones)
        for (int i = 0, n = r.nextInt(60); i < n; i++) line(avRule(classes, anyRefs, types));
        for (int i = 0, n = r.nextInt(20); i < n; i++) {
            int ci = 2 * r.nextInt((classes.size() + 1) / 2);
            line(typeRule(classes.get(ci).name(), anyRefs, types, null));
        }
        for (int i = 0, n = r.nextInt(3); i < n; i++) {
            line("neverallow " + names(anyRefs, true) + " " + names(anyRefs, true) + ":" + neverClass + " forbidden;");
        }
        if (mls) {
            for (int i = 0, n = r.nextInt(4); i < n; i++) {
                int lo = r.nextInt(sensOrder.size()), hi = lo + r.nextInt(sensOrder.size() - lo);
                List<String> hiCats = sensCats.get(sensOrder.get(hi));
                String range = sensOrder.get(lo) + (lo == hi && hiCats.isEmpty() ? ""
                        : " - " + sensOrder.get(hi) + (hiCats.isEmpty() ? "" : ":" + String.join(",", hiCats)));
                line("range_transition " + names(anyRefs, false) + " " + names(anyRefs, false) + ":"
                        + set(some(classNames, 2)) + " " + range + ";");
            }
        }
        // occasionally a neverallow on a real class: it may fire, and then both compilers must reject
        if (r.nextInt(8) == 0) {
            Cls c = pick(classes);
            String target = r.nextInt(4) == 0 ? "self" : names(anyRefs, true);
            line("neverallow " + names(anyRefs, true) + " " + target + ":" + c.name() + " " + set(some(c.perms(), 2)) + ";");
        }
        // tunables: decided at compile time, their effective branch becomes unconditional
        if (r.nextInt(4) == 0) {
            List<String> tunables = new ArrayList<>();
            for (int i = 0, n = 1 + r.nextInt(3); i < n; i++) { tunables.add(ident()); line("tunable " + tunables.get(i) + " " + r.nextBoolean() + ";"); }
            for (int i = 0, n = 1 + r.nextInt(3); i < n; i++) {
                line("if (" + condExpr(tunables, 0) + ") {");
                for (int j = 0, m = r.nextInt(4); j < m; j++) line("\t" + avRule(classes, anyRefs, types));
                line("} else {");
                for (int j = 0, m = r.nextInt(3); j < m; j++) line("\t" + avRule(classes, anyRefs, types));
                line("}");
            }
        }
        // conditionals
        if (!bools.isEmpty()) {
            List<String> condExprs = new ArrayList<>();
            for (int i = 0, n = r.nextInt(8); i < n; i++) {
                String e = (!condExprs.isEmpty() && r.nextInt(4) == 0) ? pick(condExprs)
                        : r.nextInt(30) == 0 ? deepExpr(bools, 8 + r.nextInt(5)) : condExpr(bools, 0);
                condExprs.add(e);
                line("if (" + e + ") {");
                String src = types.get((i * 7 + 3) % types.size()); // sources of conditional type rules
                for (int j = 0, m = r.nextInt(6); j < m; j++) line("\t" + condRule(classes, anyRefs, types, src, i));
                line("}" + (r.nextBoolean() ? " else {" : ""));
                if (out.charAt(out.length() - 2) == '{') {
                    for (int j = 0, m = r.nextInt(5); j < m; j++) line("\t" + condRule(classes, anyRefs, types, src, i));
                    line("}");
                }
            }
        }
        // roles
        List<String> roles = new ArrayList<>();
        for (int i = 0, n = r.nextInt(12) == 0 ? 17 + r.nextInt(8) : 1 + r.nextInt(4); i < n; i++) {
            roles.add(i > 0 && r.nextInt(30) == 0 ? roles.get(0) + "." + ident() : ident());
            line("role " + roles.get(i) + ";");
        }
        for (String role : roles) {
            if (r.nextBoolean()) line("role " + role + " types " + names(anyRefs, false) + ";");
            if (r.nextBoolean()) {
                List<String> plain = some(types, 3);
                roleTypes.put(role, plain);
                line("role " + role + " types " + set(plain) + ";");
            }
        }
        for (int i = 0, n = r.nextInt(4); i < n; i++) line("allow " + set(some(roles, 2)) + " " + set(some(roles, 2)) + ";");
        for (int i = 0, n = r.nextInt(3); i < n; i++) {
            line("role_transition " + pick(roles) + " " + pick(types) + ":" + pick(classNames) + " " + pick(roles) + ";");
        }
        // users
        List<String> users = new ArrayList<>();
        for (int i = 0, n = 1 + r.nextInt(4); i < n; i++) {
            users.add(ident());
            List<String> ur = some(roles, 3);
            userRoles.put(users.get(i), ur);
            String mlsPart = "";
            if (mls) {
                int lo = r.nextInt(sensOrder.size()), hi = lo + r.nextInt(sensOrder.size() - lo);
                String low = sensOrder.get(lo);
                List<String> hiCats = sensCats.get(sensOrder.get(hi));
                String high = sensOrder.get(hi) + (hiCats.isEmpty() ? "" : ":" + String.join(",", hiCats));
                userLow.put(users.get(i), low);
                mlsPart = " level " + low + " range " + (r.nextBoolean() && lo == hi && hiCats.isEmpty() ? low : low + " - " + high);
            }
            line("user " + users.get(i) + " roles " + set(ur) + mlsPart + ";");
        }
        // constraints
        for (int i = 0, n = r.nextInt(5); i < n; i++) {
            Cls c = pick(classes);
            line("constrain " + c.name() + " " + set(some(c.perms(), 3)) + " " + cexpr(users, roles, anyRefs, 0) + ";");
        }
        for (int i = 0, n = r.nextInt(4) == 0 ? 1 + r.nextInt(2) : 0; i < n; i++) {
            String x = new String[] {"u3 == " + set(some(users, 2)), "r3 != " + set(some(roles, 2)),
                    "t3 == " + set(some(anyRefs, 3))}[r.nextInt(3)];
            line("validatetrans " + set(some(classNames, 2)) + " (" + x + " or " + cexpr(users, roles, anyRefs, 1) + ");");
        }
        // initial SID contexts
        List<String> withCtx = some(sids, sids.size());
        java.util.Collections.shuffle(withCtx, r);
        for (String s : withCtx) line("sid " + s + " " + ctx(users, roles, typeRefs));
        // device contexts
        long port = r.nextInt(100), mem = r.nextInt(1000);
        Set<Integer> irqs = new HashSet<>(), pcis = new HashSet<>();
        for (int i = 0, n = r.nextInt(12); i < n; i++) {
            switch (r.nextInt(5)) {
                case 0 -> { int irq = r.nextInt(300); if (irqs.add(irq)) line("pirqcon " + irq + " " + ctx(users, roles, typeRefs)); }
                case 1 -> {
                    long lo = port + 1 + r.nextInt(100), hi = lo + (r.nextBoolean() ? 0 : r.nextInt(64));
                    port = hi;
                    if (hi <= 0xffff) line("ioportcon " + (lo == hi ? hex(lo) : hex(lo) + "-" + hex(hi)) + " " + ctx(users, roles, typeRefs));
                }
                case 2 -> {
                    long lo = mem + 1 + r.nextInt(1 << 20), hi = lo + (r.nextBoolean() ? 0 : r.nextInt(4096));
                    if (r.nextInt(6) == 0) { lo += 0x100000000L; hi += 0x100000000L; }
                    mem = hi;
                    line("iomemcon " + (lo == hi ? hex(lo) : hex(lo) + "-" + hex(hi)) + " " + ctx(users, roles, typeRefs));
                }
                case 3 -> { int d = r.nextInt(1 << 16); if (pcis.add(d)) line("pcidevicecon " + hex(d) + " " + ctx(users, roles, typeRefs)); }
                default -> line("devicetreecon /" + ident() + "/" + ident() + "@" + Integer.toHexString(r.nextInt()) + " " + ctx(users, roles, typeRefs));
            }
        }
        return out.toString();
    }

    private String lvl(String user) { return mls ? ":" + userLow.get(user) : ""; }

    private void mls(List<Cls> classes) {
        List<String> sens = new ArrayList<>();
        for (int i = 0, n = 1 + r.nextInt(5); i < n; i++) sens.add(ident());
        for (String s : sens) {
            line("sensitivity " + s + (r.nextInt(4) == 0 ? " alias " + ident() : "") + ";");
        }
        sensOrder.addAll(sens);
        java.util.Collections.shuffle(sensOrder, r);
        line("dominance { " + String.join(" ", sensOrder) + " }");
        List<String> cats = new ArrayList<>();
        for (int i = 0, n = r.nextInt(6) == 0 ? 17 + r.nextInt(30) : r.nextInt(12); i < n; i++) {
            cats.add(ident());
            line("category " + cats.get(i) + (r.nextInt(5) == 0 ? " alias { " + ident() + " }" : "") + ";");
        }
        for (String s : sens) {
            List<String> mine = new ArrayList<>();
            if (!cats.isEmpty() && r.nextInt(4) != 0) {
                int a = r.nextInt(cats.size()), b = a + r.nextInt(cats.size() - a);
                mine.addAll(cats.subList(a, b + 1));
            }
            sensCats.put(s, mine);
            String spec = mine.isEmpty() ? "" : ":" + (mine.size() > 1 && r.nextBoolean()
                    ? mine.get(0) + "." + mine.get(mine.size() - 1) : String.join(",", mine));
            line("level " + s + spec + ";");
        }
        String[] ops = {"dom", "domby", "eq", "incomp", "==", "!="};
        String[] pairs = {"l1 %s l2", "l1 %s h2", "h1 %s l2", "h1 %s h2", "l1 %s h1", "l2 %s h2"};
        for (int i = 0, n = 1 + r.nextInt(3); i < n; i++) {
            Cls c = pick(classes);
            String e1 = String.format(pairs[r.nextInt(pairs.length)], ops[r.nextInt(ops.length)]);
            String e2 = String.format(pairs[r.nextInt(pairs.length)], ops[r.nextInt(ops.length)]);
            line("mlsconstrain " + c.name() + " " + set(some(c.perms(), 3)) + " ((" + e1 + ") " + (r.nextBoolean() ? "or" : "and") + " (" + e2 + "));");
        }
        if (r.nextInt(3) == 0) {
            String e1 = String.format(pairs[r.nextInt(pairs.length)], ops[r.nextInt(ops.length)]);
            line("mlsvalidatetrans " + pick(classes).name() + " (" + e1 + ");");
        }
    }

    private static String hex(long v) { return "0x" + Long.toHexString(v); }

    private final java.util.Map<String, List<String>> roleTypes = new java.util.HashMap<>();
    private final java.util.Map<String, List<String>> userRoles = new java.util.HashMap<>();

    /** A valid context: object_r with any type, or a user's role with one of the role's types. */
    private String ctx(List<String> users, List<String> roles, List<String> types) {
        String u = pick(users);
        for (String role : userRoles.get(u)) {
            if (roleTypes.containsKey(role) && r.nextBoolean()) return u + ":" + role + ":" + pick(roleTypes.get(role)) + lvl(u);
        }
        return u + ":object_r:" + pick(types) + lvl(u);
    }

    /** A name set: one name, a set with exclusions, or (when allowed) * and ~. */
    private String names(List<String> refs, boolean starOk) {
        int k = r.nextInt(10);
        if (starOk && k == 0) return "*";
        if (starOk && k == 1) return "~" + set(some(refs, 2));
        if (k < 5) return pick(refs);
        List<String> items = new ArrayList<>();
        for (String s : some(refs, 4)) items.add(r.nextInt(5) == 0 ? "-" + s : s);
        if (items.stream().allMatch(s -> s.startsWith("-"))) items.add(pick(refs));
        return "{ " + String.join(" ", items) + " }";
    }

    private String perms(Cls c) {
        int k = r.nextInt(12);
        if (k == 0) return "*";
        if (k == 1) return "~" + set(some(c.perms(), 2));
        return set(some(c.perms(), 5));
    }

    private String avRule(List<Cls> classes, List<String> refs, List<String> types) {
        String[] kinds = {"allow", "allow", "allow", "auditallow", "dontaudit", "auditdeny"};
        String kind = kinds[r.nextInt(kinds.length)];
        Cls c = pick(classes);
        List<Cls> cs = r.nextInt(5) == 0 ? some(classes, 2) : List.of(c);
        String target = r.nextInt(6) == 0 ? "self" : r.nextInt(10) == 0 ? "{ self " + pick(refs) + " }" : names(refs, false);
        String ps;
        if (cs.size() == 1) ps = perms(cs.get(0));
        else ps = r.nextBoolean() ? "*" : set(some(cs.get(0).perms(), 2).stream().filter(p -> cs.stream().allMatch(x -> x.perms().contains(p))).toList().isEmpty()
                ? List.of("*") : some(cs.get(0).perms(), 2).stream().filter(p -> cs.stream().allMatch(x -> x.perms().contains(p))).toList());
        if (ps.equals("{ * }") || ps.equals("*") && cs.size() > 1) ps = "*";
        return kind + " " + names(refs, false) + " " + target + ":" + set(cs.stream().map(Cls::name).toList()) + " " + ps + ";";
    }

    private String typeRule(String cls, List<String> refs, List<String> types, String src) {
        String[] kinds = {"type_transition", "type_transition", "type_member", "type_change"};
        String s = src != null ? src : pick(types);
        String t = r.nextInt(5) == 0 ? "self" : pick(refs);
        // the new type is a function of the key, so overlapping rules only ever duplicate, never conflict
        String newType = types.get(Math.floorMod((s + t + cls).hashCode(), types.size()));
        return kinds[Math.floorMod((s + cls).hashCode() ^ t.hashCode(), kinds.length)] + " " + s + " " + t + ":" + cls + " " + newType + ";";
    }

    private String condRule(List<Cls> classes, List<String> refs, List<String> types, String src, int condNo) {
        if (classes.size() >= 2 && r.nextInt(4) == 0) {
            int ci = 1 + 2 * r.nextInt(classes.size() / 2);
            return typeRule(classes.get(ci).name(), List.of(pick(types)), types, src);
        }
        String rule = avRule(classes, refs, types);
        return rule.startsWith("auditdeny") ? "dontaudit" + rule.substring("auditdeny".length()) : rule;
    }

    /** Right-nested a && (b && (...)): its postfix form needs a deep stack (libsepol allows 10). */
    private String deepExpr(List<String> bools, int n) {
        return n <= 1 ? pick(bools) : pick(bools) + " && (" + deepExpr(bools, n - 1) + ")";
    }

    private String condExpr(List<String> bools, int depth) {
        int k = depth > 2 ? 0 : r.nextInt(7);
        return switch (k) {
            case 1 -> "!" + condExpr(bools, depth + 1);
            case 2 -> condExpr(bools, depth + 1) + " && " + condExpr(bools, depth + 1);
            case 3 -> condExpr(bools, depth + 1) + " || " + condExpr(bools, depth + 1);
            case 4 -> "(" + condExpr(bools, depth + 1) + " ^ " + condExpr(bools, depth + 1) + ")";
            case 5 -> "(" + condExpr(bools, depth + 1) + ") == (" + condExpr(bools, depth + 1) + ")";
            case 6 -> "(" + condExpr(bools, depth + 1) + " != " + condExpr(bools, depth + 1) + ")";
            default -> pick(bools);
        };
    }

    private String cexpr(List<String> users, List<String> roles, List<String> types, int depth) {
        int k = depth > 2 ? 3 + r.nextInt(6) : r.nextInt(9);
        return switch (k) {
            case 0 -> "not (" + cexpr(users, roles, types, depth + 1) + ")";
            case 1 -> "(" + cexpr(users, roles, types, depth + 1) + " and " + cexpr(users, roles, types, depth + 1) + ")";
            case 2 -> "(" + cexpr(users, roles, types, depth + 1) + " or " + cexpr(users, roles, types, depth + 1) + ")";
            case 3 -> "u1 " + (r.nextBoolean() ? "==" : "!=") + " u2";
            case 4 -> "r1 " + new String[] {"==", "!=", "dom", "domby", "incomp"}[r.nextInt(5)] + " r2";
            case 5 -> "t1 " + (r.nextBoolean() ? "==" : "!=") + " t2";
            case 6 -> (r.nextBoolean() ? "u1" : "u2") + " == " + set(some(users, 2));
            case 7 -> (r.nextBoolean() ? "r1" : "r2") + " != " + set(some(roles, 2));
            default -> (r.nextBoolean() ? "t1" : "t2") + " == " + set(some(types, 3));
        };
    }
}
