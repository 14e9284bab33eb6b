package org.cordon.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.cordon.dsl.load.CordonFrontEnd;
import org.cordon.model.Diagnostic;
import org.cordon.verifier.facts.PolicyFacts;
import org.cordon.verifier.flask.FlaskFacts;
import org.cordon.verifier.flask.TranslationValidation;
import org.cordon.verifier.permmap.XenPermissionMap;
import org.cordon.xsm.catalogue.XenCatalogue;
import org.cordon.xsm.flask.FlaskPolicies;
import org.junit.jupiter.api.Test;

/**
 * Translation validation on every policy the tests have: the samples and the golden files. Each binary Cordon writes,
 * decoded again, grants exactly what the verifier reads in the sources (no internal error), and the properties hold
 * on its types wherever they hold on the model.
 */
class TranslationValidationTest {

    @Test
    void everyCompiledPolicyGrantsWhatWasVerified() throws Exception {
        int validated = 0;
        List<String> failures = new ArrayList<>();
        for (Path p : TestPolicies.all()) {
            Build b = Driver.check(List.of(CordonFrontEnd.Source.of(p)));
            b.internalError().ifPresent(e -> failures.add(p + ": " + e));
            if (!b.ran("validate-binary")) {
                continue;
            }
            validated++;
            TranslationValidation.Result result = b.validation().orElseThrow();
            if (result.ok() && !result.byEntries()) {
                failures.add(p + ": an equal binary was compared tuple by tuple, not entry by entry");
            }
            if (!b.validator.tookPrepared()) {
                failures.add(p + ": the model's side made beside the encoding was made again");
            }
            // the quick check decides that shared types add no access, so the properties are not checked again:
            // a domain's own channels and the event vectors no transition makes live are no flow between VMs
            if (result.ok() && b.validator.sharingAddsAccess()) {
                failures.add(p + ": the binary's shared types were taken to add an access the model does not give");
            }
            // pass verify asks the binary only when the model's verdicts are clean: any verdict there is one the
            // model keeps and the binary breaks
            List<Diagnostic> onBinary = b.binaryVerdicts();
            if (!onBinary.isEmpty()) {
                failures.add(p + ": holds on the model, not on the binary: " + onBinary);
            }
        }
        assertTrue(validated >= 15, "policies validated: " + validated);
        assertEquals(List.of(), failures);
    }

    /**
     * Two VMs of one class share a type; the "wider" policy also lets the class map the other class's grants, where
     * the narrow one lets it only unmap them (no flow): an entry both binaries have, with more permissions in one.
     */
    private static final String NARROW = """
            policy shared
            target xen 4.22
            layer all {
              domain dom0 : control singleton
              allow dom0 create, manage guests
              class c isolation weak { vm v0 vm v1 }
              class d isolation weak { vm w }
              allow c -> d : grant.unmap
            }
            assert isolated c, d
            """;
    private static final String WIDER = NARROW.replace("grant.unmap", "grant.unmap, grant.map_read, grant.map_write");

    private static Build check(String text) {
        return Driver.check(List.of(new CordonFrontEnd.Source("shared.cordon", text)));
    }

    /** One policy's reading against the other's binary: the validation the driver runs, on a binary that is wrong. */
    private static TranslationValidation validation(Build model, Build binary) throws Exception {
        return new TranslationValidation(model.facts().orElseThrow(),
                FlaskFacts.of("xenpolicy", FlaskPolicies.readBinary(binary.binary().orElseThrow())),
                model.typeLabels().orElseThrow());
    }

    @Test
    void aBinaryThatGrantsMoreOrLessIsCaughtTupleByTuple() throws Exception {
        Build narrow = check(NARROW);
        Build wider = check(WIDER);
        assertEquals(List.of(), narrow.diagnostics(), "the narrow policy holds");
        TranslationValidation.Result same = validation(narrow, narrow).compare();
        assertTrue(same.ok() && same.byEntries(), "an equal binary is decided entry by entry: " + same);

        List<TranslationValidation.Difference> more = validation(narrow, wider).compare().differences();
        assertEquals(List.of("c_t d_t grant map_read", "c_t d_t grant map_write"),
                more.stream().map(TranslationValidation.Difference::tuple).toList());
        assertTrue(more.stream().allMatch(TranslationValidation.Difference::inBinaryOnly), more.toString());

        List<TranslationValidation.Difference> less = validation(wider, narrow).compare().differences();
        assertEquals(2, less.size(), less.toString());
        assertTrue(less.stream().noneMatch(TranslationValidation.Difference::inBinaryOnly), less.toString());
        assertTrue(less.get(0).origin().toString().contains("shared.cordon"), "points at the statement: " + less);
    }

