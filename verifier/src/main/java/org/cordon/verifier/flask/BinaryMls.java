package org.cordon.verifier.flask;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.cordon.verifier.facts.Label;
import org.cordon.xsm.flask.model.ClassDef;
import org.cordon.xsm.flask.model.Constraint;
import org.cordon.xsm.flask.model.ConstraintExpr;
import org.cordon.xsm.flask.model.FlaskPolicy;
import org.cordon.xsm.flask.model.InitialSid;
import org.cordon.xsm.flask.model.MlsLevel;
import org.cordon.xsm.flask.model.MlsNames;
import org.cordon.xsm.flask.model.MlsRange;
import org.cordon.xsm.flask.model.PermDef;
import org.cordon.xsm.flask.model.TypeDef;

/**
 * A decoded binary's MLS constraints, evaluated as Xen's security server evaluates them, on the contexts the compiled
 * artifacts give each label: a domain's or VM's {@code seclabel} (its build label's {@code init_seclabel}, a device
 * model's {@code device_model_stubdomain_seclabel}) from its xl.cfg fragment, the control domain's and Xen's own from
 * the binary's initial SID contexts, and an event channel's by Xen's rule for new objects: its type from the
 * type_transition, the low level of the domain that made it. Nothing of the policy model or the compiler is used.
 */
public final class BinaryMls {

    /** A label's context as Xen holds it: a type value and a range. */
    public record Context(int type, MlsRange range) {
    }

    private final FlaskPolicy policy;
    private final Map<String, Integer> typeValues = new HashMap<>();
    private final MlsNames levels;
    private final Map<String, ClassDef> classes = new HashMap<>();
    private final Map<Label, Context> contexts;

    /**
     * @param labelContexts every label the facts name, with its context as the artifacts write it
     *        ({@code user:role:type:low-high}); labels missing here are not constrained-checked
     */
    private BinaryMls(FlaskPolicy policy, Map<Label, String> labelContexts) {
        this.policy = policy;
        for (TypeDef t : policy.types()) {
            typeValues.put(t.name(), t.value());
        }
        this.levels = new MlsNames(policy);
        policy.classes().forEach(c -> classes.put(c.name(), c));
        this.contexts = new HashMap<>();
        labelContexts.forEach((l, text) -> contexts.put(l, parse(text)));
    }

    /** The evaluator for a decoded multi-level binary; the contexts' names must be the binary's. */
    public static BinaryMls of(FlaskPolicy policy, Map<Label, String> labelContexts) {
        if (!policy.mls()) {
            throw new IllegalArgumentException("the binary is not multi-level");
        }
        return new BinaryMls(policy, labelContexts);
    }

    private static final java.util.regex.Pattern XL_LABEL = java.util.regex.Pattern.compile(
            "(?m)^(seclabel|init_seclabel|device_model_stubdomain_seclabel) = \"([^\"]*)\"$");

