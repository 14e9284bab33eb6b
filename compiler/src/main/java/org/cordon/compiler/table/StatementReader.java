package org.cordon.compiler.table;

import static org.cordon.xsm.macros.Endpoint.DOMIO;
import static org.cordon.xsm.macros.Endpoint.SUBJECT;
import static org.cordon.xsm.macros.Endpoint.SUBJECT_CHANNEL;
import static org.cordon.xsm.macros.Endpoint.SUBJECT_RECV_CHANNEL;
import static org.cordon.xsm.macros.Endpoint.SUBJECT_SELF;
import static org.cordon.xsm.macros.Endpoint.TARGET;
import static org.cordon.xsm.macros.Endpoint.TARGET_BUILDING;
import static org.cordon.xsm.macros.Endpoint.TARGET_CHANNEL;
import static org.cordon.xsm.macros.Endpoint.TARGET_RECV_CHANNEL;
import static org.cordon.xsm.macros.Endpoint.TARGET_TARGET;
import static org.cordon.xsm.macros.Endpoint.XEN;
import static org.cordon.xsm.macros.Endpoint.XENBOOT;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.cordon.compiler.table.StatementTable.Effect;
import org.cordon.compiler.table.StatementTable.Entry;
import org.cordon.compiler.table.StatementTable.Guard;
import org.cordon.compiler.table.StatementTable.Kind;
import org.cordon.compiler.table.StatementTable.Statement;
import org.cordon.compiler.table.StatementTable.Transition;
import org.cordon.model.PolicyModel;
import org.cordon.model.PolicyModel.CapabilityUse;
import org.cordon.model.PolicyModel.PermItem;
import org.cordon.model.PolicyModel.PermSet;
import org.cordon.model.PolicyModel.Role;
import org.cordon.model.PolicyModel.SubjectKind;
import org.cordon.model.PolicyModel.SubjectRef;
import org.cordon.model.Principal;
import org.cordon.model.SourcePos;
import org.cordon.xsm.catalogue.XenCatalogue;
import org.cordon.xsm.catalogue.XenHooks;
import org.cordon.xsm.macros.Endpoint;
import org.cordon.xsm.macros.Grant;
import org.cordon.xsm.macros.XenMacros;

/**
 * Reads a resolved model into its {@link StatementTable}: the one place that says what each kind of statement means,
 * following Xen's {@code xen.if} (declare_domain, create_domain[_build_label], device_model, domain_comms,
 * admin_device, use_device_*, delegate_devices) and the hook model of the target release (which label Xen checks
 * each permission against). Entries come in the order the FLASK lowering states them.
 */
public final class StatementReader {

    private final PolicyModel model;
    private final XenCatalogue catalogue;
    private final Optional<XenHooks> hooks;
    private final List<Entry> entries = new ArrayList<>();
    private final Set<Principal> buildLabelled = new LinkedHashSet<>();
    private final Optional<PolicyModel.Domain> control;

    private StatementReader(PolicyModel model, XenCatalogue catalogue) {
        this.model = model;
        this.catalogue = catalogue;
        this.hooks = XenHooks.forVersion(catalogue.xenVersion());
        this.control = model.domains().stream().filter(d -> d.has(Role.CONTROL)).findFirst();
    }

    /** The table of a model whose references are resolved. */
    public static StatementTable read(PolicyModel model, XenCatalogue catalogue) {
        if (!model.names().resolved()) {
            throw new IllegalArgumentException("the statement table reads a resolved model");
        }
        return new StatementReader(model, catalogue).read();
    }

    private StatementTable read() {
        for (PolicyModel.Domain d : model.domains()) {
            if (d.has(Role.BUILD_LABEL)) {
                buildLabelled.add(principal(d));
            }
        }
        for (PolicyModel.VmClass c : model.classes()) {
            if (StatementTable.needsBuildLabel(c)) {
                c.vms().forEach(vm -> buildLabelled.add(new Principal(vm.name(), Principal.Kind.VM)));
            }
        }
        domains();
        deviceModels();
        model.rules().forEach(this::rule);
        model.channels().forEach(this::channel);
        features();
        devices();
        model.forbids().forEach(this::forbid);
        return new StatementTable(model, catalogue, entries, buildLabelled);
    }

