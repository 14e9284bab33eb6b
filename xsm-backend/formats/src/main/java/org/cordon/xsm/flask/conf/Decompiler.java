package org.cordon.xsm.flask.conf;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.cordon.xsm.flask.model.*;

/**
 * Renders a kernel policy as policy.conf text that checkpolicy (and Cordon) compile back to the same binary:
 * one rule per table entry, written in the order that makes the compiler recreate the stored order (branch rule
 * lists and role rules are prepended by the compiler, conditionals come out newest first).
 */
public final class Decompiler {
    /** Xen's initial SID names in SID order (xen/xsm/flask/policy/initial_sids). */
    public static final List<String> XEN_SIDS = List.of("xenboot", "xen", "dom0", "domio", "domxen", "unlabeled",
            "security", "ioport", "iomem", "irq", "device", "domU", "domDM");

    private final FlaskPolicy p;
    private final StringBuilder out = new StringBuilder(1 << 16);

    /** Members of expandattribute-true attributes, which only constraints still reveal. */
    private final java.util.Map<Integer, java.util.BitSet> inferred = new java.util.HashMap<>();

    private Decompiler(FlaskPolicy p) {
        this.p = p;
        inferExpandedAttributeMembers();
    }

    private boolean expandTrue(TypeDef t) {
        return t.attribute() && p.typeAttrMap().size() >= t.value() && !p.typeAttrMap().get(t.value() - 1).get(t.value() - 1);
    }

    private void inferExpandedAttributeMembers() {
        List<Constraint> all = new ArrayList<>();
        for (ClassDef c : p.classes()) { all.addAll(c.constraints()); all.addAll(c.validatetrans()); }
        for (Constraint con : all) for (ConstraintExpr e : con.expr()) {
            if (e.exprType() != ConstraintExpr.NAMES || (e.attr() & ConstraintExpr.TYPE) == 0) continue;
            List<Integer> hidden = new ArrayList<>();
            for (int b : e.typeNames().toArray()) if (expandTrue(p.type(b + 1))) hidden.add(b);
            if (hidden.size() != 1) continue;
            java.util.BitSet rest = e.names().toBitSet();
            for (int b : e.typeNames().toArray()) if (b != hidden.get(0)) rest.andNot(expandedTypes(Ebitmap.of(b)).toBitSet());
            inferred.computeIfAbsent(hidden.get(0), k -> new java.util.BitSet()).or(rest);
        }
    }

    public static String decompile(FlaskPolicy p) {
        Decompiler d = new Decompiler(p);
        d.run();
        return d.out.toString();
    }

    public static String sidName(int sid) {
        return sid >= 1 && sid <= XEN_SIDS.size() ? XEN_SIDS.get(sid - 1) : "sid" + sid;
    }

    private void line(String s) { out.append(s).append('\n'); }

