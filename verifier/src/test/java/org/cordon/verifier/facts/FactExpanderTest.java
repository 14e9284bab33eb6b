package org.cordon.verifier.facts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.cordon.model.PolicyModel;
import org.cordon.model.PolicyModel.Role;
import org.cordon.verifier.ModelBuilder;
import org.cordon.xsm.catalogue.XenCatalogues;
import org.junit.jupiter.api.Test;

class FactExpanderTest {

    private static PolicyFacts expand(ModelBuilder b) {
        PolicyModel m = b.build();
        return new FactExpander(m, XenCatalogues.forVersion(m.xenVersion()).orElseThrow()).expand();
    }

    private static Set<String> tuples(PolicyFacts f, Origin.Kind kind) {
        return f.facts().stream().filter(x -> x.origin().kind() == kind).map(Fact::access).collect(Collectors.toSet());
    }

    @Test
    void patternsExpandAgainstTheTargetCatalogue() {
        ModelBuilder b = new ModelBuilder("4.22").domain("dom0", Role.CONTROL, Role.SINGLETON)
                .allow("dom0", "xen", "xen2", "get*");
        assertEquals(Set.of("dom0 -> xen : xen2.get_symbol", "dom0 -> xen : xen2.get_cpu_featureset",
                "dom0 -> xen : xen2.get_dom0_console"), tuples(expand(b), Origin.Kind.RULE));
        ModelBuilder old = new ModelBuilder("4.17").domain("dom0", Role.CONTROL, Role.SINGLETON)
                .allow("dom0", "xen", "xen2", "get*");
        assertEquals(Set.of("dom0 -> xen : xen2.get_symbol", "dom0 -> xen : xen2.get_cpu_featureset",
                "dom0 -> xen : xen2.get_cpu_levelling_caps"), tuples(expand(old), Origin.Kind.RULE));
    }

    @Test
    void capabilitiesLandOnChannelsAndPseudoDomains() {
        ModelBuilder b = new ModelBuilder("4.22").domain("dom0", Role.CONTROL).vmClass("a", "x")
                .allow("dom0", "a.x", null, "comms", "manage");
        Set<String> t = tuples(expand(b), Origin.Kind.RULE);
        assertTrue(t.contains("dom0 -> dom0's event channels : event.send"));
        assertTrue(t.contains("dom0's event channels -> a.x : event.bind"));
        assertTrue(t.contains("a.x's event channels -> dom0 : event.bind"));
        assertTrue(t.contains("a.x -> dom0 : grant.map_read"));
        assertTrue(t.contains("dom0 -> domxen : domain.getdomaininfo"));
    }

    @Test
    void aClassThatDeniesIntrospectionIsBuiltUnderABuildLabel() {
        ModelBuilder b = new ModelBuilder("4.22").domain("dom0", Role.CONTROL)
                .vmClass("a", PolicyModel.Isolation.STRONG, List.of(new PolicyModel.Feature(
                        PolicyModel.ManagementFeature.INTROSPECTION, false, List.of(), Optional.empty(),
                        org.cordon.model.SourcePos.NONE)), "x")
                .allow("dom0", "a", null, "create");
        PolicyFacts f = expand(b);
        Set<String> t = tuples(f, Origin.Kind.RULE);
        assertTrue(t.contains("dom0 -> a.x while being built : mmu.map_read"));
        assertTrue(t.contains("dom0 -> a.x : domain2.relabelto"));
        assertFalse(t.contains("dom0 -> a.x : mmu.map_read"));
        assertTrue(tuples(f, Origin.Kind.DOMAIN).contains("a.x while being built -> a.x : domain.transition"));
        // what xl's build meets before the relabel (the console, a failed build's teardown): on the build label only
        assertTrue(t.contains("dom0 -> a.x while being built : grant.map_read"));
        assertTrue(t.contains("dom0's event channels -> a.x while being built : event.bind"));
        assertTrue(t.contains("dom0 -> a.x while being built : domain.destroy"));
        assertFalse(t.contains("dom0 -> a.x : grant.map_read"));
    }

