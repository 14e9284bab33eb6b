package org.cordon.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.cordon.dsl.load.CordonFrontEnd;
import org.junit.jupiter.api.Test;

/**
 * The compiler's statement table and the verifier's own reading of the same policy grant the same accesses,
 * statement by statement, on every sample and golden file that gets past the language's checks. The verifier judges
 * the compiler; this keeps the two from drifting apart unseen.
 */
class StatementReadingsTest {

    @Test
    void theTableAndTheVerifierReadEveryPolicyAlike() throws Exception {
        int compared = 0;
        List<String> failures = new ArrayList<>();
        for (Path p : TestPolicies.all()) {
            Build b = Driver.run(List.of(CordonFrontEnd.Source.of(p)), Options.defaults().withGoals("validate"));
            if (!b.succeeded("validate") || b.facts().isEmpty()) {
                continue;
            }
            compared++;
            String diff = difference(b);
            if (!diff.isEmpty()) {
                failures.add(p.getFileName() + ":\n" + diff);
            }
        }
        assertTrue(compared >= 30, "policies compared: " + compared);
        assertEquals(List.of(), failures);
    }

    /** What one reading has and the other lacks, a few lines of each; empty when they agree. */
    static String difference(Build b) {
        Set<String> table = Readings.table(b.table().orElseThrow());
        // what the statements grant, before a multi-level policy's constraints (which the table does not read)
        Set<String> verifier = Readings.verifier(b.facts().orElseThrow().typeRules());
        Set<String> onlyTable = new TreeSet<>(table);
        onlyTable.removeAll(verifier);
        Set<String> onlyVerifier = new TreeSet<>(verifier);
        onlyVerifier.removeAll(table);
        StringBuilder out = new StringBuilder();
        onlyTable.stream().limit(8).forEach(s -> out.append("  only in the statement table: ").append(s).append('\n'));
        onlyVerifier.stream().limit(8).forEach(s -> out.append("  only in the verifier's reading: ").append(s)
                .append('\n'));
        return out.toString();
    }
}
