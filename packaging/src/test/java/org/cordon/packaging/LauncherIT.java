package org.cordon.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;
import org.cordon.testing.Prerequisites;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repository's {@code ./cordon} launcher (the README's first command) on a copy of the tree as a newcomer has
 * it after the first build: it makes its static class-data-sharing archive once, beside the jar, and the JVM maps it
 * (docs/PERFORMANCE.md, start-up). The package's archive is install-test.sh's.
 */
class LauncherIT {

    private static final Path ROOT = Path.of(System.getProperty("cordon.root", ".."));

    @TempDir
    Path tmp;

    /** Runs {@code cmd} in {@code dir}; its output, once it exited 0. */
    private static String run(Path dir, List<String> cmd) throws IOException, InterruptedException {
        Commands.Run r = Commands.run(dir, cmd, 3);
        assertEquals(0, r.exit(), String.join(" ", cmd) + ":\n" + r.output());
        return r.output();
    }

    @Test
    void theLauncherArchivesItsClassesOnceAndTheJvmMapsThem() throws Exception {
        Path jar = ROOT.resolve("cli/target/cordon.jar");
        Prerequisites.require(Files.isRegularFile(jar), "the CLI jar " + jar, "the reactor builds it before this module");
        // the tree as the launcher sees it: no source newer than the jar, so it runs the jar and builds nothing
        Path launcher = tmp.resolve("cordon");
        Files.copy(ROOT.resolve("cordon"), launcher, StandardCopyOption.COPY_ATTRIBUTES);
        Files.createDirectories(tmp.resolve("packaging/src/bin"));
        Files.copy(ROOT.resolve("packaging/src/bin/jvm-options.sh"), tmp.resolve("packaging/src/bin/jvm-options.sh"));
        Files.createDirectories(tmp.resolve("cli/target"));
        Path copy = Files.copy(jar, tmp.resolve("cli/target/cordon.jar"));
        Files.createDirectories(tmp.resolve("samples"));
        Files.copy(ROOT.resolve("samples/cloud-host.cordon"), tmp.resolve("samples/cloud-host.cordon"));

        String out = run(tmp, List.of(launcher.toString(), "check", "samples/cloud-host.cordon"));
        assertEquals("cloud_host: ok (3 layers, 3 domains, 6 VMs, Xen 4.22)", out.strip(), "nothing but the verdict");
        Path jsa = tmp.resolve("cli/target/cordon.jsa");
        assertTrue(Files.size(jsa) > 1_000_000, "an archive of the classes a compile loads: " + Files.size(jsa) + " B");
        try (Stream<Path> files = Files.list(tmp.resolve("cli/target"))) {
            assertEquals(List.of("cordon.jar", "cordon.jsa"), files.map(p -> p.getFileName().toString()).sorted().toList(),
                    "the class list and the archive being written are gone");
        }
        // -Xshare:on refuses to start with an archive it cannot map; the options are the launcher's for a check
        List<String> mapped = new java.util.ArrayList<>(List.of("java", "-Xshare:on", "-XX:SharedArchiveFile=" + jsa));
        mapped.addAll(List.of(run(tmp, List.of("sh", "-c", ". packaging/src/bin/jvm-options.sh; cordon_jvm_options check"))
                .strip().split(" ")));
        List<String> loading = new java.util.ArrayList<>(mapped);
        mapped.addAll(List.of("-jar", copy.toString(), "--version"));
        String version = run(tmp, mapped);
        assertTrue(version.startsWith("cordon "), version);
        // the archive holds what compile writes with too (the manifest's JSON, the checksums), not only a check's
        loading.addAll(List.of("-Xlog:class+load", "-jar", copy.toString(), "compile", "samples/cloud-host.cordon", "-o",
                tmp.resolve("compiled").toString()));
        String loaded = run(tmp, loading);
        for (String writer : List.of("com.google.gson.GsonBuilder", "org.cordon.driver.BuildManifest",
                "org.cordon.driver.FragmentStage")) {
            assertTrue(loaded.lines().anyMatch(l -> l.contains(" " + writer + " source: shared objects file")),
                    writer + " is not in the archive");
        }

        // made once: a second run keeps it; a newer jar gets a new one
        FileTime made = Files.getLastModifiedTime(jsa);
        run(tmp, List.of(launcher.toString(), "check", "samples/cloud-host.cordon"));
        assertEquals(made, Files.getLastModifiedTime(jsa));
        Files.setLastModifiedTime(copy, FileTime.fromMillis(made.toMillis() + 1_000));
        run(tmp, List.of(launcher.toString(), "check", "samples/cloud-host.cordon"));
        assertTrue(Files.getLastModifiedTime(jsa).compareTo(made) > 0, "the archive follows the jar");
    }
}
