package org.cordon.xsm.flask.binary;

import java.util.ArrayList;
import java.util.List;
import org.cordon.xsm.flask.model.BoolDef;
import org.cordon.xsm.flask.model.CatDef;
import org.cordon.xsm.flask.model.ClassDef;
import org.cordon.xsm.flask.model.CommonDef;
import org.cordon.xsm.flask.model.CondExpr;
import org.cordon.xsm.flask.model.CondNode;
import org.cordon.xsm.flask.model.Constraint;
import org.cordon.xsm.flask.model.ConstraintExpr;
import org.cordon.xsm.flask.model.Context;
import org.cordon.xsm.flask.model.Ebitmap;
import org.cordon.xsm.flask.model.FlaskPolicy;
import org.cordon.xsm.flask.model.MlsLevel;
import org.cordon.xsm.flask.model.MlsRange;
import org.cordon.xsm.flask.model.PermDef;
import org.cordon.xsm.flask.model.RoleAllow;
import org.cordon.xsm.flask.model.RoleDef;
import org.cordon.xsm.flask.model.RangeTrans;
import org.cordon.xsm.flask.model.RoleTrans;
import org.cordon.xsm.flask.model.SensDef;
import org.cordon.xsm.flask.model.TypeAlias;
import org.cordon.xsm.flask.model.TypeDef;
import org.cordon.xsm.flask.model.UserDef;

/**
 * Writes a kernel policy in the layout of libsepol's policydb_write for the Xen target ("XenFlask", versions
 * 24 and 30), so that the bytes equal {@code checkpolicy -t Xen -c <version>}.
 */
public final class BinaryWriter {
    public static final int MAGIC = 0xf97cff8c;
    public static final int SYM_NUM = 8;

    private final FlaskPolicy p;
    private final int version;
    private final LeOutput out = new LeOutput();
    private final java.util.TreeMap<Integer, String> sections = new java.util.TreeMap<>();

    private BinaryWriter(FlaskPolicy p, int version) {
        this.p = p;
        this.version = version;
    }

    public static byte[] write(FlaskPolicy policy, int version) throws PolicyWriteException {
        return writeWithSections(policy, version, new java.util.TreeMap<>());
    }

    /** Writes and fills {@code sections} with the start offset of each section (for diagnostics). */
    public static byte[] writeWithSections(FlaskPolicy policy, int version, java.util.TreeMap<Integer, String> sections)
            throws PolicyWriteException {
        if (version != 24 && version != 30) {
            throw new PolicyWriteException("Xen accepts policy versions 24 and 30 only, not " + version);
        }
        if (!FlaskPolicy.TARGET_XEN.equals(policy.target())) {
            throw new PolicyWriteException("only the \"XenFlask\" target can be written, not \"" + policy.target() + "\"");
        }
        BinaryWriter w = new BinaryWriter(policy, version);
        w.policy();
        sections.putAll(w.sections);
        return w.out.toByteArray();
    }

    private void policy() throws PolicyWriteException {
        mark("header");
        out.u32(MAGIC);
        out.u32(p.target().length());
        out.str(p.target());
        out.u32(version);
        out.u32((p.mls() ? 1 : 0) | (p.handleUnknown() & 6));
        out.u32(SYM_NUM);
        out.u32(version >= 30 ? 6 : 5);
        mark("policy capabilities");
        out.ebitmap(p.policyCaps());
        mark("permissive map");
        out.ebitmap(p.permissiveTypes());
        mark("commons");
        commons();
        mark("classes");
        classes();
        mark("roles");
        roles();
        mark("types");
        types();
        mark("users");
        users();
        mark("booleans");
        bools();
        mark("sensitivities");
        levels();
        mark("categories");
        cats();
        mark("avtab");
        AvtabWriter.writeUnconditional(out, p.avtab());
        mark("conditional list");
        conditionals();
        mark("role transitions");
        roleTrans();
        mark("role allows");
        roleAllows();
        mark("filename transitions");
        if (version >= 25) out.u32(0); // filename transitions: none for Xen
        mark("ocontexts");
        OcontextWriter.write(out, p, version, this::context);
        mark("genfs");
        out.u32(0); // genfs: none for Xen
        mark("range transitions");
        rangeTransitions();
        mark("type_attr_map");
        for (Ebitmap e : p.typeAttrMap()) out.ebitmap(e);
    }

