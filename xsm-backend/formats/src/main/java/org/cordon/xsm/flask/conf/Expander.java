package org.cordon.xsm.flask.conf;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.cordon.xsm.flask.PolicyConfException;
import org.cordon.xsm.flask.binary.HashOrder;
import org.cordon.xsm.flask.conf.Ast.*;
import org.cordon.xsm.flask.conf.BaseSymbols.*;
import org.cordon.xsm.flask.model.*;

/**
 * Compiles policy.conf statements into a kernel {@link FlaskPolicy} the way checkpolicy 3.4 does: a base
 * policy with declaration-order numbering (two passes, so rules may refer to later declarations), then
 * libsepol's expansion: types, roles, users and booleans renumbered in hash-table order, attributes kept in
 * access rules but expanded in type rules, self rules, role types and constraints, conditionals merged by
 * truth table, and the type-attribute map.
 */
public final class Expander {
    static final int AVRULE_ALLOWED = 1, AVRULE_AUDITALLOW = 2, AVRULE_AUDITDENY = 4, AVRULE_DONTAUDIT = 8,
            AVRULE_TRANSITION = 16, AVRULE_MEMBER = 32, AVRULE_CHANGE = 64, AVRULE_NEVERALLOW = 128;
    static final List<String> POLICY_CAPS = List.of("network_peer_controls", "open_perms", "extended_socket_class",
            "always_check_network", "cgroup_seclabel", "nnp_nosuid_transition", "genfs_seclabel_symlinks",
            "ioctl_skip_cloexec");

    private final boolean mls;
    private final BaseSymbols b = new BaseSymbols();

    /** A base access/type rule (checkpolicy avrule_t). */
    record BaseRule(Pos pos, int specified, TypeSet stypes, TypeSet ttypes, boolean self,
                    List<int[]> perms /* {class, data} */) { }

    /** A base conditional node with its normalized expression (bool names) and rule lists. */
    static final class BaseCond {
        List<BNode> expr;
        Pos pos;
        boolean tunable;
        final List<BaseRule> t = new ArrayList<>(), f = new ArrayList<>();
        TruthTable key;
    }

    private final List<BaseRule> avrules = new ArrayList<>();
    private final List<BaseRule> neverallows = new ArrayList<>();
    private final List<BaseCond> condList = new ArrayList<>(); // newest first, like checkpolicy's decl list
    private final List<Object[]> roleAllowRules = new ArrayList<>(); // newest first: {BitSet roles, BitSet newRoles}
    private final List<Object[]> roleTransRules = new ArrayList<>(); // newest first: {BitSet, TypeSet, BitSet, Role}
    private final List<Object[]> rangeTransRules = new ArrayList<>(); // newest first: {TypeSet, TypeSet, BitSet, Range, Pos}
    private final Map<String, Ctx> sidContexts = new HashMap<>();
    private final java.util.Set<List<Integer>> roleTransSeen = new java.util.HashSet<>();
    private final List<Stmt> ocons = new ArrayList<>();
    private final BitSet policyCaps = new BitSet();
    private Pos firstPos = new Pos("policy.conf", 1, 1);

    private Expander(boolean mls) { this.mls = mls; }

    /** Where each allow rule's expanded entries came from (for explaining a decision); null: not traced. */
    private java.util.function.Consumer<AllowOrigin> tracer;

    public static FlaskPolicy compile(List<Stmt> stmts, boolean mls) throws PolicyConfException {
        return compile(stmts, mls, null);
    }

    /** Like {@link #compile(List, boolean)}, telling {@code tracer} the source of every expanded allow entry. */
    public static FlaskPolicy compile(List<Stmt> stmts, boolean mls, java.util.function.Consumer<AllowOrigin> tracer)
            throws PolicyConfException {
        Expander e = new Expander(mls);
        e.tracer = tracer;
        if (!stmts.isEmpty()) e.firstPos = stmts.get(0).pos();
        try {
            e.pass1(stmts);
            e.pass2(stmts);
            return e.expand();
        } catch (Fail f) {
            Pos p = f.pos;
            throw new PolicyConfException(p.file(), p.line(), p.col(), f.getMessage());
        }
    }

    static final class Fail extends RuntimeException {
        final Pos pos;
        Fail(Pos pos, String msg) { super(msg, null, false, false); this.pos = pos; }
    }

    private static Fail fail(Pos pos, String msg) { return new Fail(pos, msg); }

    // ------------------------------------------------------------------ pass 1: declarations

    private void pass1(List<Stmt> stmts) {
        for (Stmt s : stmts) {
            if (s instanceof ClassDecl c) {
                if (b.classes.containsKey(c.name())) throw fail(c.pos(), "duplicate class " + c.name());
                Clazz cl = new Clazz(c.name(), b.classList.size() + 1);
                b.classes.put(c.name(), cl);
                b.classList.add(cl);
                // the binary's rules name a class in 16 bits, as they name a type
                if (b.classList.size() > 0xffff) throw fail(c.pos(), "class space overflow");
            } else if (s instanceof SidDecl c) {
                if (b.sids.containsKey(c.name())) throw fail(c.pos(), "duplicate initial SID " + c.name());
                b.sids.put(c.name(), b.sids.size() + 1);
            } else if (s instanceof Ast.CommonDef c) {
                if (b.commons.containsKey(c.name())) throw fail(c.pos(), "duplicate common " + c.name());
                Common cm = new Common(c.name(), b.commons.size() + 1);
                for (String p : c.perms()) {
                    if (cm.perms.putIfAbsent(p, cm.perms.size() + 1) != null) throw fail(c.pos(), "duplicate permission " + p);
                }
                if (cm.perms.size() > 32) throw fail(c.pos(), "too many permissions in common " + c.name());
                b.commons.put(c.name(), cm);
            } else if (s instanceof AvDef c) {
                avDef(c);
            } else if (s instanceof Sensitivity c) {
                requireMls(c.pos(), "sensitivity");
                if (c.name().contains(".")) throw fail(c.pos(), "sensitivity identifiers may not contain periods");
                Sens sn = new Sens(c.name(), false);
                if (b.sens.putIfAbsent(c.name(), sn) != null) throw fail(c.pos(), "duplicate sensitivity " + c.name());
                if (c.aliases() != null) for (String a : plainIds(c.pos(), c.aliases())) {
                    Sens al = new Sens(a, true);
                    al.primary = sn;
                    if (b.sens.putIfAbsent(a, al) != null) throw fail(c.pos(), "duplicate sensitivity " + a);
                }
            } else if (s instanceof Dominance c) {
                int order = 0;
                for (String n : c.order()) {
                    Sens sn = b.sens.get(n);
                    if (sn == null) throw fail(c.pos(), "unknown sensitivity " + n + " used in dominance");
                    sn = sn.alias ? sn.primary : sn;
                    if (sn.order != 0) throw fail(c.pos(), "sensitivity " + n + " occurs multiply in dominance");
                    sn.order = ++order;
                }
                long primaries = b.sens.values().stream().filter(x -> !x.alias).count();
                if (order != primaries) throw fail(c.pos(), "all sensitivities must be specified in dominance");
            } else if (s instanceof Category c) {
                requireMls(c.pos(), "category");
                if (c.name().contains(".")) throw fail(c.pos(), "category identifiers may not contain periods");
                Cat ct = new Cat(c.name(), b.catList.size() + 1, false);
                if (b.cats.putIfAbsent(c.name(), ct) != null) throw fail(c.pos(), "duplicate category " + c.name());
                b.catList.add(ct);
                if (c.aliases() != null) for (String a : plainIds(c.pos(), c.aliases())) {
                    if (b.cats.putIfAbsent(a, new Cat(a, ct.value, true)) != null) throw fail(c.pos(), "duplicate category " + a);
                }
            } else if (s instanceof LevelDef c) {
                Sens sn = b.sens.get(c.sens());
                if (sn == null) throw fail(c.pos(), "unknown sensitivity " + c.sens() + " used in level definition");
                if (sn.alias) sn = sn.primary;
                if (!sn.cats.isEmpty()) throw fail(c.pos(), "sensitivity " + c.sens() + " used in multiple level definitions");
                for (String id : c.cats()) sn.cats.or(catRange(c.pos(), id));
            } else if (s instanceof Attribute c) {
                declareType(c.pos(), c.name(), true);
            } else if (s instanceof TypeDecl c) {
                Type t = declareType(c.pos(), c.name(), false);
                if (c.aliases() != null) for (String a : plainIds(c.pos(), c.aliases())) declareAlias(c.pos(), a, t);
            } else if (s instanceof BoolDecl c) {
                if (c.name().contains(".")) throw fail(c.pos(), "boolean identifiers may not contain periods");
                if (b.bools.containsKey(c.name())) throw fail(c.pos(), "duplicate boolean " + c.name());
                Bool bo = new Bool(c.name(), b.boolList.size() + 1, c.state());
                bo.tunable = c.tunable();
                b.bools.put(c.name(), bo);
                b.boolList.add(bo);
            } else if (s instanceof RoleDecl c) {
                if (!c.attrs().isEmpty()) throw fail(c.pos(), "role attributes are not supported");
                if (!b.roles.containsKey(c.name())) {
                    Role r = new Role(c.name(), b.roleList.size() + 1);
                    int dot = c.name().lastIndexOf('.');
                    if (dot >= 0) {
                        // checkpolicy gives dotted roles an implicit bound, which must already be declared
                        Role parent = b.roles.get(c.name().substring(0, dot));
                        if (parent == null) {
                            throw fail(c.pos(), "role " + c.name().substring(0, dot) + " doesn't exist, is implicit bounds of " + c.name());
                        }
                        r.bounds = parent.value;
                    }
                    b.roles.put(c.name(), r);
                    b.roleList.add(r);
                }
            } else if (s instanceof AttributeRole c) {
                throw fail(c.pos(), "attribute_role is not supported");
            } else if (s instanceof RoleAttribute c) {
                throw fail(c.pos(), "roleattribute is not supported");
            } else if (s instanceof RoleDominance c) {
                throw fail(c.pos(), "role dominance is not supported");
            } else if (s instanceof Cond c) {
                for (Stmt r : c.whenTrue()) checkCondRule(r);
                for (Stmt r : c.whenFalse()) checkCondRule(r);
            }
        }
        // aliases declared with typealias need their types, so they come after all type declarations
        for (Stmt s : stmts) {
            if (s instanceof TypeAliasDecl c) {
                Type t = b.types.get(c.type());
                if (t == null || t.attribute) throw fail(c.pos(), "unknown type " + c.type());
                for (String a : plainIds(c.pos(), c.aliases())) declareAlias(c.pos(), a, t);
            }
        }
    }