    /**
     * The driver makes the model's side before the binary exists, numbering each class's permissions as the catalogue
     * lists them. Against a binary that numbers a class otherwise it is made again in the binary's numbering: the
     * comparison is then the one made without it.
     */
    @Test
    void aModelSideNumberedOtherwiseThanTheBinaryIsMadeAgain() throws Exception {
        Build narrow = check(NARROW);
        PolicyFacts facts = narrow.facts().orElseThrow();
        XenCatalogue catalogue = facts.catalogue();
        List<XenCatalogue.SecurityClass> classes = new ArrayList<>();
        for (XenCatalogue.SecurityClass c : catalogue.classes()) {
            List<XenCatalogue.Permission> permissions = new ArrayList<>(c.permissions());
            if (c.name().equals("grant")) {
                Collections.reverse(permissions);
            }
            classes.add(new XenCatalogue.SecurityClass(c.name(), c.value(), permissions));
        }
        PolicyFacts misnumbered = new PolicyFacts(facts.model(), new XenCatalogue(catalogue.xenVersion(), classes,
                catalogue.initialSids()), facts.principals(), facts.typeRuleVectors(), facts.switchDefaults(),
                facts.mls());
        FlaskFacts decoded = FlaskFacts.of("xenpolicy", FlaskPolicies.readBinary(narrow.binary().orElseThrow()));

        TranslationValidation prepared = new TranslationValidation(
                TranslationValidation.modelSide(facts, narrow.typeLabels().orElseThrow()), decoded);
        TranslationValidation.Result result = prepared.compare();
        assertTrue(result.ok() && result.byEntries() && prepared.tookPrepared(), result.toString());

        TranslationValidation again = new TranslationValidation(
                TranslationValidation.modelSide(misnumbered, narrow.typeLabels().orElseThrow()), decoded);
        result = again.compare();
        assertTrue(result.ok() && result.byEntries(), "compared in the binary's numbering: " + result);
        assertTrue(!again.tookPrepared(), "the grant class is numbered otherwise");
        assertEquals(List.of(), again.propertyFailures(XenPermissionMap.standard()), "and the narrow policy holds on it");
    }

    @Test
    void propertiesAreCheckedAgainOnTypesThatVmsShare() throws Exception {
        Build narrow = check(NARROW);
        TranslationValidation same = validation(narrow, narrow);
        same.compare();
        assertEquals(List.of(), same.propertyFailures(XenPermissionMap.standard()));

        // the wider binary lets both VMs of c (one type) map d's grants: the assertion breaks on the binary's types
        TranslationValidation wider = validation(narrow, check(WIDER));
        wider.compare();
        List<Diagnostic> failures = wider.propertyFailures(XenPermissionMap.standard());
        assertTrue(failures.stream().anyMatch(d -> d.message().contains("c.v0") || d.message().contains("c.v1")),
                failures.toString());
    }

    /**
     * The driver works out whether sharing adds access while the verifier is at work, and gives it up when the verdicts
     * come with a violation: given up before or part way, the answer is worked out in full when asked after all.
     */
    @Test
    void sharingWorkedOutAheadIsGivenUpWhenUnwantedAndAnsweredWhenAskedAfterAll() throws Exception {
        StringBuilder fleet = new StringBuilder("policy fleet\ntarget xen 4.22\nlayer all {\n"
                + "  domain dom0 : control singleton\n  allow dom0 create, manage guests\n");
        for (int i = 0; i < 700; i++) {
            fleet.append("  class c").append(i).append(" isolation strong { vm v0 vm v1 }\n");
            if (i > 0) {
                fleet.append("  channel c").append(i).append(" <-> c").append(i - 1).append(" : event, grant\n");
            }
        }
        Build large = check(fleet.append("}\n").toString());
        assertEquals(List.of(), large.diagnostics());
        Build narrow = check(NARROW);
        Build wider = check(WIDER);
        for (Build[] pair : new Build[][] {{narrow, narrow}, {narrow, wider}, {large, large}}) {
            TranslationValidation fresh = validation(pair[0], pair[1]);
            fresh.compare();
            boolean answer = fresh.sharingAddsAccess();
            // given up at the first asking, at the second (1,024 pairs in, which only the large policy reaches), never
            for (int givenUpAt : new int[] {1, 2, Integer.MAX_VALUE}) {
                TranslationValidation ahead = validation(pair[0], pair[1]);
                ahead.compare();
                int[] asked = {0};
                ahead.prepareSharingAddsAccess(() -> ++asked[0] >= givenUpAt);
                assertTrue(asked[0] >= 1, "never asked whether it is still wanted");
                if (pair[0] == large && givenUpAt == 2) {
                    assertEquals(2, asked[0], "the large policy's pairs are asked about part way");
                }
                assertEquals(answer, ahead.sharingAddsAccess(), "given up at asking " + givenUpAt);
                assertEquals(fresh.propertyFailures(XenPermissionMap.standard()),
                        ahead.propertyFailures(XenPermissionMap.standard()));
            }
        }
    }
}
