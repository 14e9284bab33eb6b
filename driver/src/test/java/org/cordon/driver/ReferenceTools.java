package org.cordon.driver;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Runs the reference tools (checkpolicy, sesearch, seinfo); tests skip with a reason when absent. */
public final class ReferenceTools {

    private ReferenceTools() {
    }

    public record Run(int exit, String out, String err) {
    }

    public static boolean available(String tool) {
        return org.cordon.testing.Prerequisites.onPath(tool);
    }

    /**
     * Skips the test, saying why on the console, when {@code tool} is missing; under {@code CI=true} a missing tool
     * fails the test instead (.ci/run installs it).
     */
    public static void require(String tool) {
        if (!optional(tool, "this test")) {
            assumeTrue(false, tool + " is not installed");
        }
    }

    /**
     * Whether {@code tool} is there for one part of a test ({@code what}); when it is not, says on the console that the
     * part is skipped and why, and under {@code CI=true} fails instead.
     */
    public static boolean optional(String tool, String what) {
        if (available(tool)) {
            return true;
        }
        String why = tool + " is not installed (Debian: apt-get install checkpolicy setools); .ci/run installs it";
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError("CI=true: " + why);
        }
        System.out.println("SKIPPED: " + what + ": " + why);
        return false;
    }

    public static Run run(Path dir, String... command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish in 120 s");
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    /** {@code checkpolicy -t Xen -c VERSION -o xenpolicy policy.conf} in dir; returns the binary's path. */
    public static Path checkpolicy(Path dir, String policyConf, int version) throws IOException, InterruptedException {
        require("checkpolicy");
        Files.writeString(dir.resolve("policy.conf"), policyConf);
        // a multi-level policy.conf (one that declares its dominance) is built with -M, as Cordon's header says
        boolean mls = policyConf.contains("\ndominance ");
        Run r = mls ? run(dir, "checkpolicy", "-t", "Xen", "-M", "-c", Integer.toString(version), "-o", "xenpolicy",
                "policy.conf") : run(dir, "checkpolicy", "-t", "Xen", "-c", Integer.toString(version), "-o", "xenpolicy",
                "policy.conf");
        if (r.exit() != 0) {
            throw new AssertionError("checkpolicy rejected the policy.conf:\n" + r.out() + r.err());
        }
        return dir.resolve("xenpolicy");
    }
}
