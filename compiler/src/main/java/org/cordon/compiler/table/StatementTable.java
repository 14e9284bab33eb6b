package org.cordon.compiler.table;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.cordon.model.PolicyModel;
import org.cordon.model.PolicyModel.Facet;
import org.cordon.model.PolicyModel.SubjectRef;
import org.cordon.model.Principal;
import org.cordon.model.SourcePos;
import org.cordon.xsm.catalogue.XenCatalogue;
import org.cordon.xsm.macros.Endpoint;
import org.cordon.xsm.macros.Grant;
import org.cordon.xsm.macros.XenMacros;

/**
 * What every statement of a policy means in Xen's terms, written down once: for each statement (a rule, a capability
 * use, a channel of each kind and direction, a management feature allowed or denied, a device, a domain's
 * declaration, a device model, a forbid) the access vectors it grants or forbids between the labels Xen checks them
 * against ({@code T}, {@code T_self}, {@code T_channel}, {@code T_recv_channel}, {@code T_target}, {@code T_building},
 * a device, Xen's own). The language's checks (forbid against grant, denied features, permissions checked against
 * another label) and the FLASK lowering both read it; the verifier keeps its own reading, and a test holds the two
 * readings equal.
 *
 * <p>Built by {@link StatementReader}; immutable.
 */
public final class StatementTable {

    /** What a statement does to the accesses it names. */
    public enum Effect { ALLOW, AUDITALLOW, DONTAUDIT, NEVERALLOW }

    /** What kind of statement an entry comes from. */
    public enum Kind {
        /** What every domain needs on itself (xen.if declare_domain_common). */
        DOMAIN,
        /** Xen builds the domain at boot (xen_build_domain). */
        BOOT,
        /** The control domain's own rights (dom0.te). */
        CONTROL,
        /** A domain built under a build label becomes itself (declare_build_label). */
        BUILD_LABEL,
        /** xen.if device_model and make_device_model. */
        DEVICE_MODEL,
        RULE, CHANNEL, FEATURE_ALLOWED, FEATURE_DENIED, DEVICE, FORBID
    }

    /** The statement an entry comes from: its kind, how to name it, where it is and the layer that holds it. */
    public record Statement(Kind kind, String text, SourcePos pos, String layer) {
        @Override
        public String toString() {
            return text + " (" + pos + ")";
        }
    }

    /** A switch an entry depends on: on, or (the else branch) off. */
    public record Guard(String name, boolean whenOff) {
    }

    /**
     * {@code type_transition source target:securityClass result} in endpoint terms, for the pairs of an entry: how
     * a new domain or event channel gets its label.
     */
    public record Transition(Endpoint source, Endpoint target, String securityClass, Endpoint result) {
    }

    /**
     * One row of the table: {@code grants} hold for every pair (s, t) of the subject's and the target's members
     * (or, when {@code device} is given, between each subject and that device), except subjects in {@code except}.
     * {@code distinct}: pairs of a principal with itself are left out (a channel joins two domains; a forbid between
     * domains does not reach what a domain does to itself, which Xen checks against {@code T_self}).
     * {@code perType}: the lowering must state it per member type, not over the reference's attribute (the row
     * covers only some of the reference's members, or differs between them).
     */
    public record Entry(Statement statement, Effect effect, SubjectRef subject, SubjectRef target,
            Optional<String> device, List<Principal> except, List<Grant> grants, List<Transition> transitions,
            Optional<Guard> guard, boolean distinct, boolean perType) {
        public Entry {
            except = List.copyOf(except);
            grants = List.copyOf(grants);
            transitions = List.copyOf(transitions);
        }

        public List<Principal> subjects() {
            if (except.isEmpty()) {
                return subject.members();
            }
            Set<Principal> out = new LinkedHashSet<>(subject.members());
            except.forEach(out::remove);
            return List.copyOf(out);
        }

        /** The target principals: the reference's members, or the device. */
        public List<Principal> targets() {
            return device.map(d -> List.of(Principal.device(d))).orElse(target.members());
        }
    }

    /** The label an access is checked against, in principal terms: a principal and which of its labels. */
    public record Side(Principal principal, Facet facet) {
        @Override
        public String toString() {
            return switch (facet) {
                case MAIN -> principal.name();
                case SELF -> principal.name() + " (acting on itself)";
                case CHANNEL -> principal.name() + "'s event channels";
                case RECV_CHANNEL -> principal.name() + "'s receive-only event channels";
                case TARGET -> principal.name() + " as its device model sees it";
                case BUILDING -> principal.name() + " while being built";
            };
        }
    }

    /** One access in label terms: may {@code from} use {@code securityClass.permission} on {@code to}. */
    public record Access(Side from, Side to, String securityClass, String permission) {
        @Override
        public String toString() {
            return from + " -> " + to + " : " + securityClass + "." + permission;
        }
    }