    private void run() {
        line("# decompiled by Cordon from a \"" + p.target() + "\" policy" + (p.mls() ? " (MLS)" : ""));
        for (ClassDef c : p.classes()) line("class " + c.name());
        int maxSid = Math.max(XEN_SIDS.size(), p.initialSids().stream().mapToInt(InitialSid::sid).max().orElse(0));
        for (int i = 1; i <= maxSid; i++) line("sid " + sidName(i));
        for (CommonDef c : p.commons()) {
            line("common " + c.name() + " { " + String.join(" ", c.perms().stream().map(PermDef::name).toList()) + " }");
        }
        for (ClassDef c : p.classes()) {
            String perms = String.join(" ", c.perms().stream().map(PermDef::name).toList());
            if (c.common() != null) line("class " + c.name() + " inherits " + c.common() + (perms.isEmpty() ? "" : " { " + perms + " }"));
            else line("class " + c.name() + " { " + perms + " }");
        }
        defaults();
        if (p.mls()) mls();
        te();
        users();
        for (ClassDef c : p.classes()) {
            List<Constraint> cons = oldestFirst(c.constraints());
            int mlsCount = p.mls() ? mlsPrefix(cons) : 0;
            for (int i = mlsCount; i < cons.size(); i++) constraint("constrain", c, cons.get(i));
            List<Constraint> vts = oldestFirst(c.validatetrans());
            int mlsVt = p.mls() ? mlsPrefix(vts) : 0;
            for (int i = mlsVt; i < vts.size(); i++) constraint("validatetrans", c, vts.get(i));
        }
        for (InitialSid s : p.initialSids()) line("sid " + sidName(s.sid()) + " " + context(s.context()));
        for (Ocontext.Pirq o : p.pirqs()) line("pirqcon " + o.irq() + " " + context(o.context()));
        for (Ocontext.IoMem o : p.iomems()) line("iomemcon " + range(o.low(), o.high()) + " " + context(o.context()));
        for (Ocontext.IoPort o : p.ioports()) line("ioportcon " + range(o.low(), o.high()) + " " + context(o.context()));
        for (Ocontext.PciDevice o : p.pciDevices()) line("pcidevicecon " + hex(o.sbdf() & 0xffffffffL) + " " + context(o.context()));
        for (Ocontext.DeviceTree o : p.deviceTrees()) line("devicetreecon " + o.path() + " " + context(o.context()));
    }

    private static String hex(long v) { return "0x" + Long.toHexString(v); }

    private static String range(long lo, long hi) { return lo == hi ? hex(lo) : hex(lo) + "-" + hex(hi); }

    private void defaults() {
        String[] su = {null, "source", "target"};
        String[] rng = {null, "source low", "source high", "source low-high", "target low", "target high",
                "target low-high", "glblub"};
        for (ClassDef c : p.classes()) {
            if (c.defaultUser() > 0 && c.defaultUser() < 3) line("default_user " + c.name() + " " + su[c.defaultUser()] + ";");
            if (c.defaultRole() > 0 && c.defaultRole() < 3) line("default_role " + c.name() + " " + su[c.defaultRole()] + ";");
            if (c.defaultType() > 0 && c.defaultType() < 3) line("default_type " + c.name() + " " + su[c.defaultType()] + ";");
            if (c.defaultRange() > 0 && c.defaultRange() < 8) line("default_range " + c.name() + " " + rng[c.defaultRange()] + ";");
        }
    }

    private List<SensDef> primaries() {
        List<SensDef> l = new ArrayList<>(p.sensitivities().stream().filter(s -> !s.alias()).toList());
        l.sort((a, b) -> Integer.compare(a.level().sens(), b.level().sens()));
        return l;
    }

    private void mls() {
        List<SensDef> prim = primaries();
        for (SensDef s : prim) {
            List<String> al = p.sensitivities().stream()
                    .filter(x -> x.alias() && x.level().sens() == s.level().sens()).map(SensDef::name).toList();
            line("sensitivity " + s.name() + (al.isEmpty() ? "" : " alias { " + String.join(" ", al) + " }") + ";");
        }
        line("dominance { " + String.join(" ", prim.stream().map(SensDef::name).toList()) + " }");
        for (CatDef c : p.categories()) {
            if (c.alias()) continue;
            List<String> al = p.categories().stream().filter(x -> x.alias() && x.value() == c.value()).map(CatDef::name).toList();
            line("category " + c.name() + (al.isEmpty() ? "" : " alias { " + String.join(" ", al) + " }") + ";");
        }
        for (SensDef s : prim) {
            String cats = cats(s.level().cats());
            line("level " + s.name() + (cats.isEmpty() ? "" : ":" + cats) + ";");
        }
        for (ClassDef c : p.classes()) {
            List<Constraint> cons = oldestFirst(c.constraints());
            int n = mlsPrefix(cons);
            for (int i = 0; i < n; i++) constraint("mlsconstrain", c, cons.get(i));
            List<Constraint> vts = oldestFirst(c.validatetrans());
            int nv = mlsPrefix(vts);
            for (int i = 0; i < nv; i++) constraint("mlsvalidatetrans", c, vts.get(i));
        }
    }