    private static Principal principal(PolicyModel.Domain d) {
        return new Principal(d.name(), Principal.Kind.DOMAIN);
    }

    private SubjectRef one(Principal p, SourcePos pos) {
        return new SubjectRef(p.kind() == Principal.Kind.VM ? SubjectKind.VM : SubjectKind.DOMAIN, p.name(), pos,
                List.of(p));
    }

    private static Grant g(Endpoint from, Endpoint to, String cls, String perms) {
        return new Grant(from, to, cls, List.of(perms.split(" ")));
    }

    /**
     * What the catalogue keeps of {@code grants}, worked out once a list: every domain's basics ask for the same few
     * lists (XenMacros' own); a channel's lists are its own, and are asked for once anyway.
     */
    private List<Grant> known(List<Grant> grants) {
        return inCatalogue.computeIfAbsent(grants, g -> XenMacros.forCatalogue(g, catalogue));
    }

    /** {@link #known} by list, by identity: the lists asked for again are the same objects. */
    private final Map<List<Grant>, List<Grant>> inCatalogue = new IdentityHashMap<>();

    private void add(Statement s, Effect effect, SubjectRef subject, SubjectRef target, List<Grant> grants,
            List<Transition> transitions, Optional<Guard> guard, boolean distinct, boolean perType) {
        entries.add(new Entry(s, effect, subject, target, Optional.empty(), List.of(), known(grants), transitions,
                guard, distinct, perType));
    }

    // ---- domains ------------------------------------------------------------------------------------------------

    /** What every domain has on itself, its build label, Xen building it at boot, the control domain's rights. */
    private void domains() {
        List<Transition> self = List.of(new Transition(SUBJECT, TARGET, "domain", Endpoint.TARGET_SELF));
        for (PolicyModel.Layer l : model.layers()) {
            for (PolicyModel.Domain d : l.domains()) {
                basics(principal(d), d.pos(), l.name(), self, d.has(Role.BARE));
            }
            for (PolicyModel.VmClass c : l.classes()) {
                c.vms().forEach(vm -> basics(new Principal(vm.name(), Principal.Kind.VM), vm.pos(), l.name(), self,
                        false));
            }
        }
        for (PolicyModel.Layer l : model.layers()) {
            for (PolicyModel.Domain d : l.domains()) {
                SubjectRef ref = one(principal(d), d.pos());
                if (d.has(Role.CONTROL) || d.has(Role.BOOT)) {
                    add(new Statement(Kind.BOOT, d.name() + " is built by Xen at boot", d.pos(), l.name()),
                            Effect.ALLOW, ref, ref, List.of(g(XENBOOT, TARGET, "domain", "create"),
                                    g(XENBOOT, TARGET_CHANNEL, "event", "create")), List.of(), Optional.empty(),
                            false, true);
                }
                if (d.has(Role.CONTROL)) {
                    add(new Statement(Kind.CONTROL, d.name() + " is the control domain (dom0.te)", d.pos(), l.name()),
                            Effect.ALLOW, ref, ref, XenMacros.CONTROL_DOMAIN, List.of(), Optional.empty(), false, true);
                }
            }
        }
    }

    private void basics(Principal p, SourcePos pos, String layer, List<Transition> self, boolean bare) {
        SubjectRef ref = one(p, pos);
        add(new Statement(Kind.DOMAIN, "declaration of " + p.name(), pos, layer), Effect.ALLOW, ref, ref,
                bare ? List.of() : XenMacros.DOMAIN_SELF, self, Optional.empty(), false, true);
        if (buildLabelled.contains(p)) {
            add(new Statement(Kind.BUILD_LABEL, p.name() + " is built under a build label, then relabelled", pos,
                    layer), Effect.ALLOW, ref, ref, List.of(g(TARGET_BUILDING, TARGET, "domain", "transition")),
                    List.of(), Optional.empty(), false, true);
        }
    }