    private void mark(String name) { sections.put(out.size(), name); }

    private void symHeader(int nprim, int nel) { out.u32(nprim); out.u32(nel); }

    private void perms(List<PermDef> perms) {
        for (PermDef perm : HashOrder.order(perms, PermDef::name, HashOrder.PERM_SYMTAB_SIZE)) {
            out.u32(perm.name().length());
            out.u32(perm.value());
            out.str(perm.name());
        }
    }

    private void commons() {
        symHeader(p.commons().size(), p.commons().size());
        for (CommonDef c : HashOrder.order(p.commons(), CommonDef::name, HashOrder.SYMTAB_SIZES[0])) {
            out.u32(c.name().length());
            out.u32(c.value());
            out.u32(c.perms().size());
            out.u32(c.perms().size());
            out.str(c.name());
            perms(c.perms());
        }
    }

    private void classes() {
        symHeader(p.classes().size(), p.classes().size());
        for (ClassDef c : HashOrder.order(p.classes(), ClassDef::name, HashOrder.SYMTAB_SIZES[1])) {
            int commonPerms = 0;
            if (c.common() != null) {
                commonPerms = p.commons().stream().filter(x -> x.name().equals(c.common()))
                        .findFirst().map(x -> x.perms().size()).orElse(0);
            }
            out.u32(c.name().length());
            out.u32(c.common() == null ? 0 : c.common().length());
            out.u32(c.value());
            out.u32(c.perms().size() + commonPerms);
            out.u32(c.perms().size());
            out.u32(c.constraints().size());
            out.str(c.name());
            if (c.common() != null) out.str(c.common());
            perms(c.perms());
            constraints(c.constraints());
            out.u32(c.validatetrans().size());
            constraints(c.validatetrans());
            if (version >= 27) {
                out.u32(c.defaultUser());
                out.u32(c.defaultRole());
                out.u32(c.defaultRange());
            }
            if (version >= 28) out.u32(c.defaultType());
        }
    }

    private void constraints(List<Constraint> list) {
        for (Constraint c : list) {
            out.u32(c.permissions());
            out.u32(c.expr().size());
            for (ConstraintExpr e : c.expr()) {
                out.u32(e.exprType());
                out.u32(e.attr());
                out.u32(e.op());
                if (e.exprType() == ConstraintExpr.NAMES) {
                    out.ebitmap(e.names());
                    if (version >= 29) {
                        out.ebitmap(e.typeNames());
                        out.ebitmap(e.typeNeg());
                        out.u32(e.typeFlags());
                    }
                }
            }
        }
    }

    private void roles() {
        symHeader(p.roles().size(), p.roles().size());
        for (RoleDef r : HashOrder.order(p.roles(), RoleDef::name, HashOrder.SYMTAB_SIZES[2])) {
            out.u32(r.name().length());
            out.u32(r.value());
            out.u32(r.bounds()); // versions 24 and 30 both have bounds
            out.str(r.name());
            out.ebitmap(r.dominates());
            out.ebitmap(r.value() == 1 ? Ebitmap.EMPTY : r.types()); // object_r is written empty
        }
    }

    private record TypeEntry(String name, int value, int properties, int bounds) { }

    private void types() {
        List<TypeEntry> entries = new ArrayList<>();
        for (TypeDef t : p.types()) {
            entries.add(new TypeEntry(t.name(), t.value(), t.attribute() ? 2 | 1 : 1, t.bounds()));
        }
        for (TypeAlias a : p.aliases()) entries.add(new TypeEntry(a.name(), a.value(), 0, a.bounds()));
        symHeader(p.types().size(), entries.size());
        for (TypeEntry t : HashOrder.order(entries, TypeEntry::name, HashOrder.SYMTAB_SIZES[3])) {
            out.u32(t.name().length());
            out.u32(t.value());
            out.u32(t.properties());
            out.u32(t.bounds());
            out.str(t.name());
        }
    }

