package org.cordon.compiler.acm;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cordon.model.Access;
import org.cordon.model.Diagnostic;
import org.cordon.model.DiagnosticCode;
import org.cordon.model.PolicyModel;
import org.cordon.model.PolicyModel.SubjectKind;
import org.cordon.model.PolicyModel.SubjectRef;
import org.cordon.model.Principal;
import org.cordon.compiler.table.StatementTable;
import org.cordon.model.SourcePos;
import org.cordon.xsm.acm.AcmPolicies;
import org.cordon.xsm.acm.AcmPolicy;
import org.cordon.xsm.acm.AcmProblem;
import org.cordon.xsm.acm.ChwallComponent;
import org.cordon.xsm.acm.ConflictSet;
import org.cordon.xsm.acm.Numbering;
import org.cordon.xsm.acm.PolicyHeader;
import org.cordon.xsm.acm.PolicyVersion;
import org.cordon.xsm.acm.ResourceLabel;
import org.cordon.xsm.acm.SteComponent;
import org.cordon.xsm.acm.VmLabel;

/**
 * Pass "lower-acm": the policy model → an ACM/sHype {@link AcmPolicy} (DESIGN.md §4).
 *
 * <p>Every domain and VM gets one VM label named after it (qualified VM names such as {@code bank_a.web};
 * no ':' so {@code ACM:<policy>:<label>} parses). STE types: one per class (its VMs share it, so they
 * can talk among themselves), one per named domain, one per shared resource, and one per channel group
 * (all channels and class-to-class rules between the same two references). A mediator domain that a
 * rule lets talk to a class holds that class's type instead of the class holding the mediator's, so two
 * classes served by one mediator still share no type. The control domain is the bootstrap label and
 * holds every STE type (xend's authorization hook requires dom0's types to be a superset of each VM's).
 * CHWALL: one type per class and per domain, conflict sets from {@code conflict}. ACM is coarser than
 * Cordon; each statement whose meaning it cannot carry gets a warning, and {@link AcmIsolationCheck}
 * re-proves the isolation assertions on the result.
 */
public final class AcmLowering {

    /** Label used for the bootstrap label when the policy declares no control domain (Xen's own name). */
    static final String DEFAULT_BOOTSTRAP = "SystemManagement";

    /**
     * The lowered policy. {@code labels} maps each principal (by name) to its VM label;
     * {@code resourceLabels} maps each shared resource to its resource label; {@code typeOrigins} names the
     * statement that introduced each STE type (for counterexamples).
     */
    public record Result(AcmPolicy policy, Map<String, String> labels, Map<String, String> resourceLabels,
            Map<String, SourcePos> typeOrigins, List<Diagnostic> diagnostics) {
        public Result {
            labels = Map.copyOf(labels);
            resourceLabels = Map.copyOf(resourceLabels);
            typeOrigins = Map.copyOf(typeOrigins);
            diagnostics = List.copyOf(diagnostics);
        }

        public boolean hasErrors() {
            return diagnostics.stream().anyMatch(Diagnostic::isError);
        }

        public List<Diagnostic> warnings() {
            return diagnostics.stream().filter(d -> d.severity() == Diagnostic.Severity.WARNING).toList();
        }

        /** The xl.cfg / xm {@code seclabel} of a principal: {@code ACM:<policy>:<label>}, if it has a label. */
        public java.util.Optional<String> seclabel(String principal) {
            return java.util.Optional.ofNullable(labels.get(principal)).map(l -> "ACM:" + policy.name() + ":" + l);
        }

        /** Writes {@code dir/acm/<name>-security_policy.xml}, {@code <name>.bin} (V4, sorted), {@code <name>.map}. */
        public List<Path> writeAll(Path dir) throws IOException {
            return AcmOutputs.writeAll(policy, dir);
        }
    }

