package org.cordon.compiler.acm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.cordon.dsl.TestFrontEnd;
import org.cordon.dsl.load.CordonFrontEnd;
import org.cordon.model.Diagnostic;
import org.cordon.model.PolicyModel;
import org.cordon.xsm.acm.AcmPolicy;
import org.cordon.xsm.acm.ChwallComponent;
import org.cordon.xsm.acm.VmLabel;
import org.junit.jupiter.api.Test;

/** Isolation assertions and conflict sets re-checked on lowered (and hand-altered) ACM policies. */
class AcmIsolationCheckTest {

    /** Two strong classes that use one resource: in ACM both must hold its STE type, so they can talk. */
    static final String SHARED_RESOURCE = """
            policy broken version 2
            target xen 4.22
            layer base {
              domain dom0 : control singleton
              allow dom0 create, manage, comms guests
              resource scratch kind storage
              class red isolation strong { vm a { vcpus 1 memory 1 GiB } uses scratch }
              class blue isolation strong { vm b { vcpus 1 memory 1 GiB } uses scratch }
            }
            assert isolated red, blue
            """;

    static PolicyModel parse(String text) {
        TestFrontEnd.Result r = TestFrontEnd.run(List.of(new CordonFrontEnd.Source("inline.cordon", text)));
        assertFalse(r.hasErrors(), () -> r.diagnostics().toString());
        assertNotNull(r.model());
        return r.model();
    }

    @Test
    void sharedResourceBreaksIsolationUnderAcm() {
        PolicyModel model = parse(SHARED_RESOURCE);
        AcmLowering.Result result = AcmLowering.lower(Tables.of(model));
        assertTrue(result.hasErrors());
        List<Diagnostic> errors = result.diagnostics().stream().filter(Diagnostic::isError).toList();
        assertEquals(1, errors.size(), () -> errors.toString());
        Diagnostic e = errors.get(0);
        assertEquals(org.cordon.model.DiagnosticCode.ACM_ISOLATION, e.code());
        assertEquals("inline.cordon", e.pos().file());
        assertEquals(10, e.pos().line(), "at the assertion");
        assertEquals(1, e.pos().column());
        assertTrue(e.message().contains("red.a") && e.message().contains("blue.b") && e.message().contains("scratch"),
                e.message());
        // the related position is the resource that brought the shared type
        assertEquals(6, e.related().get(0).pos().line());
        // version "2" is a valid major; ACM writes it as 2.0 without a warning
        assertEquals("2.0", result.policy().header().version());
        assertTrue(result.warnings().stream().noneMatch(w -> w.message().contains("major.minor")));
    }

    @Test
    void withoutTheResourceTheAssertionHolds() {
        PolicyModel model = parse(SHARED_RESOURCE.replace(" uses scratch", ""));
        AcmLowering.Result result = AcmLowering.lower(Tables.of(model));
        assertFalse(result.hasErrors(), () -> result.diagnostics().toString());
    }

    @Test
    void aConflictSetExcusesSharingBecauseTheyNeverRunTogether() {
        PolicyModel model = parse(SHARED_RESOURCE.replace("\n}\nassert", "\n  conflict rb { red, blue }\n}\nassert"));
        AcmLowering.Result result = AcmLowering.lower(Tables.of(model));
        assertFalse(result.hasErrors(), () -> result.diagnostics().toString());
    }

    @Test
    void aChannelBetweenClassesIsNotAcmsFault() {
        PolicyModel model = parse(SHARED_RESOURCE.replace(" uses scratch", "")
                .replace("\n}\nassert", "\n  channel red.a <-> blue.b\n}\nassert"));
        AcmLowering.Result result = AcmLowering.lower(Tables.of(model));
        assertTrue(result.policy().vmLabel("red.a").orElseThrow().steTypes().contains("blue.b--red.a"));
        assertFalse(result.hasErrors(), "the Cordon verifier, not the ACM check, judges a declared channel");
    }

