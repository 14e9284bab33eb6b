package org.cordon.testing;

import org.opentest4j.TestAbortedException;

/**
 * What a test needs from the machine (the conformance vectors, checkpolicy, setools, Graphviz, Xvfb, the real-Xen
 * cache). Missing, the test is skipped with the reason and what to install, and the run's summary lists it; with
 * {@code CI=true} it fails instead, because CI installs everything (.ci/run).
 */
public final class Prerequisites {

    /** The tag of tests that need something the test command never provides (a Xen git mirror): skipped even in CI. */
    public static final String OPT_IN = "opt-in";

    private Prerequisites() {
    }

    /** CI=true in the environment; the system property cordon.ci, when set, decides instead (this module's own tests). */
    public static boolean ci() {
        String forced = System.getProperty("cordon.ci");
        return forced != null ? Boolean.parseBoolean(forced) : "true".equals(System.getenv("CI"));
    }

    /** Whether an executable of that name is on the PATH: the tools tests compare with (checkpolicy, setools, Xvfb). */
    public static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        return path != null && java.util.Arrays.stream(path.split(java.io.File.pathSeparator))
                .anyMatch(d -> java.nio.file.Files.isExecutable(java.nio.file.Path.of(d, tool)));
    }

    /**
     * Skips the calling test (fails it under CI=true) unless {@code present}: "{what} is missing: {install}".
     *
     * @param what the prerequisite, as "checkpolicy" or "the conformance vectors at ../shared/vectors"
     * @param install how to get it, as "apt-get install checkpolicy (.ci/run installs it)"
     */
    public static void require(boolean present, String what, String install) {
        if (present) {
            return;
        }
        String why = what + " is missing: " + install;
        if (ci()) {
            throw new AssertionError("CI=true, and " + why);
        }
        throw new TestAbortedException(why);
    }
}
