package org.cordon.dsl.gen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.cordon.dsl.gen.RandomPolicy.Conflict;
import org.cordon.dsl.gen.RandomPolicy.Generated;
import org.cordon.dsl.gen.RandomPolicy.Shape;
import org.cordon.dsl.load.CordonFrontEnd.Source;
import org.cordon.model.Diagnostic;
import org.cordon.model.PolicyModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The random policy generator: its policies without deliberate conflicts pass the front end, together they use
 * every construct of the language, they are deterministic per seed, planted conflicts are reported where the
 * front end can see them, and the shrinker minimises a failing policy. {@code -Dcordon.gen.seeds=N} sets the
 * number of seeds (default 1000).
 */
class RandomPolicyTest {

    private static final int SEEDS = Integer.getInteger("cordon.gen.seeds", 1000);
    /** The passes up to validate, as `cordon check` runs them, on a generated policy. */
    private static final class FrontEnd {
        Result run(List<Source> sources) {
            org.cordon.driver.Build b = org.cordon.driver.Driver.run(sources,
                    org.cordon.driver.Options.defaults().withGoals("validate"));
            return new Result(b.model().orElse(null), b.diagnostics());
        }
    }

    record Result(PolicyModel model, List<Diagnostic> diagnostics) {
        boolean hasErrors() {
            return diagnostics.stream().anyMatch(Diagnostic::isError);
        }
    }

    private static final FrontEnd FRONT_END = new FrontEnd();

    /** The generated policies of the non-conflict shapes and what the front end made of them. */
    private static final List<Generated> POLICIES = new ArrayList<>();
    private static final List<Result> RESULTS = new ArrayList<>();
    private static long millis;

    static Shape shapeFor(long seed) {
        return switch ((int) (seed % 10)) {
            case 0, 1, 2, 3 -> Shape.small();
            case 9 -> Shape.large();
            default -> Shape.medium();
        };
    }

    @BeforeAll
    static void generateAndLoad() {
        long start = System.nanoTime();
        for (long seed = 0; seed < SEEDS; seed++) {
            Generated g = RandomPolicy.generate(seed, shapeFor(seed));
            POLICIES.add(g);
            RESULTS.add(FRONT_END.run(g.sources()));
        }
        millis = (System.nanoTime() - start) / 1_000_000;
        System.out.println("RandomPolicyTest: " + SEEDS + " seeds generated and through the front end in " + millis
                + " ms");
    }

    // ---- (a) valid policies are accepted ----------------------------------------------------------------

