package org.cordon.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.cordon.xsm.host.LoadReport;
import org.cordon.xsm.host.PolicyLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cordon rollback --host H}: back to the policy before the current one, or out of an interrupted change. */
@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = {"Return a host to the policy it ran before the last cordon load in this boot (with the booleans it had), "
                + "or finish an interrupted change by returning to the policy it started from. Same checks as load."},
        exitCodeList = {"0:rolled back", "1:nothing to roll back to, or refused", "2:bad input", "3:unreachable",
                "4:the host needs attention"},
        footerHeading = "%nExamples:%n",
        footer = {"  cordon rollback --host ssh://root@xen1.example.org"})
final class RollbackCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--host", required = true, paramLabel = "HOST", description = "local or ssh://[user@]host[:port]")
    String host;

    @Mixin
    HostOptions hostOptions;

    @Mixin
    RuntimeLabelOptions runtimeLabels;

    @Option(names = "--dry-run", description = "show what would happen; change nothing")
    boolean dryRun;

    @Option(names = "--format", defaultValue = "text", description = "text or json")
    Reporter.Format format;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        boolean text = format != Reporter.Format.json;
        PolicyLoader.Options options;
        try {
            options = HostOptions.loadOptions(Map.of(), Optional.empty(), dryRun, true).withRuntimeLabels(runtimeLabels.labels());
        } catch (IllegalArgumentException e) {
            err.println("cordon: " + e.getMessage());
            return Cordon.INPUT_ERROR;
        }
        HostOptions.Reached<LoadReport> got = hostOptions.on(host, err, h -> new PolicyLoader(h, hostOptions.historyDir,
                text ? HostReports.live(out, false) : PolicyLoader.Progress.NONE, Clock.systemUTC()).rollback(options));
        if (got.failed()) {
            return got.exit();
        }
        LoadReport r = got.value();
        if (text) {
            HostReports.text(r, out);
        } else {
            out.println(Reporter.toJson(HostReports.json(r)));
        }
        // a rollback that happened ends like a load that did
        return r.outcome() == LoadReport.Outcome.LOADED ? Cordon.OK : HostReports.exitCode(r.outcome());
    }
}
