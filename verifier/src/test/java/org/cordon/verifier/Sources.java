package org.cordon.verifier;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.cordon.dsl.TestFrontEnd;
import org.cordon.dsl.load.CordonFrontEnd;
import org.cordon.model.PolicyModel;

/** Test helper: Cordon text → policy model through the real front end (tests only; main code never sees Xtext). */
public final class Sources {

    private static final java.util.Set<String> VIOLATIONS = java.util.Set.of("feature-denied", "forbidden");

    private Sources() {
    }

    public static PolicyModel load(String name, String text) {
        TestFrontEnd.Result r = TestFrontEnd.run(List.of(new CordonFrontEnd.Source(name, text)));
        // the language's own policy-violation checks may object; the verifier must still see the model
        assertFalse(r.model() == null || r.diagnostics().stream().anyMatch(d -> d.isError()
                && !VIOLATIONS.contains(d.code().id())), () -> "front end: " + r.diagnostics());
        return r.model();
    }

    public static PolicyModel sample(String file) throws IOException {
        Path root = Path.of(System.getProperty("cordon.root", "."));
        Path p = root.resolve("samples").resolve(file);
        if (!p.toFile().exists()) {
            p = root.resolve("..").resolve("samples").resolve(file);
        }
        CordonFrontEnd.Source s = CordonFrontEnd.Source.of(p);
        return load("samples/" + file, s.text());
    }
}
