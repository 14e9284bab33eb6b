package org.cordon.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.cordon.xsm.flask.BinaryPolicyException;
import org.cordon.xsm.host.LoadReport;
import org.cordon.xsm.host.LoadablePolicy;
import org.cordon.xsm.host.PolicyLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cordon load POLICY --host H}: loads a compiled policy into a running Xen, safely. */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = {"Load a compiled policy into a running Xen host: preflight (the host's Xen release, FLASK active, "
                + "every running domain's label kept, the binary the one cordon compile verified), backup, xl loadpolicy, "
                + "run-time PCI labels (--label-pci) again, booleans, post-checks, and a rollback to the previous policy on any failure. "
                + "A history is kept on the host."},
        exitCodeList = {"0:loaded (or a dry run that would load)",
                "1:not loaded (refused, rejected by Xen or rolled back): the host runs what it ran", "2:bad input",
                "3:unreachable (nothing changed)", "4:the host needs attention (the rollback failed, or the connection was lost)"},
        footerHeading = "%nExamples:%n",
        footer = {"  cordon load out/ --host ssh://root@xen1.example.org --dry-run",
                "  cordon load out/ --host local --bool prot_doms_locked=1"})
final class LoadCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    PolicyArtifactOptions artifact;

    @Option(names = "--host", required = true, paramLabel = "HOST", description = "local (this machine is dom0) or ssh://[user@]host[:port]")
    String host;

    @Mixin
    HostOptions hostOptions;

    @Mixin
    RuntimeLabelOptions runtimeLabels;

    @Option(names = "--bool", paramLabel = "NAME=0|1", description = "set a boolean (switch) after the load; others get the policy's defaults")
    Map<String, String> booleans;

    @Option(names = "--baseline", paramLabel = "BINARY",
            description = "the policy the host runs now, when Cordon cannot know it (no load by Cordon since boot, no policy in the boot entry)")
    Path baseline;

    @Option(names = "--dry-run", description = "show what would happen; change nothing")
    boolean dryRun;

    @Option(names = "--format", defaultValue = "text", description = "text or json")
    Reporter.Format format;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        LoadablePolicy next = artifact.read(err);
        if (next == null) {
            return Cordon.INPUT_ERROR;
        }
        PolicyLoader.Options options;
        try {
            Optional<LoadablePolicy> base = Optional.empty();
            if (baseline != null) {
                base = Optional.of(LoadablePolicy.of(baseline.toString(), Files.readAllBytes(baseline), Optional.empty(), true));
            }
            options = HostOptions.loadOptions(HostOptions.booleans(booleans), base, dryRun, artifact.allowUnverified)
                    .withRuntimeLabels(runtimeLabels.labels());
        } catch (IllegalArgumentException e) {
            err.println("cordon: " + e.getMessage());
            return Cordon.INPUT_ERROR;
        } catch (IOException | BinaryPolicyException e) {
            err.println("cordon: --baseline " + baseline + ": " + e.getMessage());
            return Cordon.INPUT_ERROR;
        }
        boolean text = format != Reporter.Format.json;
        HostOptions.Reached<LoadReport> got = hostOptions.on(host, err, h -> {
            PolicyLoader.Progress progress = text ? HostReports.live(out, false) : PolicyLoader.Progress.NONE;
            if (text) {
                out.println((dryRun ? "dry run: " : "") + "loading " + next.name() + " (" + next.digest().substring(0, 8) + ") into " + h.address());
            }
            return new PolicyLoader(h, hostOptions.historyDir, progress, Clock.systemUTC()).load(next, options);
        });
        if (got.failed()) {
            return got.exit();
        }
        LoadReport r = got.value();
        if (text) {
            HostReports.text(r, out);
        } else {
            out.println(Reporter.toJson(HostReports.json(r)));
        }
        return HostReports.exitCode(r.outcome());
    }
}
