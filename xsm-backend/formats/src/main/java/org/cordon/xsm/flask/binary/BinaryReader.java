package org.cordon.xsm.flask.binary;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.cordon.xsm.flask.BinaryPolicyException;
import org.cordon.xsm.flask.model.*;

/**
 * Reads binary FLASK policies: "XenFlask" versions 24 and 30 and legacy "SE Linux" versions 15–24 (the
 * compatibility entries Xen's loader has). Every malformed input ends in {@link BinaryPolicyException} with the
 * byte offset; no other exception escapes.
 */
public final class BinaryReader {
    private final LeInput in;
    private int version;
    private boolean xenTarget;
    private int nTypes, nRoles, nUsers, nBools, nClasses;

    private BinaryReader(byte[] data) { in = new LeInput(data); }

    public static FlaskPolicy read(byte[] data) throws BinaryPolicyException {
        if (data == null) throw new BinaryPolicyException(0, "no data");
        BinaryReader r = new BinaryReader(data);
        try {
            return r.policy();
        } catch (RuntimeException e) {
            // defensive: a reader bug must still surface as a positioned policy error
            throw new BinaryPolicyException(r.in.pos(), "unreadable policy: " + e);
        }
    }

    private FlaskPolicy policy() throws BinaryPolicyException {
        int magic = in.u32("magic");
        if (magic != BinaryWriter.MAGIC) {
            throw in.error(0, String.format("bad magic 0x%08x (expected 0xf97cff8c)", magic));
        }
        int lenAt = in.pos();
        int len = in.u32("target string length");
        if (len != 8) throw in.error(lenAt, "target string length " + Integer.toUnsignedString(len) + " is not 8");
        String target = in.str(8, "target string");
        if (target.equals(FlaskPolicy.TARGET_XEN)) xenTarget = true;
        else if (!target.equals(FlaskPolicy.TARGET_XEN_OLD)) throw in.error(lenAt + 4, "unknown target \"" + target + "\"");
        int verAt = in.pos();
        version = in.u32("version");
        if (xenTarget ? (version != 24 && version != 30) : (version < 15 || version > 24)) {
            throw in.error(verAt, "unsupported policy version " + Integer.toUnsignedString(version) + " for target \""
                    + target + "\" (Xen accepts " + (xenTarget ? "24 and 30" : "15 to 24") + ")");
        }
        int cfgAt = in.pos();
        int config = in.u32("config");
        if ((config & ~7) != 0) throw in.error(cfgAt, String.format("unknown config bits 0x%x", config));
        boolean mls = (config & 1) != 0;
        if (mls && version < 19) throw in.error(cfgAt, "MLS needs policy version 19 or later");
        int symAt = in.pos();
        int symNum = in.u32("symbol table count");
        int expectSym = version >= 19 ? 8 : version >= 16 ? 6 : 5;
        if (symNum != expectSym) throw in.error(symAt, "symbol table count " + symNum + ", expected " + expectSym);
        int oconAt = in.pos();
        int oconNum = in.u32("ocontext count");
        if (xenTarget ? oconNum != (version >= 30 ? 6 : 5) : (oconNum < 4 || oconNum > 7)) {
            throw in.error(oconAt, "ocontext section count " + oconNum + " does not match version " + version);
        }
        Ebitmap caps = version >= 22 ? in.ebitmap("policy capabilities") : Ebitmap.EMPTY;
        Ebitmap permissive = version >= 23 ? in.ebitmap("permissive map") : Ebitmap.EMPTY;
        int permissiveAt = in.pos();

        List<CommonDef> commons = commons();
        List<ClassDef> classes = classes(commons);
        List<RoleDef> roles = roles();
        List<TypeDef> types = new ArrayList<>();
        List<TypeAlias> aliases = new ArrayList<>();
        types(types, aliases);
        List<UserDef> users = users();
        if (permissive.length() > nTypes + 1) throw in.error(permissiveAt, "permissive map names type " + (permissive.length() - 1) + " beyond the " + nTypes + " types");
        for (RoleDef rd : roles) { within(rd.types(), nTypes, "role types"); within(rd.dominates(), nRoles, "role dominates"); }
        for (UserDef u : users) within(u.roles(), nRoles, "user roles");
        List<BoolDef> bools = symNum >= 6 ? bools() : List.of();
        List<SensDef> sens = new ArrayList<>();
        List<CatDef> cats = new ArrayList<>();
        if (symNum >= 8) { levels(sens); cats(cats); }

        for (ClassDef c : classes) {
            List<Constraint> all = new ArrayList<>(c.constraints());
            all.addAll(c.validatetrans());
            for (Constraint con : all) for (ConstraintExpr e : con.expr()) {
                if (e.exprType() != ConstraintExpr.NAMES) continue;
                int max = (e.attr() & ConstraintExpr.USER) != 0 ? nUsers : (e.attr() & ConstraintExpr.ROLE) != 0 ? nRoles : nTypes;
                within(e.names(), max, "constraint names of class " + c.name());
                within(e.typeNames(), nTypes, "constraint type names of class " + c.name());
                within(e.typeNeg(), nTypes, "constraint type names of class " + c.name());
            }
        }
        for (TypeAlias a : aliases) {
            if (a.value() > nTypes) throw in.error("alias " + a.name() + " names type " + a.value() + " beyond " + nTypes);
        }
        List<AvEntry> avtab = avtab(false);
        List<CondNode> conds = version >= 16 ? conds() : List.of();
        List<RoleTrans> roleTrans = roleTrans();
        List<RoleAllow> roleAllows = roleAllows();
        // no filename transitions before version 25; version 30 must have none for Xen
        if (version >= 25) {
            int at = in.pos();
            if (in.u32("filename transition count") != 0) throw in.error(at, "filename transitions are not valid in Xen policies");
        }
        List<InitialSid> sids = new ArrayList<>();
        List<Ocontext.Pirq> pirqs = new ArrayList<>();
        List<Ocontext.IoPort> ioports = new ArrayList<>();
        List<Ocontext.IoMem> iomems = new ArrayList<>();
        List<Ocontext.PciDevice> pcis = new ArrayList<>();
        List<Ocontext.DeviceTree> dts = new ArrayList<>();
        ocontexts(oconNum, sids, pirqs, ioports, iomems, pcis, dts);
        int genfsAt = in.pos();
        if (in.u32("genfs count") != 0) throw in.error(genfsAt, "unsupported genfs config data in a Xen policy");
        List<RangeTrans> rangeTrans = new ArrayList<>();
        if (version >= 19) {
            int n = in.count("range transitions", version >= 21 ? 16 : 12);
            for (int i = 0; i < n; i++) {
                int at = in.pos();
                int s = in.u32("range transition source"), t = in.u32("range transition target");
                int c = version >= 21 ? in.u32("range transition class") : 0;
                checkValue(at, s, nTypes, "range transition source type");
                checkValue(at, t, nTypes, "range transition target type");
                if (version >= 21) checkValue(at, c, nClasses, "range transition class");
                rangeTrans.add(new RangeTrans(s, t, c, range()));
            }
        }
        List<Ebitmap> typeAttrMap = new ArrayList<>();
        if (version >= 20) {
            for (int i = 0; i < nTypes; i++) typeAttrMap.add(within(in.ebitmap("type_attr_map[" + i + "]"), nTypes, "type_attr_map"));
        } else {
            for (int i = 0; i < nTypes; i++) typeAttrMap.add(Ebitmap.of(i));
        }
        if (!in.atEnd()) throw in.error(in.remaining() + " unexpected trailing bytes");
        return new FlaskPolicy(target, mls, config & 6, caps, permissive, commons, classes, roles, types, aliases,
                users, bools, sens, cats, avtab, conds, roleTrans, roleAllows, sids, pirqs, ioports, iomems, pcis, dts,
                typeAttrMap, rangeTrans);
    }