    /** xen.if device_model(dm, T) and make_device_model(control, dm, T). */
    private void deviceModels() {
        List<Grant> grants = XenMacros.DEVICE_MODEL;
        // the guest as its device model sees it is T_target (flask_set_target). Xen computes a new channel's label
        // from the allocating domain's plain label and domain_target_sid(d1, d2): the guest's channels to its
        // device model from (T, dm), the device model's channels to its guest from (dm, T_target)
        List<Transition> transitions = List.of(new Transition(TARGET, SUBJECT, "domain", TARGET_TARGET),
                new Transition(TARGET, SUBJECT, "event", TARGET_CHANNEL),
                new Transition(SUBJECT, TARGET_TARGET, "event", SUBJECT_CHANNEL));
        for (PolicyModel.Layer l : model.layers()) {
            for (PolicyModel.Domain d : l.domains()) {
                if (d.deviceModelFor().isEmpty()) {
                    continue;
                }
                SubjectRef dm = one(principal(d), d.pos());
                for (Principal t : d.deviceModelFor().get().members()) {
                    Statement s = new Statement(Kind.DEVICE_MODEL, d.name() + " is the device model of " + t.name(),
                            d.pos(), l.name());
                    SubjectRef guest = one(t, d.deviceModelFor().get().pos());
                    add(s, Effect.ALLOW, dm, guest, grants, transitions, Optional.empty(), true, true);
                    control.ifPresent(c -> {
                        SubjectRef priv = one(principal(c), c.pos());
                        add(s, Effect.ALLOW, priv, dm, List.of(g(SUBJECT, TARGET, "domain2", "make_priv_for")),
                                List.of(), Optional.empty(), false, true);
                        add(s, Effect.ALLOW, priv, guest, List.of(g(SUBJECT, TARGET, "domain2", "set_as_target")),
                                List.of(), Optional.empty(), false, true);
                    });
                }
            }
        }
    }

    // ---- rules ----------------------------------------------------------------------------------------------------

    private void rule(PolicyModel.Rule r) {
        Effect effect = switch (r.kind()) {
            case ALLOW -> Effect.ALLOW;
            case AUDITALLOW -> Effect.AUDITALLOW;
            case DONTAUDIT -> Effect.DONTAUDIT;
        };
        Statement s = new Statement(Kind.RULE, r.text(), r.pos(), r.layer());
        Optional<Guard> guard = r.condition().map(c -> new Guard(c, r.whenOff()));
        for (PermItem item : r.permissions()) {
            List<Grant> grants = grants(item, r.subjectFacet(), r.targetFacet());
            boolean create = item instanceof CapabilityUse use && use.capability().equals("create");
            boolean xenstore = item instanceof CapabilityUse use && use.capability().equals("comms") && service(r.subject());
            List<Principal> built = r.target().members().stream().filter(buildLabelled::contains).toList();
            if (create && !built.isEmpty()) {
                // a build-labelled target is built as T_building: the statement differs between the target's members
                for (Principal t : r.target().members()) {
                    List<Grant> g = buildLabelled.contains(t) ? XenMacros.CREATE_WITH_BUILD_LABEL : grants;
                    add(s, effect, r.subject(), one(t, r.target().pos()), g, transitions(g, effect), guard, false,
                            true);
                }
                continue;
            }
            add(s, effect, r.subject(), r.target(), grants, transitions(grants, effect), guard, false, false);
            if (xenstore) {
                List<Grant> g = XenMacros.XENSTORE_BEFORE_RELABEL;
                built.forEach(t -> add(s, effect, r.subject(), one(t, r.target().pos()), g, transitions(g, effect),
                        guard, false, true));
            }
        }
    }

    /** A single domain with the service role: xenstore, as libxl introduces a domain to it while it is built. */
    private boolean service(SubjectRef subject) {
        return subject.kind() == SubjectKind.DOMAIN && model.domains().stream()
                .anyMatch(d -> d.name().equals(subject.name()) && d.has(Role.SERVICE));
    }

    /** The grants a permission item stands for between a statement's two ends (the labels a raw rule names). */
    private static List<Grant> grants(PermItem item, PolicyModel.Facet from, PolicyModel.Facet to) {
        if (item instanceof PermSet set) {
            return set.permissions().isEmpty() ? List.of()
                    : List.of(new Grant(from.ofSubject(), to.ofTarget(), set.securityClass(), set.permissions()));
        }
        return ((CapabilityUse) item).grants();
    }

