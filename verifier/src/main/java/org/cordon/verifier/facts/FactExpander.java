package org.cordon.verifier.facts;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.cordon.model.PolicyModel;
import org.cordon.verifier.permmap.XenPermissionMap;
import org.cordon.model.PolicyModel.CapabilityUse;
import org.cordon.model.PolicyModel.PermItem;
import org.cordon.model.PolicyModel.PermSet;
import org.cordon.model.PolicyModel.Role;
import org.cordon.model.SourcePos;
import org.cordon.xsm.catalogue.XenCatalogue;
import org.cordon.xsm.macros.Endpoint;
import org.cordon.xsm.macros.Grant;
import org.cordon.xsm.macros.XenMacros;

/**
 * The verifier's own meaning of a policy model: every statement → the (source, target, class,
 * permission) facts it allows, each remembering the statement. Only {@code allow} grants
 * (auditallow and dontaudit change logging, not decisions). Rules under a switch are kept with
 * their condition so that checks can take every setting into account.
 *
 * <p>What statements mean follows Xen's {@code xen.if} (declare_domain, create_domain[_build_label],
 * device_model, use_device_*, admin_device, delegate_devices) and the language reference; it is
 * written here again on purpose, independent of the compiler's statement table and lowering. What it shares with
 * them is what is not Cordon's to decide: Xen's catalogue and xen.if's permission lists ({@code XenMacros}), and the
 * resolve pass's answer to what names and permission patterns stand for. A mistake there would be in both readings;
 * the catalogue is imported from Xen's sources and the resolve pass has tests of its own.
 */
public final class FactExpander {

    private final PolicyModel model;
    private final XenCatalogue catalogue;
    private final Principals principals;
    private final Map<String, SourcePos> declaredAt = new HashMap<>();
    private final List<AccessVector> vectors = new ArrayList<>();
    /** Grant lists with the catalogue's missing permissions removed, by the list they came from (rules reuse theirs). */
    private final Map<List<Grant>, List<Grant>> inCatalogue = new IdentityHashMap<>();

    public FactExpander(PolicyModel model, XenCatalogue catalogue) {
        if (!model.names().resolved()) {
            // unresolved references name no principals: every statement would read as granting nothing
            throw new IllegalArgumentException("the verifier reads a resolved model");
        }
        this.model = model;
        this.catalogue = catalogue;
        this.principals = new Principals(model);
        model.domains().forEach(d -> declaredAt.put(d.name(), d.pos()));
        model.vms().forEach(v -> declaredAt.put(v.name(), v.pos()));
    }

    public PolicyFacts expand() {
        domainBasics();
        deviceModels();
        for (PolicyModel.Rule r : model.rules()) {
            if (r.kind() == PolicyModel.RuleKind.ALLOW) {
                rule(r);
            }
        }
        model.channels().forEach(this::channel);
        features();
        devices();
        Map<String, Boolean> defaults = new LinkedHashMap<>();
        model.switches().forEach(s -> defaults.put(s.name(), s.defaultOn()));
        return new PolicyFacts(model, catalogue, principals, vectors, defaults, model.multiLevel()
                ? java.util.Optional.of(new MlsReading(model, XenPermissionMap.standard())) : java.util.Optional.empty());
    }

    // ---- permissions ------------------------------------------------------------------------

    /** The grants of permission items between the two ends of a rule, as the resolve pass expanded them. */
    List<Grant> grants(List<PermItem> items) {
        return grants(items, PolicyModel.Facet.MAIN, PolicyModel.Facet.MAIN);
    }

    /** Likewise between the labels a raw rule names ({@code a@channel -> b}). */
    List<Grant> grants(List<PermItem> items, PolicyModel.Facet from, PolicyModel.Facet to) {
        List<Grant> out = new ArrayList<>();
        for (PermItem item : items) {
            if (item instanceof PermSet set && !set.permissions().isEmpty()) {
                out.add(new Grant(from.ofSubject(), to.ofTarget(), set.securityClass(), set.permissions()));
            } else if (item instanceof CapabilityUse use) {
                out.addAll(use.grants());
            }
        }
        return out;
    }

