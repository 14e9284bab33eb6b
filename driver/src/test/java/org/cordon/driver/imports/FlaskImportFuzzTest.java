package org.cordon.driver.imports;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.cordon.model.Diagnostic;
import org.cordon.verifier.flask.FlaskFacts;
import org.cordon.xsm.catalogue.XenCatalogues;
import org.cordon.xsm.flask.FlaskPolicies;
import org.cordon.xsm.flask.PolicyConfException;
import org.cordon.xsm.flask.model.ReleaseFit;

/**
 * Coverage-guided fuzzing (Jazzer) of {@code cordon import}: any policy.conf the FLASK reader accepts for a Xen release
 * Cordon knows is imported into Cordon sources that compile (never a fault of Cordon's own, exit 70), and the import
 * either proves or lists the tuples that differ. The test command runs the regression inputs;
 * {@code tests/fuzz/run.sh import} runs the campaign, seeded with the vectors' policy.conf files.
 */
// each input within a bound (an import compiles its policy several times: 60 s rather than the readers' 30)
@org.junit.jupiter.api.Timeout(value = 60, unit = java.util.concurrent.TimeUnit.SECONDS)
class FlaskImportFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void importCompilesAndProvesOrListsTheDifferences(byte[] data) {
        FlaskPolicies.Traced t;
        try {
            t = FlaskPolicies.parseTraced("fuzz.conf", new String(data, StandardCharsets.ISO_8859_1));
        } catch (PolicyConfException e) {
            return; // the reader's refusal, positioned: its own fuzz target holds it to that
        }
        List<String> fits = ReleaseFit.exact(t.policy());
        if (fits.isEmpty()) {
            return; // no release: the CLI asks for --target-xen
        }
        FlaskImport.Result r = FlaskImport.run("fuzz", FlaskFacts.of("fuzz.conf", t.policy(), t.origins()),
                XenCatalogues.forVersion(fits.get(fits.size() - 1)).orElseThrow(), List.of());
        assertTrue(r.diagnostics().stream().noneMatch(d -> d.severity() == Diagnostic.Severity.ERROR),
                () -> "the import does not compile: " + r.diagnostics() + "\n" + String.join("\n", r.files().values()));
        assertTrue(r.proved() || !r.differences().isEmpty(), "neither proved nor a difference listed");
        assertFalse(r.files().isEmpty());
    }
}
