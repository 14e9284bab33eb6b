package org.cordon.dsl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.cordon.dsl.load.CordonFrontEnd;
import org.cordon.model.Diagnostic;
import org.cordon.model.PolicyModel;
import org.eclipse.xtext.resource.XtextResource;

/**
 * For the tests of the modules below the driver (the language, the compiler, the verifier), which cannot use it: the
 * language's passes in the driver's order, stopping where the driver stops. Main code goes through the driver.
 */
public final class TestFrontEnd {

    private TestFrontEnd() {
    }

    /** The model (null when parsing or linking failed) and every diagnostic up to and including validate. */
    public record Result(PolicyModel model, List<Diagnostic> diagnostics) {
        public boolean hasErrors() {
            return diagnostics.stream().anyMatch(Diagnostic::isError);
        }
    }

    public static Result run(String name, String text) {
        return run(List.of(new CordonFrontEnd.Source(name, text)));
    }

    public static Result run(List<CordonFrontEnd.Source> sources) {
        List<Diagnostic> out = new ArrayList<>();
        CordonFrontEnd.Parsed parsed = CordonFrontEnd.parse(sources, out);
        if (!out.stream().anyMatch(Diagnostic::isError)) {
            CordonFrontEnd.link(parsed, out);
        }
        if (out.stream().anyMatch(Diagnostic::isError)) {
            return new Result(null, out);
        }
        PolicyModel model = CordonFrontEnd.resolve(parsed.files(), out);
        if (!out.stream().anyMatch(Diagnostic::isError)) {
            CordonFrontEnd.validate(model, out);
        }
        return new Result(model, out);
    }

    /** The repository's root: where the samples and the golden files are. */
    public static Path root() {
        return Path.of(System.getProperty("cordon.root", ".."));
    }

    /** One text parsed on its own into its resource (syntax errors, if any, in the resource). */
    public static XtextResource parse(String text) {
        return CordonFrontEnd.parse(List.of(new CordonFrontEnd.Source("t.cordon", text)), new ArrayList<>())
                .resources().get(0);
    }

    /** The texts of the samples and the golden files, in name order: every construct the language has, written out. */
    public static List<String> corpus() throws IOException {
        Path root = root();
        List<String> out = new ArrayList<>();
        for (Path dir : List.of(root.resolve("samples"), root.resolve("driver/src/test/resources/golden"))) {
            if (!Files.isDirectory(dir)) {
                throw new IOException("no " + dir);
            }
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".cordon")).sorted().toList()) {
                    out.add(Files.readString(f));
                }
            }
        }
        return out;
    }
}