    private static List<Constraint> oldestFirst(List<Constraint> stored) {
        List<Constraint> l = new ArrayList<>(stored);
        Collections.reverse(l);
        return l;
    }

    /** Constraints up to the last one using MLS attributes must be mlsconstrain (they precede constrain). */
    private static int mlsPrefix(List<Constraint> oldestFirst) {
        int last = -1;
        for (int i = 0; i < oldestFirst.size(); i++) {
            for (ConstraintExpr e : oldestFirst.get(i).expr()) {
                if ((e.attr() & ~(ConstraintExpr.USER | ConstraintExpr.ROLE | ConstraintExpr.TYPE | ConstraintExpr.TARGET
                        | ConstraintExpr.XTARGET)) != 0) last = i;
            }
        }
        return last + 1;
    }

    private String cats(Ebitmap cats) {
        List<String> parts = new ArrayList<>();
        int[] bits = cats.toArray();
        for (int i = 0; i < bits.length; ) {
            int j = i;
            while (j + 1 < bits.length && bits[j + 1] == bits[j] + 1) j++;
            String lo = catName(bits[i] + 1);
            if (j - i >= 1) parts.add(lo + "." + catName(bits[j] + 1)); else parts.add(lo);
            i = j + 1;
        }
        return String.join(",", parts);
    }

    private String catName(int value) {
        return p.categories().stream().filter(c -> !c.alias() && c.value() == value).map(CatDef::name).findFirst()
                .orElse("c" + (value - 1));
    }

    private String level(MlsLevel l) {
        String sens = primaries().stream().filter(s -> s.level().sens() == l.sens()).map(SensDef::name).findFirst()
                .orElse("s" + (l.sens() - 1));
        String cats = cats(l.cats());
        return cats.isEmpty() ? sens : sens + ":" + cats;
    }

    private String mlsRange(MlsRange r) {
        return r.low().equals(r.high()) ? level(r.low()) : level(r.low()) + " - " + level(r.high());
    }

    private String context(Context c) {
        String type = p.type(c.type()).name();
        if (p.mls() && type.matches("[0-9A-Fa-f]{1,4}")) {
            // ":ab:" would lex as an IPv6 address (as in checkpolicy): use an alias if the type has one
            for (TypeAlias a : p.aliases()) {
                if (a.value() == c.type() && !a.name().matches("[0-9A-Fa-f]{1,4}")) { type = a.name(); break; }
            }
        }
        String s = p.user(c.user()).name() + ":" + p.role(c.role()).name() + ":" + type;
        return p.mls() ? s + ":" + mlsRange(c.range()) : s;
    }

