package org.cordon.cli;

import com.google.gson.JsonObject;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.cordon.driver.Build;
import org.cordon.driver.Options;
import org.cordon.model.Diagnostic;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cordon check FILE…}: every pass compile runs, writing nothing. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Run every pass cordon compile runs (lowering, encoding, translation validation, the verifier, "
                + "placement) and write nothing.",
        footerHeading = "%nExamples:%n",
        footer = {"  cordon check samples/cloud-host.cordon", "  cordon check --format sarif policy/ > cordon.sarif"})
final class CheckCommand implements Callable<Integer>, ReadsPolicies {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = ".cordon files or directories forming one policy")
    List<Path> files;

    @Option(names = "--format", defaultValue = "text", description = "report format: ${COMPLETION-CANDIDATES}")
    Reporter.Format format;

    @Mixin
    PipelineOptions pipeline = new PipelineOptions();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PolicySources sources = PolicySources.readOrReport(files, err);
        if (sources == null) {
            return Cordon.INPUT_ERROR;
        }
        Options options;
        try {
            options = pipeline.options(true);
        } catch (IllegalArgumentException e) {
            err.println("cordon: " + e.getMessage());
            return Cordon.INPUT_ERROR;
        }
        Build b = pipeline.run(sources.sources, options);
        pipeline.printTimings(b, err);
        return report(b, sources, format, out, err);
    }

    /**
     * For commands whose exit 1 is an answer ("no placement", "may not start"): a policy with errors is refused with
     * its diagnostics and exit 2 (70 for a fault of Cordon's own), never 1.
     */
    static int refuse(Build b, PolicySources sources, Reporter.Format format, PrintWriter out, PrintWriter err) {
        int code = report(b, sources, format, out, err);
        return code == Cordon.INTERNAL_ERROR ? code : Cordon.INPUT_ERROR;
    }

    /** Prints a build's diagnostics in the format asked for; the build's exit code. */
    static int report(Build b, PolicySources sources, Reporter.Format format, PrintWriter out, PrintWriter err) {
        List<Diagnostic> diagnostics = b.diagnostics();
        int code = b.exitCode();
        if (format == Reporter.Format.sarif) {
            out.println(Reporter.toJson(Sarif.log(diagnostics)));
        } else if (format == Reporter.Format.json) {
            JsonObject json = new JsonObject();
            json.addProperty("ok", code == Cordon.OK);
            json.add("diagnostics", Reporter.json(diagnostics));
            b.internalError().ifPresent(e -> json.addProperty("internalError", e));
            out.println(Reporter.toJson(json));
        } else {
            new Reporter(sources.texts).text(diagnostics, err);
            if (code == Cordon.OK) {
                b.model().ifPresent(m -> out.println(m.name() + ": ok (" + m.layers().size() + " layers, "
                        + m.domains().size() + " domains, " + m.vms().size() + " VMs, Xen " + m.xenVersion() + ")"));
            }
        }
        Cordon.askToReport(b, err);
        return code;
    }
}