    private final PolicyModel model;
    private final XenCatalogue catalogue;
    private final List<Entry> entries;
    private final Set<Principal> buildLabelled;

    StatementTable(PolicyModel model, XenCatalogue catalogue, List<Entry> entries, Set<Principal> buildLabelled) {
        this.model = model;
        this.catalogue = catalogue;
        this.entries = List.copyOf(entries);
        this.buildLabelled = Set.copyOf(buildLabelled);
    }

    public PolicyModel model() {
        return model;
    }

    public XenCatalogue catalogue() {
        return catalogue;
    }

    /** Every entry, in the order the lowering states them. */
    public List<Entry> entries() {
        return entries;
    }

    /**
     * A class that denies a feature whose core permissions building a domain needs (introspection, intervention,
     * migrate, replicate, copy, rollback) is built under a build label ({@code T_building}, xen.if
     * declare_build_label) and relabelled before it runs, so its builder never holds them on the running VM.
     */
    public static boolean needsBuildLabel(PolicyModel.VmClass c) {
        return c.features().stream().anyMatch(f -> !f.allowed() && XenMacros.createNeedsCore(f.feature().name()));
    }

    /**
     * What a rule grants in principal terms (each label folded into the principal that owns it), for lowerings that
     * know only principals (ACM).
     */
    public Set<org.cordon.model.Access> principalAccesses(PolicyModel.Rule r) {
        Set<org.cordon.model.Access> out = new LinkedHashSet<>();
        for (Entry e : entries) {
            if (e.statement().kind() == Kind.RULE && e.statement().pos().equals(r.pos())) {
                accesses(e, a -> out.add(new org.cordon.model.Access(a.from().principal(), a.to().principal(),
                        a.securityClass(), a.permission())));
            }
        }
        return out;
    }

    /** The (subject, target) pairs an entry is about; a principal with itself is none when the entry says so. */
    public void pairs(Entry e, BiConsumer<Principal, Principal> sink) {
        for (Principal s : e.subjects()) {
            for (Principal t : e.targets()) {
                if (!(e.distinct() && s.equals(t))) {
                    sink.accept(s, t);
                }
            }
        }
    }

    /** The accesses of an entry, pair by pair, in label terms. */
    public void accesses(Entry e, Consumer<Access> sink) {
        pairs(e, (s, t) -> {
            for (Grant g : e.grants()) {
                Side from = side(g.from(), s, t);
                Side to = side(g.to(), s, t);
                if (from == null || to == null) {
                    continue;
                }
                for (String p : g.permissions()) {
                    sink.accept(new Access(from, to, g.securityClass(), p));
                }
            }
        });
    }

    public List<Access> accesses(Entry e) {
        List<Access> out = new ArrayList<>();
        accesses(e, out::add);
        return out;
    }

    /**
     * Where an endpoint lands for one pair; null when that label does not exist (a build label of a domain that has
     * none, a channel of something that is not a domain).
     */
    public Side side(Endpoint e, Principal s, Principal t) {
        return switch (e) {
            case SUBJECT -> new Side(s, Facet.MAIN);
            case TARGET -> new Side(t, Facet.MAIN);
            case SUBJECT_SELF -> new Side(s, Facet.SELF);
            case TARGET_SELF -> new Side(t, Facet.SELF);
            case SUBJECT_CHANNEL -> s.isDomain() ? new Side(s, Facet.CHANNEL) : null;
            case TARGET_CHANNEL -> t.isDomain() ? new Side(t, Facet.CHANNEL) : null;
            case SUBJECT_RECV_CHANNEL -> s.isDomain() ? new Side(s, Facet.RECV_CHANNEL) : null;
            case TARGET_RECV_CHANNEL -> t.isDomain() ? new Side(t, Facet.RECV_CHANNEL) : null;
            case TARGET_TARGET -> t.isDomain() ? new Side(t, Facet.TARGET) : null;
            case SUBJECT_TARGET -> s.isDomain() ? new Side(s, Facet.TARGET) : null;
            case SUBJECT_BUILDING -> buildLabelled.contains(s) ? new Side(s, Facet.BUILDING) : null;
            case TARGET_BUILDING -> buildLabelled.contains(t) ? new Side(t, Facet.BUILDING) : null;
            case XEN, SECURITY -> new Side(Principal.XEN, Facet.MAIN);
            case XENBOOT -> new Side(Principal.XENBOOT, Facet.MAIN);
            case DOMIO -> new Side(Principal.DOMIO, Facet.MAIN);
            case DOMXEN -> new Side(Principal.DOMXEN, Facet.MAIN);
        };
    }
}