    private final PolicyModel model;
    private final StatementTable table;
    private final List<Diagnostic> diagnostics = new ArrayList<>();
    /** principal name → its label under construction, in declaration order. */
    private final Map<String, LabelBuilder> labels = new LinkedHashMap<>();
    /** principal name → the class that holds it (absent for named domains). */
    private final Map<String, String> classOf = new LinkedHashMap<>();
    private final Map<String, SourcePos> steTypes = new LinkedHashMap<>();
    private final Map<String, SourcePos> chwallTypes = new LinkedHashMap<>();
    private final List<ConflictSet> conflictSets = new ArrayList<>();
    private final Map<String, String> resourceLabels = new LinkedHashMap<>();
    private final Set<String> guestDomains = new LinkedHashSet<>();
    private String bootstrap;

    /** A VM label being filled in; sets keep first-added order. */
    private record LabelBuilder(String name, Set<String> ste, Set<String> chwall) {
        LabelBuilder(String name) {
            this(name, new LinkedHashSet<>(), new LinkedHashSet<>());
        }
    }

    private AcmLowering(StatementTable table) {
        this.model = table.model();
        this.table = table;
    }

    /** Lowers a policy, reading what its rules grant from its statement table. */
    public static Result lower(StatementTable table) {
        return new AcmLowering(table).run();
    }

    private Result run() {
        principals();
        rules();
        deviceModels();
        model.channels().forEach(this::channel);
        resources();
        conflicts();
        diagnostics.addAll(new AcmPrecisionLoss(model, bootstrap).check());
        bootstrapLabel();
        AcmPolicy policy = build();
        // report in source order, as a reader walks the policy
        diagnostics.sort(java.util.Comparator.comparing((Diagnostic d) -> d.pos().file())
                .thenComparingInt(d -> d.pos().line()).thenComparingInt(d -> d.pos().column()));
        List<AcmProblem> problems = AcmPolicies.validate(policy, Numbering.SORTED);
        for (AcmProblem p : problems) {
            diagnostics.add(Diagnostic.of(DiagnosticCode.ACM_INTERNAL, model.pos(), "lowered ACM policy breaks a tool rule: "
                    + p.message()));
        }
        Map<String, String> labelOf = new LinkedHashMap<>();
        labels.forEach((principal, l) -> labelOf.put(principal, l.name()));
        if (problems.isEmpty()) {
            diagnostics.addAll(new AcmIsolationCheck(table, policy, labelOf, steTypes).check());
        }
        return new Result(policy, labelOf, resourceLabels, steTypes, diagnostics);
    }

    // ---- labels and home types --------------------------------------------------------------

    private void principals() {
        for (PolicyModel.Domain d : model.domains()) {
            LabelBuilder l = new LabelBuilder(d.name());
            labels.put(d.name(), l);
            steType(d.name(), d.pos());
            chwallType(d.name(), d.pos());
            l.ste().add(d.name());
            l.chwall().add(d.name());
            if (d.has(PolicyModel.Role.GUEST)) {
                guestDomains.add(d.name());
            }
            if (bootstrap == null && d.has(PolicyModel.Role.CONTROL)) {
                bootstrap = d.name();
            }
        }
        if (bootstrap == null) {
            // ACM needs a bootstrap label for dom0 even if the policy never names the control domain
            bootstrap = DEFAULT_BOOTSTRAP;
            labels.put(bootstrap, new LabelBuilder(bootstrap));
            steType(bootstrap, model.pos());
            chwallType(bootstrap, model.pos());
            labels.get(bootstrap).chwall().add(bootstrap);
            warn(model.pos(), "the policy declares no control domain; ACM's bootstrap label for dom0 is "
                    + DEFAULT_BOOTSTRAP + " and holds every STE type");
        }
        model.layers().stream().flatMap(l -> l.sensitivities().stream()).findFirst().ifPresent(s -> warn(s.pos(),
                "ACM has no levels: the policy's Bell-LaPadula constraints are not carried; its STE types keep the "
                        + "classes apart, its Chinese Walls keep the conflict sets off one host, nothing more"));
        for (PolicyModel.VmClass c : model.classes()) {
            steType(c.name(), c.pos());
            chwallType(c.name(), c.pos());
            for (PolicyModel.Vm vm : c.vms()) {
                LabelBuilder l = new LabelBuilder(vm.name());
                labels.put(vm.name(), l);
                classOf.put(vm.name(), c.name());
                l.ste().add(c.name());
                l.chwall().add(c.name());
            }
        }
    }

