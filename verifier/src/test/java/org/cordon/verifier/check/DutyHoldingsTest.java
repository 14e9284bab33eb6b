package org.cordon.verifier.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cordon.model.PolicyModel;
import org.cordon.verifier.Sources;
import org.cordon.verifier.facts.FactExpander;
import org.cordon.verifier.facts.Label;
import org.cordon.verifier.facts.PolicyFacts;
import org.cordon.xsm.catalogue.XenCatalogues;
import org.junit.jupiter.api.Test;

/** Who holds which duty: what counts as a grant of one, and the chains a domain holds another's duties through. */
class DutyHoldingsTest {

    private static PolicyFacts facts(String body) {
        PolicyModel m = Sources.load("duties.cordon", "policy p target xen 4.22\nlayer l {\n"
                + "  domain dom0 : control singleton\n" + body + "\n}\n");
        return new FactExpander(m, XenCatalogues.forVersion("4.22").orElseThrow()).expand();
    }

    private static Label domain(String name) {
        return new Label(name, Label.Kind.DOMAIN, Label.Facet.MAIN);
    }

    private static Set<String> held(DutyHoldings h, String domain) {
        return h.held(domain(domain)).keySet();
    }

    @Test
    void aGrantCountsOnAnotherDomainXenOrADeviceButNotOnItselfOrDomidIo() {
        DutyHoldings h = DutyHoldings.of(facts("""
                  domain a : service
                  domain b : service
                  domain c : service
                  allow a -> a : mmu.map_read, domain.pause
                  allow a -> domio : mmu.map_read
                  allow b -> a : mmu.map_read
                  allow c -> xen : security.setbool
                """));
        assertEquals(Set.of(), held(h, "a"));
        assertEquals(Set.of("introspection"), held(h, "b"));
        assertEquals(Set.of("policy_admin"), held(h, "c"));
        // check_context is a query every builder holds: no policy administration
        assertEquals(Set.of("vm_admin", "introspection"), held(DutyHoldings.of(facts("""
                  class t { vm v }
                  allow dom0 create t
                """)), "dom0"));
    }

    @Test
    void aBuilderOfABuildLabelledGuestCreatesItButHoldsNoMappingOfIt() {
        DutyHoldings h = DutyHoldings.of(facts("""
                  class t {
                    vm v
                    features { rollback deny }
                  }
                  allow dom0 create t
                """));
        assertEquals(Set.of("vm_admin"), held(h, "dom0"));
        DutyHoldings.Holding create = h.held(domain("dom0")).get("vm_admin").holding();
        assertTrue(create.grants().stream().allMatch(f -> f.permission().equals("create")
                && f.target().facet() == Label.Facet.BUILDING), create.grants().toString());
    }

    @Test
    void aTransitionAloneMovesNothingRelabelselfOrARelabellerDoes() {
        String base = """
                  domain a : service
                  domain xsm : service
                  domain r : service
                  allow xsm -> xen : security.load_policy
                  allow a -> xsm : domain.transition
                """;
        assertEquals(Set.of(), held(DutyHoldings.of(facts(base)), "a"));
        DutyHoldings self = DutyHoldings.of(facts(base + "  allow a -> xsm : domain2.relabelself\n"));
        DutyHoldings.Holding via = self.held(domain("a")).get("policy_admin").holding();
        assertEquals(domain("xsm"), via.holder());
        assertEquals(List.of(DutyHoldings.StepKind.TRANSITION), via.chain().stream().map(DutyHoldings.Step::kind).toList());
        DutyHoldings other = DutyHoldings.of(facts(base + "  allow r -> a : domain2.relabelfrom\n"
                + "  allow r -> xsm : domain2.relabelto\n"));
        assertEquals("through xsm (r relabels a to xsm)", other.held(domain("a")).get("policy_admin").holding().how());
        // the relabeller itself does not become xsm
        assertEquals(Set.of(), held(other, "r"));
    }

    @Test
    void aDelegatorHoldsWhatTheDeviceModelHoldsOverThatGuestOnly() {
        DutyHoldings h = DutyHoldings.of(facts("""
                  domain x : service
                  domain m : service
                  class t { vm g1  vm g2 }
                  allow m -> t : mmu.map_read, domain.pause
                  allow m -> t.g1 : domain.set_target
                  allow x -> m : domain2.make_priv_for
                  allow x -> t.g1 : domain2.set_as_target
                  allow x -> t.g2 : domain2.set_as_target
                """));
        Map<String, DutyHoldings.Held> x = h.held(domain("x"));
        assertEquals(Set.of("vm_admin", "introspection"), x.keySet());
        Label g1 = new Label("t.g1", Label.Kind.VM, Label.Facet.MAIN);
        for (DutyHoldings.Held held : x.values()) {
            assertEquals(DutyHoldings.StepKind.DELEGATION, held.holding().chain().get(0).kind());
            assertTrue(held.holding().grants().stream().allMatch(f -> f.target().equals(g1)),
                    held.holding().grants().toString());
        }
    }

    @Test
    void aSwitchGivesADutyUnderItsSettingAndAChainNeedingItOnAndOffGivesNone() {
        // the chain needs s on (transition) and off (relabelself): never
        String chain = """
                  domain a : service
                  domain xsm : service
                  allow xsm -> xen : security.load_policy
                  switch s default off {
                    allow a -> xsm : domain.transition
                  } else {
                    allow a -> xsm : domain2.relabelself
                  }
                """;
        DutyHoldings chainOnly = DutyHoldings.of(facts(chain));
        assertFalse(chainOnly.of(domain("a")).isEmpty(), "the chain is there under the union of settings");
        assertEquals(Set.of(), held(chainOnly, "a"));
        DutyHoldings h = DutyHoldings.of(facts(chain + "  switch t default off { allow a -> xen : security.setbool }\n"));
        DutyHoldings.Held a = h.held(domain("a")).get("policy_admin");
        assertEquals(" (with switches t on)", a.note());
        assertTrue(a.holding().direct(), a.holding().how());
    }
}
