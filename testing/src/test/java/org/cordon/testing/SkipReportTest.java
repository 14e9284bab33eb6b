package org.cordon.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/** The listener and the extension, on test classes of their own run through a real JUnit Platform launcher. */
class SkipReportTest {

    /** Run only through {@link #run}: nested classes are not picked up by the build's test run. */
    static class Sample {
        @Test
        void runs() {
        }

        @Test
        void needsATool() {
            Prerequisites.require(false, "frobnicate", "apt-get install frobnicate");
        }

        @Test
        @Tag(Prerequisites.OPT_IN)
        void optIn() {
            Assumptions.assumeTrue(false, "set -Dsomething");
        }
    }

    /** A class whose @BeforeAll aborts: its tests are counted, not lost as "Tests run: 0". */
    static class AbortedClass {
        @BeforeAll
        static void noDisplay() {
            Assumptions.assumeTrue(false, "no display");
        }

        @Test
        void one() {
        }

        @Test
        void two() {
        }
    }

    private record Run(TestExecutionSummary summary, String console, String report) {
    }

    private static Run run(Class<?> c, Path report, boolean ci) throws Exception {
        PrintStream out = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setProperty("cordon.skip.report", report.toString());
        System.setProperty("cordon.ci", Boolean.toString(ci));
        try {
            System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
            Launcher launcher = LauncherFactory.create();
            SummaryGeneratingListener summary = new SummaryGeneratingListener();
            launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(c))
                    .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "true").build(), summary);
            return new Run(summary.getSummary(), buffer.toString(StandardCharsets.UTF_8),
                    Files.exists(report) ? Files.readString(report) : "");
        } finally {
            System.setOut(out);
            System.clearProperty("cordon.skip.report");
            System.clearProperty("cordon.ci");
        }
    }

    @Test
    void everySkipSaysWhyAndTheRunEndsWithASummary(@TempDir Path dir) throws Exception {
        Run r = run(Sample.class, dir.resolve("skipped.txt"), false);
        assertEquals(1, r.summary().getTestsSucceededCount());
        assertEquals(2, r.summary().getTestsAbortedCount());
        assertTrue(r.console().contains("SKIPPED: SkipReportTest$Sample > needsATool(): frobnicate is missing: apt-get install frobnicate"),
                r.console());
        assertTrue(r.console().contains("NOT RUN: 2 tests did not run here, 1 of them opt-in"), r.console());
        assertTrue(r.report().startsWith("NOT RUN: 2 tests"), r.report());
    }

    @Test
    void underCiAMissingPrerequisiteFailsAndOptInStillSkips(@TempDir Path dir) throws Exception {
        Run r = run(Sample.class, dir.resolve("skipped.txt"), true);
        assertEquals(1, r.summary().getTestsFailedCount(), r.console());
        assertEquals(1, r.summary().getTestsAbortedCount(), "the opt-in test");
        assertTrue(r.summary().getFailures().get(0).getException().getMessage()
                .contains("CI=true, and frobnicate is missing"));
    }

    @Test
    void aClassSkippedInBeforeAllCountsItsTests(@TempDir Path dir) throws Exception {
        Run r = run(AbortedClass.class, dir.resolve("skipped.txt"), false);
        assertTrue(r.console().contains("SKIPPED: SkipReportTest$AbortedClass (2 tests): no display"), r.console());
        assertTrue(r.report().startsWith("NOT RUN: 2 tests"), r.report());
        Run ci = run(AbortedClass.class, dir.resolve("ci.txt"), true);
        assertEquals(1, ci.summary().getContainersFailedCount(), "under CI=true the class fails");
    }
}