    /**
     * An event channel gets its label by type_transition (its domain, the remote domain):event; whatever lets a
     * domain's channels bind a remote domain labels those channels.
     */
    private static List<Transition> transitions(List<Grant> grants, Effect effect) {
        if (effect != Effect.ALLOW) {
            return List.of();
        }
        List<Transition> out = new ArrayList<>();
        for (Grant g : grants) {
            if (!g.securityClass().equals("event") || !g.permissions().contains("bind")) {
                continue;
            }
            if ((g.from() == SUBJECT_CHANNEL || g.from() == SUBJECT_RECV_CHANNEL)
                    && (g.to() == TARGET || g.to() == TARGET_BUILDING)) {
                // a channel bound to a domain still under its build label is labelled from (subject, T_building)
                out.add(new Transition(SUBJECT, g.to(), "event", g.from()));
            } else if ((g.from() == TARGET_CHANNEL || g.from() == TARGET_RECV_CHANNEL) && g.to() == SUBJECT) {
                out.add(new Transition(TARGET, SUBJECT, "event", g.from()));
            }
        }
        return out;
    }

    // ---- channels -------------------------------------------------------------------------------------------------

    /**
     * A declared channel: event channels that both ends bind and only the sending side(s) signal — the receiving
     * end of a one-way channel gets a receive-only label, so that its sending elsewhere does not reach back; grant
     * mappings by the receiving side(s); Argo messages in the channel's direction(s).
     */
    private static List<Grant> channelGrants(PolicyModel.Channel c) {
        List<Grant> grants = new ArrayList<>();
        if (c.kinds().contains(PolicyModel.ChannelKind.EVENT)) {
            grants.add(g(SUBJECT, SUBJECT_CHANNEL, "event", "create send status"));
            grants.add(g(SUBJECT_CHANNEL, TARGET, "event", "bind"));
            if (c.twoWay()) {
                grants.add(g(TARGET, TARGET_CHANNEL, "event", "create send status"));
                grants.add(g(TARGET_CHANNEL, SUBJECT, "event", "bind"));
            } else {
                grants.add(g(TARGET, TARGET_RECV_CHANNEL, "event", "create status"));
                grants.add(g(TARGET_RECV_CHANNEL, SUBJECT, "event", "bind"));
            }
        }
        if (c.kinds().contains(PolicyModel.ChannelKind.GRANT)) {
            // data flows to whoever maps the other's pages
            grants.add(g(TARGET, SUBJECT, "grant", c.twoWay() ? "map_read map_write copy unmap" : "map_read unmap"));
            if (c.twoWay()) {
                grants.add(g(SUBJECT, TARGET, "grant", "map_read map_write copy unmap"));
            }
        }
        if (c.kinds().contains(PolicyModel.ChannelKind.ARGO)) {
            grants.add(g(SUBJECT, XEN, "argo", "enable"));
            grants.add(g(TARGET, XEN, "argo", "enable"));
            grants.add(g(SUBJECT, TARGET, "argo", "send"));
            grants.add(g(TARGET, SUBJECT, "argo", "register_single_source"));
            if (c.twoWay()) {
                grants.add(g(TARGET, SUBJECT, "argo", "send"));
                grants.add(g(SUBJECT, TARGET, "argo", "register_single_source"));
            }
        }
        return grants;
    }

    private void channel(PolicyModel.Channel c) {
        String kinds = String.join(", ", c.kinds().stream().map(k -> k.name().toLowerCase(Locale.ROOT)).toList());
        Statement s = new Statement(Kind.CHANNEL, "channel " + c.left().name() + (c.twoWay() ? " <-> " : " -> ")
                + c.right().name() + " : " + kinds, c.pos(), c.layer());
        List<Grant> grants = channelGrants(c);
        add(s, Effect.ALLOW, c.left(), c.right(), grants, transitions(grants, Effect.ALLOW), Optional.empty(), true,
                false);
    }

    // ---- management features --------------------------------------------------------------------------------------

