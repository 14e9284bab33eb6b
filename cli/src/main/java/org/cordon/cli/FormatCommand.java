package org.cordon.cli;

import org.cordon.compiler.io.AtomicFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.cordon.dsl.load.CordonFormatting;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cordon format FILE… [--check]}: rewrites sources in the canonical layout. */
@Command(name = "format", mixinStandardHelpOptions = true,
        description = "Rewrite .cordon files in the canonical layout (atomically). With --check, only report files that would change (exit 1).",
        footerHeading = "%nExamples:%n",
        footer = {"  cordon format policy/*.cordon", "  cordon format --check samples/cloud-host.cordon"})
final class FormatCommand implements Callable<Integer>, ReadsPolicies {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE")
    List<Path> files;

    @Option(names = "--check", description = "do not write; exit 1 if a file is not formatted")
    boolean check;

    @Override
    public Integer call() throws IOException {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        PolicySources sources = PolicySources.readOrReport(files, err);
        if (sources == null) {
            return Cordon.INPUT_ERROR;
        }
        int code = Cordon.OK;
        for (var s : sources.sources) {
            Optional<String> formatted = CordonFormatting.format(s.name(), s.text());
            if (formatted.isEmpty()) {
                err.println(s.name() + ": not formatted: it has syntax errors (run `cordon check " + s.name() + "`)");
                code = Cordon.INPUT_ERROR;
            } else if (!formatted.get().equals(s.text())) {
                if (check) {
                    out.println(s.name() + ": would be reformatted");
                    code = Math.max(code, Cordon.VIOLATIONS);
                } else {
                    AtomicFiles.write(Path.of(s.name()), formatted.get());
                    out.println(s.name() + ": formatted");
                }
            }
        }
        return code;
    }
}