    @Test
    void xenstoreMeetsABuildLabelledGuestUnderItsBuildLabel() {
        ModelBuilder b = new ModelBuilder("4.17").domain("dom0", Role.CONTROL).domain("xs", Role.SERVICE)
                .domain("peer", Role.GUEST)
                .vmClass("a", PolicyModel.Isolation.WEAK, List.of(new PolicyModel.Feature(
                        PolicyModel.ManagementFeature.MIGRATE, false, List.of(), Optional.empty(),
                        org.cordon.model.SourcePos.NONE)), "x")
                .allow("dom0", "a", null, "create").allow("xs", "a", null, "comms").allow("peer", "a", null, "comms");
        Set<String> t = tuples(expand(b), Origin.Kind.RULE);
        assertTrue(t.contains("xs -> a.x while being built : grant.map_write"));
        assertTrue(t.contains("xs's event channels -> a.x while being built : event.bind"));
        assertTrue(t.contains("xs -> a.x while being built : domain.getdomaininfo"));
        // a peer meets the VM once it runs; only the builder relabels it
        assertTrue(t.stream().noneMatch(s -> s.startsWith("peer") && s.contains("while being built")), t.toString());
        assertFalse(t.contains("xs -> a.x while being built : domain2.relabelfrom"));
    }

    @Test
    void auditallowAndDontauditGrantNothing() {
        for (PolicyModel.RuleKind kind : List.of(PolicyModel.RuleKind.AUDITALLOW, PolicyModel.RuleKind.DONTAUDIT)) {
            assertEquals(Set.of(), withRule(kind), kind.toString());
        }
        // the same rule as allow grants: the model reads as meant
        assertEquals(Set.of("d -> xen : xen.readconsole"), withRule(PolicyModel.RuleKind.ALLOW));
    }

    private static Set<String> withRule(PolicyModel.RuleKind kind) {
        ModelBuilder b = new ModelBuilder("4.22").domain("d", Role.SERVICE);
        PolicyModel m = b.build();
        var rule = new PolicyModel.Rule(kind, b.ref("d"), b.ref("xen"),
                List.of(new PolicyModel.PermSet("xen", List.of("readconsole"), b.next())), Optional.empty(), false,
                "all", b.next());
        var layer = m.layers().get(0);
        PolicyModel withRule = new PolicyModel(m.name(), m.version(), m.xenVersion(), m.pos(), List.of(new PolicyModel.Layer(
                layer.name(), layer.below(), layer.pos(), layer.domains(), layer.classes(), layer.clusters(),
                layer.groups(), layer.devices(), layer.capabilities(), List.of(rule), layer.forbids(), layer.exports(),
                layer.switches(), layer.channels(), layer.zones(), layer.hosts(), layer.resources(), layer.conflicts())),
                m.assertions(), m.tests());
        List<org.cordon.model.Diagnostic> problems = new java.util.ArrayList<>();
        withRule = org.cordon.dsl.load.Resolver.resolve(withRule, problems);
        assertEquals(List.of(), problems);
        PolicyFacts f = new FactExpander(withRule, XenCatalogues.forVersion("4.22").orElseThrow()).expand();
        return tuples(f, Origin.Kind.RULE);
    }

    @Test
    void oneWayChannelsSignalAndMapOneWay() {
        ModelBuilder b = new ModelBuilder("4.22").vmClass("a", "x").vmClass("b", "y")
                .channel("a.x", "b.y", false, PolicyModel.ChannelKind.EVENT, PolicyModel.ChannelKind.GRANT);
        Set<String> t = tuples(expand(b), Origin.Kind.CHANNEL);
        assertTrue(t.contains("a.x -> a.x's event channels : event.send"));
        assertFalse(t.contains("b.y -> b.y's event channels : event.send"));
        // the receiving end binds on a receive-only label: its sending elsewhere cannot reach a.x
        assertTrue(t.contains("b.y -> b.y's receive-only event channels : event.create"));
        assertTrue(t.contains("b.y's receive-only event channels -> a.x : event.bind"));
        assertFalse(t.contains("b.y's event channels -> a.x : event.bind"));
        assertTrue(t.contains("b.y -> a.x : grant.map_read"));
        assertFalse(t.contains("a.x -> b.y : grant.map_read"));
    }

    @Test
    void conditionalRulesRememberTheirSwitch() {
        ModelBuilder b = new ModelBuilder("4.22").domain("dom0", Role.CONTROL).vmClass("a", "x")
                .switchDecl("s", false)
                .rule("dom0", "a.x", "mmu", Optional.of("s"), false, "map_read")
                .rule("dom0", "a.x", "mmu", Optional.of("s"), true, "stat");
        PolicyFacts f = expand(b);
        Fact read = f.facts().stream().filter(x -> x.permission().equals("map_read")
                && x.origin().kind() == Origin.Kind.RULE).findFirst().orElseThrow();
        Fact stat = f.facts().stream().filter(x -> x.permission().equals("stat")
                && x.origin().kind() == Origin.Kind.RULE).findFirst().orElseThrow();
        assertFalse(f.activeByDefault(read));
        assertTrue(f.activeByDefault(stat));
    }
}