    private void te() {
        for (TypeDef t : p.types()) if (t.attribute()) line("attribute " + t.name() + ";");
        for (TypeDef t : p.types()) {
            if (t.attribute()) continue;
            List<String> attrs = new ArrayList<>();
            Ebitmap m = p.typeAttrMap().size() >= t.value() ? p.typeAttrMap().get(t.value() - 1) : Ebitmap.EMPTY;
            for (int bit : m.toArray()) if (bit + 1 != t.value() && p.type(bit + 1).attribute()) attrs.add(p.type(bit + 1).name());
            line("type " + t.name() + (attrs.isEmpty() ? "" : ", " + String.join(", ", attrs)) + ";");
        }
        for (TypeDef t : p.types()) {
            if (expandTrue(t)) {
                line("expandattribute " + t.name() + " true;");
                java.util.BitSet members = inferred.get(t.value() - 1);
                if (members != null) members.stream().forEach(m -> line("typeattribute " + p.type(m + 1).name() + " " + t.name() + ";"));
            }
        }
        for (TypeAlias a : p.aliases()) line("typealias " + p.type(a.value()).name() + " alias " + a.name() + ";");
        for (TypeDef t : p.types()) if (t.bounds() != 0) line("typebounds " + p.type(t.bounds()).name() + " " + t.name() + ";");
        p.permissiveTypes().stream().forEach(v -> { if (v >= 1 && v <= p.types().size()) line("permissive " + p.type(v).name() + ";"); });
        p.policyCaps().stream().forEach(i -> {
            if (i < Expander.POLICY_CAPS.size()) line("policycap " + Expander.POLICY_CAPS.get(i) + ";");
        });
        for (BoolDef b : p.bools()) line("bool " + b.name() + " " + b.state() + ";");
        for (AvEntry e : p.avtab()) line(rule(e));
        List<CondNode> conds = new ArrayList<>(p.conditionals());
        Collections.reverse(conds);
        for (CondNode c : conds) {
            line("if (" + condExpr(c.expr()) + ") {");
            for (String r : branch(c.trueList())) line("\t" + r);
            if (c.trueList().isEmpty() && c.falseList().isEmpty()) line("\t" + emptyRule());
            if (!c.falseList().isEmpty()) {
                line("} else {");
                for (String r : branch(c.falseList())) line("\t" + r);
            }
            line("}");
        }
        // dotted names are bounded by their prefix, which must be declared first
        List<RoleDef> roleOrder = new ArrayList<>(p.roles());
        roleOrder.sort(java.util.Comparator.comparingLong(r -> r.name().chars().filter(ch -> ch == '.').count()));
        for (RoleDef r : roleOrder) {
            if (r.value() == 1) continue;
            line("role " + r.name() + ";");
            if (!r.types().isEmpty()) {
                List<String> names = new ArrayList<>();
                for (int b : r.types().toArray()) names.add(p.type(b + 1).name());
                line("role " + r.name() + " types { " + String.join(" ", names) + " };");
            }
        }
        for (RangeTrans rt : p.rangeTransitions()) {
            line("range_transition " + p.type(rt.source()).name() + " " + p.type(rt.target()).name() + ":"
                    + p.clazz(rt.tclass()).name() + " " + mlsRange(rt.range()) + ";");
        }
        List<RoleAllow> ra = new ArrayList<>(p.roleAllows());
        Collections.reverse(ra);
        for (RoleAllow a : ra) line("allow " + p.role(a.role()).name() + " " + p.role(a.newRole()).name() + ";");
        List<RoleTrans> rt = new ArrayList<>(p.roleTransitions());
        Collections.reverse(rt);
        for (RoleTrans t : rt) {
            line("role_transition " + p.role(t.role()).name() + " " + p.type(t.type()).name() + ":"
                    + p.clazz(t.tclass()).name() + " " + p.role(t.newRole()).name() + ";");
        }
    }

    /** A rule that expands to nothing: keeps a conditional whose rules all expanded to no entries. */
    private String emptyRule() {
        TypeDef t = p.types().stream().filter(x -> !x.attribute()).findFirst().orElse(p.types().get(0));
        ClassDef c = p.classes().get(0);
        String perm = c.perms().isEmpty() ? commonPerms(c).get(0).name() : c.perms().get(0).name();
        return "allow { " + t.name() + " -" + t.name() + " } " + t.name() + ":" + c.name() + " " + perm + ";";
    }

    /** Branch list = type rules (creation order) then access rules (reverse creation); the compiler reverses text. */
    private List<String> branch(List<AvEntry> stored) {
        List<String> text = new ArrayList<>();
        for (AvEntry e : stored) if ((e.kind() & AvEntry.TYPE) == 0) text.add(rule(e));
        List<AvEntry> types = new ArrayList<>();
        for (AvEntry e : stored) if ((e.kind() & AvEntry.TYPE) != 0) types.add(e);
        Collections.reverse(types);
        for (AvEntry e : types) text.add(rule(e));
        return text;
    }