    /**
     * Where a grant's endpoint lands for one (subject, target) pair; null when it does not exist (no
     * Optional: this runs for every grant of every pair).
     */
    private Label end(Endpoint e, Label s, Label t) {
        return switch (e) {
            case SUBJECT, SUBJECT_SELF, SUBJECT_TARGET -> s;
            case SUBJECT_BUILDING -> principals.buildLabelled(s) ? s.building() : null;
            case TARGET, TARGET_SELF, TARGET_TARGET -> t;
            case SUBJECT_CHANNEL -> s.isDomain() ? s.channel() : null;
            case TARGET_CHANNEL -> t.isDomain() ? t.channel() : null;
            case SUBJECT_RECV_CHANNEL -> s.isDomain() ? s.recvChannel() : null;
            case TARGET_RECV_CHANNEL -> t.isDomain() ? t.recvChannel() : null;
            case TARGET_BUILDING -> principals.buildLabelled(t) ? t.building() : null;
            case XEN, SECURITY -> Label.XEN;
            case XENBOOT -> Label.XENBOOT;
            case DOMIO -> Label.DOMIO;
            case DOMXEN -> Label.DOMXEN;
        };
    }

    /** The vectors of {@code grants} for the pair (s, t): one per grant whose ends exist for the pair. */
    private void emit(List<Grant> grants, Label s, Label t, Origin origin) {
        emit(grants, s, t, origin, vectors::add);
    }

    private void emit(List<Grant> grants, Label s, Label t, Origin origin, Consumer<AccessVector> sink) {
        List<Grant> known = inCatalogue.get(grants);
        if (known == null) {
            known = XenMacros.forCatalogue(grants, catalogue);
            inCatalogue.put(grants, known);
        }
        for (Grant g : known) {
            Label from = end(g.from(), s, t);
            Label to = end(g.to(), s, t);
            if (from != null && to != null) {
                sink.accept(new AccessVector(from, to, g.securityClass(), g.permissions(), origin));
            }
        }
    }

    /**
     * The tuples that {@code subject -> target : items} asks about (as in a policy test), without
     * adding them: what a decision on those words has to look up.
     */
    public List<Fact> requested(PolicyModel.SubjectRef subject, PolicyModel.SubjectRef target, List<PermItem> items,
            Origin origin) {
        List<Fact> out = new ArrayList<>();
        List<Grant> grants = grants(items);
        for (Label s : principals.of(subject)) {
            for (Label t : principals.of(target)) {
                emit(grants, s, t, origin, v -> v.permissions().forEach(p -> out.add(v.fact(p))));
            }
        }
        return out;
    }

    /** A single access (what a domain's declaration implies, say), as a one-permission vector. */
    private void add(Fact f) {
        vectors.add(AccessVector.of(f));
    }

    private static Grant g(Endpoint from, Endpoint to, String cls, String perms) {
        return new Grant(from, to, cls, List.of(perms.split(" ")));
    }

    // ---- statements -------------------------------------------------------------------------

    /** What every domain has on itself (xen.if declare_domain_common), build labels, boot builds. */
    private void domainBasics() {
        for (Label d : principals.domains()) {
            SourcePos pos = declaredAt.getOrDefault(d.owner(), SourcePos.NONE);
            if (principals.declaration(d).filter(x -> x.has(PolicyModel.Role.BARE)).isEmpty()) {
                emit(XenMacros.DOMAIN_SELF, d, d, Origin.of(Origin.Kind.DOMAIN, "declaration of " + d.owner(), pos));
            }
            if (principals.buildLabelled(d)) {
                add(new Fact(d.building(), d, "domain", "transition", Origin.of(Origin.Kind.DOMAIN,
                        d.owner() + " is built under a build label, then relabelled", pos)));
            }
        }
        for (PolicyModel.Domain d : model.domains()) {
            if (d.has(Role.CONTROL) || d.has(Role.BOOT)) {
                Label l = principals.of(d.name()).iterator().next();
                Origin o = Origin.of(Origin.Kind.DOMAIN, d.name() + " is built by Xen at boot", d.pos());
                add(new Fact(Label.XENBOOT, l, "domain", "create", o));
                add(new Fact(Label.XENBOOT, l.channel(), "event", "create", o));
            }
            if (d.has(Role.CONTROL)) {
                Label l = principals.of(d.name()).iterator().next();
                emit(XenMacros.forCatalogue(XenMacros.CONTROL_DOMAIN, catalogue), l, l,
                        Origin.of(Origin.Kind.DOMAIN, d.name() + " is the control domain", d.pos()));
            }
        }
    }