    /**
     * The evaluator for a binary Cordon compiled, with each label's context read off the artifacts: {@code xl} is
     * every xl.cfg fragment's text by the principal it is for; {@code labelsOfType} says which type each label is
     * written as (for event channels, whose type Xen takes from the type_transition); the control domain's and Xen's
     * contexts are the binary's initial SIDs'. {@code deviceModels} names each device model's guests, whose fragments
     * carry its label.
     */
    public static BinaryMls forCompiled(FlaskPolicy policy, org.cordon.xsm.catalogue.XenCatalogue catalogue,
            Iterable<Label> labels, Map<String, String> xl, Map<String, java.util.Set<Label>> labelsOfType,
            Map<String, List<String>> deviceModels, Optional<String> controlDomain) {
        // initial SIDs are numbered per release (4.16 has no xenboot): the target's catalogue names them
        java.util.function.Function<String, Optional<String>> sid = name -> catalogue.initialSids().stream()
                .filter(x -> x.name().equals(name)).findFirst().flatMap(x -> initialSidContext(policy, x.value()));
        Map<String, Map<String, String>> byOwner = new HashMap<>();
        xl.forEach((owner, text) -> {
            java.util.regex.Matcher m = XL_LABEL.matcher(text);
            while (m.find()) {
                byOwner.computeIfAbsent(owner, k -> new HashMap<>()).put(m.group(1), m.group(2));
            }
        });
        Map<Label, String> typeOf = new HashMap<>();
        labelsOfType.forEach((type, ls) -> ls.forEach(l -> typeOf.merge(l, type, (a, b) -> a.length() <= b.length() ? a : b)));
        Map<Label, String> contexts = new HashMap<>();
        for (Label l : labels) {
            Optional<String> ctx = switch (l.kind()) {
                case XEN -> sid.apply("xen");
                case XENBOOT -> sid.apply("xenboot");
                case DOMIO -> sid.apply("domio");
                case DOMXEN -> sid.apply("domxen");
                case SID -> sid.apply(l.owner());
                case DEVICE -> Optional.ofNullable(typeOf.get(l)).flatMap(type -> ocontext(policy, type));
                case DOMAIN, VM -> {
                    Optional<String> main = controlDomain.filter(l.owner()::equals).isPresent()
                            ? sid.apply("dom0")
                            : Optional.ofNullable(byOwner.getOrDefault(l.owner(), Map.of()).get("seclabel"))
                                    .or(() -> deviceModels.getOrDefault(l.owner(), List.of()).stream()
                                            .map(g -> byOwner.getOrDefault(g, Map.of())
                                                    .get("device_model_stubdomain_seclabel"))
                                            .filter(java.util.Objects::nonNull).findFirst());
                    yield switch (l.facet()) {
                        case MAIN -> main;
                        case BUILDING -> Optional.ofNullable(byOwner.getOrDefault(l.owner(), Map.of())
                                .get("init_seclabel"));
                        case CHANNEL, RECV_CHANNEL -> main.flatMap(c -> Optional.ofNullable(typeOf.get(l))
                                .map(type -> channelContext(c, type)));
                    };
                }
            };
            ctx.ifPresent(c -> contexts.put(l, c));
        }
        return of(policy, contexts);
    }

    /** The context of a device type as the binary's device contexts give it. */
    static Optional<String> ocontext(FlaskPolicy policy, String type) {
        List<org.cordon.xsm.flask.model.Context> all = new java.util.ArrayList<>();
        policy.pirqs().forEach(o -> all.add(o.context()));
        policy.ioports().forEach(o -> all.add(o.context()));
        policy.iomems().forEach(o -> all.add(o.context()));
        policy.pciDevices().forEach(o -> all.add(o.context()));
        policy.deviceTrees().forEach(o -> all.add(o.context()));
        return all.stream().filter(c -> policy.type(c.type()).name().equals(type)).findFirst().map(c -> text(policy, c));
    }

    private static String text(FlaskPolicy policy, org.cordon.xsm.flask.model.Context c) {
        MlsNames names = new MlsNames(policy);
        return policy.user(c.user()).name() + ":" + policy.role(c.role()).name() + ":" + policy.type(c.type()).name()
                + ":" + names.text(c.range().low()) + "-" + names.text(c.range().high());
    }

    /** An initial SID's context in the binary, by its number in the target release, as text. */
    static Optional<String> initialSidContext(FlaskPolicy policy, int sid) {
        for (InitialSid s : policy.initialSids()) {
            if (s.sid() == sid) {
                return Optional.of(text(policy, s.context()));
            }
        }
        return Optional.empty();
    }


    /** {@code user:role:type[:low[-high]]} with levels {@code sens[:cat,cat]}, as Cordon writes them. */
    private Context parse(String text) {
        String[] parts = text.split(":", 4);
        if (parts.length < 4) {
            throw new IllegalArgumentException("context without a level: " + text);
        }
        Integer type = typeValues.get(parts[2]);
        if (type == null) {
            throw new IllegalArgumentException("context of a type the binary lacks: " + text);
        }
        String[] lh = parts[3].split("-", 2);
        MlsLevel low = level(lh[0].strip(), text);
        MlsLevel high = lh.length == 2 ? level(lh[1].strip(), text) : low;
        return new Context(type, new MlsRange(low, high));
    }

    private MlsLevel level(String text, String context) {
        try {
            return levels.level(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + " in " + context, e);
        }
    }

