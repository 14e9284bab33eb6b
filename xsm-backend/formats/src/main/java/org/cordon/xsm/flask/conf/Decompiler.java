package org.cordon.xsm.flask.conf;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.cordon.xsm.flask.conf.Ast.Names;
import org.cordon.xsm.flask.conf.Ast.Pos;
import org.cordon.xsm.flask.conf.Ast.Stmt;
import org.cordon.xsm.flask.model.*;

/**
 * Renders a kernel policy as policy.conf statements that checkpolicy (and Cordon) compile back to the same binary:
 * one rule per table entry, in the order that makes the compiler recreate the stored order (branch rule lists and
 * role rules are prepended by the compiler, conditionals come out newest first); {@link ConfPrinter} writes them.
 */
public final class Decompiler {
    /** Xen's initial SID names in SID order, as the newest release's catalogue has them (xenboot first since 4.17). */
    public static final List<String> XEN_SIDS = org.cordon.xsm.catalogue.XenCatalogues.newest().initialSids().stream()
            .map(org.cordon.xsm.catalogue.XenCatalogue.InitialSid::name).toList();

    /** Decompiled statements have no source; they all carry this position. */
    private static final Pos AT = new Pos("<binary policy>", 1, 1);

    private final FlaskPolicy p;
    private final List<Stmt> out = new ArrayList<>();
    /** The initial SID names of the release the policy's classes fit (before 4.17 there is no xenboot). */
    private final List<String> sids;

    /** Members of expandattribute-true attributes, which only constraints still reveal. */
    private final java.util.Map<Integer, java.util.BitSet> inferred = new java.util.HashMap<>();

    private Decompiler(FlaskPolicy p) {
        this.p = p;
        this.sids = sidNames(p);
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
        return ConfPrinter.print(statements(p));
    }

    public static List<Stmt> statements(FlaskPolicy p) {
        Decompiler d = new Decompiler(p);
        d.run();
        return List.copyOf(d.out);
    }

    public static String sidName(int sid) {
        return sidName(XEN_SIDS, sid);
    }

    private static String sidName(List<String> names, int sid) {
        return sid >= 1 && sid <= names.size() ? names.get(sid - 1) : "sid" + sid;
    }

    /** The initial SID names of the Xen release whose classes the policy has; the newest release's otherwise. */
    public static List<String> sidNames(FlaskPolicy p) {
        return ReleaseFit.catalogue(p).map(c -> c.initialSids().stream().map(org.cordon.xsm.catalogue.XenCatalogue.InitialSid::name).toList()).orElse(XEN_SIDS);
    }

    private void add(Stmt s) { out.add(s); }

    private static Names names(List<String> ids) { return new Names(ids); }

    private static Names name(String id) { return Names.of(id); }

    private void run() {
        add(new Ast.Comment(AT, "decompiled by Cordon from a \"" + p.target() + "\" policy" + (p.mls() ? " (MLS)" : "")
                + " with the " + ReleaseFit.describe(p)));
        for (ClassDef c : p.classes()) add(new Ast.ClassDecl(AT, c.name()));
        int maxSid = Math.max(sids.size(), p.initialSids().stream().mapToInt(InitialSid::sid).max().orElse(0));
        for (int i = 1; i <= maxSid; i++) add(new Ast.SidDecl(AT, sidName(sids, i)));
        for (CommonDef c : p.commons()) add(new Ast.CommonDef(AT, c.name(), c.perms().stream().map(PermDef::name).toList()));
        for (ClassDef c : p.classes()) {
            add(new Ast.AvDef(AT, c.name(), c.common(), c.perms().stream().map(PermDef::name).toList()));
        }
        defaults();
        if (p.mls()) mls();
        te();
        users();
        for (ClassDef c : p.classes()) {
            List<Constraint> cons = oldestFirst(c.constraints());
            int mlsCount = p.mls() ? mlsPrefix(cons) : 0;
            for (int i = mlsCount; i < cons.size(); i++) constraint(false, false, c, cons.get(i));
            List<Constraint> vts = oldestFirst(c.validatetrans());
            int mlsVt = p.mls() ? mlsPrefix(vts) : 0;
            for (int i = mlsVt; i < vts.size(); i++) constraint(false, true, c, vts.get(i));
        }
        for (InitialSid s : p.initialSids()) add(new Ast.SidContext(AT, sidName(sids, s.sid()), context(s.context())));
        for (Ocontext.Pirq o : p.pirqs()) add(new Ast.PirqCon(AT, o.irq(), context(o.context())));
        for (Ocontext.IoMem o : p.iomems()) add(new Ast.IomemCon(AT, o.low(), o.high(), context(o.context())));
        for (Ocontext.IoPort o : p.ioports()) add(new Ast.IoportCon(AT, o.low(), o.high(), context(o.context())));
        for (Ocontext.PciDevice o : p.pciDevices()) add(new Ast.PciDeviceCon(AT, o.sbdf() & 0xffffffffL, context(o.context())));
        for (Ocontext.DeviceTree o : p.deviceTrees()) add(new Ast.DeviceTreeCon(AT, o.path(), context(o.context())));
    }

