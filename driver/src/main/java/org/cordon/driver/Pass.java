package org.cordon.driver;

import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;

/**
 * One named step of the pipeline. A pass reads what earlier passes left in the {@link Build}, adds its own output and
 * diagnostics, and can print that output ({@code cordon compile --dump NAME}). It runs only when every pass it
 * {@link #needs} succeeded (ran without errors); {@link Passes#ALL} is the order.
 */
public interface Pass {

    /** The name users see: {@code parse}, {@code lower-flask}. */
    String name();

    /** One line on what the pass does. */
    String does();

    /** The passes that must have succeeded before this one runs. */
    List<String> needs();

    /** Whether the options ask for this pass at all (ACM only with --target acm, verify unless --no-verify). */
    default boolean wanted(Options options) {
        return true;
    }

    /**
     * The pass after whose success this one's own work may begin, on a thread of its own, beside the passes between;
     * empty for a pass that only runs in its turn. That work reads only what the named pass and those before it left:
     * {@link #run} still comes in its turn, after all it {@link #needs}, and takes what was begun.
     */
    default Optional<String> beginsAfter() {
        return Optional.empty();
    }

    /** Begins the work {@link #beginsAfter} allows; called at most once per build, and only before {@link #run}. */
    default void begin(Build build) {
    }

    /** Does the work, adding the output to {@code build} and problems to {@code diagnostics}. */
    void run(Build build, List<org.cordon.model.Diagnostic> diagnostics);

    /** Prints this pass's output as it stands in {@code build}. */
    void dump(Build build, PrintWriter out);
}