    @Test
    void nonConflictPoliciesPassTheFrontEnd() {
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < POLICIES.size(); i++) {
            Generated g = POLICIES.get(i);
            Result r = RESULTS.get(i);
            assertFalse(g.hasConflicts(), "a preset shape planted conflicts");
            if (r.hasErrors() || r.model() == null) {
                failures.add(report(g, r.diagnostics()));
            }
        }
        if (!failures.isEmpty()) {
            fail(failures.size() + " of " + POLICIES.size() + " policies rejected; the first ones:\n"
                    + String.join("\n", failures.subList(0, Math.min(3, failures.size()))));
        }
    }

    @Test
    void nonConflictPoliciesHaveNoWarningsToSpeakOf() {
        // warnings are not errors, but a valid generated policy should not need any, except the one a switch rule
        // that signals over channels an unconditional one-way channel labels receive-only gets (the generator does
        // not track channel directions, and the policy is legitimate: the warning says what the switch cannot do)
        Map<String, Integer> codes = new TreeMap<>();
        RESULTS.forEach(r -> r.diagnostics().stream().filter(d -> !d.isError())
                .filter(d -> d.code() != org.cordon.model.DiagnosticCode.CHANNEL_LABEL)
                // a control domain cleared for less than the guests' level: its rules do less, which is the point
                .filter(d -> d.code() != org.cordon.model.DiagnosticCode.MLS_CUT)
                .forEach(d -> codes.merge(d.code().id(), 1, Integer::sum)));
        assertTrue(codes.isEmpty(), "warnings in generated policies: " + codes + "\nfirst: "
                + firstWith(d -> !d.isError()));
    }

    // ---- (b) coverage -------------------------------------------------------------------------------------

    @Test
    void everyConstructAppears() {
        Map<String, Integer> seen = new TreeMap<>();
        for (int i = 0; i < POLICIES.size(); i++) {
            if (RESULTS.get(i).model() != null) {
                Coverage.count(POLICIES.get(i), RESULTS.get(i).model(), seen);
            }
        }
        Set<String> missing = new TreeSet<>(Coverage.expected());
        missing.removeAll(seen.keySet());
        System.out.println("RandomPolicyTest coverage over " + POLICIES.size() + " policies: " + seen);
        assertTrue(missing.isEmpty() || POLICIES.size() < 300, "constructs never generated: " + missing);
    }

    // ---- (c) determinism ----------------------------------------------------------------------------------

    @Test
    void samePolicyForTheSameSeed() {
        for (long seed = 0; seed < 200; seed++) {
            Shape shape = shapeFor(seed);
            Generated a = RandomPolicy.generate(seed, shape);
            Generated b = RandomPolicy.generate(seed, shape);
            assertEquals(a.sources(), b.sources(), "seed " + seed);
            assertEquals(a.description(), b.description());
            Generated c = RandomPolicy.generate(seed, shape.withConflicts(1));
            assertEquals(c.sources(), RandomPolicy.generate(seed, shape.withConflicts(1)).sources());
        }
        assertNotEquals(RandomPolicy.generate(1, Shape.medium()).sources(),
                RandomPolicy.generate(2, Shape.medium()).sources());
    }

    // ---- deliberate conflicts -----------------------------------------------------------------------------

    /** Codes pass "resolve" reports: an error there stops the passes after it. */
    private static final Set<String> RESOLVE = Set.of("unknown-permission", "unknown-class", "unknown-capability",
            "group-cycle", "capability-cycle", "iomem-align", "range", "bad-quantity", "unknown-feature");

    @Test
    void plantedConflictsAreReportedByTheFrontEnd() {
        int n = Math.max(100, SEEDS / 5);
        Map<Conflict, Integer> planted = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        for (long seed = 0; seed < n; seed++) {
            Generated g = RandomPolicy.generate(seed, shapeFor(seed).withConflicts(1));
            assertTrue(g.hasConflicts(), "seed " + seed + ": conflict rate 1 planted nothing");
            Result r = FRONT_END.run(g.sources());
            Set<String> codes = r.diagnostics().stream().filter(Diagnostic::isError).map(d -> d.code().id())
                    .collect(Collectors.toSet());
            for (RandomPolicy.Planted p : g.conflicts()) {
                planted.merge(p.kind(), 1, Integer::sum);
                p.kind().frontEndCode().ifPresent(code -> {
                    // a conflict that breaks linking or resolving stops the passes after it: their error will do
                    if (!codes.contains(code) && !codes.contains("link") && !codes.contains("syntax")
                            && (RESOLVE.contains(code) || codes.stream().noneMatch(RESOLVE::contains))) {
                        failures.add(p + " not reported (" + codes + ")\n" + report(g, r.diagnostics()));
                    }
                });
            }
            if (g.frontEndShouldReject()) {
                assertTrue(r.hasErrors(), () -> "accepted:\n" + report(g, r.diagnostics()));
            }
            // and nothing else: every error is one a planted conflict explains
            Set<String> declared = g.conflicts().stream().flatMap(p -> p.kind().frontEndCode().stream())
                    .collect(Collectors.toSet());
            Set<String> unexplained = new TreeSet<>(codes);
            unexplained.removeAll(declared);
            if (!unexplained.isEmpty()) {
                failures.add("errors " + unexplained + " that no planted conflict explains\n" + report(g, r.diagnostics()));
            }
        }
        System.out.println("RandomPolicyTest planted over " + n + " seeds: " + planted);
        assertEquals(EnumSet.allOf(Conflict.class), EnumSet.copyOf(planted.keySet()), "kinds never planted");
        if (!failures.isEmpty()) {
            fail(failures.size() + " planted conflicts not reported; first:\n" + failures.get(0));
        }
    }

    @Test
    void onlyTheAskedConflictKinds() {
        Shape shape = Shape.medium().withConflicts(1).withConflictKinds(EnumSet.of(Conflict.FORBIDDEN_RULE));
        for (long seed = 0; seed < 50; seed++) {
            Generated g = RandomPolicy.generate(seed, shape);
            assertTrue(g.conflicts().stream().allMatch(p -> p.kind() == Conflict.FORBIDDEN_RULE), g::toString);
        }
    }

    @Test
    void forbidsLeaveEveryLayersRulesClear() {
        // checked by pass validate's statement table, not the generator's model of it
        int forbids = 0;
        for (long seed = 0; seed < 150; seed++) {
            Generated g = RandomPolicy.generate(seed, Shape.medium());
            Result r = FRONT_END.run(g.sources());
            assertFalse(r.hasErrors(), () -> report(g, r.diagnostics()));
            forbids += r.model().forbids().size();
        }
        assertTrue(forbids > 50, "too few forbids: " + forbids);
    }

    // ---- (d) the shrinker -----------------------------------------------------------------------------------

    @Test
    void shrinkerReducesAPlantedErrorToAFewLines() {
        Shape shape = Shape.medium().withConflicts(1).withConflictKinds(EnumSet.of(Conflict.FORBIDDEN_RULE));
        int shrunk = 0;
        for (long seed = 3; seed < 400 && shrunk < 3; seed++) {
            Generated g = RandomPolicy.generate(seed, shape);
            if (g.sources().size() < 2 || lines(g.sources()) < 40) {
                continue; // a big policy across files shows more of the shrinker
            }
            Predicate<List<Source>> forbidden = s -> FRONT_END.run(s).diagnostics().stream()
                    .anyMatch(d -> d.code().id().equals("forbidden"));
            assertTrue(forbidden.test(g.sources()), g::toString);
            long start = System.nanoTime();
            List<Source> small = RandomPolicy.shrink(g.sources(), forbidden);
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertTrue(forbidden.test(small), "the shrunk policy no longer fails");
            int before = lines(g.sources());
            int after = lines(small);
            System.out.println("RandomPolicyTest shrink seed " + seed + ": " + before + " -> " + after + " lines in "
                    + ms + " ms:\n" + RandomPolicy.text(small));
            // header, a forbid in its layer, a rule with its subject in another: about ten lines
            // a header, a forbid in its layer, what grants it in others (a layer per file stays): about 10-20 lines
            assertTrue(after <= 20, "shrunk only to " + after + " lines:\n" + RandomPolicy.text(small));
            shrunk++;
        }
        assertEquals(3, shrunk, "no policy to shrink");
    }

    @Test
    void shrinkerKeepsWhatThePredicateNeeds() {
        List<Source> policy = List.of(new Source("a.cordon", "policy p target xen 4.22\nlayer l {\n  domain d0 : "
                + "control\n  class c1 {\n    vm v1\n    vm v2\n  }\n  allow d0 manage c1\n}\n"));
        List<Source> out = RandomPolicy.shrink(policy, s -> RandomPolicy.text(s).contains("vm v2"));
        assertEquals("vm v2", RandomPolicy.text(out).replaceAll("// ====.*\n", "").trim());
        // a predicate that only the whole policy meets leaves it as it is
        String whole = RandomPolicy.text(policy);
        assertEquals(policy, RandomPolicy.shrink(policy, s -> RandomPolicy.text(s).equals(whole)));
    }

    // ---- the front end's gaps this generator found -------------------------------------------------------

    // the problems in Cordon this generator found are golden files now (driver/src/test/resources/golden/27-32)

    // ---- helpers ---------------------------------------------------------------------------------------------

    private static int lines(List<Source> sources) {
        return (int) sources.stream().flatMap(s -> s.text().lines()).filter(l -> !l.isBlank()).count();
    }

    private static String report(Generated g, List<Diagnostic> diagnostics) {
        return "---- seed " + g.seed() + " (" + g.shape() + ")\n" + g.description() + "\n" + g.text()
                + "---- diagnostics:\n" + diagnostics.stream().map(Diagnostic::toString)
                        .collect(Collectors.joining("\n"));
    }

    private static String firstWith(Predicate<Diagnostic> p) {
        for (int i = 0; i < RESULTS.size(); i++) {
            if (RESULTS.get(i).diagnostics().stream().anyMatch(p)) {
                return report(POLICIES.get(i), RESULTS.get(i).diagnostics());
            }
        }
        return "none";
    }

    /** What the generated policies contain: counted on the loaded model, and on the text where the model forgets. */
    static final class Coverage {

        static Set<String> expected() {
            Set<String> out = new TreeSet<>();
            org.cordon.xsm.catalogue.XenCatalogues.SUPPORTED.forEach(v -> out.add("target " + v));
            out.add("target point release");
            out.addAll(List.of("layers 1", "layers 2", "layers 3",
                    "layers 4", "files >1", "layer order shuffled", "export domain", "export class", "export cluster",
                    "export group", "export capability", "export device", "export vm", "export host",
                    "domain properties", "class defaults", "cluster", "group", "group of groups", "group with builtin",
                    "capability", "capability of capabilities", "capability with builtin",
                    "perm class.*", "perm class.prefix*", "perm class.{a b}", "perm class.perm", "forbid",
                    "forbid with capability", "class rule", "switch rule", "switch else rule", "switch default on",
                    "switch default off", "switch empty", "channel layer", "channel class", "channel cluster",
                    "channel ->", "channel <->", "device", "device admin", "device user", "iommu none",
                    "zone", "host", "host net", "host disk", "host disk rate", "host zone", "resource",
                    "resource kind", "resource readonly", "uses class", "uses cluster", "conflict set",
                    "assert isolated", "assert no flow", "assert no flow except via", "test allow", "test deny",
                    "test capability", "soft keyword name", "comment //", "comment /*", "vm { }", "channel short names",
                    "feature synonym", "policy version", "multi-level", "level trusted range", "level all categories", "duty",
                    "separate duties"));
            for (PolicyModel.Role role : PolicyModel.Role.values()) {
                out.add("role " + role);
            }
            for (PolicyModel.Isolation i : PolicyModel.Isolation.values()) {
                out.add("class isolation " + i);
                out.add("cluster isolation " + i);
            }
            out.add("class isolation default");
            out.add("cluster isolation default");
            for (PolicyModel.Property p : PolicyModel.Property.values()) {
                out.add("vm property " + p);
            }
            for (PolicyModel.RuleKind k : PolicyModel.RuleKind.values()) {
                out.add("rule " + k + " raw");
                out.add("rule " + k + " capability");
            }
            for (PolicyModel.SubjectKind k : PolicyModel.SubjectKind.values()) {
                // a device never acts
                if (k != PolicyModel.SubjectKind.BUILTIN && k != PolicyModel.SubjectKind.DEVICE) {
                    out.add("subject " + k);
                }
                if (k != PolicyModel.SubjectKind.BUILTIN) {
                    out.add("target " + k);
                }
            }
            for (PolicyModel.Builtin b : PolicyModel.Builtin.values()) {
                // xen, domio and domxen are labels Xen checks against: never what acts
                if (b == PolicyModel.Builtin.GUESTS || b == PolicyModel.Builtin.DOMAINS) {
                    out.add("subject " + b);
                }
                out.add("target " + b);
            }
            for (String c : List.of("create", "manage", "migrate", "comms", "event_comms", "delegate_devices",
                    "introspect", "intervene", "power", "rollback", "replicate", "backup", "debug", "version_info",
                    "io_memory")) {
                out.add("builtin capability " + c);
            }
            for (String kinds : List.of("", "event", "grant", "argo", "event grant", "event argo", "grant argo",
                    "event grant argo")) {
                out.add("channel kinds [" + kinds + "]");
            }
            for (PolicyModel.ManagementFeature f : PolicyModel.ManagementFeature.values()) {
                out.add("feature " + f + " allow");
                out.add("feature " + f + " deny");
                out.add("feature " + f + " allow by");
            }
            out.add("feature MIGRATE within");
            for (String res : List.of("pci", "pci with segment", "irq", "ioport", "ioport range", "iomem",
                    "iomem range", "iomem pages", "iomem pages range", "dt")) {
                out.add("device " + res);
            }
            for (PolicyModel.IommuMode m : PolicyModel.IommuMode.values()) {
                out.add("iommu " + m);
            }
            for (String unit : List.of("B", "KiB", "MiB", "GiB", "TiB", "Kbit/s", "Mbit/s", "Gbit/s")) {
                out.add("unit " + unit);
            }
            return out;
        }

        static void count(Generated g, PolicyModel m, Map<String, Integer> seen) {
            java.util.function.Consumer<String> see = k -> seen.merge(k, 1, Integer::sum);
            String text = g.text();
            see.accept("target " + (m.xenVersion().matches("\\d+\\.\\d+\\.\\d+") ? "point release" : m.xenVersion()));
            if (!m.version().equals("1") || text.contains("version 1\n") || text.contains("version 1 ")) {
                if (text.matches("(?s).*policy \\w+ version .*")) {
                    see.accept("policy version");
                }
            }
            see.accept("layers " + m.layers().size());
            if (!m.duties().isEmpty()) {
                see.accept("duty");
            }
            if (m.assertions().stream().anyMatch(a -> a instanceof PolicyModel.SeparateDuties)) {
                see.accept("separate duties");
            }
            if (m.multiLevel()) {
                see.accept("multi-level");
                if (text.contains(" trusted")) {
                    see.accept("level trusted range");
                }
                if (text.contains(":*")) {
                    see.accept("level all categories");
                }
            }
            if (g.sources().size() > 1) {
                see.accept("files >1");
            }
            if (g.sources().size() == 1 && m.layers().size() > 1) {
                List<Integer> at = m.layers().stream().map(l -> text.indexOf("layer " + l.name() + " ")).toList();
                for (int i = 1; i < at.size(); i++) {
                    if (at.get(i) < at.get(i - 1)) {
                        see.accept("layer order shuffled");
                    }
                }
            }
            Map<String, String> kindOf = new java.util.HashMap<>();
            m.domains().forEach(d -> kindOf.put(d.name(), "domain"));
            m.classes().forEach(c -> kindOf.put(c.name(), "class"));
            m.vms().forEach(v -> kindOf.put(v.name(), "vm"));
            m.clusters().forEach(k -> kindOf.put(k.name(), "cluster"));
            m.hosts().forEach(h -> kindOf.put(h.name(), "host"));
            m.devices().forEach(d -> kindOf.put(d.name(), "device"));
            m.userCapabilities().keySet().forEach(c -> kindOf.put(c, "capability"));
            Map<String, PolicyModel.Group> groups = new java.util.HashMap<>();
            for (PolicyModel.Layer l : m.layers()) {
                l.groups().forEach(gr -> {
                    kindOf.put(gr.name(), "group");
                    groups.put(gr.name(), gr);
                });
            }
            for (PolicyModel.Layer l : m.layers()) {
                l.exports().forEach(e -> see.accept("export " + kindOf.getOrDefault(e.name(), "other")));
                l.zones().forEach(z -> see.accept("zone"));
                for (PolicyModel.Host h : l.hosts()) {
                    see.accept("host");
                    h.netBitsPerSecond().ifPresent(x -> see.accept("host net"));
                    h.diskBytes().ifPresent(x -> see.accept("host disk"));
                    h.diskBitsPerSecond().ifPresent(x -> see.accept("host disk rate"));
                    h.zone().ifPresent(x -> see.accept("host zone"));
                }
                for (PolicyModel.SharedResource r : l.resources()) {
                    see.accept("resource");
                    r.kind().ifPresent(x -> see.accept("resource kind"));
                    if (r.readonly()) {
                        see.accept("resource readonly");
                    }
                }
                l.conflicts().forEach(c -> see.accept("conflict set"));
                for (PolicyModel.Group gr : l.groups()) {
                    see.accept("group");
                    gr.members().forEach(x -> {
                        if (x.kind() == PolicyModel.SubjectKind.GROUP) {
                            see.accept("group of groups");
                        }
                        if (x.kind() == PolicyModel.SubjectKind.BUILTIN) {
                            see.accept("group with builtin");
                        }
                    });
                }
                for (PolicyModel.Capability c : l.capabilities()) {
                    see.accept("capability");
                    perms(c.permissions(), m, see);
                    c.permissions().forEach(p -> {
                        if (p instanceof PolicyModel.CapabilityUse u) {
                            see.accept(m.userCapabilities().containsKey(u.capability())
                                    ? "capability of capabilities" : "capability with builtin");
                        }
                    });
                }
                for (PolicyModel.Forbid f : l.forbids()) {
                    see.accept("forbid");
                    perms(f.permissions(), m, see);
                    if (f.permissions().stream().anyMatch(p -> p instanceof PolicyModel.CapabilityUse)) {
                        see.accept("forbid with capability");
                    }
                }
                for (PolicyModel.Switch s : l.switches()) {
                    see.accept("switch default " + (s.defaultOn() ? "on" : "off"));
                    if (m.rules().stream().noneMatch(r -> r.condition().filter(s.name()::equals).isPresent())) {
                        see.accept("switch empty");
                    }
                }
                for (PolicyModel.Device d : l.devices()) {
                    see.accept("device");
                    d.admin().ifPresent(x -> see.accept("device admin"));
                    d.user().ifPresent(x -> see.accept("device user"));
                    see.accept("iommu " + d.iommu());
                    for (PolicyModel.DeviceResource r : d.resources()) {
                        if (r instanceof PolicyModel.Pci p) {
                            see.accept(p.text().length() > 7 ? "device pci with segment" : "device pci");
                        } else if (r instanceof PolicyModel.Irq) {
                            see.accept("device irq");
                        } else if (r instanceof PolicyModel.IoportRange io) {
                            see.accept(io.low() == io.high() ? "device ioport" : "device ioport range");
                        } else if (r instanceof PolicyModel.IomemRange io) {
                            see.accept("device iomem" + (io.fromBytes() ? "" : " pages")
                                    + (io.lowPfn().equals(io.highPfn()) ? "" : " range"));
                        } else {
                            see.accept("device dt");
                        }
                    }
                }
                for (PolicyModel.Cluster k : l.clusters()) {
                    see.accept("cluster");
                    if (!k.uses().isEmpty()) {
                        see.accept("uses cluster");
                    }
                    k.channels().forEach(c -> see.accept("channel cluster"));
                }
                l.channels().forEach(c -> see.accept("channel layer"));
                for (PolicyModel.VmClass c : l.classes()) {
                    if (!c.uses().isEmpty()) {
                        see.accept("uses class");
                    }
                    c.channels().forEach(ch -> see.accept("channel class"));
                    c.rules().forEach(r -> see.accept("class rule"));
                    for (PolicyModel.Feature f : c.features()) {
                        if (f.zone().isPresent()) {
                            see.accept("feature " + f.feature() + " within");
                        } else {
                            see.accept("feature " + f.feature() + (f.allowed() ? " allow" : " deny")
                                    + (f.managers().isEmpty() ? "" : " by"));
                        }
                    }
                }
            }
            for (PolicyModel.Domain d : m.domains()) {
                d.roles().forEach(r -> see.accept("role " + r));
                if (!d.properties().at().isEmpty()) {
                    see.accept("domain properties");
                }
            }
            for (PolicyModel.VmClass c : m.classes()) {
                boolean explicit = Pattern.compile("class " + c.name() + " isolation ").matcher(text).find();
                see.accept("class isolation " + (explicit ? c.isolation().name() : "default"));
                for (PolicyModel.Vm vm : c.vms()) {
                    vm.properties().at().keySet().forEach(p -> see.accept("vm property " + p));
                }
            }
            for (PolicyModel.Cluster k : m.clusters()) {
                boolean explicit = Pattern.compile("cluster " + k.name() + " isolation ").matcher(text).find();
                see.accept("cluster isolation " + (explicit ? k.isolation().name() : "default"));
            }
            for (PolicyModel.Rule r : m.rules()) {
                boolean caps = r.permissions().stream().allMatch(p -> p instanceof PolicyModel.CapabilityUse);
                see.accept("rule " + r.kind() + (caps ? " capability" : " raw"));
                see.accept("subject " + (r.subject().kind() == PolicyModel.SubjectKind.BUILTIN
                        ? r.subject().builtin().get() : r.subject().kind()));
                see.accept("target " + (r.target().kind() == PolicyModel.SubjectKind.BUILTIN
                        ? r.target().builtin().get() : r.target().kind()));
                r.condition().ifPresent(c -> see.accept(r.whenOff() ? "switch else rule" : "switch rule"));
                perms(r.permissions(), m, see);
            }
            for (PolicyModel.Channel c : m.channels()) {
                see.accept(c.twoWay() ? "channel <->" : "channel ->");
            }
            Matcher ch = Pattern.compile("(?m)^\\s*channel (\\S+) (?:->|<->) (\\S+)(?: : ([a-z, ]+))?$").matcher(text);
            while (ch.find()) {
                String kinds = ch.group(3) == null ? "" : List.of("event", "grant", "argo").stream()
                        .filter(ch.group(3)::contains).collect(Collectors.joining(" "));
                see.accept("channel kinds [" + kinds + "]");
                if (!ch.group(1).contains(".") && kindOf.get(ch.group(1)) == null) {
                    see.accept("channel short names");
                }
            }
            for (PolicyModel.Assertion a : m.assertions()) {
                if (a instanceof PolicyModel.Isolated) {
                    see.accept("assert isolated");
                } else if (a instanceof PolicyModel.NoFlow nf) {
                    see.accept(nf.mediators().isEmpty() ? "assert no flow" : "assert no flow except via");
                }
            }
            for (PolicyModel.PolicyTest t : m.tests()) {
                for (PolicyModel.Expectation e : t.expectations()) {
                    see.accept(e.allowed() ? "test allow" : "test deny");
                    if (e.permissions().stream().anyMatch(p -> p instanceof PolicyModel.CapabilityUse)) {
                        see.accept("test capability");
                    }
                }
            }
            // what the model does not keep
            if (Pattern.compile("(?m)^\\s+(vcpus|memory|cpu cap|cpu weight|net|disk|grant frames|event channels) ")
                    .matcher(text).find()) {
                see.accept("class defaults");
            }
            if (Pattern.compile("(?m)^\\s*device .*").matcher(text).results()
                    .anyMatch(r -> !r.group().contains(" iommu "))) {
                see.accept("iommu none");
            }
            if (text.contains(" { }")) {
                see.accept("vm { }");
            }
            if (text.contains("\n  //") || text.contains("\n//")) {
                see.accept("comment //");
            }
            if (text.contains("/*")) {
                see.accept("comment /*");
            }
            if (Pattern.compile("\\b(migration|replication|backup) (allow|deny|within)").matcher(text).find()) {
                see.accept("feature synonym");
            }
            for (String unit : List.of("B", "KiB", "MiB", "GiB", "TiB", "Kbit/s", "Mbit/s", "Gbit/s")) {
                if (Pattern.compile("\\d " + Pattern.quote(unit) + "\\b|\\d " + Pattern.quote(unit) + "[ \n}]")
                        .matcher(text).find()) {
                    see.accept("unit " + unit);
                }
            }
            Set<String> soft = Set.of("channels", "frames", "weight", "pages", "dt", "isolated", "flow", "via",
                    "except", "control", "service", "driver", "singleton", "boot", "build_label", "features");
            if (m.domains().stream().anyMatch(d -> soft.contains(d.name()))
                    || m.vms().stream().anyMatch(v -> soft.contains(v.name().substring(v.name().indexOf('.') + 1)))) {
                see.accept("soft keyword name");
            }
        }

        private static void perms(List<PolicyModel.PermItem> items, PolicyModel m,
                java.util.function.Consumer<String> see) {
            for (PolicyModel.PermItem p : items) {
                if (p instanceof PolicyModel.PermSet s) {
                    if (s.patterns().size() > 1) {
                        see.accept("perm class.{a b}");
                    } else if (s.patterns().get(0).equals("*")) {
                        see.accept("perm class.*");
                    } else if (s.patterns().get(0).endsWith("*")) {
                        see.accept("perm class.prefix*");
                    } else {
                        see.accept("perm class.perm");
                    }
                } else if (p instanceof PolicyModel.CapabilityUse u && !m.userCapabilities().containsKey(u.capability())) {
                    see.accept("builtin capability " + u.capability());
                }
            }
        }
    }
}
