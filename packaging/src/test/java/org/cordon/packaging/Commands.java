package org.cordon.packaging;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A command the packaging tests run, its output and standard error together, within a time limit. */
final class Commands {

    record Run(int exit, String output) {
    }

    private Commands() {
    }

    /** Runs {@code cmd} in {@code dir} (null: here); fails the test when it is not done in {@code minutes}. */
    static Run run(Path dir, List<String> cmd, int minutes) throws IOException, InterruptedException {
        Path log = Files.createTempFile("cordon-pkg", ".log");
        try {
            ProcessBuilder b = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
            if (dir != null) {
                b.directory(dir.toFile());
            }
            Process p = b.start();
            if (!p.waitFor(minutes, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", cmd) + " did not finish in " + minutes + " min:\n"
                        + Files.readString(log));
            }
            return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