    /** Whether the constraints let a subject of context {@code scontext} use the permission on {@code tcontext}. */
    public boolean allows(String scontext, String tcontext, String securityClass, String permission) {
        Label s = new Label(scontext, Label.Kind.DOMAIN, Label.Facet.MAIN);
        Label t = new Label(tcontext, Label.Kind.DOMAIN, Label.Facet.MAIN);
        contexts.putIfAbsent(s, parse(scontext));
        contexts.putIfAbsent(t, parse(tcontext));
        return allows(s, t, securityClass, permission);
    }

    /** The context of an event channel {@code owner} made: the channel's type, {@code owner}'s low level. */
    public static String channelContext(String ownerContext, String channelType) {
        String[] parts = ownerContext.split(":", 4);
        String low = parts.length == 4 ? parts[3].split("-", 2)[0] : "";
        return parts[0] + ":object_r:" + channelType + (low.isEmpty() ? "" : ":" + low);
    }

    /** Whether the binary's constraints let {@code s} use the permission on {@code t}; true for labels without a context. */
    public boolean allows(Label s, Label t, String securityClass, String permission) {
        Context cs = contexts.get(s);
        Context ct = contexts.get(t);
        ClassDef c = classes.get(securityClass);
        if (cs == null || ct == null || c == null) {
            return true;
        }
        int bit = -1;
        for (PermDef p : c.perms()) {
            if (p.name().equals(permission)) {
                bit = p.value() - 1;
            }
        }
        if (bit < 0) {
            return true;
        }
        for (Constraint k : c.constraints()) {
            if ((k.permissions() & (1 << bit)) != 0 && !eval(k.expr(), cs, ct)) {
                return false;
            }
        }
        return true;
    }

    /** Whether the binary has a context for the label. */
    public boolean knows(Label l) {
        return contexts.containsKey(l);
    }

    private boolean eval(List<ConstraintExpr> expr, Context s, Context t) {
        Deque<Boolean> stack = new ArrayDeque<>();
        for (ConstraintExpr e : expr) {
            switch (e.exprType()) {
                case ConstraintExpr.NOT -> stack.push(!stack.pop());
                case ConstraintExpr.AND -> {
                    boolean b = stack.pop(), a = stack.pop();
                    stack.push(a && b);
                }
                case ConstraintExpr.OR -> {
                    boolean b = stack.pop(), a = stack.pop();
                    stack.push(a || b);
                }
                case ConstraintExpr.ATTR -> stack.push(attr(e, s, t));
                case ConstraintExpr.NAMES -> {
                    if ((e.attr() & ConstraintExpr.TYPE) == 0) {
                        throw new IllegalArgumentException("a user or role constraint Cordon does not write");
                    }
                    int type = (e.attr() & ConstraintExpr.TARGET) != 0 ? t.type() : s.type();
                    boolean in = e.names().get(type - 1);
                    stack.push(e.op() == ConstraintExpr.EQ ? in : !in);
                }
                default -> throw new IllegalArgumentException("constraint node " + e.exprType());
            }
        }
        return stack.pop();
    }

    private static boolean attr(ConstraintExpr e, Context s, Context t) {
        MlsLevel a, b;
        switch (e.attr()) {
            case ConstraintExpr.L1L2 -> { a = s.range().low(); b = t.range().low(); }
            case ConstraintExpr.L1H2 -> { a = s.range().low(); b = t.range().high(); }
            case ConstraintExpr.H1L2 -> { a = s.range().high(); b = t.range().low(); }
            case ConstraintExpr.H1H2 -> { a = s.range().high(); b = t.range().high(); }
            case ConstraintExpr.L1H1 -> { a = s.range().low(); b = s.range().high(); }
            case ConstraintExpr.L2H2 -> { a = t.range().low(); b = t.range().high(); }
            case ConstraintExpr.TYPE -> {
                return e.op() == ConstraintExpr.EQ ? s.type() == t.type() : s.type() != t.type();
            }
            default -> throw new IllegalArgumentException("constraint operand " + e.attr());
        }
        return switch (e.op()) {
            case ConstraintExpr.EQ -> a.equals(b);
            case ConstraintExpr.NEQ -> !a.equals(b);
            case ConstraintExpr.DOM -> a.dominates(b);
            case ConstraintExpr.DOMBY -> b.dominates(a);
            default -> !a.dominates(b) && !b.dominates(a); // incomp
        };
    }

}
