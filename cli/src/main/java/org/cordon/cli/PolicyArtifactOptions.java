package org.cordon.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.cordon.xsm.host.LoadablePolicy;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The compiled policy load, install and rollout take, and what may stand in for its build manifest. */
final class PolicyArtifactOptions {

    @Parameters(index = "0", paramLabel = "POLICY", description = "a directory cordon compile wrote, or a binary policy")
    Path policy;

    @Option(names = "--target-xen", paramLabel = "X.Y", description = "the Xen release a binary without cordon-build.json targets")
    String targetXen;

    @Option(names = "--allow-unverified", description = "accept a binary cordon compile did not verify (not recommended)")
    boolean allowUnverified;

    /** The policy, or null after saying why on {@code err}. */
    LoadablePolicy read(PrintWriter err) {
        return PolicyInput.read(policy, targetXen, err);
    }
}
