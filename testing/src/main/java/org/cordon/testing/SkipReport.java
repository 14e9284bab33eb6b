package org.cordon.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Says on the console what a test run did not run and why: each skipped or aborted test (or class, with the number
 * of tests in it) as it happens, and a summary at the end grouped by reason. The summary is also written to
 * {@code target/cordon-skipped.txt} (system property {@code cordon.skip.report}), which .ci/run prints for the whole
 * build. Registered for every test run through the JUnit Platform's service loader.
 */
public final class SkipReport implements TestExecutionListener {

    private TestPlan plan;
    /** Per test method (or class): how many of its tests did not run, and the first reason given. */
    private final Map<String, int[]> counts = new LinkedHashMap<>();
    private final Map<String, String> reasons = new LinkedHashMap<>();
    private int notRun;
    private int optIn;

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        plan = testPlan;
        String file = System.getProperty("cordon.skip.report");
        if (file != null) {
            try {
                Files.deleteIfExists(Path.of(file)); // this run's, not an earlier one's
            } catch (IOException e) {
                System.out.println("could not remove " + file + ": " + e.getMessage());
            }
        }
    }

    @Override
    public void executionSkipped(TestIdentifier id, String reason) {
        record(id, reason == null || reason.isBlank() ? "disabled, no reason given" : reason);
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
            record(id, result.getThrowable().map(Throwable::getMessage).filter(m -> m != null && !m.isBlank())
                    .orElse("aborted, no reason given"));
        }
    }

    private void record(TestIdentifier id, String message) {
        String reason = message.replaceFirst("^Assumption failed: ", "");
        int tests = id.isTest() ? 1 : countTests(id);
        notRun += tests;
        if (id.getTags().stream().anyMatch(t -> t.getName().equals(Prerequisites.OPT_IN))) {
            optIn += tests;
        }
        String what = name(id) + (id.isTest() ? "" : " (" + tests + " test" + (tests == 1 ? "" : "s") + ")");
        System.out.println("SKIPPED: " + what + ": " + reason);
        // the invocations of one parameterized test are counted under it
        String key = plan != null && id.isTest() ? plan.getParent(id).filter(p -> p.isContainer() && p.getSource()
                .map(s -> s instanceof org.junit.platform.engine.support.descriptor.MethodSource).orElse(false))
                .map(this::name).orElse(what) : what;
        counts.computeIfAbsent(key, k -> new int[1])[0] += tests;
        reasons.putIfAbsent(key, reason);
    }

    private int countTests(TestIdentifier id) {
        if (plan == null) {
            return 0;
        }
        int n = 0;
        for (TestIdentifier child : plan.getChildren(id)) {
            n += child.isTest() ? 1 : countTests(child);
        }
        return n;
    }

    private String name(TestIdentifier id) {
        String parent = plan == null ? "" : plan.getParent(id).filter(p -> p.getSource().isPresent())
                .map(p -> p.getDisplayName() + " > ").orElse("");
        return parent + id.getDisplayName();
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        if (counts.isEmpty()) {
            return;
        }
        StringBuilder b = new StringBuilder();
        b.append("NOT RUN: ").append(notRun).append(" test").append(notRun == 1 ? "" : "s").append(" did not run here");
        if (optIn > 0) {
            b.append(", ").append(optIn).append(" of them opt-in");
        }
        if (!Prerequisites.ci() && notRun > optIn) {
            b.append(" (CI=true fails the others: CI installs what they need)");
        }
        b.append('\n');
        counts.forEach((what, n) -> b.append(String.format("  %4d  %s%n        %s%n", n[0], what, reasons.get(what))));
        System.out.print(b);
        String file = System.getProperty("cordon.skip.report");
        if (file != null) {
            try {
                Path p = Path.of(file);
                Files.createDirectories(p.getParent());
                Files.writeString(p, b.toString(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                System.out.println("could not write " + file + ": " + e.getMessage());
            }
        }
    }
}