    private void checkCondRule(Stmt r) {
        if (r instanceof TypeRule t && t.filename() != null) {
            throw fail(t.pos(), "filename type transitions are not supported for Xen policies");
        }
        if (r instanceof AvRule a && a.kind().equals("neverallow")) {
            throw fail(a.pos(), "neverallow is not allowed in a conditional");
        }
    }

    private void requireMls(Pos pos, String what) {
        if (!mls) throw fail(pos, what + " definition in non-MLS configuration (compile with MLS enabled)");
    }

    private void avDef(AvDef c) {
        Clazz cl = b.classes.get(c.name());
        if (cl == null) throw fail(c.pos(), "class " + c.name() + " is not defined");
        if (cl.defined) throw fail(c.pos(), "duplicate access vector definition for class " + c.name());
        cl.defined = true;
        if (c.inherits() != null) {
            Common cm = b.commons.get(c.inherits());
            if (cm == null) throw fail(c.pos(), "common " + c.inherits() + " is not defined");
            cl.common = cm;
            cl.nprim = cm.perms.size();
        }
        for (String p : c.perms()) {
            if (cl.perms.containsKey(p) || (cl.common != null && cl.common.perms.containsKey(p))) {
                throw fail(c.pos(), "duplicate permission " + p + " in class " + c.name());
            }
            cl.perms.put(p, ++cl.nprim);
            if (cl.nprim > 32) throw fail(c.pos(), "too many permissions to fit in an access vector (class " + c.name() + ")");
        }
    }

    private Type declareType(Pos pos, String name, boolean attribute) {
        if (b.types.containsKey(name) || b.aliases.containsKey(name)) {
            throw fail(pos, "duplicate declaration of type/attribute " + name);
        }
        Type t = new Type(name, b.typeList.size() + 1, attribute);
        b.types.put(name, t);
        b.typeList.add(t);
        if (b.typeList.size() > 0xffff) throw fail(pos, "type space overflow");
        return t;
    }

    private void declareAlias(Pos pos, String name, Type t) {
        if (name.contains(".")) throw fail(pos, "type alias identifiers may not contain periods");
        if (b.types.containsKey(name) || b.aliases.containsKey(name)) {
            throw fail(pos, "duplicate declaration of alias " + name);
        }
        b.aliases.put(name, t);
    }

    private List<String> plainIds(Pos pos, Names n) {
        for (String s : n.items()) {
            if (s.equals("*") || s.equals("~") || s.equals("-")) throw fail(pos, "'" + s + "' is not allowed here");
        }
        return n.items();
    }

    private BitSet catRange(Pos pos, String id) {
        BitSet out = new BitSet();
        int dot = id.indexOf('.');
        if (dot < 0) {
            Cat c = b.cats.get(id);
            if (c == null) throw fail(pos, "unknown category " + id);
            out.set(c.value - 1);
            return out;
        }
        Cat lo = b.cats.get(id.substring(0, dot)), hi = b.cats.get(id.substring(dot + 1));
        if (lo == null) throw fail(pos, "unknown category " + id.substring(0, dot));
        if (hi == null) throw fail(pos, "unknown category " + id.substring(dot + 1));
        if (lo.value > hi.value) throw fail(pos, "category range " + id + " is invalid");
        out.set(lo.value - 1, hi.value);
        return out;
    }

    // ------------------------------------------------------------------ pass 2: rules

    private void pass2(List<Stmt> stmts) {
        for (Stmt s : stmts) {
            if (s instanceof DefaultRule c) {
                defaults(c);
            } else if (s instanceof TypeDecl c) {
                Type t = b.types.get(c.name());
                int dot = c.name().lastIndexOf('.');
                if (dot >= 0) typeBounds(c.pos(), c.name().substring(0, dot), c.name());
                for (String a : c.attrs()) addAttr(c.pos(), t, a);
            } else if (s instanceof TypeAttribute c) {
                Type t = b.lookupType(c.type());
                if (t == null || t.attribute) throw fail(c.pos(), "unknown type " + c.type());
                for (String a : c.attrs()) addAttr(c.pos(), t, a);
            } else if (s instanceof TypeBounds c) {
                for (String n : c.bounded()) typeBounds(c.pos(), c.bounding(), n);
            } else if (s instanceof ExpandAttribute c) {
                for (String n : plainIds(c.pos(), c.attrs())) {
                    Type t = b.types.get(n);
                    if (t == null || !t.attribute) throw fail(c.pos(), n + " is not an attribute");
                    t.expandTrue = c.expand();
                }
            } else if (s instanceof Permissive c) {
                Type t = b.lookupType(c.type());
                if (t == null || t.attribute) throw fail(c.pos(), "unknown type " + c.type());
                t.permissive = true;
            } else if (s instanceof PolicyCap c) {
                int i = POLICY_CAPS.indexOf(c.name());
                if (i < 0) throw fail(c.pos(), "invalid policy capability name " + c.name());
                policyCaps.set(i);
            } else if (s instanceof AvRule c) {
                BaseRule r = avRule(c);
                if (r.specified() == AVRULE_NEVERALLOW) neverallows.add(r); else avrules.add(r);
            } else if (s instanceof TypeRule c) {
                if (c.filename() != null) throw fail(c.pos(), "filename type transitions are not supported for Xen policies");
                avrules.add(typeRule(c));
            } else if (s instanceof Ast.RangeTrans c) {
                if (!mls) throw fail(c.pos(), "range_transition rule in non-MLS configuration");
                if (c.classes() == null) throw fail(c.pos(), "could not find process class for legacy range_transition statement");
                TypeSet st = new TypeSet(), tt = new TypeSet();
                typeSet(c.pos(), c.sources(), st, false);
                typeSet(c.pos(), c.targets(), tt, false);
                rangeTransRules.add(0, new Object[] {st, tt, classSet(c.pos(), c.classes()), c.range(), c.pos()});
            } else if (s instanceof Cond c) {
                cond(c);
            } else if (s instanceof RoleTypes c) {
                Role r = b.roles.get(c.role());
                if (r == null) throw fail(c.pos(), "unknown role " + c.role());
                typeSet(c.pos(), c.types(), r.types, false);
            } else if (s instanceof Ast.RoleAllow c) {
                roleAllowRules.add(0, new Object[] {roleSet(c.pos(), c.roles()), roleSet(c.pos(), c.newRoles())});
            } else if (s instanceof RoleTransition c) {
                if (c.classes() == null) throw fail(c.pos(), "role_transition needs a class for Xen policies");
                TypeSet ts = new TypeSet();
                typeSet(c.pos(), c.types(), ts, false);
                Role nr = b.roles.get(c.newRole());
                if (nr == null) throw fail(c.pos(), "unknown role " + c.newRole());
                BitSet rs = roleSet(c.pos(), c.roles()), cs = classSet(c.pos(), c.classes());
                for (int ri : rs.stream().toArray()) for (int ti : baseExpand(ts).stream().toArray()) for (int ci : cs.stream().toArray()) {
                    if (!roleTransSeen.add(List.of(ri, ti, ci))) {
                        throw fail(c.pos(), "duplicate role transition for (" + b.roleList.get(ri).name + ","
                                + b.typeList.get(ti).name + "," + b.classList.get(ci).name + ")");
                    }
                }
                roleTransRules.add(0, new Object[] {rs, ts, cs, nr, c.pos()});
            } else if (s instanceof Ast.User c) {
                user(c);
            } else if (s instanceof Constrain c) {
                constrain(c);
            } else if (s instanceof Validatetrans c) {
                List<CExprBase> expr = cexpr(c.pos(), c.expr(), true);
                classSet(c.pos(), c.classes()).stream().forEach(i -> b.classList.get(i).validatetrans.add(0, new ConstraintBase(0, expr)));
            } else if (s instanceof SidContext c) {
                if (!b.sids.containsKey(c.sid())) throw fail(c.pos(), "SID " + c.sid() + " is not defined");
                if (sidContexts.putIfAbsent(c.sid(), c.context()) != null) {
                    throw fail(c.pos(), "the context for SID " + c.sid() + " is multiply defined");
                }
                checkContext(c.pos(), c.context());
            } else if (s instanceof PirqCon || s instanceof IomemCon || s instanceof IoportCon
                    || s instanceof PciDeviceCon || s instanceof DeviceTreeCon) {
                ocon(s);
            }
        }
    }

