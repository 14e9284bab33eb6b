package org.cordon.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The JVM options both launchers take from {@code packaging/src/bin/jvm-options.sh}, for each kind of command and CPU
 * count: a JVM starts with each set (an option the JVM refuses, such as one compiler thread for the tiered compilers
 * of the language server, would stop every command), and the one-shot commands get one compiler thread only where
 * that was measured to pay, each with its first heap. The CPU count is set through {@code OMP_NUM_THREADS}, which
 * {@code nproc} obeys.
 */
class JvmOptionsTest {

    private static final Path ROOT = Path.of(System.getProperty("cordon.root", ".."));
    private static final List<List<String>> COMMANDS = List.of(List.of("check"), List.of("compile"), List.of("build"),
            List.of("verify", "--policy"), List.of("lsp"));

    /** {@code cordon_jvm_options ARGS} with {@code cpus} CPUs, as the launchers source it. */
    private static List<String> options(int cpus, List<String> args) throws Exception {
        return options(cpus, "/sys/fs/cgroup", args);
    }

    /** The same, with the control groups' files (a container's memory limit) read under {@code cgroups}. */
    private static List<String> options(int cpus, String cgroups, List<String> args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("env", "OMP_NUM_THREADS=" + cpus, "CORDON_CGROUP_ROOT=" + cgroups,
                "sh", "-c", ". packaging/src/bin/jvm-options.sh; cordon_jvm_options \"$@\"", "sh"));
        cmd.addAll(args);
        Commands.Run r = Commands.run(ROOT, cmd, 1);
        assertEquals(0, r.exit(), r.output());
        return List.of(r.output().strip().split("\\s+"));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 8})
    void eachCommandsOptionsStartAJvm(int cpus) throws Exception {
        for (List<String> command : COMMANDS) {
            List<String> opts = options(cpus, command);
            boolean oneShot = !command.get(0).equals("lsp");
            assertEquals(oneShot && cpus <= 2, opts.contains("-XX:CICompilerCount=1"), command + ", " + cpus + " CPUs: "
                    + opts);
            List<String> java = new ArrayList<>(List.of("java"));
            java.addAll(opts);
            java.add("-version");
            Commands.Run r = Commands.run(ROOT, java, 1);
            assertEquals(0, r.exit(), String.join(" ", java) + ":\n" + r.output());
            assertFalse(r.output().contains("Error"), r.output());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 8})
    void eachOneShotCommandGetsItsFirstHeap(int cpus) throws Exception {
        // an old generation that holds a check of a few thousand lines without full collections to grow it
        for (List<String> command : List.of(List.of("check"), List.of("compile"), List.of("verify", "x.cordon"))) {
            List<String> opts = options(cpus, command);
            assertTrue(opts.containsAll(List.of("-Xms48m", "-XX:NewSize=10m")), command + ": " + opts);
        }
        // build's peak memory is held to twice checkpolicy's; verify --policy reads a whole binary at once
        List<String> build = options(cpus, List.of("build"));
        List<String> binary = options(cpus, List.of("verify", "--policy"));
        assertTrue(build.contains("-Xms32m"), build.toString());
        assertTrue(binary.contains("-Xms256m"), binary.toString());
        assertTrue(build.stream().noneMatch(o -> o.startsWith("-XX:NewSize")), build.toString());
        assertTrue(binary.stream().noneMatch(o -> o.startsWith("-XX:NewSize")), binary.toString());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 8})
    void theLanguageServerKeepsTheOptimisingCompiler(int cpus) throws Exception {
        List<String> opts = options(cpus, List.of("lsp"));
        assertTrue(opts.stream().noneMatch(o -> o.startsWith("-XX:TieredStopAtLevel")), opts.toString());
        assertTrue(opts.contains("-XX:+UseParallelGC"), opts.toString());
        assertTrue(opts.contains("-XX:-TieredCompilation"), "the optimising compiler only: " + opts);
        assertTrue(opts.contains("-XX:CompileThreshold=200"), opts.toString());
        // a young generation of its own where a quarter of the memory holds it beside the old one
        long memKb = memoryKb();
        assertEquals(memKb >= 16L << 20, opts.contains("-Xmn3g"), memKb + " kB: " + opts);
        // standard output is the protocol's: the JVM's warnings (an archive it cannot map, say) go to standard error
        assertTrue(opts.indexOf("-Xlog:disable") < opts.indexOf("-Xlog:all=warning:stderr")
                && opts.indexOf("-Xlog:disable") >= 0, opts.toString());
    }

    /**
     * In a container the JVM's heap is a quarter of the container's limit, not of the machine's memory: under 16 GB
     * the server keeps the JVM's young generation, which three gigabytes would make the whole heap.
     */
    @Test
    void aContainersMemoryLimitKeepsTheJvmsYoungGeneration(@TempDir Path tmp)
            throws Exception {
        Files.writeString(tmp.resolve("memory.max"), (8L << 30) + "\n");
        assertFalse(options(2, tmp.toString(), List.of("lsp")).contains("-Xmn3g"), "cgroup v2, 8 GiB");
        Files.writeString(tmp.resolve("memory.max"), "max\n");
        Files.createDirectories(tmp.resolve("memory"));
        Files.writeString(tmp.resolve("memory/memory.limit_in_bytes"), (4L << 30) + "\n");
        assertFalse(options(2, tmp.toString(), List.of("lsp")).contains("-Xmn3g"), "cgroup v1, 4 GiB");
        Files.writeString(tmp.resolve("memory/memory.limit_in_bytes"), (64L << 30) + "\n");
        long memKb = memoryKb();
        assertEquals(memKb >= 16L << 20, options(2, tmp.toString(), List.of("lsp")).contains("-Xmn3g"),
                "no limit below the machine's " + memKb + " kB");
    }

    /** The machine's memory as /proc/meminfo gives it, in kB. */
    private static long memoryKb() throws Exception {
        return Files.readAllLines(Path.of("/proc/meminfo")).stream()
                .filter(l -> l.startsWith("MemTotal:")).mapToLong(l -> Long.parseLong(l.replaceAll("\\D", "")))
                .findFirst().orElse(0);
    }
}
