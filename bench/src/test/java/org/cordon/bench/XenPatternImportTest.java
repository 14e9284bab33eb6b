package org.cordon.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cordon.driver.imports.FlaskImport;
import org.cordon.testing.Prerequisites;
import org.cordon.verifier.flask.FlaskFacts;
import org.cordon.xsm.catalogue.XenCatalogues;
import org.cordon.xsm.flask.FlaskPolicies;
import org.junit.jupiter.api.Test;

/**
 * A policy written in xen.if's pattern (Xen 4.22's default policy plus N domains from its macros, the benchmark's
 * generator) imports with an empty difference, and the import grows linearly with N although the input's type
 * transitions grow with N²: each further domain costs a few lines.
 */
class XenPatternImportTest {

    private static int lines(int domains) throws Exception {
        String shared = System.getProperty("cordon.shared");
        Path base = shared == null ? null : Path.of(shared, "vectors", "flask", "xen-4.22.0", "policy.conf");
        Prerequisites.require(base != null && Files.isRegularFile(base), "the conformance vectors at ../shared/vectors",
                "they sit beside the project");
        String conf = ScaleGenerators.xenMacroPattern(Files.readString(base, StandardCharsets.ISO_8859_1), domains);
        FlaskPolicies.Traced t = FlaskPolicies.parseTraced("xen-pattern-" + domains + ".conf", conf);
        FlaskImport.Result r = FlaskImport.run("pattern", FlaskFacts.of("pattern", t.policy(), t.origins()),
                XenCatalogues.forVersion("4.22").orElseThrow(), List.of());
        assertTrue(r.proved(), () -> domains + " domains: " + r.differences() + r.diagnostics());
        return r.files().values().stream().mapToInt(text -> text.split("\n").length).sum();
    }

    @Test
    void theImportGrowsLinearlyWithTheDomains() throws Exception {
        int ten = lines(10);
        int thirty = lines(30);
        double perDomain = (thirty - ten) / 20.0;
        assertTrue(perDomain <= 8, "each further domain costs " + perDomain + " lines (10: " + ten + ", 30: " + thirty + ")");
        int sixty = lines(60);
        // linear: the second step costs what the first did, per domain (within a line)
        assertTrue(Math.abs((sixty - thirty) / 30.0 - perDomain) <= 1.0, "10: " + ten + ", 30: " + thirty + ", 60: " + sixty);
    }
}