    /** xen.if device_model(dm, T) and make_device_model(control, dm, T). */
    private void deviceModels() {
        Optional<PolicyModel.Domain> control = model.domains().stream().filter(d -> d.has(Role.CONTROL)).findFirst();
        List<Grant> dmGrants = XenMacros.DEVICE_MODEL;
        for (PolicyModel.Domain d : model.domains()) {
            if (d.deviceModelFor().isEmpty()) {
                continue;
            }
            Label dm = principals.of(d.name()).iterator().next();
            Origin o = Origin.of(Origin.Kind.DEVICE_MODEL, d.name() + " is the device model of "
                    + d.deviceModelFor().get().name(), d.pos());
            for (Label t : principals.of(d.deviceModelFor().get())) {
                emit(dmGrants, dm, t, o);
                control.ifPresent(c -> {
                    Label priv = principals.of(c.name()).iterator().next();
                    add(new Fact(priv, dm, "domain2", "make_priv_for", o));
                    add(new Fact(priv, t, "domain2", "set_as_target", o));
                });
            }
        }
    }

    private void rule(PolicyModel.Rule r) {
        Origin o = new Origin(Origin.Kind.RULE, r.text(), r.pos(),
                r.condition().map(c -> Condition.of(c, r.whenOff())));
        Set<Label> subjects = principals.of(r.subject());
        Set<Label> targets = principals.of(r.target());
        // xenstore (a service domain) meets a build-labelled VM under its build label: libxl introduces it first
        boolean service = r.subject().kind() == PolicyModel.SubjectKind.DOMAIN && model.domains().stream()
                .anyMatch(d -> d.name().equals(r.subject().name()) && d.has(Role.SERVICE));
        for (PermItem item : r.permissions()) {
            boolean create = item instanceof CapabilityUse use && use.capability().equals("create");
            boolean xenstore = service && item instanceof CapabilityUse use && use.capability().equals("comms");
            List<Grant> grants = grants(List.of(item), r.subjectFacet(), r.targetFacet());
            for (Label s : subjects) {
                for (Label t : targets) {
                    emit(create && principals.buildLabelled(t) ? XenMacros.CREATE_WITH_BUILD_LABEL : grants, s, t, o);
                    if (xenstore && principals.buildLabelled(t)) {
                        emit(XenMacros.XENSTORE_BEFORE_RELABEL, s, t, o);
                    }
                }
            }
        }
    }

    /**
     * A declared channel: event channels that both ends bind and the sending side(s) signal;
     * grant mappings by the receiving side(s); Argo messages in the channel's direction(s).
     */
    private void channel(PolicyModel.Channel c) {
        List<Grant> grants = new ArrayList<>();
        if (c.kinds().contains(PolicyModel.ChannelKind.EVENT)) {
            grants.add(g(Endpoint.SUBJECT, Endpoint.SUBJECT_CHANNEL, "event", "create send status"));
            grants.add(g(Endpoint.SUBJECT_CHANNEL, Endpoint.TARGET, "event", "bind"));
            // the receiving end of a one-way channel only receives, on a label of its own
            Endpoint back = c.twoWay() ? Endpoint.TARGET_CHANNEL : Endpoint.TARGET_RECV_CHANNEL;
            grants.add(g(Endpoint.TARGET, back, "event", c.twoWay() ? "create send status" : "create status"));
            grants.add(g(back, Endpoint.SUBJECT, "event", "bind"));
        }
        if (c.kinds().contains(PolicyModel.ChannelKind.GRANT)) {
            grants.add(g(Endpoint.TARGET, Endpoint.SUBJECT, "grant", c.twoWay() ? "map_read map_write copy unmap" : "map_read unmap"));
            if (c.twoWay()) {
                grants.add(g(Endpoint.SUBJECT, Endpoint.TARGET, "grant", "map_read map_write copy unmap"));
            }
        }
        if (c.kinds().contains(PolicyModel.ChannelKind.ARGO)) {
            grants.add(g(Endpoint.SUBJECT, Endpoint.XEN, "argo", "enable"));
            grants.add(g(Endpoint.TARGET, Endpoint.XEN, "argo", "enable"));
            grants.add(g(Endpoint.SUBJECT, Endpoint.TARGET, "argo", "send"));
            grants.add(g(Endpoint.TARGET, Endpoint.SUBJECT, "argo", "register_single_source"));
            if (c.twoWay()) {
                grants.add(g(Endpoint.TARGET, Endpoint.SUBJECT, "argo", "send"));
                grants.add(g(Endpoint.SUBJECT, Endpoint.TARGET, "argo", "register_single_source"));
            }
        }
        String kinds = String.join(", ", c.kinds().stream().map(k -> k.name().toLowerCase(Locale.ROOT)).toList());
        Origin o = Origin.of(Origin.Kind.CHANNEL, "channel " + c.left().name() + (c.twoWay() ? " <-> " : " -> ")
                + c.right().name() + " : " + kinds, c.pos());
        for (Label a : principals.of(c.left())) {
            for (Label b : principals.of(c.right())) {
                if (!a.equals(b)) {
                    emit(grants, a, b, o);
                }
            }
        }
    }

