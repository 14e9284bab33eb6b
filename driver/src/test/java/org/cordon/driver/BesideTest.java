package org.cordon.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cordon.model.DiagnosticCode;
import org.junit.jupiter.api.Test;

/** The verifier's verdicts on the model, worked out beside the compiler's passes from the moment validate succeeds. */
class BesideTest {

    @Test
    void theVerifiersWorkBeginsOnceValidateSucceedsAndItsVerdictsComeInTheirTurn() {
        Map<String, Boolean> begunBy = new LinkedHashMap<>();
        Build b = Driver.run(TestPolicies.joined("allow front comms back"), Options.defaults(),
                (built, run) -> begunBy.put(run.pass(), built.modelVerdicts != null));
        List<String> passes = Passes.names();
        int validate = passes.indexOf("validate");
        passes.forEach(p -> assertEquals(passes.indexOf(p) > validate, begunBy.get(p), "begun by the end of " + p));
        assertTrue(b.diagnostics("verify").stream().anyMatch(d -> d.code() == DiagnosticCode.ISOLATION),
                "the isolation verdict, in verify's turn: " + b.diagnostics());
        assertTrue(b.besideMicros("verify").isPresent(), "its time beside the passes, for --timings");
        assertTrue(b.besideMicros("lower-flask").isEmpty());
    }

    @Test
    void nothingBeginsForABuildThatWillNotVerify() {
        Build unverified = Driver.run(TestPolicies.joined("allow front comms back"), Options.defaults().withVerify(false));
        assertNull(unverified.modelVerdicts, "--no-verify");
        assertTrue(unverified.besideMicros("verify").isEmpty());
        Build forbidden = Driver.run(TestPolicies.joined("forbid front -> back : event.*\n  allow front comms back"),
                Options.defaults());
        assertTrue(forbidden.ran("validate"));
        assertTrue(forbidden.diagnostics("validate").stream().anyMatch(d -> d.isError()), "the forbid's error");
        assertNull(forbidden.modelVerdicts, "validate did not succeed: " + forbidden.diagnostics());
        Build clean = Driver.run(TestPolicies.joined(""), Options.defaults());
        assertNotNull(clean.modelVerdicts);
        assertEquals(0, clean.exitCode());
    }

    @Test
    void whatTheWorkThrowsIsThrownInItsTurnAsItWas() {
        IllegalStateException thrown = new IllegalStateException("a fault of Cordon's own");
        IllegalStateException caught = assertThrows(IllegalStateException.class,
                () -> Beside.join(Beside.begin(() -> {
                    throw thrown;
                })));
        assertSame(thrown, caught);
        assertThrows(AssertionError.class, () -> Beside.join(Beside.begin(() -> {
            throw new AssertionError("an error, not an exception");
        })));
        assertEquals("made", Beside.join(Beside.begin(() -> "made")));
    }
}