    @Test
    void aWeakenedConflictSetIsAnErrorAtTheConflict() {
        PolicyModel model = parse(SHARED_RESOURCE.replace(" uses scratch", "")
                .replace("\n}\nassert", "\n  conflict rb { red, blue }\n}\nassert"));
        AcmLowering.Result result = AcmLowering.lower(Tables.of(model));
        AcmPolicy p = result.policy();
        // drop the conflict sets, as a buggy lowering (or a hand-edited policy) would
        AcmPolicy weakened = new AcmPolicy(p.header(), p.ste(), new ChwallComponent(p.chwallTypes(), List.of(), true),
                p.bootstrapLabel(), p.vmLabels(), p.resourceLabels());
        List<Diagnostic> found = new AcmIsolationCheck(Tables.of(model), weakened, result.labels(),
                result.typeOrigins()).check();
        assertEquals(1, found.size(), () -> found.toString());
        assertTrue(found.get(0).isError());
        assertEquals(9, found.get(0).pos().line(), "at the conflict statement");
        assertTrue(found.get(0).message().contains("conflict rb"));
    }

    @Test
    void aWeakenedStePolicyIsCaughtOnTheAcmPolicyNotTheLowering() {
        PolicyModel model = parse(SHARED_RESOURCE.replace(" uses scratch", ""));
        AcmLowering.Result result = AcmLowering.lower(Tables.of(model));
        AcmPolicy p = result.policy();
        // give blue.b red's type: the check must judge the policy it is given
        List<VmLabel> labels = p.vmLabels().stream().map(l -> l.name().equals("blue.b")
                ? new VmLabel(l.name(), null, List.of("blue", "red"), l.chwallTypes()) : l).toList();
        AcmPolicy weakened = new AcmPolicy(p.header(), p.ste(), p.chwall(), p.bootstrapLabel(), labels,
                p.resourceLabels());
        List<Diagnostic> found = new AcmIsolationCheck(Tables.of(model), weakened, result.labels(),
                result.typeOrigins()).check();
        assertEquals(1, found.size(), () -> found.toString());
        assertTrue(found.get(0).message().contains("STE type red"), found.get(0).message());
    }

    /** Mediators hold the types of those they serve, so guests they serve share nothing. */
    static final String MEDIATED = """
            policy mediated version 1.0
            target xen 4.22
            layer base {
              domain dom0 : control singleton
              domain xenstore : service singleton
              domain g : guest
              allow dom0 create, manage, comms guests
              allow xenstore comms guests
              allow g comms xenstore
              class red isolation strong { vm a { vcpus 1 memory 1 GiB } }
              class blue isolation strong { vm b { vcpus 1 memory 1 GiB } }
              allow red comms blue
            }
            assert isolated red, g
            assert isolated blue, g
            """;

    @Test
    void mediatorsTakeTheGuestsTypes() {
        AcmLowering.Result result = AcmLowering.lower(Tables.of(parse(MEDIATED)));
        assertFalse(result.hasErrors(), () -> result.diagnostics().toString());
        AcmPolicy p = result.policy();
        assertTrue(p.vmLabel("xenstore").orElseThrow().steTypes().containsAll(List.of("red", "blue", "g")));
        assertEquals(List.of("g"), p.vmLabel("g").orElseThrow().steTypes(), "the guest does not take xenstore's type");
        // a rule between two classes is a channel group of its own
        assertEquals(List.of("red", "blue--red"), p.vmLabel("red.a").orElseThrow().steTypes());
        assertEquals(List.of("blue", "blue--red"), p.vmLabel("blue.b").orElseThrow().steTypes());
    }

    @Test
    void noFlowIsCheckedForDirectSharing() {
        PolicyModel model = parse(SHARED_RESOURCE.replace("assert isolated red, blue", "assert no flow red -> blue"));
        AcmLowering.Result result = AcmLowering.lower(Tables.of(model));
        List<Diagnostic> errors = result.diagnostics().stream().filter(Diagnostic::isError).toList();
        assertEquals(1, errors.size(), () -> errors.toString());
        assertTrue(errors.get(0).message().contains("assert no flow red -> blue"), errors.get(0).message());
    }