    /** An allowed management feature gives its managers (the control domain if none named) its capability. */
    private void features() {
        Optional<PolicyModel.Domain> control = model.domains().stream().filter(d -> d.has(Role.CONTROL)).findFirst();
        for (PolicyModel.VmClass c : model.classes()) {
            for (PolicyModel.Feature f : c.features()) {
                if (!f.allowed()) {
                    continue;
                }
                List<Grant> grants = XenMacros.builtin(XenMacros.featureCapability(f.feature().name())).orElseThrow()
                        .grants();
                Set<Label> managers = new LinkedHashSet<>();
                if (f.managers().isEmpty()) {
                    control.ifPresent(d -> managers.addAll(principals.of(d.name())));
                } else {
                    f.managers().forEach(m -> managers.addAll(principals.of(m)));
                }
                Origin o = Origin.of(Origin.Kind.FEATURE, "class " + c.name() + ": " + f.feature().name().toLowerCase(Locale.ROOT)
                        + " allowed", f.pos());
                for (Label m : managers) {
                    for (Label t : principals.of(c.name())) {
                        emit(grants, m, t, o);
                    }
                }
            }
        }
    }

    /** xen.if admin_device, use_device_{iommu,iommu_nointremap,noiommu} and delegate_devices. */
    private void devices() {
        for (PolicyModel.Device d : model.devices()) {
            Label dev = Label.device(d.name());
            Origin o = Origin.of(Origin.Kind.DEVICE, "device " + d.name(), d.pos());
            String use = switch (d.iommu()) {
                case ON -> "use_iommu";
                case NOINTREMAP -> "use_iommu use_iommu_nointremap";
                case OFF -> "use_iommu use_iommu_nointremap use_noiommu";
            };
            Set<Label> admins = d.admin().map(principals::of).orElse(Set.of());
            Set<Label> users = d.user().map(principals::of).orElse(Set.of());
            List<Grant> admin = List.of(
                    g(Endpoint.SUBJECT, Endpoint.TARGET, "resource", "setup stat_device add_device add_irq add_iomem "
                            + "add_ioport remove_device remove_irq remove_iomem remove_ioport plug unplug"),
                    g(Endpoint.SUBJECT, Endpoint.TARGET, "hvm", "bind_irq"),
                    g(Endpoint.SUBJECT, Endpoint.TARGET, "resource", "use_iommu use_iommu_nointremap use_noiommu"));
            List<Grant> user = List.of(g(Endpoint.SUBJECT, Endpoint.TARGET, "resource", use));
            List<Grant> io = List.of(g(Endpoint.SUBJECT, Endpoint.SUBJECT_SELF, "mmu", "exchange"),
                    g(Endpoint.SUBJECT, Endpoint.DOMIO, "mmu", "map_read map_write"));
            for (Label a : admins) {
                emit(admin, a, dev, o);
                emit(io, a, a, o);
            }
            // Xen releases a dead domain's devices itself (xen.te: allow xen_t resource_type:resource remove_*)
            emit(List.of(g(Endpoint.SUBJECT, Endpoint.TARGET, "resource", "remove_irq remove_ioport remove_iomem")),
                    Label.XEN, dev, o);
            for (Label u : users) {
                emit(user, u, dev, o);
                emit(io, u, u, o);
                for (Label a : admins) {
                    if (!a.equals(u)) {
                        emit(List.of(g(Endpoint.SUBJECT, Endpoint.TARGET, "resource", "add remove")), a, u, o);
                    }
                }
            }
        }
    }
}