    private String rule(AvEntry e) {
        ClassDef c = p.clazz(e.tclass());
        String st = p.type(e.source()).name() + " " + p.type(e.target()).name() + ":" + c.name();
        switch (e.kind()) {
            case AvEntry.TRANSITION: return "type_transition " + st + " " + p.type(e.data()).name() + ";";
            case AvEntry.MEMBER: return "type_member " + st + " " + p.type(e.data()).name() + ";";
            case AvEntry.CHANGE: return "type_change " + st + " " + p.type(e.data()).name() + ";";
            case AvEntry.ALLOWED: return "allow " + st + " " + permSet(c, e.data()) + ";";
            case AvEntry.AUDITALLOW: return "auditallow " + st + " " + permSet(c, e.data()) + ";";
            default: {
                if (e.data() == 0) return "dontaudit " + st + " *;";
                int defined = definedMask(c);
                if ((e.data() & ~defined) == ~defined && e.data() != ~0) {
                    return "dontaudit " + st + " " + permSet(c, ~e.data() & defined) + ";";
                }
                return "auditdeny " + st + " " + permSet(c, e.data()) + ";";
            }
        }
    }

    private int definedMask(ClassDef c) {
        int n = c.perms().size() + commonPerms(c).size();
        return n >= 32 ? ~0 : (1 << n) - 1;
    }

    private List<PermDef> commonPerms(ClassDef c) {
        if (c.common() == null) return List.of();
        return p.commons().stream().filter(x -> x.name().equals(c.common())).findFirst().map(CommonDef::perms).orElse(List.of());
    }

    private String permName(ClassDef c, int bit) {
        for (PermDef d : c.perms()) if (d.value() == bit + 1) return d.name();
        for (PermDef d : commonPerms(c)) if (d.value() == bit + 1) return d.name();
        return null;
    }

    /** A permission set that compiles to exactly {@code data} where the language allows it. */
    private String permSet(ClassDef c, int data) {
        if (data == ~0) return "*";
        int defined = definedMask(c);
        boolean complement = (data & ~defined) != 0;
        int bits = complement ? ~data & defined : data & defined;
        List<String> names = new ArrayList<>();
        for (int b = 0; b < 32; b++) if ((bits >>> b & 1) != 0) names.add(permName(c, b));
        String set = names.size() == 1 ? names.get(0) : "{ " + String.join(" ", names) + " }";
        return complement ? "~" + set : set;
    }

    private String condExpr(List<CondExpr> expr) {
        List<String> stack = new ArrayList<>();
        for (CondExpr e : expr) {
            if (e.type() == CondExpr.BOOL) { stack.add(p.bool(e.bool()).name()); continue; }
            if (e.type() == CondExpr.NOT) { stack.add("!(" + stack.remove(stack.size() - 1) + ")"); continue; }
            String b = stack.remove(stack.size() - 1), a = stack.remove(stack.size() - 1);
            String op = switch (e.type()) {
                case CondExpr.OR -> "||";
                case CondExpr.AND -> "&&";
                case CondExpr.XOR -> "^";
                case CondExpr.EQ -> "==";
                default -> "!=";
            };
            stack.add("(" + a + ") " + op + " (" + b + ")");
        }
        return stack.isEmpty() ? "" : stack.get(0);
    }

    private void users() {
        List<UserDef> userOrder = new ArrayList<>(p.users());
        userOrder.sort(java.util.Comparator.comparingLong(u -> u.name().chars().filter(ch -> ch == '.').count()));
        for (UserDef u : userOrder) {
            List<String> roles = new ArrayList<>();
            for (int b : u.roles().toArray()) roles.add(p.role(b + 1).name());
            String mls = p.mls() ? " level " + level(u.defaultLevel()) + " range " + mlsRange(u.range()) : "";
            line("user " + u.name() + " roles { " + String.join(" ", roles) + " }" + mls + ";");
        }
    }

