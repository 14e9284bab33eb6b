package org.cordon.xsm.host;

import java.util.ArrayList;
import java.util.List;

/** What a load or rollback did on one host: each step, the problems that stopped it, and where the host ended. */
public record LoadReport(String host, String operation, Outcome outcome, String fromDigest, String toDigest, List<Step> steps,
        List<String> problems, List<String> warnings) {

    /** Where the host ended. */
    public enum Outcome {
        /** the new policy is loaded, labelled, its booleans set, and it passed the post-checks */
        LOADED("loaded"),
        /** --dry-run: the preflight passed; nothing was changed */
        DRY_RUN("dry run: would load"),
        /** the preflight refused: nothing was changed */
        REFUSED("refused: nothing changed"),
        /** Xen refused the policy and kept the one it had: nothing changed */
        REJECTED_BY_XEN("rejected by Xen: old policy kept"),
        /** a step after the load failed; the previous policy is back, with its labels, booleans and mode */
        ROLLED_BACK("rolled back to the previous policy"),
        /** the way back failed too: the host enforces a policy but not in the state it should */
        ROLLBACK_FAILED("ROLLBACK FAILED"),
        /** the connection was lost mid-change and did not come back: the host enforces one of the two policies */
        STATE_UNKNOWN("STATE UNKNOWN"),
        /** the host could not be reached or logged into: nothing was changed */
        UNREACHABLE("unreachable: nothing changed");

        private final String text;

        Outcome(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }

        /** On the new policy, or back on (or still on) the old one, with nothing half-done. */
        public boolean settled() {
            return this != ROLLBACK_FAILED && this != STATE_UNKNOWN;
        }
    }

    public enum Status { OK, FAILED, SKIPPED, PLANNED }

    /** One step, named in Xen's words (preflight, loadpolicy, label-pci, set-bool, post-check, …). */
    public record Step(String name, Status status, String detail) {
    }

    public LoadReport {
        steps = List.copyOf(steps);
        problems = List.copyOf(problems);
        warnings = List.copyOf(warnings);
    }

    /** Collects a report as the steps happen. */
    static final class Builder {
        final String host;
        final String operation;
        String from = "";
        String to = "";
        final List<Step> steps = new ArrayList<>();
        final List<String> problems = new ArrayList<>();
        final List<String> warnings = new ArrayList<>();
        private final PolicyLoader.Progress progress;

        Builder(String host, String operation, PolicyLoader.Progress progress) {
            this.host = host;
            this.operation = operation;
            this.progress = progress;
        }

        void step(String name, Status status, String detail) {
            steps.add(new Step(name, status, detail));
            progress.step(host, name, status, detail);
        }

        void problem(String p) {
            problems.add(p);
        }

        void warning(String w) {
            warnings.add(w);
        }

        LoadReport finish(Outcome o) {
            return new LoadReport(host, operation, o, from, to, steps, problems, warnings);
        }
    }
}
