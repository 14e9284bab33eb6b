package org.cordon.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cordon.dsl.load.CordonFrontEnd;
import org.cordon.model.Diagnostic;
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
}
