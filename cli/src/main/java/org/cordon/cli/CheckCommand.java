package org.cordon.cli;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.cordon.compiler.CordonCompiler;
import org.cordon.model.Diagnostic;
import org.cordon.dsl.ide.check.PolicyCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cordon check FILE…}: compile and run every check; writes nothing. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Compile and check Cordon sources without writing anything. Exit 0 ok, 1 policy violations, 2 input errors.")
final class CheckCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = ".cordon files or directories forming one policy")
    List<Path> files;

    @Option(names = "--format", defaultValue = "text", description = "report format: ${COMPLETION-CANDIDATES}")
    Reporter.Format format;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        PolicySources sources = PolicySources.readOrReport(files, err);
        if (sources == null) {
            return Cordon.INPUT_ERROR;
        }
        PolicyCheck.Outcome outcome = PolicyCheck.run(sources.sources);
        CordonCompiler.Compilation c = outcome.compilation();
        List<Diagnostic> diagnostics = outcome.diagnostics();
        int code = exitCode(diagnostics);
        if (format == Reporter.Format.sarif) {
            out.println(Reporter.toJson(Sarif.log(diagnostics)));
        } else if (format == Reporter.Format.json) {
            JsonObject json = new JsonObject();
            json.addProperty("ok", code == Cordon.OK);
            json.add("diagnostics", Reporter.json(diagnostics));
            out.println(Reporter.toJson(json));
        } else {
            new Reporter(sources.texts).text(diagnostics, err);
            if (code == Cordon.OK) {
                c.model().ifPresent(m -> out.println(m.name() + ": ok (" + m.layers().size() + " layers, "
                        + m.domains().size() + " domains, " + m.vms().size() + " VMs, Xen " + m.xenVersion() + ")"));
            }
        }
        return code;
    }

    /** Input errors (syntax, names, catalogue) are 2; a policy that breaks its own rules or claims is 1. */
    static int exitCode(List<Diagnostic> diagnostics) {
        boolean input = diagnostics.stream().anyMatch(d -> d.isError() && !PolicyCheck.isViolation(d));
        boolean violations = diagnostics.stream().anyMatch(PolicyCheck::isViolation);
        return input ? Cordon.INPUT_ERROR : violations ? Cordon.VIOLATIONS : Cordon.OK;
    }
}