    private void constraint(String kw, ClassDef c, Constraint con) {
        List<String> perms = new ArrayList<>();
        for (int b = 0; b < 32; b++) {
            if ((con.permissions() >>> b & 1) != 0) {
                String n = permName(c, b);
                if (n != null) perms.add(n);
            }
        }
        List<String> stack = new ArrayList<>();
        for (ConstraintExpr e : con.expr()) {
            switch (e.exprType()) {
                case ConstraintExpr.NOT -> stack.add("not (" + stack.remove(stack.size() - 1) + ")");
                case ConstraintExpr.AND, ConstraintExpr.OR -> {
                    String b = stack.remove(stack.size() - 1), a = stack.remove(stack.size() - 1);
                    stack.add("(" + a + ") " + (e.exprType() == ConstraintExpr.AND ? "and" : "or") + " (" + b + ")");
                }
                case ConstraintExpr.ATTR -> stack.add(attr(e));
                default -> stack.add(names(e));
            }
        }
        String permPart = kw.endsWith("validatetrans") ? "" : " { " + String.join(" ", perms) + " }";
        line(kw + " " + c.name() + permPart + " (" + (stack.isEmpty() ? "" : stack.get(0)) + ");");
    }

    private static String op(int op) {
        return switch (op) {
            case ConstraintExpr.EQ -> "==";
            case ConstraintExpr.NEQ -> "!=";
            case ConstraintExpr.DOM -> "dom";
            case ConstraintExpr.DOMBY -> "domby";
            default -> "incomp";
        };
    }

    private static String attr(ConstraintExpr e) {
        String[] lr = switch (e.attr()) {
            case ConstraintExpr.USER -> new String[] {"u1", "u2"};
            case ConstraintExpr.ROLE -> new String[] {"r1", "r2"};
            case ConstraintExpr.TYPE -> new String[] {"t1", "t2"};
            case ConstraintExpr.L1L2 -> new String[] {"l1", "l2"};
            case ConstraintExpr.L1H2 -> new String[] {"l1", "h2"};
            case ConstraintExpr.H1L2 -> new String[] {"h1", "l2"};
            case ConstraintExpr.H1H2 -> new String[] {"h1", "h2"};
            case ConstraintExpr.L1H1 -> new String[] {"l1", "h1"};
            default -> new String[] {"l2", "h2"};
        };
        return lr[0] + " " + op(e.op()) + " " + lr[1];
    }

    private String names(ConstraintExpr e) {
        int a = e.attr();
        String who = (a & ConstraintExpr.USER) != 0 ? "u" : (a & ConstraintExpr.ROLE) != 0 ? "r" : "t";
        String n = (a & ConstraintExpr.XTARGET) != 0 ? "3" : (a & ConstraintExpr.TARGET) != 0 ? "2" : "1";
        List<String> ids = new ArrayList<>();
        if ((a & ConstraintExpr.TYPE) != 0) {
            Ebitmap src = e.names();
            if (!e.typeNames().isEmpty() && expandedTypes(e.typeNames()).equals(e.names())) src = e.typeNames();
            for (int b : src.toArray()) ids.add(p.type(b + 1).name());
        } else if ((a & ConstraintExpr.USER) != 0) {
            for (int b : e.names().toArray()) ids.add(p.user(b + 1).name());
        } else {
            for (int b : e.names().toArray()) ids.add(p.role(b + 1).name());
        }
        return who + n + " " + op(e.op()) + " { " + String.join(" ", ids) + " }";
    }

    /** Types and attributes expanded to types using the type-attribute map. */
    private Ebitmap expandedTypes(Ebitmap names) {
        java.util.BitSet out = new java.util.BitSet();
        for (int b : names.toArray()) {
            TypeDef t = p.type(b + 1);
            if (!t.attribute()) { out.set(b); continue; }
            if (inferred.containsKey(b)) { out.or(inferred.get(b)); continue; }
            for (int i = 0; i < p.typeAttrMap().size(); i++) {
                if (!p.type(i + 1).attribute() && p.typeAttrMap().get(i).get(b)) out.set(i);
            }
        }
        return Ebitmap.of(out);
    }
}