    private void defaults(DefaultRule c) {
        for (int cls : classSet(c.pos(), c.classes()).stream().toArray()) {
            Clazz cl = b.classList.get(cls);
            int v;
            switch (c.kind()) {
                case "default_user", "DEFAULT_USER" -> {
                    v = c.which().equalsIgnoreCase("source") ? 1 : 2;
                    if (cl.defaultUser != 0 && cl.defaultUser != v) throw fail(c.pos(), "duplicate default_user for class " + cl.name);
                    cl.defaultUser = v;
                }
                case "default_role", "DEFAULT_ROLE" -> {
                    v = c.which().equalsIgnoreCase("source") ? 1 : 2;
                    if (cl.defaultRole != 0 && cl.defaultRole != v) throw fail(c.pos(), "duplicate default_role for class " + cl.name);
                    cl.defaultRole = v;
                }
                case "default_type", "DEFAULT_TYPE" -> {
                    v = c.which().equalsIgnoreCase("source") ? 1 : 2;
                    if (cl.defaultType != 0 && cl.defaultType != v) throw fail(c.pos(), "duplicate default_type for class " + cl.name);
                    cl.defaultType = v;
                }
                default -> {
                    String part = c.part().toLowerCase(Locale.ROOT);
                    if (part.equals("glblub")) v = 7;
                    else {
                        int base = c.which().equalsIgnoreCase("source") ? 0 : 3;
                        v = base + switch (part) { case "low" -> 1; case "high" -> 2; default -> 3; };
                    }
                    if (cl.defaultRange != 0 && cl.defaultRange != v) throw fail(c.pos(), "duplicate default_range for class " + cl.name);
                    cl.defaultRange = v;
                }
            }
        }
    }

    /** checkpolicy define_typebounds_helper: also used for the implicit bound of a dotted type name. */
    private void typeBounds(Pos pos, String boundingName, String typeName) {
        Type bounding = b.types.get(boundingName);
        if (bounding == null) bounding = b.aliases.get(boundingName);
        if (bounding == null || bounding.attribute) throw fail(pos, "unknown type " + boundingName);
        Type t = b.lookupType(typeName);
        if (t == null || t.attribute) throw fail(pos, "type " + typeName + " is not declared");
        if (t.bounds == 0) t.bounds = bounding.value;
        else if (t.bounds != bounding.value) {
            throw fail(pos, "type " + typeName + " has inconsistent master {" + b.typeList.get(t.bounds - 1).name + ","
                    + bounding.name + "}");
        }
    }

    private void addAttr(Pos pos, Type t, String attrName) {
        Type a = b.types.get(attrName);
        if (a == null) throw fail(pos, "attribute " + attrName + " is not declared");
        if (!a.attribute) throw fail(pos, attrName + " is a type, not an attribute");
        a.members.add(t.value - 1);
    }

    /** checkpolicy set_types over a name list. */
    private void typeSet(Pos pos, Names n, TypeSet set, boolean starAllowed) {
        boolean add = true;
        for (String id : n.items()) {
            switch (id) {
                case "*" -> {
                    if (!starAllowed) throw fail(pos, "* not allowed in this type of rule");
                    set.flags = 1;
                    add = true;
                }
                case "~" -> {
                    if (!starAllowed) throw fail(pos, "~ not allowed in this type of rule");
                    set.flags = 2;
                    add = true;
                }
                case "-" -> add = false;
                default -> {
                    Type t = b.lookupType(id);
                    if (t == null) throw fail(pos, "unknown type " + id);
                    if (add) {
                        set.add(t.value - 1);
                    } else {
                        set.negset.set(t.value - 1);
                    }
                    add = true;
                }
            }
        }
    }

    private BitSet classSet(Pos pos, Names n) {
        BitSet out = new BitSet();
        for (String id : plainIds(pos, n)) {
            Clazz c = b.classes.get(id);
            if (c == null) throw fail(pos, "unknown class " + id);
            out.set(c.value - 1);
        }
        return out;
    }

    private BitSet roleSet(Pos pos, Names n) {
        BitSet out = new BitSet();
        for (String id : n.items()) {
            if (id.equals("*") || id.equals("~") || id.equals("-")) throw fail(pos, id + " is not allowed for role sets");
            Role r = b.roles.get(id);
            if (r == null) throw fail(pos, "unknown role " + id);
            out.set(r.value - 1);
        }
        return out;
    }

    /** A rule's targets into {@code tt}, all but {@code self}; whether {@code self} was among them. */
    private boolean targetSet(Pos pos, Names targets, TypeSet tt, boolean starAllowed) {
        if (!targets.items().contains("self")) {
            typeSet(pos, targets, tt, starAllowed); // most rules: the names as they are, not a copy
            return false;
        }
        List<String> others = new ArrayList<>();
        boolean add = true;
        for (String id : targets.items()) {
            if (id.equals("self")) {
                if (!add) throw fail(pos, "-self is not supported");
                continue;
            }
            add = !id.equals("-");
            others.add(id);
        }
        typeSet(pos, new Names(others), tt, starAllowed);
        return true;
    }

    private BaseRule avRule(AvRule c) {
        int which = switch (c.kind()) {
            case "allow" -> AVRULE_ALLOWED;
            case "auditallow" -> AVRULE_AUDITALLOW;
            case "auditdeny" -> AVRULE_AUDITDENY;
            case "dontaudit" -> AVRULE_DONTAUDIT;
            default -> AVRULE_NEVERALLOW;
        };
        TypeSet st = new TypeSet(), tt = new TypeSet();
        typeSet(c.pos(), c.sources(), st, which == AVRULE_NEVERALLOW);
        boolean self = targetSet(c.pos(), c.targets(), tt, which == AVRULE_NEVERALLOW);
        BitSet classes = classSet(c.pos(), c.classes());
        int[] clsArr = new int[classes.cardinality()];
        for (int i = classes.nextSetBit(0), k = 0; i >= 0; i = classes.nextSetBit(i + 1)) clsArr[k++] = i;
        int[] data = new int[clsArr.length];
        for (String id : c.perms().items()) {
            for (int k = 0; k < clsArr.length; k++) {
                Clazz cl = b.classList.get(clsArr[k]);
                if (id.equals("*")) { data[k] = ~0; continue; }
                if (id.equals("~")) { data[k] = ~data[k]; continue; }
                if (id.equals("-")) throw fail(c.pos(), "'-' is not allowed in a permission set");
                Integer v = cl.perm(id);
                if (v == null) throw fail(c.pos(), "permission " + id + " is not defined for class " + cl.name);
                data[k] |= 1 << (v - 1);
            }
        }
        List<int[]> perms = new ArrayList<>(clsArr.length);
        for (int k = 0; k < clsArr.length; k++) perms.add(new int[] {clsArr[k] + 1, data[k]});
        return new BaseRule(c.pos(), which, st, tt, self, perms);
    }

    private BaseRule typeRule(TypeRule c) {
        int which = switch (c.kind()) {
            case "type_transition" -> AVRULE_TRANSITION;
            case "type_member" -> AVRULE_MEMBER;
            default -> AVRULE_CHANGE;
        };
        TypeSet st = new TypeSet(), tt = new TypeSet();
        typeSet(c.pos(), c.sources(), st, false);
        boolean self = targetSet(c.pos(), c.targets(), tt, false);
        BitSet classes = classSet(c.pos(), c.classes());
        Type nt = b.lookupType(c.newType());
        if (nt == null) throw fail(c.pos(), "unknown type " + c.newType());
        if (nt.attribute) throw fail(c.pos(), "type rule's new type " + c.newType() + " is an attribute");
        List<int[]> perms = new ArrayList<>();
        classes.stream().forEach(i -> perms.add(new int[] {i + 1, nt.value}));
        return new BaseRule(c.pos(), which, st, tt, self, perms);
    }

