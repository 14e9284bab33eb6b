package org.cordon.verifier.facts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cordon.model.PolicyModel;
import org.cordon.verifier.Sources;
import org.cordon.verifier.permmap.XenPermissionMap;
import org.cordon.xsm.catalogue.XenCatalogues;
import org.junit.jupiter.api.Test;

/** The verifier's reading of levels: Bell-LaPadula over the permission map's directions, as docs/language.md says. */
class MlsReadingTest {

    static final String POLICY = """
            policy levels target xen 4.22
            layer base {
              sensitivities lo < mid < hi
              categories a, b
              domain dom0 : control singleton
              domain guard : service { level lo .. hi:a trusted }
              domain spy : service { level lo .. hi:a, b }
              export dom0, guard
            }
            layer tenants over base {
              class x { level hi:a  vm v }
              class y { level hi:b  vm w }
              class z { vm u }
              class m { level mid  vm n }
            }
            """;

    static final PolicyModel MODEL = Sources.load("levels.cordon", POLICY);
    static final MlsReading MLS = new MlsReading(MODEL, XenPermissionMap.standard());

    static Label vm(String name) {
        return new Label(name, Label.Kind.VM, Label.Facet.MAIN);
    }

    static Label domain(String name) {
        return new Label(name, Label.Kind.DOMAIN, Label.Facet.MAIN);
    }

    @Test
    void readDownWriteUp() {
        // mmu.map_read reads, domain.pause writes, mmu.map_write does both
        assertTrue(MLS.allows(vm("x.v"), vm("z.u"), "mmu", "map_read"), "hi:a reads lo");
        assertFalse(MLS.allows(vm("z.u"), vm("x.v"), "mmu", "map_read"), "lo does not read hi:a");
        assertTrue(MLS.allows(vm("z.u"), vm("x.v"), "domain", "pause"), "lo writes up to hi:a");
        assertFalse(MLS.allows(vm("x.v"), vm("z.u"), "domain", "pause"), "hi:a does not write down");
        assertFalse(MLS.allows(vm("x.v"), vm("z.u"), "mmu", "map_write"), "both ways: only between equals");
        assertTrue(MLS.allows(vm("x.v"), vm("x.v"), "mmu", "map_write"));
        // incomparable compartments: neither way
        assertFalse(MLS.allows(vm("x.v"), vm("y.w"), "mmu", "map_read"));
        assertFalse(MLS.allows(vm("x.v"), vm("y.w"), "domain", "pause"));
        // sensitivity alone: hi:a over mid
        assertTrue(MLS.allows(vm("x.v"), vm("m.n"), "mmu", "map_read"));
        assertNull(MLS.why(vm("z.u"), vm("x.v"), "xen", "writeconsole"), "classes not between domains are not constrained");
    }

    @Test
    void aTrustedSubjectReadsUpToItsClearanceAndTrustedObjectsTakeAnything() {
        assertTrue(MLS.allows(domain("guard"), vm("x.v"), "mmu", "map_read"), "guard's clearance hi:a");
        assertFalse(MLS.allows(domain("guard"), vm("y.w"), "mmu", "map_read"), "not hi:b");
        assertFalse(MLS.allows(domain("spy"), vm("x.v"), "mmu", "map_read"), "a range without trust acts at its low");
        assertTrue(MLS.allows(vm("x.v"), domain("guard"), "domain", "pause"), "a trusted object is written down to");
        assertTrue(MLS.allows(vm("y.w"), domain("dom0"), "mmu", "map_read"), "platform domains are trusted");
        assertTrue(MLS.allows(vm("y.w"), Label.XEN, "mmu", "map_write"), "Xen's own labels are trusted");
        assertTrue(MLS.of(domain("dom0")).trusted());
    }

    @Test
    void eventChannelsAreAtTheirOwnersLowLevel() {
        Label guardChannel = domain("guard").channel();
        assertEquals("lo", MLS.of(guardChannel).low().text());
        assertEquals("lo", MLS.of(guardChannel).high().text());
        assertTrue(MLS.of(guardChannel).trusted(), "a trusted domain's channels are trusted objects");
        assertFalse(MLS.allows(vm("x.v").channel(), vm("z.u"), "event", "bind"), "a channel at hi:a binds no lower end");
        assertTrue(MLS.allows(vm("z.u").channel(), vm("x.v"), "event", "bind"));
    }

    @Test
    void theFactsLeaveOutWhatTheConstraintsDeny() {
        PolicyModel m = Sources.load("cut.cordon", POLICY.replace("class m { level mid  vm n }",
                "class m { level mid  vm n }\n  allow z.u -> x.v : mmu.map_read, domain.pause"));
        PolicyFacts f = new FactExpander(m, XenCatalogues.forVersion("4.22").orElseThrow()).expand();
        assertEquals(1, f.cutByMls().size(), f.cutByMls().toString());
        assertEquals("map_read", f.cutByMls().get(0).permission());
        assertTrue(f.facts().stream().anyMatch(x -> x.permission().equals("pause") && x.target().equals(vm("x.v"))));
        assertTrue(f.facts().stream().noneMatch(x -> x.permission().equals("map_read") && x.target().equals(vm("x.v"))
                && x.source().equals(vm("z.u"))));
        assertTrue(f.typeRules().facts().stream().anyMatch(x -> x.permission().equals("map_read")
                && x.source().equals(vm("z.u")) && x.target().equals(vm("x.v"))), "the type rules still grant it");
    }
}
