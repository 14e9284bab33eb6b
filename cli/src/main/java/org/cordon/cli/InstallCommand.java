package org.cordon.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.cordon.xsm.host.BootInstaller;
import org.cordon.xsm.host.LoadReport;
import org.cordon.xsm.host.LoadablePolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cordon install POLICY --host H}: the policy for the next boot, and a check that the boot entry loads it. */
@Command(name = "install", mixinStandardHelpOptions = true,
        description = {"Install a compiled policy in the host's /boot for the next boot (as xenpolicy-VERSION beside "
                + "xen-VERSION.gz, where GRUB's 20_linux_xen looks, or in place of the default entry's policy module; the "
                + "file it replaces is kept as .cordon-prev) and check that the default boot entry loads it as a module of "
                + "Xen with FLASK enforcing, with the fix when it does not."},
        exitCodeList = {"0:the next boot enforces it", "1:refused, or the next boot would not load it (see the fixes)",
                "2:bad input", "3:unreachable"},
        footerHeading = "%nExamples:%n",
        footer = {"  cordon install out/ --host ssh://root@xen1.example.org --update-grub"})
final class InstallCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    PolicyArtifactOptions artifact;

    @Option(names = "--host", required = true, paramLabel = "HOST", description = "local or ssh://[user@]host[:port]")
    String host;

    @Mixin
    HostOptions hostOptions;

    @Option(names = "--boot-config", paramLabel = "FILE", description = "the boot configuration on the host (default: /boot/grub/grub.cfg, /boot/grub2/grub.cfg, /boot/efi/EFI/*/xen.cfg)")
    String bootConfig;

    @Option(names = "--update-grub", description = "run update-grub on the host after installing (GRUB's 20_linux_xen then adds an '(XSM enabled)' entry)")
    boolean updateGrub;

    @Option(names = "--dry-run", description = "show what would happen; change nothing")
    boolean dryRun;

    @Option(names = "--format", defaultValue = "text", description = "text or json")
    Reporter.Format format;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        LoadablePolicy p = artifact.read(err);
        if (p == null) {
            return Cordon.INPUT_ERROR;
        }
        if (!p.verified() && !artifact.allowUnverified) {
            err.println("cordon: " + p.name() + " was not verified by cordon compile (compiled with --no-verify, or no "
                    + "cordon-build.json with its digest beside it): compile it again, or give --allow-unverified");
            return Cordon.VIOLATIONS;
        }
        HostOptions.Reached<BootInstaller.Report> got = hostOptions.on(host, err,
                h -> new BootInstaller(h).install(p, new BootInstaller.Options(bootConfig, updateGrub, dryRun)));
        if (got.failed()) {
            return got.exit();
        }
        BootInstaller.Report r = got.value();
        if (format == Reporter.Format.json) {
            out.println(Reporter.toJson(HostReports.json(r)));
        } else {
            for (LoadReport.Step s : r.steps()) {
                out.println(HostReports.line(s.name(), s.status(), s.detail()));
            }
            out.println(r.host() + ": " + r.outcome().text());
            r.problems().forEach(x -> out.println("  problem: " + x));
            r.fixes().forEach(x -> out.println("  fix: " + x));
        }
        return r.outcome() == BootInstaller.Outcome.INSTALLED || r.outcome() == BootInstaller.Outcome.DRY_RUN
                ? Cordon.OK : Cordon.VIOLATIONS;
    }
}