    private void cond(Cond c) {
        List<BNode> expr = new ArrayList<>(c.expr());
        int depth = -1;
        for (BNode n : expr) {
            if (n.type() == CondExpr.BOOL) {
                if (!b.bools.containsKey(n.bool())) throw fail(n.pos(), "unknown boolean " + n.bool());
                // libsepol evaluates with a 10-entry stack
                if (depth == 9) throw fail(n.pos(), "conditional expression is like totally too deep");
                depth++;
            } else if (n.type() != CondExpr.NOT) {
                depth--;
            }
        }
        List<BaseRule> t = new ArrayList<>(), f = new ArrayList<>();
        for (Stmt s : c.whenTrue()) t.add(s instanceof AvRule a ? avRule(a) : typeRule((TypeRule) s));
        for (Stmt s : c.whenFalse()) f.add(s instanceof AvRule a ? avRule(a) : typeRule((TypeRule) s));
        // checkpolicy builds each branch's rule list by prepending
        java.util.Collections.reverse(t);
        java.util.Collections.reverse(f);
        if (t.isEmpty()) {
            if (f.isEmpty()) return;
            t = f;
            f = new ArrayList<>();
            expr.add(new BNode(CondExpr.NOT, null, c.pos()));
        }
        if (expr.size() > 1 && expr.get(expr.size() - 1).type() == CondExpr.NOT) {
            expr.remove(expr.size() - 1);
            List<BaseRule> tmp = t; t = f; f = tmp;
        }
        TruthTable key = TruthTable.of(expr, name -> b.bools.get(name).state);
        BaseCond found = null;
        for (BaseCond bc : condList) if (bc.key.equals(key)) { found = bc; break; }
        if (found == null) {
            found = new BaseCond();
            found.expr = expr;
            found.pos = c.pos();
            found.key = key;
            condList.add(0, found);
        }
        found.t.addAll(t);
        found.f.addAll(f);
    }

    private void user(Ast.User c) {
        if (b.users.containsKey(c.name())) throw fail(c.pos(), "duplicate user " + c.name());
        BaseSymbols.User u = new BaseSymbols.User(c.name(), b.users.size() + 1);
        u.pos = c.pos();
        int dot = c.name().lastIndexOf('.');
        if (dot >= 0) {
            BaseSymbols.User parent = b.users.get(c.name().substring(0, dot));
            if (parent == null) {
                throw fail(c.pos(), "user " + c.name().substring(0, dot) + " doesn't exist, is implicit bounds of " + c.name());
            }
            u.bounds = parent.value;
        }
        for (String id : c.roles().items()) {
            if (id.equals("*") || id.equals("~") || id.equals("-")) throw fail(c.pos(), id + " is not allowed in user declarations");
            Role r = b.roles.get(id);
            if (r == null) throw fail(c.pos(), "unknown role " + id);
            u.roles.set(r.value - 1);
        }
        if (mls) {
            if (c.level() == null) throw fail(c.pos(), "no default level specified for user " + c.name());
            u.level = c.level();
            u.range = c.range();
        } else if (c.level() != null) {
            throw fail(c.pos(), "MLS level specified for user " + c.name() + " in a non-MLS policy");
        }
        b.users.put(c.name(), u);
    }

    private void constrain(Constrain c) {
        List<CExprBase> expr = cexpr(c.pos(), c.expr(), false);
        BitSet classes = classSet(c.pos(), c.classes());
        classes.stream().forEach(i -> {
            Clazz cl = b.classList.get(i);
            int mask = 0;
            for (String id : c.perms().items()) {
                int all = cl.nprim >= 32 ? ~0 : (1 << cl.nprim) - 1;
                if (id.equals("*")) { mask = all; continue; }
                if (id.equals("~")) {
                    mask = ~mask & all;
                    if (mask == 0) throw fail(c.pos(), "illegal use of ~ in constraint permissions");
                    continue;
                }
                Integer v = cl.perm(id);
                if (v == null) throw fail(c.pos(), "permission " + id + " is not defined for class " + cl.name);
                mask |= 1 << (v - 1);
            }
            cl.constraints.add(0, new ConstraintBase(mask, expr));
        });
    }

    /** A checked constraint/validatetrans expression in base numbering (u3/r3/t3 only for validatetrans). */
    private List<CExprBase> cexpr(Pos pos, List<CNode> nodes, boolean validatetrans) {
        Constrain c = new Constrain(pos, false, null, null, nodes);
        int depth = -1;
        List<CExprBase> expr = new ArrayList<>();
        for (CNode n : c.expr()) {
            switch (n.exprType()) {
                case ConstraintExpr.NOT -> { if (depth < 0) throw fail(c.pos(), "illegal constraint expression"); }
                case ConstraintExpr.AND, ConstraintExpr.OR -> {
                    if (depth < 1) throw fail(c.pos(), "illegal constraint expression");
                    depth--;
                }
                default -> {
                    if (!validatetrans && (n.attr() & ConstraintExpr.XTARGET) != 0) throw fail(c.pos(), "u3/r3/t3 are only for validatetrans");
                    if (depth == 4) throw fail(c.pos(), "constraint expression is too deep");
                    depth++;
                    if (!mls && (n.attr() & ~(ConstraintExpr.USER | ConstraintExpr.ROLE | ConstraintExpr.TYPE
                            | ConstraintExpr.TARGET | ConstraintExpr.XTARGET)) != 0) {
                        throw fail(c.pos(), "MLS constraint attributes in a non-MLS policy");
                    }
                }
            }
            BitSet names = new BitSet();
            TypeSet ts = new TypeSet();
            if (n.exprType() == ConstraintExpr.NAMES) {
                if ((n.attr() & ConstraintExpr.TYPE) != 0) {
                    typeSet(c.pos(), n.names(), ts, false);
                } else {
                    for (String id : n.names().items()) {
                        if ((n.attr() & ConstraintExpr.USER) != 0) {
                            BaseSymbols.User u = b.users.get(id);
                            if (u == null) throw fail(c.pos(), "unknown user " + id);
                            names.set(u.value - 1);
                        } else {
                            Role r = b.roles.get(id);
                            if (r == null) throw fail(c.pos(), "unknown role " + id);
                            names.set(r.value - 1);
                        }
                    }
                }
            }
            expr.add(new CExprBase(n.exprType(), n.attr(), n.op(), names, ts));
        }
        if (depth != 0) throw fail(c.pos(), "illegal constraint expression");
        return expr;
    }

    private void checkContext(Pos pos, Ctx c) {
        if (!b.users.containsKey(c.user())) throw fail(pos, "user " + c.user() + " is not defined");
        Role r = b.roles.get(c.role());
        if (r == null) throw fail(pos, "role " + c.role() + " is not defined");
        Type t = b.lookupType(c.type());
        if (t == null || t.attribute) throw fail(pos, "type " + c.type() + " is not defined");
        if (r.value != 1) {
            // like libsepol's context_is_valid: the role must have the type and the user the role
            if (!baseExpand(r.types).get(t.value - 1)) {
                throw fail(pos, "invalid security context " + c.user() + ":" + c.role() + ":" + c.type()
                        + ": role " + c.role() + " is not authorized for type " + c.type());
            }
            if (!b.users.get(c.user()).roles.get(r.value - 1)) {
                throw fail(pos, "invalid security context " + c.user() + ":" + c.role() + ":" + c.type()
                        + ": user " + c.user() + " is not authorized for role " + c.role());
            }
        }
        if (mls && c.range() == null) throw fail(pos, "security context lacks an MLS range");
        if (mls && r.value != 1) {
            BaseSymbols.User u = b.users.get(c.user());
            MlsRange ur = range(u.pos, u.range == null ? new Ast.Range(u.level, u.level) : u.range);
            MlsRange cr = range(pos, c.range());
            if (!dominates(cr.low(), ur.low()) || !dominates(ur.high(), cr.high())) {
                throw fail(pos, "invalid security context: user " + c.user() + " is not authorized for its MLS range");
            }
        }
        if (!mls && c.range() != null) throw fail(pos, "MLS range in a security context of a non-MLS policy");
    }

    /** type_set_expand with attributes always expanded, in base numbering (before renumbering). */
    private BitSet baseExpand(TypeSet set) {
        BitSet all = new BitSet(), neg = new BitSet(), t = new BitSet();
        set.types().stream().forEach(i -> { Type x = b.typeList.get(i); if (x.attribute) all.or(x.members.bits()); else all.set(i); });
        set.negset.stream().forEach(i -> { Type x = b.typeList.get(i); if (x.attribute) neg.or(x.members.bits()); else neg.set(i); });
        int n = b.typeList.size();
        if (set.flags == 1) {
            for (int i = 0; i < n; i++) if (!neg.get(i) && !b.typeList.get(i).attribute) t.set(i);
            return t;
        }
        all.stream().forEach(i -> { if (!neg.get(i)) t.set(i); });
        if (set.flags == 2) for (int i = 0; i < n; i++) if (!b.typeList.get(i).attribute) t.flip(i);
        return t;
    }

