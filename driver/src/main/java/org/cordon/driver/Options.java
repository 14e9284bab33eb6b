package org.cordon.driver;

import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.cordon.verifier.placement.PlacementSolver;

/**
 * What a run of the pipeline is for: which outputs (FLASK, ACM), the binary's policy version, whether the verifier
 * runs, which passes are the goal (they run with every pass they need), and the hosts placement may use.
 *
 * @param goals the passes wanted; empty means every pass
 * @param hosts the hosts placement may use (the others are down or drained); empty means all
 * @param xenRelease the Xen release to build for instead of the policy's {@code target xen} (cordon upgrade
 *        builds one policy for two releases); empty means the policy's own
 * @param placementProgress hears where the placement search is (a surface shows a long one); quick, on the
 *        pipeline's thread
 */
public record Options(Target target, int policyVersion, boolean verify, Set<String> goals,
        Optional<Set<String>> hosts, Optional<String> xenRelease, Consumer<PlacementSolver.Progress> placementProgress) {

    /** What the compile writes besides the xl.cfg fragments: the FLASK policy, and with ACM the ACM one too. */
    public enum Target {
        FLASK, ACM;

        public boolean acm() {
            return this == ACM;
        }
    }

    public Options {
        goals = Set.copyOf(goals);
        if (policyVersion != 24 && policyVersion != 30) {
            throw new IllegalArgumentException("Xen loads policy versions 24 and 30 only, not " + policyVersion);
        }
        for (String g : goals) {
            if (Passes.byName(g).isEmpty()) {
                throw new IllegalArgumentException("no pass '" + g + "'; passes: " + String.join(", ", Passes.names()));
            }
        }
    }

    /** Every pass, FLASK only, policy version 30, verified: what {@code cordon check} and {@code compile} run. */
    public static Options defaults() {
        return new Options(Target.FLASK, 30, true, Set.of(), Optional.empty(), Optional.empty(), p -> { });
    }

    public Options withTarget(Target t) {
        return new Options(t, policyVersion, verify, goals, hosts, xenRelease, placementProgress);
    }

    public Options withPolicyVersion(int v) {
        return new Options(target, v, verify, goals, hosts, xenRelease, placementProgress);
    }

    public Options withVerify(boolean v) {
        return new Options(target, policyVersion, v, goals, hosts, xenRelease, placementProgress);
    }

    /** Only these passes (and what they need). */
    public Options withGoals(String... passes) {
        return new Options(target, policyVersion, verify, Set.of(passes), hosts, xenRelease, placementProgress);
    }

    public Options withHosts(Set<String> available) {
        return new Options(target, policyVersion, verify, goals, Optional.of(Set.copyOf(available)), xenRelease,
                placementProgress);
    }

    /** Built for this Xen release, whatever the policy's header says. */
    public Options withXenRelease(String release) {
        return new Options(target, policyVersion, verify, goals, hosts, Optional.of(release), placementProgress);
    }

    /** The same, with {@code listener} hearing where the placement search is. */
    public Options withPlacementProgress(Consumer<PlacementSolver.Progress> listener) {
        return new Options(target, policyVersion, verify, goals, hosts, xenRelease, listener);
    }
}
