package org.cordon.xsm.host;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.cordon.xsm.flask.BinaryPolicyException;
import org.cordon.xsm.flask.FlaskPolicies;
import org.cordon.xsm.flask.binary.PolicyWriteException;
import org.cordon.xsm.flask.model.ClassDef;
import org.cordon.xsm.flask.model.Constraint;
import org.cordon.xsm.flask.model.ConstraintExpr;
import org.cordon.xsm.flask.model.Ebitmap;
import org.cordon.xsm.flask.model.FlaskPolicy;
import org.cordon.xsm.flask.model.TypeDef;

/**
 * The policy a change starts from, with domains shut out of the types the change drops. Xen invalidates the context of
 * a running domain whose type a loaded policy lacks (services.c convert_context), and loading the old policy again
 * does not bring it back: the SID is gone from Xen's table. Preflight refuses a change while such a domain runs, but
 * one can be created between preflight and {@code xl loadpolicy}. Loading this gate first closes that window: it has
 * every type and rule of the policy in force, plus constraints under which no domain can take one of the dropped
 * types (domain create and transition, domain2 relabelto and relabelself, each checked against the label the domain
 * would get); so the domains listed under it are all there will be, and Xen converts every context both ways.
 */
public final class CreationGate {

    /** The permissions through which a domain gets a label, by class: their target is the label it gets. */
    static final Map<String, List<String>> LABEL_GIVING = Map.of(
            "domain", List.of("create", "transition"),
            "domain2", List.of("relabelto", "relabelself"));

    private CreationGate() {
    }

    /** The types of {@code from} that {@code to} lacks (attributes aside): a domain with one would lose its label. */
    public static Set<String> dropped(FlaskPolicy from, FlaskPolicy to) {
        Set<String> kept = to.types().stream().filter(t -> !t.attribute()).map(TypeDef::name).collect(Collectors.toSet());
        return from.types().stream().filter(t -> !t.attribute() && !kept.contains(t.name())).map(TypeDef::name)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** {@code from} with no way for a domain to take one of {@code dropped}, written as Xen loads it. */
    public static LoadablePolicy of(LoadablePolicy from, Set<String> dropped) throws HostException {
        FlaskPolicy p = from.policy();
        int[] bits = p.types().stream().filter(t -> !t.attribute() && dropped.contains(t.name())).mapToInt(t -> t.value() - 1)
                .toArray();
        Ebitmap types = Ebitmap.of(bits);
        List<ClassDef> classes = new ArrayList<>();
        for (ClassDef c : p.classes()) {
            int mask = 0;
            for (String perm : LABEL_GIVING.getOrDefault(c.name(), List.of())) {
                mask |= c.perms().stream().filter(d -> d.name().equals(perm)).mapToInt(d -> 1 << (d.value() - 1)).findFirst()
                        .orElse(0);
            }
            if (mask == 0) {
                classes.add(c);
                continue;
            }
            // t2 != { dropped }: the target's type is none of them
            Constraint gate = new Constraint(mask, List.of(new ConstraintExpr(ConstraintExpr.NAMES,
                    ConstraintExpr.TYPE | ConstraintExpr.TARGET, ConstraintExpr.NEQ, types, types, Ebitmap.EMPTY, 0)));
            List<Constraint> cons = new ArrayList<>(c.constraints());
            cons.add(0, gate);
            classes.add(new ClassDef(c.name(), c.value(), c.common(), c.perms(), cons, c.validatetrans(), c.defaultUser(),
                    c.defaultRole(), c.defaultRange(), c.defaultType()));
        }
        FlaskPolicy gated = new FlaskPolicy(p.target(), p.mls(), p.handleUnknown(), p.policyCaps(), p.permissiveTypes(),
                p.commons(), classes, p.roles(), p.types(), p.aliases(), p.users(), p.bools(), p.sensitivities(),
                p.categories(), p.avtab(), p.conditionals(), p.roleTransitions(), p.roleAllows(), p.initialSids(), p.pirqs(),
                p.ioports(), p.iomems(), p.pciDevices(), p.deviceTrees(), p.typeAttrMap(), p.rangeTransitions());
        try {
            byte[] bytes = FlaskPolicies.writeBinary(gated, version(from.binary()), p.mls());
            return LoadablePolicy.of("gate of " + from.name(), bytes, from.targetXen(), false);
        } catch (PolicyWriteException | BinaryPolicyException e) {
            throw new HostException(HostException.Kind.PROTOCOL, "cannot write the creation gate of " + from.name() + ": "
                    + e.getMessage());
        }
    }

    /** The policy version in a binary's header (magic, target length, target, version), as the reader accepted it. */
    private static int version(byte[] binary) {
        ByteBuffer b = ByteBuffer.wrap(binary).order(ByteOrder.LITTLE_ENDIAN);
        int len = b.getInt(4);
        return b.getInt(8 + len);
    }
}