    private void ocon(Stmt s) {
        Pos pos = s.pos();
        for (Stmt o : ocons) {
            if (s instanceof PirqCon a && o instanceof PirqCon x && a.irq() == x.irq()) {
                throw fail(pos, "duplicate pirqcon entry for " + a.irq());
            }
            if (s instanceof IomemCon a && o instanceof IomemCon x
                    && Long.compareUnsigned(a.low(), x.high()) <= 0 && Long.compareUnsigned(x.low(), a.high()) <= 0) {
                throw fail(pos, String.format("iomemcon entry for 0x%x-0x%x overlaps with earlier entry 0x%x-0x%x",
                        a.low(), a.high(), x.low(), x.high()));
            }
            if (s instanceof IoportCon a && o instanceof IoportCon x && a.low() <= x.high() && x.low() <= a.high()) {
                throw fail(pos, String.format("ioportcon entry for 0x%x-0x%x overlaps with earlier entry 0x%x-0x%x",
                        a.low(), a.high(), x.low(), x.high()));
            }
            if (s instanceof PciDeviceCon a && o instanceof PciDeviceCon x && a.sbdf() == x.sbdf()) {
                throw fail(pos, String.format("duplicate pcidevicecon entry for 0x%x", a.sbdf()));
            }
            if (s instanceof DeviceTreeCon a && o instanceof DeviceTreeCon x && a.path().equals(x.path())) {
                throw fail(pos, "duplicate devicetree entry for '" + a.path() + "'");
            }
        }
        if (s instanceof IomemCon a && Long.compareUnsigned(a.low(), a.high()) > 0) {
            throw fail(pos, String.format("low memory 0x%x exceeds high memory 0x%x", a.low(), a.high()));
        }
        if (s instanceof IoportCon a && a.low() > a.high()) {
            throw fail(pos, String.format("low ioport 0x%x exceeds high ioport 0x%x", a.low(), a.high()));
        }
        Ctx ctx;
        if (s instanceof PirqCon a) ctx = a.context();
        else if (s instanceof IomemCon a) ctx = a.context();
        else if (s instanceof IoportCon a) ctx = a.context();
        else if (s instanceof PciDeviceCon a) ctx = a.context();
        else ctx = ((DeviceTreeCon) s).context();
        checkContext(pos, ctx);
        ocons.add(s);
    }

    // ------------------------------------------------------------------ expansion

    private int[] typemap;     // base value - 1 -> out value
    private int[] rolemap, usermap, boolmap;
    private final List<Type> outTypes = new ArrayList<>();
    /**
     * Out value - 1 -> an attribute's member types (out value - 1, ascending); empty for a type. Arrays, not bit
     * sets: a bit set is as wide as its highest member, and one per attribute grew with the square of the types in a
     * policy with an attribute per VM class.
     */
    private int[][] outAttrTypes;
    private static final int[] NO_MEMBERS = {};

    private FlaskPolicy expand() {
        // types and attributes: numbered in hash order of the base table (aliases share the table)
        List<String> typeNames = new ArrayList<>(b.types.keySet());
        typeNames.addAll(b.aliases.keySet());
        typemap = new int[b.typeList.size()];
        for (String n : HashOrder.order(typeNames, x -> x, HashOrder.SYMTAB_SIZES[3])) {
            Type t = b.types.get(n);
            if (t == null) continue;
            outTypes.add(t);
            typemap[t.value - 1] = outTypes.size();
        }
        outAttrTypes = new int[outTypes.size()][];
        for (int i = 0; i < outTypes.size(); i++) {
            Type t = outTypes.get(i);
            outAttrTypes[i] = t.attribute ? t.members.mapped(typemap) : NO_MEMBERS;
        }
        List<Role> outRoles = new ArrayList<>();
        outRoles.add(b.roles.get("object_r"));
        rolemap = new int[b.roleList.size()];
        rolemap[0] = 1;
        for (String n : HashOrder.order(new ArrayList<>(b.roles.keySet()), x -> x, HashOrder.SYMTAB_SIZES[2])) {
            if (n.equals("object_r")) continue;
            Role r = b.roles.get(n);
            outRoles.add(r);
            rolemap[r.value - 1] = outRoles.size();
        }
        List<BaseSymbols.User> outUsers = new ArrayList<>();
        usermap = new int[b.users.size()];
        for (String n : HashOrder.order(new ArrayList<>(b.users.keySet()), x -> x, HashOrder.SYMTAB_SIZES[4])) {
            BaseSymbols.User u = b.users.get(n);
            outUsers.add(u);
            usermap[u.value - 1] = outUsers.size();
        }
        List<Bool> outBools = new ArrayList<>();
        boolmap = new int[b.boolList.size()];
        for (String n : HashOrder.order(new ArrayList<>(b.bools.keySet()), x -> x, HashOrder.SYMTAB_SIZES[5])) {
            Bool bo = b.bools.get(n);
            if (bo.tunable) continue; // tunables are resolved at compile time and not kept
            outBools.add(bo);
            boolmap[bo.value - 1] = outBools.size();
        }

        // symbols
        List<org.cordon.xsm.flask.model.CommonDef> commons = new ArrayList<>();
        for (Common c : b.commons.values()) commons.add(new org.cordon.xsm.flask.model.CommonDef(c.name, c.value, perms(c.perms)));
        List<TypeDef> types = new ArrayList<>();
        BitSet permissive = new BitSet();
        for (int i = 0; i < outTypes.size(); i++) {
            Type t = outTypes.get(i);
            types.add(new TypeDef(t.name, i + 1, t.attribute, t.bounds == 0 ? 0 : typemap[t.bounds - 1]));
            if (t.permissive) permissive.set(i + 1); // libsepol indexes this map by value, not value - 1
        }
        List<TypeAlias> aliases = new ArrayList<>();
        for (var e : b.aliases.entrySet()) aliases.add(new TypeAlias(e.getKey(), typemap[e.getValue().value - 1], 0));
        List<RoleDef> roles = new ArrayList<>();
        for (int i = 0; i < outRoles.size(); i++) {
            Role r = outRoles.get(i);
            if (i == 0) { roles.add(new RoleDef("object_r", 1, 0, Ebitmap.EMPTY, Ebitmap.EMPTY)); continue; }
            roles.add(new RoleDef(r.name, i + 1, r.bounds == 0 ? 0 : rolemap[r.bounds - 1], Ebitmap.of(map(r.dominates, rolemap)),
                    Ebitmap.of(expandTypeSet(r.types, true))));
        }
        List<SensDef> sens = new ArrayList<>();
        for (Sens s : b.sens.values()) {
            Sens p = s.alias ? s.primary : s;
            sens.add(new SensDef(s.name, s.alias, new MlsLevel(p.order, Ebitmap.of(p.cats))));
        }
        List<CatDef> cats = new ArrayList<>();
        for (Cat c : b.cats.values()) cats.add(new CatDef(c.name, c.value, c.alias));
        List<UserDef> users = new ArrayList<>();
        for (int i = 0; i < outUsers.size(); i++) {
            BaseSymbols.User u = outUsers.get(i);
            MlsRange range = MlsRange.NONE;
            MlsLevel lvl = MlsLevel.NONE;
            if (mls) {
                lvl = level(u.pos, u.level);
                range = range(u.pos, u.range == null ? new Ast.Range(u.level, u.level) : u.range);
                if (!dominates(lvl, range.low()) || !dominates(range.high(), lvl)) {
                    throw fail(u.pos, "default level not within user range");
                }
            }
            users.add(new UserDef(u.name, i + 1, u.bounds == 0 ? 0 : usermap[u.bounds - 1], Ebitmap.of(map(u.roles, rolemap)), range, lvl));
        }
        List<BoolDef> bools = new ArrayList<>();
        for (int i = 0; i < outBools.size(); i++) bools.add(new BoolDef(outBools.get(i).name, i + 1, outBools.get(i).state));

        // role rules (base lists are newest first, as checkpolicy prepends them)
        List<org.cordon.xsm.flask.model.RoleAllow> roleAllows = new ArrayList<>();
        for (Object[] r : roleAllowRules) {
            BitSet rs = map((BitSet) r[0], rolemap), ns = map((BitSet) r[1], rolemap);
            for (int i : rs.stream().toArray()) for (int j : ns.stream().toArray()) {
                var ra = new org.cordon.xsm.flask.model.RoleAllow(i + 1, j + 1);
                if (!roleAllows.contains(ra)) roleAllows.add(ra);
            }
        }
        List<RoleTrans> roleTrans = new ArrayList<>();
        for (Object[] r : roleTransRules) {
            BitSet rs = map((BitSet) r[0], rolemap), ts = expandTypeSet((TypeSet) r[1], true);
            int newRole = rolemap[((Role) r[3]).value - 1];
            for (int i : rs.stream().toArray()) for (int j : ts.stream().toArray()) for (int k : ((BitSet) r[2]).stream().toArray()) {
                RoleTrans existing = null;
                for (RoleTrans x : roleTrans) if (x.role() == i + 1 && x.type() == j + 1 && x.tclass() == k + 1) existing = x;
                if (existing != null) {
                    if (existing.newRole() != newRole) throw fail((Pos) r[4], "conflicting role_transition rule");
                    continue;
                }
                roleTrans.add(new RoleTrans(i + 1, j + 1, k + 1, newRole));
            }
        }

        // range transitions (rules newest first, like checkpolicy's list); duplicates collapse, conflicts fail
        Map<List<Integer>, org.cordon.xsm.flask.model.RangeTrans> rangeTrans = new LinkedHashMap<>();
        for (Object[] r : rangeTransRules) {
            Pos pos = (Pos) r[4];
            MlsRange range = range(pos, (Ast.Range) r[3]);
            BitSet ss = expandTypeSet((TypeSet) r[0], true), ts = expandTypeSet((TypeSet) r[1], true);
            for (int i : ss.stream().toArray()) for (int j : ts.stream().toArray()) for (int k : ((BitSet) r[2]).stream().toArray()) {
                var rt = new org.cordon.xsm.flask.model.RangeTrans(i + 1, j + 1, k + 1, range);
                var old = rangeTrans.putIfAbsent(List.of(i, j, k), rt);
                if (old != null && !old.range().equals(range)) {
                    throw fail(pos, "Conflicting range trans rule " + outTypes.get(i).name + " " + outTypes.get(j).name
                            + " : " + b.classList.get(k).name);
                }
            }
        }

        // access vector and type rules
        AvtabBuilder av = new AvtabBuilder();
        discardTunables();
        for (BaseRule r : avrules) expandRule(r, av, null, null, false);
        List<CondBuilder> conds = new ArrayList<>(); // newest first
        for (int i = condList.size() - 1; i >= 0; i--) {
            BaseCond bc = condList.get(i);
            if (bc.tunable) continue;
            // libsepol normalizes again when linking and when copying (each time dropping a trailing NOT
            // swaps the branches) and once more on the copied expression (whose branch lists are still
            // empty, so nothing is swapped)
            List<BNode> expr = new ArrayList<>(bc.expr);
            List<BaseRule> t = bc.t, f = bc.f;
            for (int pass = 0; pass < 2; pass++) {
                if (expr.size() > 1 && expr.get(expr.size() - 1).type() == CondExpr.NOT) {
                    expr.remove(expr.size() - 1);
                    List<BaseRule> tmp = t;
                    t = f;
                    f = tmp;
                }
            }
            if (expr.size() > 1 && expr.get(expr.size() - 1).type() == CondExpr.NOT) expr.remove(expr.size() - 1);
            CondBuilder target = null;
            TruthTable key = TruthTable.of(expr, name -> b.bools.get(name).state);
            for (CondBuilder cb : conds) if (cb.key.equals(key)) { target = cb; break; }
            if (target == null) {
                target = new CondBuilder(expr, key, evaluate(expr));
                conds.add(0, target);
            }
            for (BaseRule r : t) expandRule(r, av, target.trueList, target.falseList, target.state);
            for (BaseRule r : f) expandRule(r, av, target.falseList, target.trueList, !target.state);
        }
        List<CondNode> condNodes = new ArrayList<>();
        for (CondBuilder cb : conds) condNodes.add(cb.build(boolmap, b.bools));

        // constraints
        List<ClassDef> classes = new ArrayList<>();
        for (Clazz c : b.classList) {
            List<Constraint> cons = new ArrayList<>();
            for (ConstraintBase cb : c.constraints) cons.add(constraint(cb));
            List<Constraint> vt = new ArrayList<>();
            for (ConstraintBase cb : c.validatetrans) vt.add(constraint(cb));
            classes.add(new ClassDef(c.name, c.value, c.common == null ? null : c.common.name, perms(c.perms), cons,
                    vt, c.defaultUser, c.defaultRole, c.defaultRange, c.defaultType));
        }

        // initial SIDs (newest first, as checkpolicy prepends them) and device contexts
        List<InitialSid> sids = new ArrayList<>();
        List<String> sidNames = new ArrayList<>(b.sids.keySet());
        for (int i = sidNames.size() - 1; i >= 0; i--) {
            Ctx ctx = sidContexts.get(sidNames.get(i));
            if (ctx != null) sids.add(new InitialSid(i + 1, context(null, ctx)));
        }
        List<Ocontext.Pirq> pirqs = new ArrayList<>();
        List<Ocontext.IoPort> ioports = new ArrayList<>();
        List<Ocontext.IoMem> iomems = new ArrayList<>();
        List<Ocontext.PciDevice> pcis = new ArrayList<>();
        List<Ocontext.DeviceTree> dts = new ArrayList<>();
        for (Stmt s : ocons) {
            if (s instanceof PirqCon a) pirqs.add(new Ocontext.Pirq((int) a.irq(), context(a.pos(), a.context())));
            else if (s instanceof IoportCon a) ioports.add(new Ocontext.IoPort(a.low(), a.high(), context(a.pos(), a.context())));
            else if (s instanceof IomemCon a) iomems.add(new Ocontext.IoMem(a.low(), a.high(), context(a.pos(), a.context())));
            else if (s instanceof PciDeviceCon a) pcis.add(new Ocontext.PciDevice((int) a.sbdf(), context(a.pos(), a.context())));
            else if (s instanceof DeviceTreeCon a) dts.add(new Ocontext.DeviceTree(a.path(), context(a.pos(), a.context())));
        }

        // type -> attributes map: each type itself plus the attributes containing it; as lists, because a bit set
        // per type, as wide as its number, made this grow with the square of the types
        int n = outTypes.size();
        int[][] attrsOf = new int[n][];
        int[] count = new int[n];
        boolean[] itself = new boolean[n];
        java.util.Arrays.fill(itself, true);
        for (int i = 0; i < n; i++) {
            Type t = outTypes.get(i);
            if (!t.attribute) continue;
            if (t.expandTrue) { itself[i] = false; continue; }
            for (int m : outAttrTypes[i]) {
                if (attrsOf[m] == null) attrsOf[m] = new int[2];
                else if (count[m] == attrsOf[m].length) attrsOf[m] = java.util.Arrays.copyOf(attrsOf[m], 2 * count[m]);
                attrsOf[m][count[m]++] = i;
            }
        }
        List<Ebitmap> typeAttrMap = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int[] bits = java.util.Arrays.copyOf(attrsOf[i] == null ? new int[0] : attrsOf[i], count[i] + 1);
            bits[count[i]] = itself[i] ? i : -1; // Ebitmap.of sorts, drops duplicates and negative positions
            typeAttrMap.add(Ebitmap.of(bits));
        }