    private void steType(String type, SourcePos origin) {
        steTypes.putIfAbsent(type, origin);
    }

    private void chwallType(String type, SourcePos origin) {
        chwallTypes.putIfAbsent(type, origin);
    }

    /** The STE type that stands for a principal itself: its class's, or the domain's own. */
    private String home(Principal p) {
        return classOf.getOrDefault(p.name(), p.name());
    }

    private boolean isVm(Principal p) {
        return classOf.containsKey(p.name());
    }

    private boolean isGuest(Principal p) {
        return isVm(p) || guestDomains.contains(p.name());
    }

    private Set<Principal> domainsOf(SubjectRef ref) {
        Set<Principal> out = new LinkedHashSet<>();
        ref.members().stream().filter(p -> p.isDomain() && labels.containsKey(p.name())).forEach(out::add);
        return out;
    }

    // ---- sharing ----------------------------------------------------------------------------

    /** Whether a rule is in force in ACM: switches are fixed at their default. */
    private boolean inForce(PolicyModel.Rule r) {
        if (r.condition().isEmpty()) {
            return true;
        }
        boolean on = model.switches().stream().filter(s -> s.name().equals(r.condition().get()))
                .findFirst().map(PolicyModel.Switch::defaultOn).orElse(false);
        return on != r.whenOff();
    }

    private void rules() {
        for (PolicyModel.Rule r : model.rules()) {
            if (r.kind() != PolicyModel.RuleKind.ALLOW || !inForce(r)) {
                continue;
            }
            Set<String> other = new TreeSet<>();
            Set<List<Principal>> pairs = new LinkedHashSet<>();
            for (Access a : table.principalAccesses(r)) {
                boolean sharing = (a.securityClass().equals("event") || a.securityClass().equals("grant"))
                        && a.subject().isDomain() && a.target().isDomain() && !a.subject().equals(a.target());
                if (sharing) {
                    pairs.add(List.of(a.subject(), a.target()));
                } else if (!a.subject().equals(a.target()) || !a.subject().isDomain()) {
                    other.add(a.securityClass());
                }
            }
            for (List<Principal> pair : pairs) {
                share(r.subject(), r.target(), Set.of(pair.get(0)), Set.of(pair.get(1)), r.pos(), false);
            }
            boolean control = domainsOf(r.subject()).stream().allMatch(p -> p.name().equals(bootstrap));
            if (!other.isEmpty() && !control) {
                warn(r.pos(), "ACM does not control the " + String.join(", ", other) + " permissions of this rule"
                        + " (only event channels, grants, resources and co-residency): " + r.subject()
                        + " gets exactly what Xen's built-in privilege checks allow, where only dom0 is privileged");
            }
        }
    }

    private void deviceModels() {
        for (PolicyModel.Domain d : model.domains()) {
            d.deviceModelFor().ifPresent(target -> {
                Principal dm = new Principal(d.name(), Principal.Kind.DOMAIN);
                share(new SubjectRef(SubjectKind.DOMAIN, d.name(), d.pos()), target, Set.of(dm),
                        domainsOf(target), d.pos(), false);
            });
        }
    }