    /**
     * An allowed feature gives its managers (the control domain when none is named) its capability over the class;
     * a denied one forbids its core permissions to every other domain.
     */
    private void features() {
        for (PolicyModel.Layer l : model.layers()) {
            for (PolicyModel.VmClass c : l.classes()) {
                SubjectRef cls = model.ref(SubjectKind.CLASS, c.name(), c.pos());
                for (PolicyModel.Feature f : c.features()) {
                    String name = f.feature().name().toLowerCase(Locale.ROOT);
                    if (f.allowed()) {
                        List<Grant> grants = XenMacros.builtin(XenMacros.featureCapability(f.feature().name()))
                                .orElseThrow().grants();
                        List<SubjectRef> managers = f.managers().isEmpty() && control.isPresent()
                                ? List.of(model.ref(SubjectKind.DOMAIN, control.get().name(), f.pos())) : f.managers();
                        Statement s = new Statement(Kind.FEATURE_ALLOWED, "class " + c.name() + ": " + name
                                + " allowed" + f.zone().map(z -> " within zone " + z).orElse("") + " for "
                                + String.join(", ", managers.stream().map(SubjectRef::name).toList()), f.pos(),
                                l.name());
                        managers.forEach(m -> add(s, Effect.ALLOW, m, cls, grants, List.of(), Optional.empty(),
                                false, false));
                    } else {
                        Statement s = new Statement(Kind.FEATURE_DENIED, "class " + c.name() + ": " + name
                                + " denied to every other domain", f.pos(), l.name());
                        List<Grant> core = XenMacros.featureCore(f.feature().name()).stream()
                                .filter(gr -> gr.from() == SUBJECT && gr.to() == TARGET).toList();
                        entries.add(new Entry(s, Effect.NEVERALLOW, model.ref(SubjectKind.BUILTIN, "domains", f.pos()),
                                cls, Optional.empty(), cls.members(), known(core), List.of(), Optional.empty(), true,
                                false));
                    }
                }
            }
        }
    }

    // ---- devices ----------------------------------------------------------------------------------------------------

    /** xen.if admin_device, use_device_{iommu,iommu_nointremap,noiommu} and delegate_devices. */
    private void devices() {
        for (PolicyModel.Device d : model.devices()) {
            Statement s = new Statement(Kind.DEVICE, "device " + d.name(), d.pos(), d.layer());
            String use = switch (d.iommu()) {
                case ON -> "use_iommu";
                case NOINTREMAP -> "use_iommu use_iommu_nointremap";
                case OFF -> "use_iommu use_iommu_nointremap use_noiommu";
            };
            List<Grant> io = List.of(g(SUBJECT, SUBJECT_SELF, "mmu", "exchange"), g(SUBJECT, DOMIO, "mmu",
                    "map_read map_write"));
            d.admin().ifPresent(a -> {
                device(s, a, d.name(), List.of(g(SUBJECT, TARGET, "resource", "setup stat_device add_device add_irq "
                        + "add_iomem add_ioport remove_device remove_irq remove_iomem remove_ioport plug unplug"),
                        g(SUBJECT, TARGET, "hvm", "bind_irq"),
                        g(SUBJECT, TARGET, "resource", "use_iommu use_iommu_nointremap use_noiommu")));
                add(s, Effect.ALLOW, a, a, io, List.of(), Optional.empty(), false, true);
            });
            d.user().ifPresent(u -> {
                device(s, u, d.name(), List.of(g(SUBJECT, TARGET, "resource", use)));
                add(s, Effect.ALLOW, u, u, io, List.of(), Optional.empty(), false, true);
                // the admin passes the device through to its user
                d.admin().ifPresent(a -> add(s, Effect.ALLOW, a, u, List.of(g(SUBJECT, TARGET, "resource",
                        "add remove")), List.of(), Optional.empty(), true, true));
            });
            // destroying a domain the device is passed through to, Xen itself releases it (xen.te: checked as xen_t)
            device(s, model.ref(SubjectKind.BUILTIN, "xen", d.pos()), d.name(), List.of(g(SUBJECT, TARGET, "resource",
                    "remove_irq remove_ioport remove_iomem")));
        }
    }

    private void device(Statement s, SubjectRef subject, String device, List<Grant> grants) {
        entries.add(new Entry(s, Effect.ALLOW, subject, subject, Optional.of(device), List.of(), known(grants),
                List.of(), Optional.empty(), false, true));
    }

    // ---- forbids ------------------------------------------------------------------------------------------------------