        FlaskPolicy result = new FlaskPolicy(FlaskPolicy.TARGET_XEN, mls, FlaskPolicy.HANDLE_DENY, Ebitmap.of(policyCaps),
                Ebitmap.of(permissive), commons, classes, roles, types, aliases, users, bools, sens, cats,
                av.entries(), condNodes, roleTrans, roleAllows, sids, pirqs, ioports, iomems, pcis, dts, typeAttrMap,
                new ArrayList<>(rangeTrans.values()));
        try {
            result = Hierarchy.apply(result);
        } catch (IllegalArgumentException e) {
            throw fail(firstPos, "hierarchy check failed: " + e.getMessage());
        }
        checkNeverallows(av, conds);
        return result;
    }

    /**
     * libsepol discard_tunables: a conditional over tunables only is decided now (after the link-time
     * normalization) and its effective branch becomes unconditional rules, appended in list order.
     */
    private void discardTunables() {
        for (BaseCond bc : condList) {
            boolean tunables = false, booleans = false;
            for (BNode n : bc.expr) {
                if (n.type() != CondExpr.BOOL) continue;
                if (b.bools.get(n.bool()).tunable) tunables = true; else booleans = true;
            }
            if (tunables && booleans) {
                throw fail(bc.pos, "conditional mixes tunables and booleans (not supported by Cordon)");
            }
            if (!tunables) continue;
            bc.tunable = true;
            List<BNode> expr = new ArrayList<>(bc.expr);
            List<BaseRule> t = bc.t, f = bc.f;
            if (expr.size() > 1 && expr.get(expr.size() - 1).type() == CondExpr.NOT) {
                expr.remove(expr.size() - 1);
                t = bc.f;
                f = bc.t;
            }
            int state = TruthTable.eval(expr, name -> b.bools.get(name).state);
            if (state == 1) avrules.addAll(t);
            else if (state == 0) avrules.addAll(f);
        }
    }

    private static List<PermDef> perms(Map<String, Integer> perms) {
        List<PermDef> out = new ArrayList<>();
        perms.forEach((k, v) -> out.add(new PermDef(k, v)));
        return out;
    }

    private static void setAll(BitSet into, int[] bits) {
        for (int bit : bits) {
            into.set(bit);
        }
    }

    private static BitSet map(BitSet in, int[] map) {
        BitSet out = new BitSet();
        for (int i = in.nextSetBit(0); i >= 0; i = in.nextSetBit(i + 1)) {
            out.set(map[i] - 1);
        }
        return out;
    }

    private boolean isAttr(int outBit) { return outTypes.get(outBit).attribute; }

    /** libsepol type_set_expand on a base type set, producing out type bits. */
    BitSet expandTypeSet(TypeSet set, boolean alwaysExpand) {
        BitSet types = map(set.types(), typemap);
        if (set.negset.isEmpty() && set.flags == 0 && noneExpanded(types, alwaysExpand)) {
            return types; // the types named, no attribute to expand, nothing to take away: the two copies below are it
        }
        BitSet neg = map(set.negset, typemap);
        boolean expand = alwaysExpand || !neg.isEmpty() || set.flags != 0;
        BitSet t = new BitSet(), all = new BitSet(), negTypes = new BitSet();
        types.stream().forEach(i -> {
            if (expanded(i, expand)) setAll(all, outAttrTypes[i]); else all.set(i);
        });
        neg.stream().forEach(i -> { if (isAttr(i)) setAll(negTypes, outAttrTypes[i]); else negTypes.set(i); });
        int n = outTypes.size();
        if (set.flags == 1) {
            for (int i = 0; i < n; i++) if (!negTypes.get(i) && !isAttr(i)) t.set(i);
            return t;
        }
        all.stream().forEach(i -> { if (!negTypes.get(i)) t.set(i); });
        if (set.flags == 2) {
            for (int i = 0; i < n; i++) {
                if (isAttr(i)) continue;
                t.flip(i);
            }
        }
        return t;
    }

    /** Whether an out type is an attribute that a type set's expansion replaces by its members. */
    private boolean expanded(int outType, boolean alwaysExpand) {
        return isAttr(outType) && (alwaysExpand || outTypes.get(outType).expandTrue);
    }

    /** Whether no attribute among {@code types} is expanded (with nothing negated and no flags). */
    private boolean noneExpanded(BitSet types, boolean alwaysExpand) {
        for (int i = types.nextSetBit(0); i >= 0; i = types.nextSetBit(i + 1)) {
            if (expanded(i, alwaysExpand)) {
                return false;
            }
        }
        return true;
    }

    private void expandRule(BaseRule r, AvtabBuilder av, List<AvtabBuilder.Node> cond, List<AvtabBuilder.Node> other,
                            boolean enabled) {
        boolean typeRule = (r.specified() & (AVRULE_TRANSITION | AVRULE_MEMBER | AVRULE_CHANGE)) != 0;
        boolean always = typeRule || r.self();
        int[] ss = expandedTypes(r.stypes(), always), ts = expandedTypes(r.ttypes(), always);
        for (int i : ss) {
            if (r.self()) helper(r, av, cond, other, enabled, i, i, typeRule);
            for (int j : ts) helper(r, av, cond, other, enabled, i, j, typeRule);
        }
    }

    /**
     * {@link #expandTypeSet} as out type numbers, ascending. The types a rule names, when none is an attribute to
     * expand and nothing is taken away, are read off directly, because the bit sets of an expansion are as wide as the
     * policy's types, and making five of them for each side of each rule grew with rules times types (a tenth of a
     * second at 3,000 types, a second at 15,000). So is an attribute the rule keeps as it is (neither always expanded
     * nor marked for expansion), as {@link #expandTypeSet} would return it: a policy with an attribute per VM class
     * names thousands of them.
     */
    private int[] expandedTypes(TypeSet set, boolean alwaysExpand) {
        if (set.negset.isEmpty() && set.flags == 0) {
            int[] named = set.named.mapped(typemap);
            if (noneExpanded(named, alwaysExpand)) {
                return named;
            }
        }
        return expandTypeSet(set, alwaysExpand).stream().toArray();
    }

    /** Whether no attribute among {@code types} (out type numbers) is expanded. */
    private boolean noneExpanded(int[] types, boolean alwaysExpand) {
        for (int t : types) {
            if (expanded(t, alwaysExpand)) {
                return false;
            }
        }
        return true;
    }

    private void helper(BaseRule r, AvtabBuilder av, List<AvtabBuilder.Node> cond, List<AvtabBuilder.Node> other,
                        boolean enabled, int s, int t, boolean typeRule) {
        int spec = r.specified() == AVRULE_DONTAUDIT ? AvEntry.AUDITDENY : r.specified();
        for (int[] cp : r.perms()) {
            int cls = cp[0];
            if (typeRule) {
                int newType = typemap[cp[1] - 1];
                int uncond = av.findUncond(s + 1, t + 1, cls, spec);
                int kind = 0; // the rule it meets: 1 unconditional, 2 conditional
                int conflictData = 0;
                List<AvtabBuilder.Node> conflictList = null;
                if (uncond >= 0) {
                    kind = 1;
                    conflictData = av.uncondData(uncond);
                } else {
                    AvtabBuilder.Node c = av.firstCond(s + 1, t + 1, cls, spec);
                    if (c != null && c.list != other) {
                        kind = 2;
                        conflictData = c.data;
                        conflictList = c.list;
                    }
                }
                if (kind != 0) {
                    if (conflictData == newType) {
                        if ((kind == 1 && cond == null) || (kind == 2 && conflictList == cond)) continue;
                        throw fail(r.pos(), "duplicate TE rule for " + name(s) + " " + name(t) + ":"
                                + b.classList.get(cls - 1).name + " " + outTypes.get(conflictData - 1).name);
                    }
                    throw fail(r.pos(), "conflicting TE rule for (" + name(s) + ", " + name(t) + ":"
                            + b.classList.get(cls - 1).name + "): old was " + outTypes.get(conflictData - 1).name
                            + ", new is " + outTypes.get(newType - 1).name);
                }
                // no unconditional entry exists (checked above): add one without a second lookup
                if (cond == null) {
                    av.uncondData(av.addUncond(s + 1, t + 1, cls, spec), newType);
                } else {
                    AvtabBuilder.Node n = av.findCond(s + 1, t + 1, cls, spec, cond);
                    n.enabled = enabled;
                    n.data = newType;
                }
            } else {
                if (tracer != null && r.specified() == AVRULE_ALLOWED) {
                    tracer.accept(new AllowOrigin(r.pos().file(), r.pos().line(), r.pos().col(), s + 1, t + 1, cls,
                            cp[1], cond != null));
                }
                if (cond == null) {
                    int i = av.findOrAddUncond(s + 1, t + 1, cls, spec);
                    av.uncondData(i, applyPerms(r.specified(), av.uncondData(i), cp[1]));
                } else {
                    AvtabBuilder.Node n = av.findCond(s + 1, t + 1, cls, spec, cond);
                    n.enabled = enabled;
                    n.data = applyPerms(r.specified(), n.data, cp[1]);
                }
            }
        }
    }

    /** An entry's data after a rule's permissions: dontaudit clears them, auditdeny keeps only them, others add them. */
    private static int applyPerms(int specified, int data, int perms) {
        return switch (specified) {
            case AVRULE_DONTAUDIT -> data & ~perms;
            case AVRULE_AUDITDENY -> data & perms;
            default -> data | perms;
        };
    }

    private String name(int outBit) { return outTypes.get(outBit).name; }

    private boolean evaluate(List<BNode> expr) {
        return TruthTable.eval(expr, name -> b.bools.get(name).state) == 1;
    }

    private Constraint constraint(ConstraintBase cb) {
        List<ConstraintExpr> out = new ArrayList<>();
        for (CExprBase e : cb.expr()) {
            if (e.exprType() != ConstraintExpr.NAMES) {
                out.add(new ConstraintExpr(e.exprType(), e.attr(), e.op(), Ebitmap.EMPTY, Ebitmap.EMPTY, Ebitmap.EMPTY, 0));
                continue;
            }
            Ebitmap names, typeNames = Ebitmap.EMPTY;
            if ((e.attr() & ConstraintExpr.TYPE) != 0) {
                typeNames = Ebitmap.of(map(e.types().types(), typemap));
                names = Ebitmap.of(expandTypeSet(e.types(), true));
            } else if ((e.attr() & ConstraintExpr.ROLE) != 0) {
                names = Ebitmap.of(map(e.names(), rolemap));
            } else {
                names = Ebitmap.of(map(e.names(), usermap));
            }
            out.add(new ConstraintExpr(e.exprType(), e.attr(), e.op(), names, typeNames, Ebitmap.EMPTY, 0));
        }
        return new Constraint(cb.permissions(), out);
    }

    private Context context(Pos pos, Ctx c) {
        int user = usermap[b.users.get(c.user()).value - 1];
        int role = rolemap[b.roles.get(c.role()).value - 1];
        int type = typemap[b.lookupType(c.type()).value - 1];
        MlsRange range = mls ? range(pos, c.range()) : MlsRange.NONE;
        return new Context(user, role, type, range);
    }

    private MlsLevel level(Pos pos, Ast.Level l) {
        Sens s = b.sens.get(l.sens());
        if (s == null) throw fail(pos, "unknown sensitivity " + l.sens());
        Sens p = s.alias ? s.primary : s;
        BitSet cats = new BitSet();
        for (String id : l.cats()) {
            BitSet r = catRange(pos, id);
            BitSet bad = (BitSet) r.clone();
            bad.andNot(p.cats);
            if (!bad.isEmpty()) {
                throw fail(pos, "category " + b.catList.get(bad.nextSetBit(0)).name + " can not be associated with level " + l.sens());
            }
            cats.or(r);
        }
        return new MlsLevel(p.order, Ebitmap.of(cats));
    }

    private MlsRange range(Pos pos, Ast.Range r) {
        MlsLevel lo = level(pos, r.low()), hi = level(pos, r.high());
        if (!dominates(hi, lo)) throw fail(pos, "MLS range high level does not dominate low level");
        return new MlsRange(lo, hi);
    }

    private static boolean dominates(MlsLevel a, MlsLevel b) {
        if (a.sens() < b.sens()) return false;
        BitSet x = b.cats().toBitSet();
        x.andNot(a.cats().toBitSet());
        return x.isEmpty();
    }

    private void checkNeverallows(AvtabBuilder av, List<CondBuilder> conds) {
        if (neverallows.isEmpty()) return;
        PackedAvtab uncond = av.entries(); // every rule is expanded: the table is final
        List<AvtabBuilder.Node> allowedCond = new ArrayList<>();
        for (AvtabBuilder.Node n : av.condAll()) if (n.spec == AvEntry.ALLOWED) allowedCond.add(n);
        for (BaseRule r : neverallows) {
            BitSet st = expandTypeSet(r.stypes(), true), tt = expandTypeSet(r.ttypes(), true);
            // unconditional entries first, then conditional ones, each in creation order: the first hit is reported
            for (int i = 0; i < uncond.size(); i++) {
                if (uncond.specified(i) == AvEntry.ALLOWED) {
                    neverallowCheck(r, st, tt, uncond.source(i), uncond.target(i), uncond.tclass(i), uncond.data(i));
                }
            }
            for (AvtabBuilder.Node n : allowedCond) neverallowCheck(r, st, tt, n.source, n.target, n.tclass, n.data);
        }
    }

    /** Fails at the neverallow {@code r} when the allow entry (source, target, class, data) breaks it. */
    private void neverallowCheck(BaseRule r, BitSet st, BitSet tt, int source, int target, int tclass, int data) {
        BitSet ns = null, nt = null;
        for (int[] cp : r.perms()) {
            if (cp[0] != tclass || (cp[1] & data) == 0) continue;
            if (ns == null) {
                ns = members(source - 1);
                nt = members(target - 1);
            }
            BitSet s2 = (BitSet) ns.clone();
            s2.and(st);
            if (s2.isEmpty()) continue;
            BitSet t2 = (BitSet) nt.clone();
            t2.and(tt);
            boolean hit = !t2.isEmpty();
            if (!hit && r.self()) {
                BitSet both = (BitSet) s2.clone();
                both.and(nt);
                hit = !both.isEmpty();
            }
            if (hit) {
                throw fail(r.pos(), "neverallow violated by allow " + outTypes.get(source - 1).name + " "
                        + outTypes.get(target - 1).name + ":" + b.classList.get(tclass - 1).name);
            }
        }
    }

    private BitSet members(int outBit) {
        BitSet x = new BitSet();
        if (isAttr(outBit)) {
            setAll(x, outAttrTypes[outBit]);
        } else {
            x.set(outBit);
        }
        return x;
    }

    /** A conditional node of the expanded policy under construction. */
    static final class CondBuilder {
        final List<BNode> expr;
        final TruthTable key;
        final boolean state;
        final List<AvtabBuilder.Node> trueList = new ArrayList<>(), falseList = new ArrayList<>();

        CondBuilder(List<BNode> expr, TruthTable key, boolean state) {
            this.expr = expr;
            this.key = key;
            this.state = state;
        }

        CondNode build(int[] boolmap, Map<String, Bool> bools) {
            List<CondExpr> e = new ArrayList<>();
            for (BNode n : expr) e.add(new CondExpr(n.type(), n.bool() == null ? 0 : boolmap[bools.get(n.bool()).value - 1]));
            return new CondNode(state, e, optimize(trueList), optimize(falseList));
        }

        /** Nodes were prepended as created; libsepol then moves type rules to the front one by one. */
        private static List<AvEntry> optimize(List<AvtabBuilder.Node> created) {
            List<AvtabBuilder.Node> list = new ArrayList<>(created);
            java.util.Collections.reverse(list); // prepend order
            List<AvtabBuilder.Node> types = new ArrayList<>(), avs = new ArrayList<>();
            for (AvtabBuilder.Node n : list) {
                if ((n.spec & AvEntry.TYPE) != 0) types.add(0, n); else avs.add(n);
            }
            List<AvEntry> out = new ArrayList<>();
            if (!list.isEmpty() && (list.get(0).spec & AvEntry.TYPE) != 0) {
                // the head stays where it is; later type nodes are moved in front of it
                AvtabBuilder.Node head = list.get(0);
                types.remove(head);
                types.add(head);
            }
            for (AvtabBuilder.Node n : types) out.add(n.entry());
            for (AvtabBuilder.Node n : avs) out.add(n.entry());
            return out;
        }
    }

    /** Builder state: unconditional table plus conditional nodes, each remembering creation order. */
    static final class AvtabBuilder {
        /** An entry of a conditional branch (unconditional ones are packed: {@link UncondIndex}). */
        static final class Node {
            final int source, target, tclass, spec;
            int data;
            boolean enabled;
            final List<Node> list; // owning conditional branch
            Node(int s, int t, int c, int spec, List<Node> list) {
                source = s; target = t; tclass = c; this.spec = spec; this.list = list;
                data = spec == AvEntry.AUDITDENY ? ~0 : 0;
            }
            AvEntry entry() { return new AvEntry(source, target, tclass, spec | (enabled ? AvEntry.ENABLED : 0), data); }
        }

        /**
         * The unconditional table, packed ({@link PackedAvtab.Builder}), with an open-addressing index from
         * (source, target, class, specifier) to the entry: the unconditional table of a large policy holds millions
         * of entries, and boxed keys in a LinkedHashMap, then an object per entry, were most of the compile time.
         * The index holds entry numbers only and compares keys in the table itself: a copy of the keys beside it
         * was a third of {@code cordon build}'s peak memory.
         */
        static final class UncondIndex {
            final PackedAvtab.Builder entries = new PackedAvtab.Builder();
            private int[] slots = new int[1 << 12]; // entry index + 1; 0 = empty

            private static int slot(long key, int mask) {
                long h = key * 0x9E3779B97F4A7C15L;
                return (int) (h ^ (h >>> 32)) & mask;
            }

            /** The entry's index, or -1. */
            int get(int s, int t, int c, int spec) {
                long key = PackedAvtab.key(s, t, c, spec);
                int mask = slots.length - 1;
                for (int i = slot(key, mask); slots[i] != 0; i = (i + 1) & mask) {
                    if (entries.key(slots[i] - 1) == key) {
                        return slots[i] - 1;
                    }
                }
                return -1;
            }

            /** A new entry, its data empty (all set for an auditdeny, as libsepol starts it); its index. */
            int add(int s, int t, int c, int spec) {
                int i = entries.add(s, t, c, spec, spec == AvEntry.AUDITDENY ? ~0 : 0);
                if (entries.size() * 2 > slots.length) {
                    slots = new int[slots.length * 2];
                    for (int e = 0; e < i; e++) {
                        insert(e);
                    }
                }
                insert(i);
                return i;
            }

            private void insert(int e) {
                int mask = slots.length - 1;
                int i = slot(entries.key(e), mask);
                while (slots[i] != 0) {
                    i = (i + 1) & mask;
                }
                slots[i] = e + 1;
            }
        }

        private record Key(int s, int t, int c, int spec) {
            // records hash small ints poorly (s*29791 + t*961 + ...): a million rule keys then collide
            @Override
            public int hashCode() {
                int h = s * 0x9E3779B1 ^ Integer.rotateLeft(t * 0x85EBCA6B, 11) ^ Integer.rotateLeft(c * 0xC2B2AE35, 22)
                        ^ spec * 0x27D4EB2F;
                return h ^ (h >>> 16);
            }
        }
        /** Unconditional rules in creation order, found by their packed key (see {@link UncondIndex}). */
        private final UncondIndex uncond = new UncondIndex();
        private final Map<Key, List<Node>> cond = new HashMap<>(); // newest first
        private final List<Node> condAll = new ArrayList<>();

        /** The unconditional entry's index, or -1. */
        int findUncond(int s, int t, int c, int spec) { return uncond.get(s, t, c, spec); }

        int addUncond(int s, int t, int c, int spec) { return uncond.add(s, t, c, spec); }

        int findOrAddUncond(int s, int t, int c, int spec) {
            int i = uncond.get(s, t, c, spec);
            return i >= 0 ? i : uncond.add(s, t, c, spec);
        }

        int uncondData(int i) { return uncond.entries.data(i); }

        void uncondData(int i, int data) { uncond.entries.data(i, data); }

        Node firstCond(int s, int t, int c, int spec) {
            if (cond.isEmpty()) {
                return null;
            }
            List<Node> l = cond.get(new Key(s, t, c, spec));
            return l == null || l.isEmpty() ? null : l.get(0);
        }

        /** The entry of a conditional branch, made when it has none. */
        Node findCond(int s, int t, int c, int spec, List<Node> branch) {
            List<Node> l = cond.computeIfAbsent(new Key(s, t, c, spec), x -> new ArrayList<>());
            for (Node n : l) if (n.list == branch) return n;
            Node n = new Node(s, t, c, spec, branch);
            l.add(0, n);
            branch.add(n);
            condAll.add(n);
            return n;
        }

        /** The unconditional table, in creation order. */
        PackedAvtab entries() {
            return uncond.entries.build();
        }

        List<Node> condAll() {
            return condAll;
        }
    }
}
