package org.cordon.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code --format sarif}: valid SARIF 2.1.0 (the OASIS schema, as sarif4j ships it), one result per verdict, flows as code flows. */
class SarifTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonSchema schema() throws Exception {
        try (InputStream in = SarifTest.class.getResourceAsStream("/json/sarif-schema-2.1.0.json")) {
            assertNotNull(in, "the SARIF 2.1.0 schema from io.github.detekt.sarif4j:sarif4j");
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in);
        }
    }

    private static JsonNode valid(String text) throws Exception {
        JsonNode log = JSON.readTree(text);
        Set<ValidationMessage> errors = schema().validate(log);
        assertEquals(Set.of(), errors, text);
        return log;
    }

    @Test
    void theSchemaCheckCanFail() throws Exception {
        // a log without its version, and a result with a level SARIF does not have
        JsonNode bad = JSON.readTree("{\"runs\": [{\"tool\": {\"driver\": {\"name\": \"cordon\"}}, "
                + "\"results\": [{\"message\": {\"text\": \"m\"}, \"level\": \"fatal\"}]}]}");
        assertTrue(schema().validate(bad).size() >= 2, schema().validate(bad).toString());
    }

    static Path golden(String name) {
        return Path.of(System.getProperty("cordon.root", "..")).resolve("driver/src/test/resources/golden").resolve(name);
    }

    @Test
    void verdictsOnCordonSourcesWithTheirCounterexamples() throws Exception {
        CliTest.Result r = CliTest.run("check", "--format", "sarif", golden("isolation.cordon").toString());
        assertEquals(1, r.exit(), r.err());
        JsonNode run = valid(r.out()).get("runs").get(0);
        assertEquals("cordon", run.get("tool").get("driver").get("name").asText());
        JsonNode results = run.get("results");
        assertTrue(results.size() > 0);
        JsonNode flow = null;
        for (JsonNode res : results) {
            if (res.get("ruleId").asText().equals("isolation")) {
                flow = res;
            }
        }
        assertNotNull(flow, results.toString());
        assertEquals("error", flow.get("level").asText());
        assertTrue(flow.get("locations").get(0).get("physicalLocation").get("region").get("startLine").asInt() > 0);
        JsonNode steps = flow.get("codeFlows").get(0).get("threadFlows").get(0).get("locations");
        assertEquals(flow.get("relatedLocations").size(), steps.size());
        assertTrue(steps.get(0).get("location").get("message").get("text").asText().contains("allowed by"));
    }

    @Test
    void everyGoldenVerdictFileGivesValidSarif() throws Exception {
        for (String g : new String[] {"class-isolation.cordon", "escalation.cordon", "feature.cordon", "noflow.cordon",
                "switches.cordon", "tests.cordon", "new-hooks.cordon"}) {
            CliTest.Result r = CliTest.run("verify", "--format", "sarif", golden(g).toString());
            assertTrue(r.exit() <= 1, g + ": " + r.err());
            valid(r.out());
        }
        // syntax errors too
        CliTest.Result bad = CliTest.run("check", "--format", "sarif",
                Path.of(System.getProperty("cordon.root", "..")).resolve("README.md").toString());
        assertEquals(2, bad.exit());
    }

    @Test
    void foreignPolicyVerdictsWithoutLinePositionsAreValidToo() throws Exception {
        CliTest.Result r = CliTest.run("verify", "--format", "sarif", "--policy",
                VerifyFlaskPolicyTest.vector("xen-4.17.7/xenpolicy-4.17.7").toString(), "--isolate", "domU_t,isolated_domU_t",
                "--trust", "dom0_t");
        assertEquals(1, r.exit(), r.err());
        JsonNode res = valid(r.out()).get("runs").get(0).get("results").get(0);
        assertEquals("isolation", res.get("ruleId").asText());
    }
}