    /**
     * A forbid between domains forbids what Xen checks: a permission checked against a domain's label also against
     * its device model's view of it and its build label; a permission checked against event channels (send, create,
     * status, and bind from the channel's side) against the channels of the subject that bind the target — a
     * send-capable channel for send, any channel for the others — as well as against channels that kept the
     * target's own label; create also against the target's channels (one the subject allocates in the target's
     * name). What a domain does to itself (its {@code _self} label, its own channels) is not a pair of
     * domains, nor is what it does to Xen's labels: a capability's grants on those are left out, its grants from one
     * side's labels to the other's are forbidden as the capability writes them.
     */
    private void forbid(PolicyModel.Forbid f) {
        Statement s = new Statement(Kind.FORBID, "forbid " + f.subject().name() + " -> " + f.target().name(), f.pos(),
                f.layer());
        List<Grant> forbidden = new ArrayList<>();
        for (PermItem item : f.permissions()) {
            for (Grant gr : grants(item, PolicyModel.Facet.MAIN, PolicyModel.Facet.MAIN)) {
                boolean xenTarget = f.target().builtin()
                        .filter(b -> b != PolicyModel.Builtin.GUESTS && b != PolicyModel.Builtin.DOMAINS).isPresent();
                if (gr.from() == SUBJECT && gr.to() == TARGET) {
                    if (xenTarget) {
                        forbidden.add(gr); // Xen's own labels: as written
                    } else {
                        for (String p : gr.permissions()) {
                            forbidden.addAll(checked(gr.securityClass(), p));
                        }
                    }
                } else if (gr.acrossTheEnds()) {
                    forbidden.add(gr);
                }
            }
        }
        entries.add(new Entry(s, Effect.NEVERALLOW, f.subject(), f.target(), Optional.empty(), List.of(),
                merge(known(forbidden)), List.of(), Optional.empty(), true, false));
    }

    /** What Xen checks when {@code subject -> target : cls.perm} is exercised between two domains. */
    private List<Grant> checked(String cls, String perm) {
        XenHooks.Kind subject = hooks.flatMap(h -> h.check(cls, perm)).map(XenHooks.Check::subject)
                .orElse(XenHooks.Kind.DOMAIN);
        XenHooks.Kind object = hooks.flatMap(h -> h.check(cls, perm)).map(XenHooks.Check::object)
                .orElse(XenHooks.Kind.DOMAIN);
        List<Grant> out = new ArrayList<>();
        out.add(new Grant(SUBJECT, TARGET, cls, List.of(perm)));
        if (subject == XenHooks.Kind.EVENT_CHANNEL) {
            // bind: the subject's channels, whichever label they have, bound to the target
            out.add(new Grant(SUBJECT_CHANNEL, TARGET, cls, List.of(perm)));
            out.add(new Grant(SUBJECT_RECV_CHANNEL, TARGET, cls, List.of(perm)));
        } else if (object == XenHooks.Kind.EVENT_CHANNEL) {
            // the channels of the subject bound to the target: only send-capable ones can signal
            out.add(new Grant(SUBJECT_CHANNEL, TARGET, "event", List.of("bind")));
            if (!perm.equals("send")) {
                out.add(new Grant(SUBJECT_RECV_CHANNEL, TARGET, "event", List.of("bind")));
            }
            if (perm.equals("create")) {
                // a channel the subject allocates in the target's name, bound back to it, has the target's label
                out.add(new Grant(SUBJECT, TARGET_CHANNEL, cls, List.of(perm)));
                out.add(new Grant(SUBJECT, TARGET_RECV_CHANNEL, cls, List.of(perm)));
            }
        } else if (object == XenHooks.Kind.DOMAIN || object == XenHooks.Kind.NEW_LABEL) {
            out.add(new Grant(SUBJECT, TARGET_TARGET, cls, List.of(perm)));
            out.add(new Grant(SUBJECT, TARGET_BUILDING, cls, List.of(perm)));
        }
        return out;
    }

    /** Grants with the same ends and class as one, permissions in first-seen order. */
    private static List<Grant> merge(List<Grant> grants) {
        java.util.Map<String, Grant> merged = new java.util.LinkedHashMap<>();
        for (Grant gr : grants) {
            String key = gr.from() + " " + gr.to() + " " + gr.securityClass();
            Grant prev = merged.get(key);
            if (prev == null) {
                merged.put(key, gr);
            } else {
                Set<String> perms = new LinkedHashSet<>(prev.permissions());
                perms.addAll(gr.permissions());
                merged.put(key, new Grant(gr.from(), gr.to(), gr.securityClass(), List.copyOf(perms)));
            }
        }
        return List.copyOf(merged.values());
    }
}