    private void defaults() {
        String[] su = {null, "source", "target"};
        String[][] rng = {null, {"source", "low"}, {"source", "high"}, {"source", "low-high"}, {"target", "low"},
                {"target", "high"}, {"target", "low-high"}, {null, "glblub"}};
        for (ClassDef c : p.classes()) {
            if (c.defaultUser() > 0 && c.defaultUser() < 3) add(new Ast.DefaultRule(AT, "default_user", name(c.name()), su[c.defaultUser()], null));
            if (c.defaultRole() > 0 && c.defaultRole() < 3) add(new Ast.DefaultRule(AT, "default_role", name(c.name()), su[c.defaultRole()], null));
            if (c.defaultType() > 0 && c.defaultType() < 3) add(new Ast.DefaultRule(AT, "default_type", name(c.name()), su[c.defaultType()], null));
            if (c.defaultRange() > 0 && c.defaultRange() < 8) {
                String[] r = rng[c.defaultRange()];
                add(new Ast.DefaultRule(AT, "default_range", name(c.name()), r[0], r[1]));
            }
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
            add(new Ast.Sensitivity(AT, s.name(), al.isEmpty() ? null : names(al)));
        }
        add(new Ast.Dominance(AT, prim.stream().map(SensDef::name).toList()));
        for (CatDef c : p.categories()) {
            if (c.alias()) continue;
            List<String> al = p.categories().stream().filter(x -> x.alias() && x.value() == c.value()).map(CatDef::name).toList();
            add(new Ast.Category(AT, c.name(), al.isEmpty() ? null : names(al)));
        }
        for (SensDef s : prim) add(new Ast.LevelDef(AT, s.name(), cats(s.level().cats())));
        for (ClassDef c : p.classes()) {
            List<Constraint> cons = oldestFirst(c.constraints());
            int n = mlsPrefix(cons);
            for (int i = 0; i < n; i++) constraint(true, false, c, cons.get(i));
            List<Constraint> vts = oldestFirst(c.validatetrans());
            int nv = mlsPrefix(vts);
            for (int i = 0; i < nv; i++) constraint(true, true, c, vts.get(i));
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

    /** Categories as level statements write them: runs of consecutive ones as "lo.hi". */
    private List<String> cats(Ebitmap cats) {
        List<String> parts = new ArrayList<>();
        int[] bits = cats.toArray();
        for (int i = 0; i < bits.length; ) {
            int j = i;
            while (j + 1 < bits.length && bits[j + 1] == bits[j] + 1) j++;
            String lo = catName(bits[i] + 1);
            if (j - i >= 1) parts.add(lo + "." + catName(bits[j] + 1)); else parts.add(lo);
            i = j + 1;
        }
        return parts;
    }

    private String catName(int value) {
        return p.categories().stream().filter(c -> !c.alias() && c.value() == value).map(CatDef::name).findFirst()
                .orElse("c" + (value - 1));
    }

    private Ast.Level level(MlsLevel l) {
        String sens = primaries().stream().filter(s -> s.level().sens() == l.sens()).map(SensDef::name).findFirst()
                .orElse("s" + (l.sens() - 1));
        return new Ast.Level(sens, cats(l.cats()));
    }

    private Ast.Range mlsRange(MlsRange r) {
        return new Ast.Range(level(r.low()), level(r.high()));
    }

    private Ast.Ctx context(Context c) {
        String type = p.type(c.type()).name();
        if (p.mls() && type.matches("[0-9A-Fa-f]{1,4}")) {
            // ":ab:" would lex as an IPv6 address (as in checkpolicy): use an alias if the type has one
            for (TypeAlias a : p.aliases()) {
                if (a.value() == c.type() && !a.name().matches("[0-9A-Fa-f]{1,4}")) { type = a.name(); break; }
            }
        }
        return new Ast.Ctx(p.user(c.user()).name(), p.role(c.role()).name(), type, p.mls() ? mlsRange(c.range()) : null);
    }

    private void te() {
        for (TypeDef t : p.types()) if (t.attribute()) add(new Ast.Attribute(AT, t.name()));
        for (TypeDef t : p.types()) {
            if (t.attribute()) continue;
            List<String> attrs = new ArrayList<>();
            Ebitmap m = p.typeAttrMap().size() >= t.value() ? p.typeAttrMap().get(t.value() - 1) : Ebitmap.EMPTY;
            for (int bit : m.toArray()) if (bit + 1 != t.value() && p.type(bit + 1).attribute()) attrs.add(p.type(bit + 1).name());
            add(new Ast.TypeDecl(AT, t.name(), null, attrs));
        }
        for (TypeDef t : p.types()) {
            if (expandTrue(t)) {
                add(new Ast.ExpandAttribute(AT, name(t.name()), true));
                java.util.BitSet members = inferred.get(t.value() - 1);
                if (members != null) {
                    members.stream().forEach(m -> add(new Ast.TypeAttribute(AT, p.type(m + 1).name(), List.of(t.name()))));
                }
            }
        }
        for (TypeAlias a : p.aliases()) add(new Ast.TypeAliasDecl(AT, p.type(a.value()).name(), name(a.name())));
        for (TypeDef t : p.types()) {
            if (t.bounds() != 0) add(new Ast.TypeBounds(AT, p.type(t.bounds()).name(), List.of(t.name())));
        }
        p.permissiveTypes().stream().forEach(v -> {
            if (v >= 1 && v <= p.types().size()) add(new Ast.Permissive(AT, p.type(v).name()));
        });
        p.policyCaps().stream().forEach(i -> {
            if (i < Expander.POLICY_CAPS.size()) add(new Ast.PolicyCap(AT, Expander.POLICY_CAPS.get(i)));
        });
        for (BoolDef b : p.bools()) add(new Ast.BoolDecl(AT, b.name(), b.state(), false));
        for (AvEntry e : p.avtab()) add(rule(e));
        List<CondNode> conds = new ArrayList<>(p.conditionals());
        Collections.reverse(conds);
        for (CondNode c : conds) {
            List<Stmt> whenTrue = branch(c.trueList());
            if (c.trueList().isEmpty() && c.falseList().isEmpty()) whenTrue = List.of(emptyRule());
            add(new Ast.Cond(AT, condExpr(c.expr()), whenTrue, branch(c.falseList())));
        }
        // dotted names are bounded by their prefix, which must be declared first
        List<RoleDef> roleOrder = new ArrayList<>(p.roles());
        roleOrder.sort(java.util.Comparator.comparingLong(r -> r.name().chars().filter(ch -> ch == '.').count()));
        for (RoleDef r : roleOrder) {
            if (r.value() == 1) continue;
            add(new Ast.RoleDecl(AT, r.name(), List.of()));
            if (!r.types().isEmpty()) {
                List<String> types = new ArrayList<>();
                for (int b : r.types().toArray()) types.add(p.type(b + 1).name());
                add(new Ast.RoleTypes(AT, r.name(), names(types)));
            }
        }
        for (RangeTrans rt : p.rangeTransitions()) {
            add(new Ast.RangeTrans(AT, name(p.type(rt.source()).name()), name(p.type(rt.target()).name()),
                    name(p.clazz(rt.tclass()).name()), mlsRange(rt.range())));
        }
        List<RoleAllow> ra = new ArrayList<>(p.roleAllows());
        Collections.reverse(ra);
        for (RoleAllow a : ra) add(new Ast.RoleAllow(AT, name(p.role(a.role()).name()), name(p.role(a.newRole()).name())));
        List<RoleTrans> rt = new ArrayList<>(p.roleTransitions());
        Collections.reverse(rt);
        for (RoleTrans t : rt) {
            add(new Ast.RoleTransition(AT, name(p.role(t.role()).name()), name(p.type(t.type()).name()),
                    name(p.clazz(t.tclass()).name()), p.role(t.newRole()).name()));
        }
    }

    /** A rule that expands to nothing: keeps a conditional whose rules all expanded to no entries. */
    private Stmt emptyRule() {
        TypeDef t = p.types().stream().filter(x -> !x.attribute()).findFirst().orElse(p.types().get(0));
        ClassDef c = p.classes().get(0);
        String perm = c.perms().isEmpty() ? commonPerms(c).get(0).name() : c.perms().get(0).name();
        return new Ast.AvRule(AT, "allow", names(List.of(t.name(), "-", t.name())), name(t.name()), name(c.name()),
                name(perm));
    }

    /** Branch list = type rules (creation order) then access rules (reverse creation); the compiler reverses text. */
    private List<Stmt> branch(List<AvEntry> stored) {
        List<Stmt> rules = new ArrayList<>();
        for (AvEntry e : stored) if ((e.kind() & AvEntry.TYPE) == 0) rules.add(rule(e));
        List<AvEntry> types = new ArrayList<>();
        for (AvEntry e : stored) if ((e.kind() & AvEntry.TYPE) != 0) types.add(e);
        Collections.reverse(types);
        for (AvEntry e : types) rules.add(rule(e));
        return rules;
    }

    private Stmt rule(AvEntry e) {
        ClassDef c = p.clazz(e.tclass());
        Names source = name(p.type(e.source()).name()), target = name(p.type(e.target()).name()), cls = name(c.name());
        switch (e.kind()) {
            case AvEntry.TRANSITION: return new Ast.TypeRule(AT, "type_transition", source, target, cls, p.type(e.data()).name(), null);
            case AvEntry.MEMBER: return new Ast.TypeRule(AT, "type_member", source, target, cls, p.type(e.data()).name(), null);
            case AvEntry.CHANGE: return new Ast.TypeRule(AT, "type_change", source, target, cls, p.type(e.data()).name(), null);
            case AvEntry.ALLOWED: return new Ast.AvRule(AT, "allow", source, target, cls, permSet(c, e.data()));
            case AvEntry.AUDITALLOW: return new Ast.AvRule(AT, "auditallow", source, target, cls, permSet(c, e.data()));
            default: {
                if (e.data() == 0) return new Ast.AvRule(AT, "dontaudit", source, target, cls, name("*"));
                int defined = definedMask(c);
                if ((e.data() & ~defined) == ~defined && e.data() != ~0) {
                    return new Ast.AvRule(AT, "dontaudit", source, target, cls, permSet(c, ~e.data() & defined));
                }
                return new Ast.AvRule(AT, "auditdeny", source, target, cls, permSet(c, e.data()));
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
    private Names permSet(ClassDef c, int data) {
        if (data == ~0) return name("*");
        int defined = definedMask(c);
        boolean complement = (data & ~defined) != 0;
        int bits = complement ? ~data & defined : data & defined;
        List<String> perms = new ArrayList<>();
        for (int b = 0; b < 32; b++) if ((bits >>> b & 1) != 0) perms.add(permName(c, b));
        if (complement) perms.add("~");
        return names(perms);
    }

    private List<Ast.BNode> condExpr(List<CondExpr> expr) {
        List<Ast.BNode> nodes = new ArrayList<>();
        for (CondExpr e : expr) nodes.add(new Ast.BNode(e.type(), e.type() == CondExpr.BOOL ? p.bool(e.bool()).name() : null, AT));
        return nodes;
    }

    private void users() {
        List<UserDef> userOrder = new ArrayList<>(p.users());
        userOrder.sort(java.util.Comparator.comparingLong(u -> u.name().chars().filter(ch -> ch == '.').count()));
        for (UserDef u : userOrder) {
            List<String> roles = new ArrayList<>();
            for (int b : u.roles().toArray()) roles.add(p.role(b + 1).name());
            add(new Ast.User(AT, u.name(), names(roles), p.mls() ? level(u.defaultLevel()) : null,
                    p.mls() ? mlsRange(u.range()) : null));
        }
    }

    private void constraint(boolean mls, boolean validatetrans, ClassDef c, Constraint con) {
        List<String> perms = new ArrayList<>();
        for (int b = 0; b < 32; b++) {
            if ((con.permissions() >>> b & 1) != 0) {
                String n = permName(c, b);
                if (n != null) perms.add(n);
            }
        }
        List<Ast.CNode> expr = new ArrayList<>();
        for (ConstraintExpr e : con.expr()) {
            expr.add(new Ast.CNode(e.exprType(), e.attr(), e.op(), e.exprType() == ConstraintExpr.NAMES ? names(e) : null));
        }
        add(validatetrans ? new Ast.Validatetrans(AT, mls, name(c.name()), expr)
                : new Ast.Constrain(AT, mls, name(c.name()), names(perms), expr));
    }

    private Names names(ConstraintExpr e) {
        int a = e.attr();
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
        return names(ids);
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