    private int[] symHeader(String what) throws BinaryPolicyException {
        int at = in.pos();
        int nprim = in.u32(what + " nprim");
        int nel = in.count(what + " entries", 8);
        if (nprim < 0 || nprim > 0x10000) throw in.error(at, what + " nprim " + Integer.toUnsignedString(nprim) + " is implausible");
        return new int[] {nprim, nel};
    }

    private String name(int len, String what) throws BinaryPolicyException {
        if (len <= 0 || len > 0x10000) throw in.error(what + " name length " + Integer.toUnsignedString(len) + " is invalid");
        return in.str(len, what + " name");
    }

    private void checkValue(int at, int value, int max, String what) throws BinaryPolicyException {
        if (value < 1 || value > max) throw in.error(at, what + " value " + Integer.toUnsignedString(value) + " out of range 1.." + max);
    }

    private List<PermDef> perms(int nel, int max, String owner) throws BinaryPolicyException {
        List<PermDef> perms = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < nel; i++) {
            int at = in.pos();
            int len = in.u32("permission name length");
            int value = in.u32("permission value");
            checkValue(at, value, Math.min(max, 32), "permission of " + owner);
            if (!seen.add(value)) throw in.error(at, "duplicate permission value " + value + " in " + owner);
            perms.add(new PermDef(name(len, "permission"), value));
        }
        perms.sort(Comparator.comparingInt(PermDef::value));
        return perms;
    }

    private List<CommonDef> commons() throws BinaryPolicyException {
        int[] h = symHeader("commons");
        List<CommonDef> out = new ArrayList<>();
        for (int i = 0; i < h[1]; i++) {
            int at = in.pos();
            int len = in.u32("common name length");
            int value = in.u32("common value");
            int nprim = in.u32("common permission count");
            int nel = in.count("common permissions", 8);
            checkValue(at, value, h[0], "common");
            if (nprim != nel || nprim > 32) throw in.error(at, "common has inconsistent permission counts");
            String n = name(len, "common");
            out.add(new CommonDef(n, value, perms(nel, nprim, "common " + n)));
        }
        return sortedUnique(out, CommonDef::value, h[0], "commons");
    }

    private List<ClassDef> classes(List<CommonDef> commons) throws BinaryPolicyException {
        int[] h = symHeader("classes");
        nClasses = h[0];
        List<ClassDef> out = new ArrayList<>();
        for (int i = 0; i < h[1]; i++) {
            int at = in.pos();
            int len = in.u32("class name length");
            int len2 = in.u32("class common name length");
            int value = in.u32("class value");
            int nprim = in.u32("class permission count");
            int nel = in.count("class permissions", 8);
            int ncons = in.count("class constraints", 8);
            checkValue(at, value, h[0], "class");
            String n = name(len, "class");
            String common = null;
            int commonPerms = 0;
            if (len2 != 0) {
                common = name(len2, "class common");
                final String cn = common;
                CommonDef cd = commons.stream().filter(c -> c.name().equals(cn)).findFirst()
                        .orElseThrow(() -> in.error(at, "class " + n + " inherits unknown common " + cn));
                commonPerms = cd.perms().size();
            }
            if (nprim != nel + commonPerms || nprim > 32) throw in.error(at, "class " + n + " has inconsistent permission counts");
            List<PermDef> perms = perms(nel, nprim, "class " + n);
            for (PermDef p : perms) {
                if (p.value() <= commonPerms) throw in.error(at, "class " + n + " permission " + p.name() + " overlaps its common");
            }
            List<Constraint> cons = constraints(ncons);
            List<Constraint> vt = List.of();
            if (version >= 19) vt = constraints(in.count("validatetrans", 8));
            int du = 0, dr = 0, drange = 0, dt = 0;
            if (version >= 27) { du = in.u32("default_user"); dr = in.u32("default_role"); drange = in.u32("default_range"); }
            if (version >= 28) dt = in.u32("default_type");
            out.add(new ClassDef(n, value, common, perms, cons, vt, du, dr, drange, dt));
        }
        return sortedUnique(out, ClassDef::value, h[0], "classes");
    }

    private List<Constraint> constraints(int n) throws BinaryPolicyException {
        List<Constraint> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int perms = in.u32("constraint permissions");
            int nexpr = in.count("constraint expression", 12);
            List<ConstraintExpr> expr = new ArrayList<>();
            int depth = 0;
            for (int j = 0; j < nexpr; j++) {
                int at = in.pos();
                int type = in.u32("constraint expression type");
                int attr = in.u32("constraint attribute");
                int op = in.u32("constraint operator");
                switch (type) {
                    case ConstraintExpr.NOT -> { if (depth < 1) throw in.error(at, "malformed constraint expression"); }
                    case ConstraintExpr.AND, ConstraintExpr.OR -> {
                        if (depth < 2) throw in.error(at, "malformed constraint expression");
                        depth--;
                    }
                    case ConstraintExpr.ATTR, ConstraintExpr.NAMES -> {
                        if (depth == 5) throw in.error(at, "constraint expression too deep");
                        depth++;
                    }
                    default -> throw in.error(at, "unknown constraint expression type " + type);
                }
                if (type == ConstraintExpr.NAMES) {
                    Ebitmap names = in.ebitmap("constraint names");
                    Ebitmap tn = Ebitmap.EMPTY, neg = Ebitmap.EMPTY;
                    int flags = 0;
                    if (version >= 29) {
                        tn = in.ebitmap("constraint type names");
                        neg = in.ebitmap("constraint negated type names");
                        flags = in.u32("constraint type flags");
                    }
                    expr.add(new ConstraintExpr(type, attr, op, names, tn, neg, flags));
                } else {
                    expr.add(new ConstraintExpr(type, attr, op, Ebitmap.EMPTY, Ebitmap.EMPTY, Ebitmap.EMPTY, 0));
                }
            }
            if (depth != 1) throw in.error("malformed constraint expression");
            out.add(new Constraint(perms, expr));
        }
        return out;
    }

    private List<RoleDef> roles() throws BinaryPolicyException {
        int[] h = symHeader("roles");
        nRoles = h[0];
        List<RoleDef> out = new ArrayList<>();
        for (int i = 0; i < h[1]; i++) {
            int at = in.pos();
            int len = in.u32("role name length");
            int value = in.u32("role value");
            int bounds = version >= 24 ? in.u32("role bounds") : 0;
            checkValue(at, value, h[0], "role");
            if (bounds < 0 || bounds > h[0]) throw in.error(at, "role bounds out of range");
            String n = name(len, "role");
            Ebitmap dom = in.ebitmap("role dominates");
            Ebitmap types = in.ebitmap("role types");
            if (n.equals("object_r") != (value == 1)) throw in.error(at, "object_r must be role 1");
            out.add(new RoleDef(n, value, bounds, dom, types));
        }
        return sortedUnique(out, RoleDef::value, h[0], "roles");
    }

    private void types(List<TypeDef> types, List<TypeAlias> aliases) throws BinaryPolicyException {
        int[] h = symHeader("types");
        nTypes = h[0];
        for (int i = 0; i < h[1]; i++) {
            int at = in.pos();
            int len = in.u32("type name length");
            int value = in.u32("type value");
            boolean primary, attr = false;
            int bounds = 0;
            if (version >= 24) {
                int props = in.u32("type properties");
                if ((props & ~3) != 0) throw in.error(at, "unknown type properties " + props);
                primary = (props & 1) != 0;
                attr = (props & 2) != 0;
                bounds = in.u32("type bounds");
                if (bounds < 0 || bounds > h[0]) throw in.error(at, "type bounds out of range");
            } else {
                primary = in.u32("type primary") != 0;
            }
            checkValue(at, value, h[0], "type");
            String n = name(len, "type");
            if (primary) types.add(new TypeDef(n, value, attr, bounds));
            else aliases.add(new TypeAlias(n, value, bounds));
        }
        if (version < 24) {
            // attributes are not stored before version 24: their numbers are gaps
            Set<Integer> have = new HashSet<>();
            for (TypeDef t : types) have.add(t.value());
            for (int v = 1; v <= h[0]; v++) if (!have.contains(v)) types.add(new TypeDef("attribute_" + v, v, true, 0));
        }
        if (types.size() != h[0]) throw in.error("types: " + types.size() + " primary entries for " + h[0] + " values");
        List<TypeDef> sorted = sortedUnique(types, TypeDef::value, h[0], "types");
        types.clear();
        types.addAll(sorted);
    }

    private List<UserDef> users() throws BinaryPolicyException {
        int[] h = symHeader("users");
        nUsers = h[0];
        List<UserDef> out = new ArrayList<>();
        for (int i = 0; i < h[1]; i++) {
            int at = in.pos();
            int len = in.u32("user name length");
            int value = in.u32("user value");
            int bounds = version >= 24 ? in.u32("user bounds") : 0;
            checkValue(at, value, h[0], "user");
            if (bounds < 0 || bounds > h[0]) throw in.error(at, "user bounds out of range");
            String n = name(len, "user");
            Ebitmap roles = in.ebitmap("user roles");
            MlsRange range = MlsRange.NONE;
            MlsLevel lvl = MlsLevel.NONE;
            if (version >= 19) { range = range(); lvl = level(); }
            out.add(new UserDef(n, value, bounds, roles, range, lvl));
        }
        return sortedUnique(out, UserDef::value, h[0], "users");
    }

    private List<BoolDef> bools() throws BinaryPolicyException {
        int[] h = symHeader("booleans");
        nBools = h[0];
        List<BoolDef> out = new ArrayList<>();
        for (int i = 0; i < h[1]; i++) {
            int at = in.pos();
            int value = in.u32("boolean value");
            int state = in.u32("boolean state");
            int len = in.u32("boolean name length");
            checkValue(at, value, h[0], "boolean");
            if (state != 0 && state != 1) throw in.error(at, "boolean state " + state + " is not 0 or 1");
            out.add(new BoolDef(name(len, "boolean"), value, state == 1));
        }
        return sortedUnique(out, BoolDef::value, h[0], "booleans");
    }

    private void levels(List<SensDef> out) throws BinaryPolicyException {
        int[] h = symHeader("sensitivities");
        for (int i = 0; i < h[1]; i++) {
            int at = in.pos();
            int len = in.u32("sensitivity name length");
            int alias = in.u32("sensitivity alias flag");
            if (alias != 0 && alias != 1) throw in.error(at, "bad sensitivity alias flag");
            String n = name(len, "sensitivity");
            out.add(new SensDef(n, alias == 1, level()));
        }
        // keep dominance order for the model: primaries by level, aliases after their primary
        out.sort(Comparator.comparingInt((SensDef s) -> s.level().sens()).thenComparing(SensDef::alias));
    }

    private void cats(List<CatDef> out) throws BinaryPolicyException {
        int[] h = symHeader("categories");
        for (int i = 0; i < h[1]; i++) {
            int at = in.pos();
            int len = in.u32("category name length");
            int value = in.u32("category value");
            int alias = in.u32("category alias flag");
            checkValue(at, value, Math.max(h[0], 1), "category");
            if (alias != 0 && alias != 1) throw in.error(at, "bad category alias flag");
            out.add(new CatDef(name(len, "category"), value, alias == 1));
        }
        out.sort(Comparator.comparingInt(CatDef::value).thenComparing(CatDef::alias));
    }

    private MlsLevel level() throws BinaryPolicyException {
        int sens = in.u32("level sensitivity");
        return new MlsLevel(sens, in.ebitmap("level categories"));
    }

    private MlsRange range() throws BinaryPolicyException {
        int at = in.pos();
        int n = in.u32("range item count");
        if (n != 1 && n != 2) throw in.error(at, "MLS range has " + Integer.toUnsignedString(n) + " levels");
        int lo = in.u32("range low sensitivity");
        int hi = n == 2 ? in.u32("range high sensitivity") : lo;
        Ebitmap loCats = in.ebitmap("range low categories");
        Ebitmap hiCats = n == 2 ? in.ebitmap("range high categories") : loCats;
        MlsLevel low = new MlsLevel(lo, loCats), high = new MlsLevel(hi, hiCats);
        if (n == 2 && low.equals(high)) throw in.error(at, "MLS range stores two equal levels");
        return new MlsRange(low, high);
    }

    private List<AvEntry> avtab(boolean conditional) throws BinaryPolicyException {
        List<AvEntry> out = new ArrayList<>();
        int n = in.count("access vector table", version >= 20 ? 12 : 20);
        for (int i = 0; i < n; i++) {
            if (version >= 20) out.add(avEntry(conditional));
            else oldAvItem(conditional, out);
        }
        return out;
    }

    private AvEntry avEntry(boolean conditional) throws BinaryPolicyException {
        int at = in.pos();
        int s = in.u16("avtab source"), t = in.u16("avtab target"), c = in.u16("avtab class"), spec = in.u16("avtab specified");
        int data = in.u32("avtab datum");
        int kind = spec & ~AvEntry.ENABLED;
        if (Integer.bitCount(kind) != 1 || (kind & (AvEntry.AV | AvEntry.TYPE)) == 0) {
            throw in.error(at, String.format("avtab entry has invalid specified 0x%x", spec));
        }
        if (!conditional && (spec & AvEntry.ENABLED) != 0) throw in.error(at, "unconditional avtab entry marked enabled");
        checkValue(at, s, nTypes, "avtab source type");
        checkValue(at, t, nTypes, "avtab target type");
        checkValue(at, c, nClasses, "avtab class");
        if ((kind & AvEntry.TYPE) != 0) checkValue(at, data, nTypes, "avtab new type");
        return new AvEntry(s, t, c, spec, data);
    }

    private static final int[] SPEC_ORDER = {AvEntry.ALLOWED, AvEntry.AUDITDENY, AvEntry.AUDITALLOW,
            AvEntry.TRANSITION, AvEntry.CHANGE, AvEntry.MEMBER};

    /** Pre-version-20 items: count, source, target, class, specified (bit 31 = enabled), one datum per kind. */
    private void oldAvItem(boolean conditional, List<AvEntry> out) throws BinaryPolicyException {
        int at = in.pos();
        int items = in.u32("avtab item count");
        if (items < 5 || items > 12) throw in.error(at, "old avtab item count " + items + " is invalid");
        int s = in.u32("avtab source"), t = in.u32("avtab target"), c = in.u32("avtab class"), val = in.u32("avtab specified");
        boolean enabled = (val & 0x80000000) != 0;
        val &= 0x7fffffff;
        checkValue(at, s, nTypes, "avtab source type");
        checkValue(at, t, nTypes, "avtab target type");
        checkValue(at, c, nClasses, "avtab class");
        if ((val & AvEntry.AV) != 0 && (val & AvEntry.TYPE) != 0) throw in.error(at, "avtab item has both access vectors and types");
        int k = 0;
        for (int spec : SPEC_ORDER) {
            if ((val & spec) == 0) continue;
            k++;
            int data = in.u32("avtab datum");
            out.add(new AvEntry(s, t, c, spec | (conditional && enabled ? AvEntry.ENABLED : 0), data));
        }
        if (k == 0 || k != items - 4) throw in.error(at, "old avtab item data count does not match its kinds");
    }

    private List<CondNode> conds() throws BinaryPolicyException {
        int n = in.count("conditional list", 16);
        List<CondNode> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int at = in.pos();
            int state = in.u32("conditional state");
            if (state != 0 && state != 1) throw in.error(at, "conditional state " + state + " is not 0 or 1");
            int nexpr = in.count("conditional expression", 8);
            if (nexpr == 0) throw in.error(at, "empty conditional expression");
            List<CondExpr> expr = new ArrayList<>();
            int depth = 0;
            for (int j = 0; j < nexpr; j++) {
                int eat = in.pos();
                int type = in.u32("conditional expression type");
                int bool = in.u32("conditional expression boolean");
                if (type < CondExpr.BOOL || type > CondExpr.NEQ) throw in.error(eat, "unknown conditional operator " + type);
                if (type == CondExpr.BOOL) {
                    checkValue(eat, bool, nBools, "conditional boolean");
                    depth++;
                } else if (type == CondExpr.NOT) {
                    if (depth < 1) throw in.error(eat, "malformed conditional expression");
                } else {
                    if (depth < 2) throw in.error(eat, "malformed conditional expression");
                    depth--;
                }
                expr.add(new CondExpr(type, bool));
            }
            if (depth != 1) throw in.error(at, "malformed conditional expression");
            List<AvEntry> t = avtab(true), f = avtab(true);
            out.add(new CondNode(state == 1, expr, t, f));
        }
        return out;
    }

    private List<RoleTrans> roleTrans() throws BinaryPolicyException {
        int n = in.count("role transitions", 12);
        List<RoleTrans> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int at = in.pos();
            int r = in.u32("role transition role"), t = in.u32("role transition type"), nr = in.u32("role transition new role");
            int c = version >= 26 ? in.u32("role transition class") : 0;
            checkValue(at, r, nRoles, "role transition role");
            checkValue(at, t, nTypes, "role transition type");
            checkValue(at, nr, nRoles, "role transition new role");
            out.add(new RoleTrans(r, t, c, nr));
        }
        return out;
    }

    private List<RoleAllow> roleAllows() throws BinaryPolicyException {
        int n = in.count("role allows", 8);
        List<RoleAllow> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int at = in.pos();
            int r = in.u32("role allow role"), nr = in.u32("role allow new role");
            checkValue(at, r, nRoles, "role allow role");
            checkValue(at, nr, nRoles, "role allow new role");
            out.add(new RoleAllow(r, nr));
        }
        return out;
    }

    private Context context() throws BinaryPolicyException {
        int at = in.pos();
        int u = in.u32("context user"), r = in.u32("context role"), t = in.u32("context type");
        checkValue(at, u, nUsers, "context user");
        checkValue(at, r, nRoles, "context role");
        checkValue(at, t, nTypes, "context type");
        MlsRange range = version >= 19 ? range() : MlsRange.NONE;
        return new Context(u, r, t, range);
    }

    private void ocontexts(int oconNum, List<InitialSid> sids, List<Ocontext.Pirq> pirqs, List<Ocontext.IoPort> ioports,
                           List<Ocontext.IoMem> iomems, List<Ocontext.PciDevice> pcis, List<Ocontext.DeviceTree> dts)
            throws BinaryPolicyException {
        String[] names = {"initial SIDs", "pirqcon", "ioportcon", "iomemcon", "pcidevicecon", "devicetreecon", "ocontext 6"};
        for (int i = 0; i < oconNum; i++) {
            int at = in.pos();
            int n = in.count(names[i], 8);
            if (!xenTarget && i > 0 && n != 0) {
                throw in.error(at, "old (\"SE Linux\") Xen policy does not support " + names[i] + " (section " + i + ")");
            }
            for (int j = 0; j < n; j++) {
                switch (i) {
                    case 0 -> {
                        int sat = in.pos();
                        int sid = in.u32("initial SID");
                        if (sid <= 0 || sid > 0xffff) throw in.error(sat, "initial SID " + Integer.toUnsignedString(sid) + " is invalid");
                        for (InitialSid o : sids) if (o.sid() == sid) throw in.error(sat, "duplicate initial SID " + sid);
                        sids.add(new InitialSid(sid, context()));
                    }
                    case 1 -> pirqs.add(new Ocontext.Pirq(in.u32("pirq"), context()));
                    case 2 -> {
                        long lo = in.u32("ioport low") & 0xffffffffL, hi = in.u32("ioport high") & 0xffffffffL;
                        ioports.add(new Ocontext.IoPort(lo, hi, context()));
                    }
                    case 3 -> {
                        long lo, hi;
                        if (version >= 30) { lo = in.u64("iomem low"); hi = in.u64("iomem high"); }
                        else { lo = in.u32("iomem low") & 0xffffffffL; hi = in.u32("iomem high") & 0xffffffffL; }
                        iomems.add(new Ocontext.IoMem(lo, hi, context()));
                    }
                    case 4 -> pcis.add(new Ocontext.PciDevice(in.u32("pcidevice"), context()));
                    default -> {
                        int len = in.u32("devicetree path length");
                        String path = name(len, "devicetree path");
                        dts.add(new Ocontext.DeviceTree(path, context()));
                    }
                }
            }
        }
    }

    private Ebitmap within(Ebitmap e, int max, String what) throws BinaryPolicyException {
        if (e.length() > max) throw in.error(what + " names value " + e.length() + " beyond the " + max + " defined");
        return e;
    }

    private <T> List<T> sortedUnique(List<T> items, java.util.function.ToIntFunction<T> value, int nprim, String what)
            throws BinaryPolicyException {
        List<T> sorted = new ArrayList<>(items);
        sorted.sort(Comparator.comparingInt(value));
        BitSet seen = new BitSet();
        for (T t : sorted) {
            int v = value.applyAsInt(t);
            if (seen.get(v)) throw in.error(what + ": duplicate value " + v);
            seen.set(v);
        }
        if (sorted.size() != nprim && !what.equals("types")) {
            throw in.error(what + ": " + sorted.size() + " entries for " + nprim + " values");
        }
        return sorted;
    }
}
