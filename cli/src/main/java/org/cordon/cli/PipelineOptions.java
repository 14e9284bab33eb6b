package org.cordon.cli;

import org.cordon.driver.Options;
import picocli.CommandLine.Option;

/**
 * The options {@code check} and {@code compile} share, so that both run the driver alike: a policy {@code check}
 * accepts with these options is one {@code compile} writes with them.
 */
final class PipelineOptions {

    enum Target { flask, acm, all }

    @Option(names = "--target", defaultValue = "flask",
            description = "what to build: ${COMPLETION-CANDIDATES} (acm, or all: the FLASK policy and the Xen 3.x "
                    + "ACM/sHype XML, V4 binary and map)")
    Target target;

    @Option(names = {"-c", "--policy-version"}, defaultValue = "30", paramLabel = "24|30",
            description = "binary policy version (Xen accepts 24 and 30)")
    int policyVersion;

    @Option(names = "--timings", description = "print on standard error how long each pass took, and the start-up "
            + "before the first")
    boolean timings;

    /** How long the run waited for the language's set-up (--timings only; else -1). */
    private long setUpMicros = -1;

    /**
     * Runs the driver on the sources. With --timings the language's set-up is waited for first, so that parse's time
     * is parsing alone and the wait has its own line.
     */
    org.cordon.driver.Build run(java.util.List<org.cordon.dsl.load.CordonFrontEnd.Source> sources, Options options) {
        return run(sources, options, (b, r) -> { });
    }

    /** The same, telling {@code afterEach} of each pass as it ends (compile's {@code FragmentStage}). */
    org.cordon.driver.Build run(java.util.List<org.cordon.dsl.load.CordonFrontEnd.Source> sources, Options options,
            java.util.function.BiConsumer<org.cordon.driver.Build, org.cordon.driver.Build.PassRun> afterEach) {
        if (timings) {
            setUpMicros = org.cordon.driver.Warmup.awaitLanguage();
        }
        return org.cordon.driver.Driver.run(sources, options, afterEach);
    }

    /** After a run: each pass's time on standard error when --timings asked for it (what docs/PERFORMANCE.md reads). */
    void printTimings(org.cordon.driver.Build b, java.io.PrintWriter err) {
        if (!timings) {
            return;
        }
        if (setUpMicros >= 0) {
            // the language's set-up runs on a warm-up thread from the start: this is what was left of it to wait for
            err.printf("cordon: %-16s %7.1f ms%n", "language set-up", setUpMicros / 1000.0);
        }
        long total = 0;
        for (org.cordon.driver.Build.PassRun r : b.runs()) {
            if (r.ran()) {
                err.printf("cordon: %-16s %7.1f ms", r.pass(), r.micros() / 1000.0);
                // work a pass did on its own thread, beside the passes before it: not part of the total
                b.besideMicros(r.pass()).ifPresent(m -> err.printf(", and %.1f ms beside the passes before it",
                        m / 1000.0));
                err.println();
                total += r.micros();
            }
        }
        err.printf("cordon: %-16s %7.1f ms%n", "all passes", total / 1000.0);
        err.printf("cordon: %-16s %7d ms (JVM start to now)%n", "process",
                java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime());
    }

    /** The driver's options; IllegalArgumentException for a policy version Xen does not load. */
    Options options(boolean verify) {
        return Options.defaults().withTarget(switch (target) {
            case flask -> Options.Target.FLASK;
            case acm, all -> Options.Target.ACM;
        }).withPolicyVersion(policyVersion).withVerify(verify);
    }
}