    private void users() {
        symHeader(p.users().size(), p.users().size());
        for (UserDef u : HashOrder.order(p.users(), UserDef::name, HashOrder.SYMTAB_SIZES[4])) {
            out.u32(u.name().length());
            out.u32(u.value());
            out.u32(u.bounds());
            out.str(u.name());
            out.ebitmap(u.roles());
            range(u.range());
            level(u.defaultLevel());
        }
    }

    private void bools() {
        symHeader(p.bools().size(), p.bools().size());
        for (BoolDef b : HashOrder.order(p.bools(), BoolDef::name, HashOrder.SYMTAB_SIZES[5])) {
            out.u32(b.value());
            out.u32(b.state() ? 1 : 0);
            out.u32(b.name().length());
            out.str(b.name());
        }
    }

    private void levels() {
        symHeader(p.sensitivities().size(), p.sensitivities().size());
        for (SensDef s : HashOrder.order(p.sensitivities(), SensDef::name, HashOrder.SYMTAB_SIZES[6])) {
            out.u32(s.name().length());
            out.u32(s.alias() ? 1 : 0);
            out.str(s.name());
            level(s.level());
        }
    }

    private void cats() {
        symHeader(p.categories().size(), p.categories().size());
        for (CatDef c : HashOrder.order(p.categories(), CatDef::name, HashOrder.SYMTAB_SIZES[7])) {
            out.u32(c.name().length());
            out.u32(c.value());
            out.u32(c.alias() ? 1 : 0);
            out.str(c.name());
        }
    }

    private void conditionals() {
        out.u32(p.conditionals().size());
        for (CondNode n : p.conditionals()) {
            out.u32(n.state() ? 1 : 0);
            out.u32(n.expr().size());
            for (CondExpr e : n.expr()) { out.u32(e.type()); out.u32(e.bool()); }
            AvtabWriter.writeList(out, n.trueList());
            AvtabWriter.writeList(out, n.falseList());
        }
    }

    private void roleTrans() {
        if (version < 26) {
            // before version 26 only transitions on the "process" class are kept; Xen has no such class
            out.u32(0);
            return;
        }
        out.u32(p.roleTransitions().size());
        for (RoleTrans t : p.roleTransitions()) {
            out.u32(t.role()); out.u32(t.type()); out.u32(t.newRole());
            out.u32(t.tclass());
        }
    }

    private void roleAllows() {
        out.u32(p.roleAllows().size());
        for (RoleAllow a : p.roleAllows()) { out.u32(a.role()); out.u32(a.newRole()); }
    }

    /** libsepol's range_tr table: 256 buckets growing with the count, hash s + (t << 3) + (c << 5), sorted. */
    private void rangeTransitions() {
        List<RangeTrans> list = new ArrayList<>(p.rangeTransitions());
        int size = HashOrder.finalSize(256, list.size());
        list.sort(java.util.Comparator.<RangeTrans>comparingInt(r -> (r.source() + (r.target() << 3) + (r.tclass() << 5)) & (size - 1))
                .thenComparingInt(RangeTrans::source).thenComparingInt(RangeTrans::target).thenComparingInt(RangeTrans::tclass));
        out.u32(list.size());
        for (RangeTrans r : list) {
            out.u32(r.source());
            out.u32(r.target());
            out.u32(r.tclass()); // versions >= 21 store the class
            range(r.range());
        }
    }

    void context(LeOutput o, Context c) {
        o.u32(c.user()); o.u32(c.role()); o.u32(c.type());
        rangeTo(o, c.range());
    }

    private void range(MlsRange r) { rangeTo(out, r); }

    private static void rangeTo(LeOutput o, MlsRange r) {
        boolean eq = r.low().equals(r.high());
        o.u32(eq ? 1 : 2);
        o.u32(r.low().sens());
        if (!eq) o.u32(r.high().sens());
        o.ebitmap(r.low().cats());
        if (!eq) o.ebitmap(r.high().cats());
    }

    private void level(MlsLevel l) { out.u32(l.sens()); out.ebitmap(l.cats()); }
}
