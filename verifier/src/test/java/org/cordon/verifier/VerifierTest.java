package org.cordon.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.cordon.model.Diagnostic;
import org.cordon.model.PolicyModel;
import org.cordon.model.PolicyModel.Role;
import org.junit.jupiter.api.Test;

class VerifierTest {

    @Test
    void aModelForAnUnknownXenIsRefused() {
        // the front end reports an unknown target Xen (pass resolve); the verifier is never given one
        PolicyModel m = new ModelBuilder("3.4").domain("dom0", Role.CONTROL).build();
        assertThrows(IllegalArgumentException.class, () -> new Verifier().verify(m));
    }

    @Test
    void aCleanModelHasNoDiagnostics() {
        PolicyModel m = new ModelBuilder("4.17").domain("dom0", Role.CONTROL, Role.SINGLETON).vmClass("a", "x")
                .vmClass("b", "y").allow("dom0", "guests", null, "create", "manage", "comms")
                .isolated("a", "b").noFlow("a", "b", "dom0").expect("t", false, "a.x", "b.y", "mmu", "map_read").build();
        assertEquals(List.of(), new Verifier().verify(m));
    }

    @Test
    void everyVerdictIsAnErrorWithAPositionAndHooksAreInformation() {
        PolicyModel m = new ModelBuilder("4.21").domain("g", Role.GUEST).vmClass("a", "x").vmClass("b", "y")
                .allow("g", "guests", "grant", "copy").allow("a.x", "b.y", "domain", "transition")
                .isolated("a", "b").noFlow("b", "a").expect("t", true, "b.y", "a.x", "mmu", "map_read").build();
        List<Diagnostic> ds = new Verifier().verify(m);
        assertEquals(List.of("isolation", "no-flow", "class-isolation", "class-isolation", "escalation",
                "test-failed", "new-hooks"),
                ds.stream().map(d -> d.code().id()).toList());
        ds.forEach(d -> assertTrue(d.isError() == !d.code().id().equals("new-hooks") && d.pos().line() > 0, d.toString()));
    }

    @Test
    void aVerifierGivenUpStopsBeforeItsNextCheck() {
        PolicyModel m = new ModelBuilder("4.21").domain("g", Role.GUEST).vmClass("a", "x").vmClass("b", "y")
                .allow("g", "guests", "grant", "copy").allow("a.x", "b.y", "domain", "transition")
                .isolated("a", "b").noFlow("b", "a").build();
        org.cordon.xsm.catalogue.XenCatalogue catalogue = org.cordon.xsm.catalogue.XenCatalogues.forVersion("4.21")
                .orElseThrow();
        org.cordon.verifier.facts.FactExpander expander = new org.cordon.verifier.facts.FactExpander(m, catalogue);
        org.cordon.verifier.facts.PolicyFacts facts = expander.expand();
        assertEquals(List.of("isolation", "no-flow", "class-isolation", "class-isolation", "escalation", "new-hooks"),
                new Verifier().verify(facts, expander, () -> false).stream().map(d -> d.code().id()).toList());
        assertEquals(List.of(), new Verifier().verify(facts, expander, () -> true), "given up before the first");
        // given up once the first check (the assertions) has run: its verdicts only, and no other check asked
        int[] asked = {0};
        assertEquals(List.of("isolation", "no-flow"), new Verifier().verify(facts, expander, () -> ++asked[0] > 2)
                .stream().map(d -> d.code().id()).toList());
        assertEquals(3, asked[0], "not asked again once given up");
    }
}
