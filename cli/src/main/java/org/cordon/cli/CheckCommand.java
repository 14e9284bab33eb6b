package org.cordon.cli;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.cordon.compiler.CordonCompiler;
import org.cordon.model.Diagnostic;
import org.cordon.verifier.Verifier;
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
        CordonCompiler.Compilation c = new CordonCompiler().compile(sources.sources);
        List<Diagnostic> diagnostics = withVerifier(c);
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

    /** The compiler's diagnostics, then the verifier's when the policy compiled. */
    static List<Diagnostic> withVerifier(CordonCompiler.Compilation c) {
        List<Diagnostic> all = new java.util.ArrayList<>(c.diagnostics());
        if (!c.hasErrors() && c.model().isPresent()) {
            all.addAll(new Verifier().verify(c.model().get()));
        }
        return all;
    }

    /** Input errors (syntax, names, catalogue) are 2; a policy that breaks its own rules or claims is 1. */
    static int exitCode(List<Diagnostic> diagnostics) {
        boolean input = diagnostics.stream().anyMatch(d -> d.isError() && !POLICY_VIOLATIONS.contains(d.code()));
        boolean violations = diagnostics.stream().anyMatch(d -> d.isError() && POLICY_VIOLATIONS.contains(d.code()));
        return input ? Cordon.INPUT_ERROR : violations ? Cordon.VIOLATIONS : Cordon.OK;
    }

    static final java.util.Set<String> POLICY_VIOLATIONS = java.util.Set.of("forbidden", "feature-denied",
            "isolation", "no-flow", "class-isolation", "escalation", "feature", "test-failed", "acm-isolation");
}
