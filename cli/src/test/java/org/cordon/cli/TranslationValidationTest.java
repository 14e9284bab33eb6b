package org.cordon.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.cordon.compiler.CordonCompiler;
import org.cordon.dsl.load.CordonFrontEnd;
import org.cordon.model.Diagnostic;
import org.cordon.xsm.flask.FlaskPolicies;
import org.junit.jupiter.api.Test;

/**
 * Translation validation on every policy the tests have: the samples and the compiler's and
 * verifier's golden files. Each binary Cordon writes, decoded again, grants exactly what the
 * verifier reads in the sources; the properties hold on its types wherever they hold on the model.
 */
class TranslationValidationTest {

    private static List<Path> policies() throws Exception {
        Path root = Path.of(System.getProperty("cordon.root", ".."));
        List<Path> out = new ArrayList<>();
        for (String dir : List.of("samples", "compiler/src/test/resources/golden", "verifier/src/test/resources/golden")) {
            try (Stream<Path> files = Files.list(root.resolve(dir))) {
                files.filter(p -> p.toString().endsWith(".cordon")).sorted().forEach(out::add);
            }
        }
        return out;
    }

    @Test
    void everyCompiledPolicyGrantsWhatWasVerified() throws Exception {
        int validated = 0;
        List<String> failures = new ArrayList<>();
        for (Path p : policies()) {
            CordonCompiler.Compilation c = new CordonCompiler().compile(List.of(CordonFrontEnd.Source.of(p)));
            if (c.hasErrors() || c.policyConf().isEmpty()) {
                continue;
            }
            List<Diagnostic> modelVerdicts = org.cordon.dsl.ide.check.PolicyCheck.withVerifier(c).stream().filter(Diagnostic::isError).toList();
            byte[] bytes = FlaskPolicies.writeBinary(FlaskPolicies.parse("policy.conf", c.policyConf().get()), 30, false);
            List<Diagnostic> onBinary = new ArrayList<>();
            StringWriter err = new StringWriter();
            Integer code = CompileCommand.validateBinary(c, bytes, onBinary, new PrintWriter(err, true));
            validated++;
            if (code != null && code == 70) {
                failures.add(p + ": " + err);
            } else if (modelVerdicts.isEmpty() && !onBinary.isEmpty()) {
                failures.add(p + ": holds on the model, not on the binary: " + onBinary);
            }
        }
        assertTrue(validated >= 15, "policies validated: " + validated);
        assertEquals(List.of(), failures);
    }
}
