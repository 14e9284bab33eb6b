package org.cordon.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.cordon.compiler.io.AtomicFiles;
import org.cordon.driver.imports.FlaskImport;
import org.cordon.model.Diagnostic;
import org.cordon.verifier.flask.FlaskFacts;
import org.cordon.xsm.catalogue.XenCatalogue;
import org.cordon.xsm.catalogue.XenCatalogues;
import org.cordon.xsm.flask.FlaskPolicies;
import org.cordon.xsm.flask.model.ReleaseFit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cordon import POLICY -o DIR}: an existing FLASK policy (policy.conf or binary) as a Cordon policy, written
 * only when compiling it gives the same access tuples as the input under every boolean setting.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Lift a FLASK policy (policy.conf or a Xen binary policy) into the Cordon language: a domain for "
                + "each domain type, its other labels (_self, _channel, _target, _building) recognised, devices from "
                + "the ocontexts, booleans as switches, what no declaration covers as raw rules, in layers. The result "
                + "is compiled and its access tuples (source, target, class, permission under every boolean setting) "
                + "compared with the input's; DIR is written only when they are the same.",
        exitCodeList = {"0:imported: the written policy grants exactly what the input grants",
                "1:the import differs from the input (the differences are listed; nothing is written)",
                "2:bad input (usage, a file that cannot be read, a Xen release Cordon cannot tell, DIR not empty)",
                "70:a fault of Cordon's own: please report it with the input"},
        footerHeading = "%nExamples:%n",
        footer = {"  cordon import /boot/xenpolicy-4.17 -o policy/", "  cordon import policy.conf --target-xen 4.17 -o policy/"})
final class ImportCommand implements Callable<Integer> {

