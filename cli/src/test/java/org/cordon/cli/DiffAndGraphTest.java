package org.cordon.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cordon diff} and {@code cordon graph} on the cloud-host sample and a changed copy of it. */
class DiffAndGraphTest {

    @TempDir
    Path tmp;

    private Path changed() throws Exception {
        String text = Files.readString(CliTest.sample("cloud-host.cordon"));
        String anchor = "  channel bank_b.app -> logging.collector : event, grant\n";
        assertTrue(text.contains(anchor));
        Path p = tmp.resolve("changed.cordon");
        Files.writeString(p, text.replace(anchor, anchor + "  allow metrics.tsdb -> bank_a.web : grant.map_read\n"));
        return p;
    }

    @Test
    void diffNamesTheNewAccessAndFlowWithTheirStatement() throws Exception {
        Path p = changed();
        CliTest.Result r = CliTest.run("diff", CliTest.sample("cloud-host.cordon").toString(), p.toString());
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.out().contains("+ metrics.tsdb -> bank_a.web : grant.map_read    (`allow metrics.tsdb -> bank_a.web : "
                + "grant.map_read` at " + p), r.out());
        assertTrue(r.out().contains("+ bank_a.web -> metrics.tsdb    (grant.map_read"), r.out());
        // and backwards: removed
        CliTest.Result back = CliTest.run("diff", p.toString(), CliTest.sample("cloud-host.cordon").toString());
        assertTrue(back.out().contains("- metrics.tsdb -> bank_a.web : grant.map_read"), back.out());
        CliTest.Result same = CliTest.run("diff", p.toString(), p.toString());
        assertEquals(0, same.exit());
        assertTrue(same.out().contains("no difference"), same.out());
    }

    @Test
    void diffOfXensOwnPoliciesShowsTheNewHook() {
        CliTest.Result r = CliTest.run("diff", VerifyFlaskPolicyTest.vector("xen-4.17.7/xenpolicy-4.17.7").toString(),
                VerifyFlaskPolicyTest.vector("xen-4.22.0/xenpolicy-4.22.0").toString(), "--format", "json");
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.out().contains("\"what\": \"xenstore_t -> domU_t : domain2.get_domain_state\""), r.out());
    }

    @Test
    void graphDrawsClassesAndTheCounterexampleInRed() throws Exception {
        Path dot = tmp.resolve("g.dot");
        CliTest.Result r = CliTest.run("graph", changed().toString(), "-o", dot.toString());
        assertEquals(0, r.exit(), r.err());
        String text = Files.readString(dot);
        assertTrue(text.contains("subgraph \"cluster_bank_a\""), text);
        assertTrue(text.contains("\"bank_a.web\" -> \"metrics.tsdb\" [label=\"grant.map_read\", color=red"), text);
        // deterministic
        Path again = tmp.resolve("g2.dot");
        CliTest.run("graph", changed().toString(), "-o", again.toString());
        assertEquals(text, Files.readString(again));
        assertEquals(2, CliTest.run("graph", changed().toString(), "-o", tmp.resolve("g.png").toString()).exit());
    }

    @Test
    void graphWritesSvgWithGraphviz() throws Exception {
        assumeTrue(GraphCommand.graphvizInstalled(), "Graphviz's dot is not installed (apt-get install graphviz; CI installs it)");
        Path svg = tmp.resolve("g.svg");
        CliTest.Result r = CliTest.run("graph", CliTest.sample("cloud-host.cordon").toString(), "-o", svg.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(Files.readString(svg).contains("<svg"), "an SVG document");
    }
}
