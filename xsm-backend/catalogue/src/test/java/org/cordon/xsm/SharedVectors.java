package org.cordon.xsm;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates ../shared/vectors; tests skip with a reason when it is absent. */
public final class SharedVectors {

    private SharedVectors() {
    }

    public static Path root() {
        String prop = System.getProperty("cordon.shared");
        Path shared = prop != null ? Path.of(prop) : Path.of("..", "..", "shared");
        Path vectors = shared.resolve("vectors");
        assumeTrue(Files.isDirectory(vectors), "conformance vectors not found at " + vectors
                + " (set -Dcordon.shared=DIR to the shared/ folder beside the repository)");
        return vectors;
    }
}