    /** Differences listed before the count of the rest. */
    private static final int SHOWN = 50;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "POLICY", description = "policy.conf or a binary policy")
    Path input;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR", description = "where to write the .cordon files (new or empty)")
    Path output;

    @Option(names = "--target-xen", paramLabel = "VERSION", description = "the Xen release (default: the newest whose classes the policy fits exactly)")
    String targetXen;

    @Option(names = "--name", description = "the policy's name (default: from the file name)")
    String name;

    @Option(names = "--format", defaultValue = "text", description = "text or json")
    Reporter.Format format;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (format == Reporter.Format.sarif) {
            err.println("cordon: import writes text or json");
            return Cordon.INPUT_ERROR;
        }
        FlaskPolicies.Traced read = FlaskPolicyFiles.readOrReport(input, err);
        if (read == null) {
            return Cordon.INPUT_ERROR;
        }
        Optional<XenCatalogue> xen = release(read, err);
        if (xen.isEmpty()) {
            return Cordon.INPUT_ERROR;
        }
        List<String> existing = existing();
        if (existing == null) {
            err.println("cordon: " + output + ": not a directory");
            return Cordon.INPUT_ERROR;
        }
        if (!existing.isEmpty()) {
            err.println("cordon: " + output + " already holds " + String.join(", ", existing)
                    + ": import writes into a new or empty directory, so that nothing there is lost");
            return Cordon.INPUT_ERROR;
        }
        FlaskFacts facts = FlaskFacts.of(input.toString(), read.policy(), read.origins());
        FlaskImport.Result r = FlaskImport.run(policyName(), facts, xen.get(), List.of(), statements());
        if (r.diagnostics().stream().anyMatch(d -> d.severity() == Diagnostic.Severity.ERROR)) {
            // what the import wrote does not compile: a fault of the import's, not of the input
            err.println("cordon: internal error: the imported policy does not compile:");
            r.diagnostics().stream().filter(d -> d.severity() == Diagnostic.Severity.ERROR).limit(SHOWN)
                    .forEach(d -> err.println("  " + d.pos() + ": " + d.message()));
            return Cordon.INTERNAL_ERROR;
        }
        if (r.proved()) {
            try {
                write(r.files());
            } catch (IOException e) {
                err.println("cordon: " + output + ": " + e.getMessage());
                return Cordon.INPUT_ERROR;
            }
        }
        if (format == Reporter.Format.json) {
            out.println(Reporter.toJson(json(r)));
        } else {
            text(r, out);
        }
        return r.proved() ? Cordon.OK : Cordon.VIOLATIONS;
    }

    private Optional<XenCatalogue> release(FlaskPolicies.Traced read, PrintWriter err) {
        if (targetXen != null) {
            Optional<XenCatalogue> c = XenCatalogues.forVersion(targetXen);
            if (c.isEmpty()) {
                err.println("cordon: " + XenCatalogues.unsupported(targetXen));
            }
            return c;
        }
        List<String> fits = ReleaseFit.exact(read.policy());
        if (fits.isEmpty()) {
            err.println("cordon: " + input + ": " + ReleaseFit.describe(read.policy())
                    + "; name the release with --target-xen");
            return Optional.empty();
        }
        return XenCatalogues.forVersion(fits.get(fits.size() - 1));
    }

    /**
     * All the files or none: they are written into a directory beside DIR, which then takes DIR's place (DIR is new,
     * or empty and removed first).
     */
    private void write(Map<String, String> files) throws IOException {
        Path target = output.toAbsolutePath();
        Path parent = target.getParent();
        Files.createDirectories(parent);
        Path staging = Files.createTempDirectory(parent, "." + target.getFileName() + ".import-");
        try {
            // a temporary directory is private (0700); DIR is an ordinary one
            if (Files.getFileStore(staging).supportsFileAttributeView("posix")) {
                Files.setPosixFilePermissions(staging, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            for (Map.Entry<String, String> f : files.entrySet()) {
                AtomicFiles.write(staging.resolve(f.getKey()), f.getValue());
            }
            Files.deleteIfExists(target); // empty, checked before the import
            Files.move(staging, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } finally {
            if (Files.exists(staging)) {
                try (var left = Files.list(staging)) {
                    for (Path p : left.toList()) {
                        Files.deleteIfExists(p);
                    }
                }
                Files.deleteIfExists(staging);
            }
        }
    }

    /** The files already in DIR; null when DIR is something else than a directory. */
    private List<String> existing() {
        if (!Files.exists(output)) {
            return List.of();
        }
        if (!Files.isDirectory(output)) {
            return null;
        }
        try (var s = Files.list(output)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            return null;
        }
    }

    private String policyName() {
        if (name != null) {
            return name;
        }
        String base = input.getFileName().toString().replaceFirst("\\.conf$", "").replaceAll("[^A-Za-z0-9_]", "_");
        return base.isEmpty() || !Character.isLetter(base.charAt(0)) ? "imported" : base;
    }

    /** The policy.conf statements, for the neverallows and constraints; none for a binary. */
    private List<org.cordon.xsm.flask.conf.Ast.Stmt> statements() {
        try {
            byte[] data = Files.readAllBytes(input);
            return FlaskPolicyFiles.isBinary(data) ? List.of()
                    : org.cordon.xsm.flask.conf.ConfParser.parse(input.toString(),
                            new String(data, StandardCharsets.ISO_8859_1));
        } catch (IOException | org.cordon.xsm.flask.PolicyConfException e) {
            return List.of(); // read once already: the reader reported what is wrong
        }
    }

    private void text(FlaskImport.Result r, PrintWriter out) {
        if (r.proved()) {
            out.println("imported " + input + " into " + output + " (" + String.join(", ", r.files().keySet()) + ")");
            out.println("proof: " + r.inputTuples() + " access tuples, the same in the import under every boolean "
                    + "setting");
        } else {
            out.println("import of " + input + " differs from the input in " + r.differences().size()
                    + " access tuple(s); nothing written (- only in the input, + only in the import):");
            r.differences().stream().limit(SHOWN).forEach(d -> out.println("  " + d));
            if (r.differences().size() > SHOWN) {
                out.println("  … and " + (r.differences().size() - SHOWN) + " more");
            }
        }
        if (!r.renamed().isEmpty()) {
            out.println("types named differently in the import:");
            r.renamed().forEach((a, b) -> out.println("  " + a + " -> " + b));
        }
        if (!r.warnings().isEmpty()) {
            out.println("notes (what the language does not carry over, and what the import chose):");
            r.warnings().forEach(w -> out.println("  " + w));
        }
    }

    private JsonObject json(FlaskImport.Result r) {
        JsonObject o = new JsonObject();
        o.addProperty("input", input.toString());
        o.addProperty("output", output.toString());
        o.addProperty("proved", r.proved());
        o.addProperty("tuples", r.inputTuples());
        JsonArray files = new JsonArray();
        r.files().keySet().forEach(files::add);
        o.add("files", files);
        JsonArray diffs = new JsonArray();
        r.differences().forEach(diffs::add);
        o.add("differences", diffs);
        JsonObject renamed = new JsonObject();
        r.renamed().forEach(renamed::addProperty);
        o.add("renamed", renamed);
        JsonArray warnings = new JsonArray();
        r.warnings().forEach(warnings::add);
        o.add("warnings", warnings);
        return o;
    }
}
