package org.cordon.cli;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cordon.model.Diagnostic;
import org.cordon.model.SourcePos;
import org.cordon.verifier.flask.AssertionFile;
import org.cordon.verifier.flask.RuleFlowGraph;
import org.cordon.xsm.flask.FlaskPolicies;
import org.cordon.verifier.flask.FlaskPolicyVerifier;
import org.cordon.verifier.flask.FlowProperty;
import org.cordon.verifier.permmap.XenPermissionMap;
import org.cordon.xsm.flask.model.ReleaseFit;

/** {@code cordon verify --policy P …}: flow properties on a FLASK policy Cordon did not write. */
final class FlaskPolicyVerification {

    private final Path policyFile;
    private final List<String> isolate;
    private final List<String> noFlow;
    private final Path assertFile;
    private final List<String> trust;
    private final Reporter.Format format;

    FlaskPolicyVerification(Path policyFile, List<String> isolate, List<String> noFlow, Path assertFile,
            List<String> trust, Reporter.Format format) {
        this.policyFile = policyFile;
        this.isolate = isolate;
        this.noFlow = noFlow;
        this.assertFile = assertFile;
        this.trust = trust;
        this.format = format;
    }

    int run(PrintWriter out, PrintWriter err) {
        List<FlowProperty> properties = new ArrayList<>();
        // properties from the command line are positioned at their option, as "--isolate:N"
        for (int i = 0; i < isolate.size(); i++) {
            List<String> names = names(isolate.get(i));
            if (names.size() < 2) {
                err.println("cordon: --isolate " + isolate.get(i) + ": give two or more types or attributes, as A,B");
                return Cordon.INPUT_ERROR;
            }
            properties.add(FlowProperty.isolated(names, List.of(), option("--isolate", i)));
        }
        for (int i = 0; i < noFlow.size(); i++) {
            List<String> names = names(noFlow.get(i));
            if (names.size() != 2) {
                err.println("cordon: --no-flow " + noFlow.get(i) + ": give a source and a target type, as A,B");
                return Cordon.INPUT_ERROR;
            }
            properties.add(FlowProperty.noFlow(names.get(0), names.get(1), List.of(), option("--no-flow", i)));
        }
        Map<String, String> texts = new java.util.HashMap<>();
        if (assertFile != null) {
            try {
                String text = Files.readString(assertFile, StandardCharsets.UTF_8);
                texts.put(assertFile.toString(), text);
                properties.addAll(AssertionFile.parse(assertFile.toString(), text));
            } catch (NoSuchFileException e) {
                err.println("cordon: " + assertFile + ": no such file");
                return Cordon.INPUT_ERROR;
            } catch (IOException e) {
                err.println("cordon: " + assertFile + ": " + e.getMessage());
                return Cordon.INPUT_ERROR;
            } catch (AssertionFile.SyntaxException e) {
                err.println(e.getMessage());
                return Cordon.INPUT_ERROR;
            }
        }
        FlaskPolicies.Traced policy = FlaskPolicyFiles.readOrReport(policyFile, err);
        if (policy == null) {
            return Cordon.INPUT_ERROR;
        }
        FlaskPolicyVerifier verifier = new FlaskPolicyVerifier(RuleFlowGraph.of(policyFile.toString(), policy.policy(),
                policy.origins(), XenPermissionMap.standard()));
        Set<String> trusted = new LinkedHashSet<>(trust.stream().map(String::strip).toList());
        List<String> unknown = verifier.unknownNames(properties, trusted);
        if (!unknown.isEmpty()) {
            err.println("cordon: " + policyFile + " has no type or attribute " + String.join(", ", unknown));
            return Cordon.INPUT_ERROR;
        }
        List<Diagnostic> diagnostics = verifier.verify(properties, trusted);
        int code = diagnostics.isEmpty() ? Cordon.OK : Cordon.VIOLATIONS;
        if (format == Reporter.Format.sarif) {
            out.println(Reporter.toJson(Sarif.log(diagnostics)));
            return code;
        }
        if (format == Reporter.Format.json) {
            JsonObject json = new JsonObject();
            json.addProperty("ok", code == Cordon.OK);
            json.addProperty("policy", policyFile.toString());
            json.addProperty("properties", properties.size());
            json.addProperty("xen", ReleaseFit.describe(policy.policy()));
            json.add("xen_releases", Reporter.strings(ReleaseFit.exact(policy.policy())));
            json.add("diagnostics", Reporter.json(diagnostics));
            out.println(Reporter.toJson(json));
            return code;
        }
        new Reporter(texts).text(diagnostics, err);
        out.println(policyFile + ": " + verifier.describe() + ", " + ReleaseFit.describe(policy.policy()) + "; " + properties.size() + " propert" + (properties.size() == 1 ? "y" : "ies") + " checked, "
                + diagnostics.size() + " violated");
        if (properties.isEmpty()) {
            out.println("  give properties with --isolate A,B, --no-flow A,B or --assert FILE");
        }
        return code;
    }

    private static SourcePos option(String name, int index) {
        return new SourcePos(name, index + 1, 1, 0, 0);
    }

    private static List<String> names(String list) {
        List<String> out = new ArrayList<>();
        for (String n : list.split(",")) {
            if (!n.isBlank()) {
                out.add(n.strip());
            }
        }
        return out;
    }
}
