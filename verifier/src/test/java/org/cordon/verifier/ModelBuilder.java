package org.cordon.verifier;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.cordon.model.PolicyModel;
import org.cordon.model.PolicyModel.Role;
import org.cordon.model.PolicyModel.SubjectKind;
import org.cordon.model.PolicyModel.SubjectRef;
import org.cordon.model.SourcePos;

/** Test helper: builds one-layer policy models directly as IR records, each statement on its own line. */
public final class ModelBuilder {

    private final String xen;
    private final List<PolicyModel.Domain> domains = new ArrayList<>();
    private final List<PolicyModel.VmClass> classes = new ArrayList<>();
    private final List<PolicyModel.Rule> rules = new ArrayList<>();
    private final List<PolicyModel.Channel> channels = new ArrayList<>();
    private final List<PolicyModel.Switch> switches = new ArrayList<>();
    private final List<PolicyModel.Device> devices = new ArrayList<>();
    private final List<PolicyModel.Assertion> assertions = new ArrayList<>();
    private final List<PolicyModel.PolicyTest> tests = new ArrayList<>();
    private int line = 1;

    public ModelBuilder(String xen) {
        this.xen = xen;
    }

    public SourcePos next() {
        line++;
        return new SourcePos("m.cordon", line, 1, 0, 0);
    }

    public int line() {
        return line;
    }

    public ModelBuilder domain(String name, Role... roles) {
        domains.add(new PolicyModel.Domain(name, List.of(roles), Optional.empty(), PolicyModel.VmProperties.NONE, next()));
        return this;
    }

    public ModelBuilder deviceModel(String name, String vm) {
        domains.add(new PolicyModel.Domain(name, List.of(Role.DEVICE_MODEL), Optional.of(ref(vm)),
                PolicyModel.VmProperties.NONE, next()));
        return this;
    }

    public ModelBuilder vmClass(String name, PolicyModel.Isolation iso, List<PolicyModel.Feature> features,
            String... vms) {
        SourcePos pos = next();
        List<PolicyModel.Vm> list = new ArrayList<>();
        for (String vm : vms) {
            list.add(new PolicyModel.Vm(name + "." + vm, name, PolicyModel.VmProperties.NONE, next()));
        }
        classes.add(new PolicyModel.VmClass(name, iso, Optional.empty(), list, List.of(), features, List.of(),
                List.of(), pos));
        return this;
    }

    public ModelBuilder vmClass(String name, String... vms) {
        return vmClass(name, PolicyModel.Isolation.STRONG, List.of(), vms);
    }

    /** A reference by name: builtins by their word, "a.x" a VM, a declared class, else a domain. */
    public SubjectRef ref(String name) {
        for (PolicyModel.Builtin b : PolicyModel.Builtin.values()) {
            if (b.name().equalsIgnoreCase(name)) {
                return SubjectRef.builtin(b, SourcePos.NONE);
            }
        }
        if (name.contains(".")) {
            return new SubjectRef(SubjectKind.VM, name, SourcePos.NONE);
        }
        boolean cls = classes.stream().anyMatch(c -> c.name().equals(name));
        return new SubjectRef(cls ? SubjectKind.CLASS : SubjectKind.DOMAIN, name, SourcePos.NONE);
    }

    /** {@code allow s -> t : cls.{perms}} or, with cls null, {@code allow s caps t}. */
    public ModelBuilder allow(String s, String t, String cls, String... perms) {
        return rule(s, t, cls, Optional.empty(), false, perms);
    }

    public ModelBuilder rule(String s, String t, String cls, Optional<String> condition, boolean whenOff,
            String... perms) {
        SourcePos pos = next();
        List<PolicyModel.PermItem> items = new ArrayList<>();
        if (cls == null) {
            for (String cap : perms) {
                items.add(new PolicyModel.CapabilityUse(cap, pos));
            }
        } else {
            items.add(new PolicyModel.PermSet(cls, List.of(perms), pos));
        }
        rules.add(new PolicyModel.Rule(PolicyModel.RuleKind.ALLOW, ref(s), ref(t), items, condition, whenOff, "all", pos));
        return this;
    }

    public ModelBuilder switchDecl(String name, boolean defaultOn) {
        switches.add(new PolicyModel.Switch(name, defaultOn, next()));
        return this;
    }

    public ModelBuilder channel(String a, String b, boolean twoWay, PolicyModel.ChannelKind... kinds) {
        channels.add(new PolicyModel.Channel(ref(a), ref(b), twoWay, List.of(kinds), "all", next()));
        return this;
    }

    public ModelBuilder isolated(String... names) {
        assertions.add(new PolicyModel.Isolated(List.of(names).stream().map(this::ref).toList(), next()));
        return this;
    }

    public ModelBuilder noFlow(String from, String to, String... via) {
        assertions.add(new PolicyModel.NoFlow(ref(from), ref(to), List.of(via).stream().map(this::ref).toList(), next()));
        return this;
    }

    public ModelBuilder expect(String test, boolean allowed, String s, String t, String cls, String... perms) {
        SourcePos pos = next();
        tests.add(new PolicyModel.PolicyTest(test, List.of(new PolicyModel.Expectation(allowed, ref(s), ref(t),
                List.of(new PolicyModel.PermSet(cls, List.of(perms), pos)), pos)), pos));
        return this;
    }

    public PolicyModel build() {
        SourcePos pos = new SourcePos("m.cordon", 1, 1, 0, 0);
        PolicyModel.Layer layer = new PolicyModel.Layer("all", Optional.empty(), pos, domains, classes, List.of(),
                List.of(), devices, List.of(), rules, List.of(), List.of(), switches, channels, List.of(), List.of(),
                List.of(), List.of());
        // resolved as pass "resolve" resolves a loaded model
        List<org.cordon.model.Diagnostic> problems = new java.util.ArrayList<>();
        PolicyModel m = org.cordon.dsl.load.Resolver.resolve(new PolicyModel("m", "1", xen, pos, List.of(layer),
                assertions, tests), problems);
        // a Xen release without a catalogue stays unresolved, as the front end leaves it (the verifier says so)
        if (problems.stream().anyMatch(d -> d.isError() && d.code() != org.cordon.model.DiagnosticCode.UNKNOWN_TARGET)) {
            throw new IllegalStateException("the built model does not resolve: " + problems);
        }
        return m;
    }
}
