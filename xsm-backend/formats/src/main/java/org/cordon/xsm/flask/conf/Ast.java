package org.cordon.xsm.flask.conf;

import java.util.List;

/**
 * The policy.conf abstract syntax: one record per statement, in source order, each with its position. The parser
 * ({@link ConfParser}) builds it from text, Cordon's FLASK lowering builds it from a policy, {@link ConfPrinter}
 * prints it.
 * Name sets keep checkpolicy's token form: identifiers with the markers "-" (next one is excluded),
 * "*" (all) and "~" (complement, placed after the set it applies to).
 */
public final class Ast {
    private Ast() { }

    public record Pos(String file, int line, int col) {
        @Override public String toString() { return file + ":" + line + ":" + col; }
    }

    public record Names(List<String> items) {
        public Names { items = List.copyOf(items); }
        public static Names of(String... ids) { return new Names(List.of(ids)); }
    }

    public record Level(String sens, List<String> cats) {
        public Level { cats = List.copyOf(cats); }
    }
    public record Range(Level low, Level high) { }
    public record Ctx(String user, String role, String type, Range range) { }

    /** A postfix constraint node; names only for NAMES nodes. */
    public record CNode(int exprType, int attr, int op, Names names) { }
    /** A postfix boolean node; bool name only for BOOL nodes. */
    public record BNode(int type, String bool, Pos pos) { }

    public sealed interface Stmt { Pos pos(); }

    /** A comment line, which generators write and the parser skips; an empty text is a blank line. */
    public record Comment(Pos pos, String text) implements Stmt { }

    public record ClassDecl(Pos pos, String name) implements Stmt { }
    public record SidDecl(Pos pos, String name) implements Stmt { }
    public record CommonDef(Pos pos, String name, List<String> perms) implements Stmt { }
    public record AvDef(Pos pos, String name, String inherits, List<String> perms) implements Stmt { }
    public record DefaultRule(Pos pos, String kind, Names classes, String which, String part) implements Stmt { }
    public record Sensitivity(Pos pos, String name, Names aliases) implements Stmt { }
    public record Dominance(Pos pos, List<String> order) implements Stmt { }
    public record Category(Pos pos, String name, Names aliases) implements Stmt { }
    public record LevelDef(Pos pos, String sens, List<String> cats) implements Stmt { }
    public record Constrain(Pos pos, boolean mls, Names classes, Names perms, List<CNode> expr) implements Stmt { }
    public record Validatetrans(Pos pos, boolean mls, Names classes, List<CNode> expr) implements Stmt { }
    public record Attribute(Pos pos, String name) implements Stmt { }
    public record ExpandAttribute(Pos pos, Names attrs, boolean expand) implements Stmt { }
    public record TypeDecl(Pos pos, String name, Names aliases, List<String> attrs) implements Stmt { }
    public record TypeAliasDecl(Pos pos, String type, Names aliases) implements Stmt { }
    public record TypeAttribute(Pos pos, String type, List<String> attrs) implements Stmt { }
    public record TypeBounds(Pos pos, String bounding, List<String> bounded) implements Stmt { }
    public record BoolDecl(Pos pos, String name, boolean state, boolean tunable) implements Stmt { }
    /** allow/auditallow/auditdeny/dontaudit/neverallow (kind = keyword). */
    public record AvRule(Pos pos, String kind, Names sources, Names targets, Names classes, Names perms)
            implements Stmt { }
    /** type_transition/type_member/type_change (kind = keyword). */
    public record TypeRule(Pos pos, String kind, Names sources, Names targets, Names classes, String newType,
                           String filename) implements Stmt { }
    public record RangeTrans(Pos pos, Names sources, Names targets, Names classes, Range range) implements Stmt { }
    public record Permissive(Pos pos, String type) implements Stmt { }
    public record PolicyCap(Pos pos, String name) implements Stmt { }
    public record AttributeRole(Pos pos, String name) implements Stmt { }
    public record RoleTypes(Pos pos, String role, Names types) implements Stmt { }
    public record RoleDecl(Pos pos, String name, List<String> attrs) implements Stmt { }
    public record RoleAttribute(Pos pos, String role, List<String> attrs) implements Stmt { }
    public record RoleDominance(Pos pos) implements Stmt { }
    public record RoleTransition(Pos pos, Names roles, Names types, Names classes, String newRole) implements Stmt { }
    public record RoleAllow(Pos pos, Names roles, Names newRoles) implements Stmt { }
    public record Cond(Pos pos, List<BNode> expr, List<Stmt> whenTrue, List<Stmt> whenFalse) implements Stmt {
        public Cond { expr = List.copyOf(expr); whenTrue = List.copyOf(whenTrue); whenFalse = List.copyOf(whenFalse); }
    }
    public record User(Pos pos, String name, Names roles, Level level, Range range) implements Stmt { }
    public record SidContext(Pos pos, String sid, Ctx context) implements Stmt { }
    public record PirqCon(Pos pos, long irq, Ctx context) implements Stmt { }
    public record IomemCon(Pos pos, long low, long high, Ctx context) implements Stmt { }
    public record IoportCon(Pos pos, long low, long high, Ctx context) implements Stmt { }
    public record PciDeviceCon(Pos pos, long sbdf, Ctx context) implements Stmt { }
    public record DeviceTreeCon(Pos pos, String path, Ctx context) implements Stmt { }
}
