package org.cordon.cli;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.cordon.driver.Build;
import org.cordon.driver.Driver;
import org.cordon.driver.FragmentStage;
import org.cordon.driver.Options;
import org.cordon.driver.Outputs;
import org.cordon.driver.Pass;
import org.cordon.driver.Passes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cordon compile FILE… -o DIR}: the passes {@code check} runs, then what they produced, written atomically. */
@Command(name = "compile", mixinStandardHelpOptions = true,
        description = "Compile Cordon sources to DIR/policy.conf, the binary DIR/xenpolicy Xen loads, SHA256SUMS, "
                + "cordon-build.json (target Xen, digest, verified: what cordon load checks), and DIR/xl/*.cfg "
                + "fragments with each guest's labels and limits. Nothing is written unless the policy holds what it "
                + "claims.",
        footerHeading = "%nExamples:%n",
        footer = {"  cordon compile samples/cloud-host.cordon -o out", "  cordon compile policy/ -o out --target acm"})
final class CompileCommand implements Callable<Integer>, ReadsPolicies {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = ".cordon files or directories forming one policy")
    List<Path> files;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", description = "output directory (not needed with --dump)")
    Path output;

    @Option(names = "--format", defaultValue = "text", description = "report format: ${COMPLETION-CANDIDATES}")
    Reporter.Format format;

    @Option(names = "--no-verify", description = "write the outputs without translation validation and the verifier "
            + "(not recommended; cordon-build.json then says unverified)")
    boolean noVerify;

    @Mixin
    PipelineOptions pipeline = new PipelineOptions();

    @Option(names = "--dump", paramLabel = "PASS", completionCandidates = PassNames.class,
            description = "print one pass's output instead of writing files; passes: ${COMPLETION-CANDIDATES}")
    String dump;

    /** The driver's passes, in order, for --dump's help and shell completion. */
    static final class PassNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Passes.names().iterator();
        }
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PolicySources sources = PolicySources.readOrReport(files, err);
        if (sources == null) {
            return Cordon.INPUT_ERROR;
        }
        Options options;
        try {
            options = pipeline.options(!noVerify);
        } catch (IllegalArgumentException e) {
            err.println("cordon: " + e.getMessage());
            return Cordon.INPUT_ERROR;
        }
        if (dump != null) {
            return dump(sources, options, out, err);
        }
        if (output == null) {
            err.println("cordon: compile needs -o DIR (or --dump PASS)");
            return Cordon.INPUT_ERROR;
        }
        // the fragments' files are made while the later passes run; closing the stage removes what was not published
        Build b;
        List<Path> written;
        try (FragmentStage stage = new FragmentStage(output)) {
            b = pipeline.run(sources.sources, options, stage::afterPass);
            pipeline.printTimings(b, err);
            if (b.hasErrors()) {
                int code = CheckCommand.report(b, sources, format, out, err);
                if (format == Reporter.Format.text && b.internalError().isEmpty()) {
                    err.println("cordon: nothing written: " + (code == Cordon.VIOLATIONS
                            ? "the policy does not hold what it claims" : "the policy has errors"));
                }
                return code;
            }
            written = Outputs.write(b, output, stage);
        } catch (IOException e) {
            err.println("cordon: cannot write to " + output + ": " + e.getMessage());
            return Cordon.INPUT_ERROR;
        }
        if (format == Reporter.Format.sarif) {
            out.println(Reporter.toJson(Sarif.log(b.diagnostics())));
        } else if (format == Reporter.Format.json) {
            JsonObject json = new JsonObject();
            json.add("diagnostics", Reporter.json(b.diagnostics()));
            json.addProperty("ok", true);
            json.addProperty("policyConf", output.resolve("policy.conf").toString());
            json.addProperty("xenpolicy", output.resolve("xenpolicy").toString());
            json.addProperty("verified", !noVerify);
            out.println(Reporter.toJson(json));
        } else {
            new Reporter(sources.texts).text(b.diagnostics(), err);
            out.println("wrote " + output.resolve("policy.conf") + " and " + output.resolve("xenpolicy")
                    + " (policy version " + options.policyVersion() + ")"
                    + (b.xl().isEmpty() ? "" : ", " + b.xl().size() + " xl.cfg fragments in " + output.resolve("xl"))
                    + (b.acm().isEmpty() ? "" : ", ACM policy in " + output.resolve("acm"))
                    + " (" + written.size() + " files)");
        }
        return Cordon.OK;
    }

    /** {@code --dump PASS}: runs the passes up to PASS and prints that pass's own output. */
    private int dump(PolicySources sources, Options options, PrintWriter out, PrintWriter err) {
        Pass pass = Passes.byName(dump).orElse(null);
        if (pass == null) {
            err.println("cordon: unknown pass '" + dump + "'; passes: " + String.join(", ", Passes.names()));
            return Cordon.INPUT_ERROR;
        }
        if (!pass.wanted(options)) {
            err.println("cordon: pass " + dump + " does not run with these options"
                    + (dump.equals("lower-acm") ? " (add --target acm)" : " (leave out --no-verify)"));
            return Cordon.INPUT_ERROR;
        }
        Build b = Driver.run(sources.sources, options.withGoals(dump));
        if (!b.ran(dump)) {
            new Reporter(sources.texts).text(b.diagnostics(), err);
            Cordon.askToReport(b, err);
            String why = b.runs().stream().filter(r -> r.pass().equals(dump)).findFirst().map(Build.PassRun::why)
                    .orElse("");
            err.println("cordon: pass " + dump + " did not run: " + why);
            return b.exitCode() == Cordon.OK ? Cordon.INPUT_ERROR : b.exitCode();
        }
        pass.dump(b, out);
        out.flush();
        new Reporter(sources.texts).text(b.diagnostics(), err);
        Cordon.askToReport(b, err);
        return b.exitCode();
    }
}
