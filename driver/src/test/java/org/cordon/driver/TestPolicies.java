package org.cordon.driver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Every policy the tests have on disk: the samples and the golden files (also for the command line's tests). */
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

    public static Path golden(String name) {
        return root().resolve("driver/src/test/resources/golden").resolve(name);
    }
}