    private void channel(PolicyModel.Channel c) {
        Set<Principal> left = domainsOf(c.left());
        Set<Principal> right = domainsOf(c.right());
        share(c.left(), c.right(), left, right, c.pos(), true);
        List<String> lost = new ArrayList<>();
        if (!c.twoWay()) {
            lost.add("its direction (STE sharing is symmetric: " + c.right() + " may also open event channels"
                    + " and grants to " + c.left() + ")");
        }
        if (c.kinds().contains(PolicyModel.ChannelKind.ARGO)) {
            lost.add("Argo (ACM has no Argo hook)");
        }
        if (!c.kinds().contains(PolicyModel.ChannelKind.EVENT) || !c.kinds().contains(PolicyModel.ChannelKind.GRANT)) {
            lost.add("the kind restriction (a shared STE type allows both event channels and grants)");
        }
        if (!lost.isEmpty()) {
            warn(c.pos(), "ACM cannot express channel " + c.left() + (c.twoWay() ? " <-> " : " -> ") + c.right()
                    + " exactly; lost: " + String.join("; ", lost));
        }
    }

    /**
     * Lets every principal of {@code lefts} share with every one of {@code rights}. Of a guest (a VM or a
     * domain with the guest role) and a non-guest, the non-guest takes the guest's home type, so that
     * guests served by one mediator share nothing among themselves; of two non-guests, the subject takes
     * the target's. Two guests of different classes get the group type {@code A--B} of the two
     * references. Channels always use the group type, so a channel to one VM does not open its class.
     */
    private void share(SubjectRef l, SubjectRef r, Set<Principal> lefts, Set<Principal> rights, SourcePos pos,
            boolean channel) {
        Set<Principal> grouped = new LinkedHashSet<>();
        for (Principal a : lefts) {
            for (Principal b : rights) {
                if (a.equals(b) || (isVm(a) && isVm(b) && home(a).equals(home(b)))) {
                    continue; // one class already shares its type
                }
                if (channel || (isGuest(a) && isGuest(b))) {
                    grouped.add(a);
                    grouped.add(b);
                } else if (isGuest(a)) {
                    labels.get(b.name()).ste().add(home(a));
                } else {
                    labels.get(a.name()).ste().add(home(b));
                }
            }
        }
        if (!grouped.isEmpty()) {
            String type = groupType(l, r);
            steType(type, pos);
            grouped.forEach(p -> labels.get(p.name()).ste().add(type));
        }
    }

    /** {@code a--b} with the two reference names in order, so both directions make one group. */
    static String groupType(SubjectRef a, SubjectRef b) {
        String x = a.name();
        String y = b.name();
        return x.compareTo(y) <= 0 ? x + "--" + y : y + "--" + x;
    }

    // ---- resources --------------------------------------------------------------------------

    private void resources() {
        Map<String, Set<String>> users = new LinkedHashMap<>();
        Map<String, SourcePos> resourcePos = new LinkedHashMap<>();
        for (PolicyModel.Layer layer : model.layers()) {
            for (PolicyModel.SharedResource res : layer.resources()) {
                steType(res.name(), res.pos());
                resourceLabels.put(res.name(), res.name());
                resourcePos.put(res.name(), res.pos());
                users.put(res.name(), new LinkedHashSet<>());
                if (res.readonly()) {
                    warn(res.pos(), "ACM cannot make resource " + res.name() + " read-only: a resource label"
                            + " only says who may use it");
                }
            }
        }
        for (PolicyModel.VmClass c : model.classes()) {
            for (String r : c.uses()) {
                use(r, List.of(c), users);
            }
        }
        for (PolicyModel.Layer layer : model.layers()) {
            for (PolicyModel.Cluster k : layer.clusters()) {
                List<PolicyModel.VmClass> members = model.classes().stream()
                        .filter(c -> k.classes().contains(c.name())).toList();
                for (String r : k.uses()) {
                    use(r, members, users);
                }
            }
        }
        users.forEach((res, classes) -> {
            if (classes.size() > 1) {
                warn(resourcePos.get(res), "under ACM the users of " + res + " (" + String.join(", ", classes)
                        + ") may also open event channels and map grants to each other: a resource label has one"
                        + " STE type, and every user must hold it");
            }
        });
    }

