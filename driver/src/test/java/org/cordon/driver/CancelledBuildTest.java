package org.cordon.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.cordon.dsl.load.CordonFrontEnd;
import org.cordon.model.Diagnostic;
import org.junit.jupiter.api.Test;

/** An editor's check given up between passes: it runs no further pass and claims no verdict. */
class CancelledBuildTest {

    /** Two classes said to be isolated, and a statement that joins them: a finding of the verify pass, near the end. */
    private static final List<CordonFrontEnd.Source> JOINED = TestPolicies.joined("allow front comms back");

    private static CordonFrontEnd.Parsed linked(List<CordonFrontEnd.Source> sources) {
        List<Diagnostic> out = new ArrayList<>();
        CordonFrontEnd.Parsed parsed = CordonFrontEnd.parse(sources, out);
        CordonFrontEnd.link(parsed, out);
        assertEquals(List.of(), out, "the policy parses and links");
        return parsed;
    }

    @Test
    void aBuildCancelledBetweenPassesRunsNoMoreAndClaimsNoVerdict() {
        AtomicInteger asked = new AtomicInteger();
        // cancelled when asked before the sixth pass (lower-flask): the user typed on meanwhile
        Build b = Driver.runLinked(linked(JOINED), Options.defaults(), () -> asked.incrementAndGet() > 5);
        assertTrue(b.cancelled());
        List<String> given = b.runs().stream().filter(r -> r.why().equals("cancelled")).map(Build.PassRun::pass).toList();
        assertEquals(Passes.names().subList(5, Passes.names().size()), given);
        assertTrue(b.ran("assign-types"), "the passes before it ran");
        assertFalse(b.ran("verify"));
        assertTrue(b.diagnostics("verify").isEmpty());
        assertEquals(6, asked.get(), "not asked again once given up");
        assertThrows(IllegalStateException.class, b::exitCode);
    }

    /**
     * The verifier's work, begun on its own thread when validate succeeds, reads the build's cancellation: once the
     * build is given up it stops before its next check and finds nothing, where it would have found the joined classes.
     */
    @Test
    void theVerifiersThreadGivesUpWithTheBuild() {
        Build b = Driver.runLinked(linked(JOINED), Options.defaults(), () -> false);
        Passes.Verify verify = new Passes.Verify();
        verify.begin(b);
        List<Diagnostic> full = Beside.join(b.modelVerdicts);
        assertTrue(full.stream().anyMatch(Diagnostic::isViolation), full.toString());
        b.cancelled = true; // the user typed on
        verify.begin(b);
        assertEquals(List.of(), Beside.join(b.modelVerdicts));
    }

    @Test
    void aBuildNeverCancelledIsCordonCheck() {
        Build b = Driver.runLinked(linked(JOINED), Options.defaults(), () -> false);
        assertFalse(b.cancelled());
        Build check = Driver.check(JOINED);
        assertEquals(check.diagnostics(), b.diagnostics());
        assertEquals(1, b.exitCode(), b.diagnostics().toString());
        assertEquals(check.exitCode(), b.exitCode());
    }
}
