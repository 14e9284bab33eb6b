package org.cordon.driver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.cordon.dsl.load.CordonFrontEnd;

/**
 * Every policy the tests have on disk: the samples and the golden files (also for the command line's tests); and a
 * small one written inline.
 */
public final class TestPolicies {

    private TestPolicies() {
    }

    public static Path root() {
        return Path.of(System.getProperty("cordon.root", ".."));
    }

    public static List<Path> all() throws IOException {
        List<Path> out = new ArrayList<>();
        for (String dir : List.of("samples", "driver/src/test/resources/golden")) {
            try (Stream<Path> files = Files.list(root().resolve(dir))) {
                files.filter(p -> p.toString().endsWith(".cordon")).sorted().forEach(out::add);
            }
        }
        return out;
    }

    /**
     * Two strong classes asserted isolated, dom0 creating both, and {@code statement} in their layer: with
     * {@code allow front comms back}, a finding of the verify pass, near the end of the pipeline.
     */
    public static List<CordonFrontEnd.Source> joined(String statement) {
        return List.of(new CordonFrontEnd.Source("joined.cordon", """
                policy joined target xen 4.22
                layer base {
                  domain dom0 : control singleton
                  class front isolation strong { vm v0 }
                  class back isolation strong { vm v0 }
                  allow dom0 create front
                  allow dom0 create back
                  %s
                }
                assert isolated front, back
                """.formatted(statement)));
    }

    public static Path golden(String name) {
        return root().resolve("driver/src/test/resources/golden").resolve(name);
    }
}
