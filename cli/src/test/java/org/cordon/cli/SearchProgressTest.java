package org.cordon.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.cordon.verifier.placement.PlacementSolver.Phase;
import org.cordon.verifier.placement.PlacementSolver.Progress;
import org.junit.jupiter.api.Test;

/** What cordon place shows of a long search, on a clock the test moves (no waiting). */
class SearchProgressTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void quietForTwoSecondsThenALineEveryTwoUntilDecided() {
        long[] now = {SECOND};
        StringWriter w = new StringWriter();
        SearchProgress shown = new SearchProgress(new PrintWriter(w), Duration.ofSeconds(2), () -> now[0]);
        shown.tick();
        shown.accept(new Progress(Phase.GREEDY, 10, 10_000));
        now[0] += SECOND;
        shown.tick();
        assertEquals("", w.toString(), "within the quiet time nothing is shown");
        now[0] += 2 * SECOND;
        shown.accept(new Progress(Phase.GREEDY, 4_000, 10_000));
        shown.tick();
        now[0] += SECOND;
        shown.tick();
        now[0] += SECOND;
        shown.accept(new Progress(Phase.SEARCH, 0, 10_000));
        shown.tick();
        now[0] += 2 * SECOND;
        shown.accept(new Progress(Phase.CORE, 3, 14));
        shown.tick();
        shown.accept(new Progress(Phase.DONE, 0, 10_000));
        now[0] += 10 * SECOND;
        shown.tick();
        assertEquals("""
                cordon place: greedy pass, 4,000/10,000 VMs placed (3 s)
                cordon place: solver search, 10,000 VMs (5 s)
                cordon place: paring the core down, 3/14 statements decided (7 s)
                """, w.toString().replace(System.lineSeparator(), "\n"));
    }
}
