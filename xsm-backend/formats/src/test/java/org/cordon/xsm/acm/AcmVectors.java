package org.cordon.xsm.acm;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Locates the shared ACM vectors (system property cordon.shared); tests skip when they are absent. */
final class AcmVectors {

    private AcmVectors() {
    }

    /** {@code <cordon.shared>/vectors/acm}, or a skipped test saying why it is missing. */
    static Path dir() {
        String shared = System.getProperty("cordon.shared");
        assumeTrue(shared != null, "system property cordon.shared is not set: ACM vectors unavailable");
        Path dir = Paths.get(shared, "vectors", "acm");
        assumeTrue(Files.isDirectory(dir), "ACM vectors not found at " + dir + "; skipping vector test");
        return dir;
    }

    static Path file(String relative) {
        Path p = dir().resolve(relative);
        assumeTrue(Files.exists(p), "vector file missing: " + p);
        return p;
    }

    static Path policy(String name) {
        return file("policies/" + name + "-security_policy.xml");
    }

    static Path schema() {
        return file("schema/security_policy.xsd");
    }

    static byte[] bytes(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The sample policies in vectors/acm/policies (file stem without "-security_policy.xml"). */
    static final String[] POLICIES = {"acme", "client_v1", "test", "default", "default-ul", "xm-test",
        "xm-test-new", "xm-test-update"};
}
