package org.cordon.compiler.flask;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.cordon.model.PolicyModel;
import org.cordon.model.PolicyModel.Level;
import org.cordon.model.PolicyModel.LevelRange;
import org.cordon.xsm.catalogue.XenCatalogue;
import org.cordon.xsm.flask.conf.Ast;
import org.cordon.xsm.flask.conf.Ast.CNode;
import org.cordon.xsm.flask.conf.Ast.Names;
import org.cordon.xsm.flask.conf.Ast.Stmt;
import org.cordon.xsm.flask.model.ConstraintExpr;

/**
 * The multi-level part of pass "lower-flask": the sensitivities, dominance, categories and levels of a multi-level
 * policy, and Bell-LaPadula as {@code mlsconstrain} statements. Every permission of the classes Xen checks between
 * two domains (or a domain and an event channel) that moves information is constrained by its direction: a read
 * needs the subject's level to dominate the object's (read down; a trusted subject may read up to its clearance), a
 * write needs the object's level to dominate the subject's (write up). Objects of the attribute {@link #TRUSTED}
 * (Xen's own types, trusted domains and their event channels, devices) are exempt: they are trusted to keep apart
 * what they are given. The ranges of contexts ({@code system_u:system_r:T:secret:bank_a}) are written here too.
 */
public final class MlsLowering {

    /** Which way information moves when a permission is used, relative to its subject. */
    public enum Flow { READ, WRITE, BOTH, NONE }

    /** The information-flow direction of each permission (the driver gives the verifier's permission map). */
    @FunctionalInterface
    public interface Flows {
        Flow of(String securityClass, String permission);
    }

    /** Xen's classes whose checks are between two domains, or a domain and an event channel. */
    public static final List<String> CONSTRAINED = List.of("domain", "domain2", "hvm", "mmu", "shadow", "grant",
            "event", "argo");

    /** The attribute of types MLS constraints exempt as objects (Xen's name for it in its MLS policy). */
    public static final String TRUSTED = "mls_priv";

    private final PolicyModel model;
    private final XenCatalogue catalogue;
    private final Flows flows;

    public MlsLowering(PolicyModel model, XenCatalogue catalogue, Flows flows) {
        this.model = model;
        this.catalogue = catalogue;
        this.flows = flows;
    }

    /** sensitivity…; dominance; category…; level… (every sensitivity may carry every category). */
    List<Stmt> declarations(Ast.Pos at) {
        List<Stmt> out = new ArrayList<>();
        out.add(new Ast.Comment(at, ""));
        out.add(new Ast.Comment(at, "Multi-level security: sensitivities lowest first, categories, levels"));
        model.sensitivities().forEach(s -> out.add(new Ast.Sensitivity(at, s, null)));
        out.add(new Ast.Dominance(at, model.sensitivities()));
        model.categories().forEach(c -> out.add(new Ast.Category(at, c, null)));
        model.sensitivities().forEach(s -> out.add(new Ast.LevelDef(at, s, model.categories())));
        return out;
    }

    /**
     * Per constrained class of the target Xen, one constraint on the permissions that read and one on those that
     * write (a permission that does both is in each, so both must hold).
     */
    List<Stmt> constraints(Ast.Pos at) {
        List<Stmt> out = new ArrayList<>();
        out.add(new Ast.Comment(at, ""));
        out.add(new Ast.Comment(at, "Bell-LaPadula: read down (a trusted subject up to its clearance), write up; "
                + TRUSTED + " objects exempt"));
        for (XenCatalogue.SecurityClass c : catalogue.classes()) {
            if (!CONSTRAINED.contains(c.name())) {
                continue;
            }
            List<String> reads = new ArrayList<>();
            List<String> writes = new ArrayList<>();
            for (XenCatalogue.Permission p : c.permissions()) {
                Flow f = flows.of(c.name(), p.name());
                if (f == Flow.READ || f == Flow.BOTH) {
                    reads.add(p.name());
                }
                if (f == Flow.WRITE || f == Flow.BOTH) {
                    writes.add(p.name());
                }
            }
            if (!reads.isEmpty()) {
                out.add(new Ast.Constrain(at, true, Names.of(c.name()), new Names(reads), readDown()));
            }
            if (!writes.isEmpty()) {
                out.add(new Ast.Constrain(at, true, Names.of(c.name()), new Names(writes), writeUp()));
            }
        }
        return out;
    }

    /** {@code (l1 dom l2) or ((t1 == mls_priv) and (h1 dom l2)) or (t2 == mls_priv)}, in postfix. */
    private static List<CNode> readDown() {
        return List.of(attr(ConstraintExpr.L1L2, ConstraintExpr.DOM), trusted(false),
                attr(ConstraintExpr.H1L2, ConstraintExpr.DOM), op(ConstraintExpr.AND), op(ConstraintExpr.OR),
                trusted(true), op(ConstraintExpr.OR));
    }

    /** {@code (l1 domby l2) or (t2 == mls_priv)}, in postfix. */
    private static List<CNode> writeUp() {
        return List.of(attr(ConstraintExpr.L1L2, ConstraintExpr.DOMBY), trusted(true), op(ConstraintExpr.OR));
    }

    private static CNode attr(int operands, int op) {
        return new CNode(ConstraintExpr.ATTR, operands, op, null);
    }

    private static CNode trusted(boolean target) {
        return new CNode(ConstraintExpr.NAMES, ConstraintExpr.TYPE | (target ? ConstraintExpr.TARGET : 0),
                ConstraintExpr.EQ, Names.of(TRUSTED));
    }

    private static CNode op(int type) {
        return new CNode(type, 0, 0, null);
    }

    // ---- levels in contexts ---------------------------------------------------------------------------------------

    /** The lowest level: what Xen's objects without a subject (devices, unlabelled) are at. */
    Ast.Range lowest() {
        Ast.Level l = new Ast.Level(model.sensitivities().get(0), List.of());
        return new Ast.Range(l, l);
    }

    /** The whole range: what Xen's own types and the user system_u span. */
    Ast.Range whole() {
        List<String> s = model.sensitivities();
        return new Ast.Range(new Ast.Level(s.get(0), List.of()), new Ast.Level(s.get(s.size() - 1),
                model.categories()));
    }

    static Ast.Range range(LevelRange r) {
        return new Ast.Range(level(r.low()), level(r.high()));
    }

    private static Ast.Level level(Level l) {
        return new Ast.Level(l.sensitivity(), l.categories());
    }

    /**
     * A context as xl.cfg's {@code seclabel} and Xen's context parser take it: {@code user:role:type}, then the
     * level or range {@code low-high}, categories comma-separated, when the policy is multi-level.
     */
    public static String context(String user, String role, String type, Optional<LevelRange> range) {
        return user + ":" + role + ":" + type + range.map(r -> ":" + (r.single() ? text(r.low())
                : text(r.low()) + "-" + text(r.high()))).orElse("");
    }

    private static String text(Level l) {
        return l.categories().isEmpty() ? l.sensitivity() : l.sensitivity() + ":" + String.join(",", l.categories());
    }
}