    @Test
    void checksAPolicyByLabelNames() {
        PolicyModel model = parse(SHARED_RESOURCE);
        AcmPolicy p = AcmLowering.lower(Tables.of(model)).policy();
        List<Diagnostic> found = AcmIsolationCheck.check(Tables.of(model), p);
        assertEquals(1, found.size(), () -> found.toString());
        assertTrue(found.get(0).related().isEmpty(), "no lowering, no origins");
    }

    @Test
    void aClusterInAConflictSetIsOneParty() {
        PolicyModel model = parse("""
                policy walls version 1.0
                target xen 4.22
                layer base {
                  domain dom0 : control singleton
                  allow dom0 create, manage, comms guests
                  class red isolation strong { vm a { vcpus 1 memory 1 GiB } }
                  cluster k isolation hybrid {
                    class c1 { vm x { vcpus 1 memory 1 GiB } }
                    class c2 { vm y { vcpus 1 memory 1 GiB } }
                  }
                  conflict w { k, red }
                }
                """);
        AcmLowering.Result result = AcmLowering.lower(Tables.of(model));
        assertFalse(result.hasErrors(), () -> result.diagnostics().toString());
        AcmPolicy p = result.policy();
        assertEquals(List.of("c1", "k"), p.vmLabel("c1.x").orElseThrow().chwallTypes());
        assertEquals(List.of(new org.cordon.xsm.acm.ConflictSet("w", List.of("k", "red"))), p.conflictSets());
        assertFalse(org.cordon.xsm.acm.AcmPolicies.conflicts(p, "c1.x", "c2.y"), "a cluster's classes may run together");
        assertTrue(org.cordon.xsm.acm.AcmPolicies.blocksStart(p, "c1.x", "red.a"));
        assertTrue(org.cordon.xsm.acm.AcmPolicies.blocksStart(p, "red.a", "c2.y"));
    }

    @Test
    void vmsOfOneClassShareItsTypeAndThatIsReported() {
        String text = """
                policy intra version 1.0
                target xen 4.22
                layer base {
                  domain dom0 : control singleton
                  class c isolation strong {
                    vm x { vcpus 1 memory 1 GiB }
                    vm y { vcpus 1 memory 1 GiB }
                  }
                  CHANNEL
                }
                """;
        AcmLowering.Result open = AcmLowering.lower(Tables.of(parse(text.replace("CHANNEL", ""))));
        assertTrue(open.warnings().stream().anyMatch(w -> w.pos().line() == 5 && w.message().contains("c.x and c.y")),
                () -> open.warnings().toString());
        // a channel declared outside the class covers the pair too
        AcmLowering.Result covered = AcmLowering.lower(Tables.of(parse(text.replace("CHANNEL", "channel c.x <-> c.y"))));
        assertTrue(covered.warnings().stream().noneMatch(w -> w.message().contains("c.x and c.y")),
                () -> covered.warnings().toString());
        assertEquals(List.of("c"), covered.policy().vmLabel("c.x").orElseThrow().steTypes());
    }

    @Test
    void manyPairsAreSummarised() {
        StringBuilder red = new StringBuilder();
        StringBuilder blue = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            red.append(" vm r").append(i).append(" { vcpus 1 memory 1 GiB }");
            blue.append(" vm b").append(i).append(" { vcpus 1 memory 1 GiB }");
        }
        PolicyModel model = parse(SHARED_RESOURCE.replace("vm a { vcpus 1 memory 1 GiB }", red.toString())
                .replace("vm b { vcpus 1 memory 1 GiB }", blue.toString()));
        List<Diagnostic> errors = AcmLowering.lower(Tables.of(model)).diagnostics().stream().filter(Diagnostic::isError).toList();
        assertEquals(11, errors.size());
        assertTrue(errors.get(10).message().contains("134 more pairs"), errors.get(10).message());
    }
}
