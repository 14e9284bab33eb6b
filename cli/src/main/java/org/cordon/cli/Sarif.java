package org.cordon.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.cordon.model.Diagnostic;
import org.cordon.model.DiagnosticCode;
import org.cordon.model.SourcePos;

/**
 * Diagnostics as a SARIF 2.1.0 log (OASIS): one run of the tool "cordon", one result per
 * diagnostic with its rule (the diagnostic's {@link DiagnosticCode}: id, text, category), level and location; related places as
 * related locations; and, for flow verdicts, the counterexample as a code flow whose steps are
 * the hops, so that code-scanning viewers can walk the path.
 */
final class Sarif {

    private Sarif() {
    }

    static JsonObject log(List<Diagnostic> diagnostics) {
        Map<DiagnosticCode, Integer> ruleIndex = new LinkedHashMap<>();
        diagnostics.forEach(d -> ruleIndex.putIfAbsent(d.code(), ruleIndex.size()));
        JsonArray rules = new JsonArray();
        ruleIndex.keySet().forEach(code -> {
            JsonObject r = new JsonObject();
            r.addProperty("id", code.id());
            r.add("shortDescription", text(code.rule()));
            JsonObject properties = new JsonObject();
            properties.addProperty("category", code.category().name().toLowerCase(Locale.ROOT).replace('_', ' '));
            r.add("properties", properties);
            rules.add(r);
        });
        JsonObject driver = new JsonObject();
        driver.addProperty("name", "cordon");
        driver.addProperty("version", org.cordon.driver.Driver.version());
        driver.addProperty("informationUri", "https://github.com/cordon/cordon");
        driver.add("rules", rules);
        JsonObject tool = new JsonObject();
        tool.add("driver", driver);
        JsonArray results = new JsonArray();
        for (Diagnostic d : diagnostics) {
            results.add(result(d, ruleIndex.get(d.code())));
        }
        JsonObject run = new JsonObject();
        run.add("tool", tool);
        run.add("results", results);
        JsonArray runs = new JsonArray();
        runs.add(run);
        JsonObject log = new JsonObject();
        log.addProperty("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
        log.addProperty("version", "2.1.0");
        log.add("runs", runs);
        return log;
    }

    private static JsonObject result(Diagnostic d, int index) {
        JsonObject r = new JsonObject();
        r.addProperty("ruleId", d.code().id());
        r.addProperty("ruleIndex", index);
        r.addProperty("level", switch (d.severity()) {
            case ERROR -> "error";
            case WARNING -> "warning";
            case INFO -> "note";
        });
        r.add("message", text(d.message()));
        JsonArray locations = new JsonArray();
        locations.add(location(d.pos(), null, -1));
        r.add("locations", locations);
        if (!d.related().isEmpty()) {
            JsonArray related = new JsonArray();
            for (int i = 0; i < d.related().size(); i++) {
                related.add(location(d.related().get(i).pos(), d.related().get(i).message(), i));
            }
            r.add("relatedLocations", related);
        }
        if (d.code().isFlow() && !d.related().isEmpty()) {
            JsonArray steps = new JsonArray();
            for (Diagnostic.Related hop : d.related()) {
                JsonObject step = new JsonObject();
                step.add("location", location(hop.pos(), hop.message(), -1));
                steps.add(step);
            }
            JsonObject thread = new JsonObject();
            thread.add("locations", steps);
            JsonArray threads = new JsonArray();
            threads.add(thread);
            JsonObject flow = new JsonObject();
            flow.add("message", text("the counterexample, hop by hop"));
            flow.add("threadFlows", threads);
            JsonArray flows = new JsonArray();
            flows.add(flow);
            r.add("codeFlows", flows);
        }
        return r;
    }

    /** A location; {@code id} ≥ 0 numbers related locations; a position without a line has no region. */
    private static JsonObject location(SourcePos p, String message, int id) {
        JsonObject artifact = new JsonObject();
        artifact.addProperty("uri", uri(p.file()));
        JsonObject physical = new JsonObject();
        physical.add("artifactLocation", artifact);
        if (p.line() >= 1) {
            JsonObject region = new JsonObject();
            region.addProperty("startLine", p.line());
            region.addProperty("startColumn", Math.max(1, p.column()));
            if (p.length() > 0) {
                region.addProperty("charLength", p.length());
                region.addProperty("charOffset", p.offset());
            }
            physical.add("region", region);
        }
        JsonObject l = new JsonObject();
        if (id >= 0) {
            l.addProperty("id", id);
        }
        l.add("physicalLocation", physical);
        if (message != null) {
            l.add("message", text(message));
        }
        return l;
    }

    /** A file name as a URI reference: as written when it is one, escaped otherwise. */
    static String uri(String file) {
        if (file.startsWith("file:")) {
            return file;
        }
        try {
            return new URI(null, null, file.replace('\\', '/'), null).toASCIIString();
        } catch (URISyntaxException e) {
            return "unknown";
        }
    }

    private static JsonObject text(String s) {
        JsonObject o = new JsonObject();
        o.addProperty("text", s);
        return o;
    }
}