    private void use(String resource, List<PolicyModel.VmClass> classes, Map<String, Set<String>> users) {
        if (!users.containsKey(resource)) {
            return; // the language checks report unknown resources
        }
        for (PolicyModel.VmClass c : classes) {
            users.get(resource).add(c.name());
            c.vms().forEach(vm -> labels.get(vm.name()).ste().add(resource));
        }
    }

    // ---- Chinese Wall -----------------------------------------------------------------------

    private void conflicts() {
        for (PolicyModel.Layer layer : model.layers()) {
            for (PolicyModel.ConflictSet cs : layer.conflicts()) {
                Set<String> types = new LinkedHashSet<>();
                for (SubjectRef m : cs.members()) {
                    chwallTypeOf(m, cs).ifPresent(types::add);
                }
                if (types.size() > 1) {
                    conflictSets.add(new ConflictSet(cs.name(), List.copyOf(types)));
                }
            }
        }
    }

    /**
     * The CHWALL type a conflict-set member stands for: a class its own; a cluster, group, VM or domain
     * a type of its name held by all its principals, so that it is one party (its parts may run together).
     */
    private Optional<String> chwallTypeOf(SubjectRef m, PolicyModel.ConflictSet cs) {
        if (m.kind() == SubjectKind.BUILTIN) {
            warn(m.pos(), "ACM cannot put " + m.name() + " in a conflict set: every label in it would also"
                    + " conflict with the others' parts; conflict " + cs.name() + " ignores it");
            return Optional.empty();
        }
        if (m.kind() != SubjectKind.CLASS && m.kind() != SubjectKind.DOMAIN) {
            chwallType(m.name(), m.pos());
            domainsOf(m).forEach(p -> labels.get(p.name()).chwall().add(m.name()));
        }
        return Optional.of(m.name());
    }

    private void warn(SourcePos pos, String message) {
        diagnostics.add(Diagnostic.of(DiagnosticCode.ACM_PRECISION, pos, message));
    }

    // ---- assembly ---------------------------------------------------------------------------

    /** dom0 must reach every domain it builds and every resource; xend checks it holds a superset. */
    private void bootstrapLabel() {
        labels.get(bootstrap).ste().addAll(steTypes.keySet());
    }

    private AcmPolicy build() {
        List<VmLabel> vmLabels = new ArrayList<>();
        vmLabels.add(vmLabel(labels.get(bootstrap)));
        labels.values().stream().filter(l -> !l.name().equals(bootstrap)).map(AcmLowering::vmLabel)
                .forEach(vmLabels::add);
        List<ResourceLabel> res = resourceLabels.entrySet().stream()
                .map(e -> new ResourceLabel(e.getValue(), null, e.getKey())).toList();
        return new AcmPolicy(PolicyHeader.of(model.name(), version()),
                new SteComponent(List.copyOf(steTypes.keySet()), false),
                new ChwallComponent(List.copyOf(chwallTypes.keySet()), conflictSets, true),
                bootstrap, vmLabels, res);
    }

    private static VmLabel vmLabel(LabelBuilder l) {
        return new VmLabel(l.name(), null, List.copyOf(l.ste()), List.copyOf(l.chwall()));
    }

    private static final Pattern LEADING_VERSION = Pattern.compile("([0-9]{1,8})(?:\\.([0-9]{1,8}))?.*");

    /** ACM versions are "major.minor"; a Cordon "1" becomes "1.0", "1.4.2" becomes "1.4" with a warning. */
    private String version() {
        String v = model.version() == null ? "" : model.version();
        if (PolicyVersion.parse(v).isPresent()) {
            return v;
        }
        Matcher m = LEADING_VERSION.matcher(v);
        String out = m.matches() ? m.group(1) + "." + (m.group(2) == null ? "0" : m.group(2)) : "1.0";
        if (!(m.matches() && m.group(2) == null && v.equals(m.group(1)))) {
            warn(model.pos(), "ACM versions are major.minor: version " + (v.isEmpty() ? "(none)" : v)
                    + " is written as " + out);
        }
        return out;
    }
}
