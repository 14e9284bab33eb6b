package org.cordon.xsm.host;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Installs a policy for the next boot and checks that the boot loader will hand it to Xen — the commonest FLASK
 * mistake is a policy file that no Xen entry loads, or that is loaded by the wrong entry or before Xen's kernel.
 *
 * <p>The file goes where GRUB's {@code 20_linux_xen} looks for it: {@code xenpolicy-VERSION} beside
 * {@code xen-VERSION.gz} in /boot (for /boot/xen-4.17-amd64.gz, /boot/xenpolicy-4.17-amd64). When that file exists,
 * {@code update-grub} writes a second Xen entry "(XSM enabled)" with {@code flask=enforcing} and
 * {@code module2 --nounzip …/xenpolicy-VERSION}. A policy the default entry already loads is replaced in place.
 */
public final class BootInstaller {

    public enum Outcome {
        /** the default boot entry loads the installed policy with FLASK enforcing */
        INSTALLED("installed: the next boot enforces it"),
        /** the file is in place, but the default entry will not load it (or not enforcing): see the fixes */
        NOT_BOOTED("installed, but the next boot will not enforce it"),
        /** nothing was written */
        REFUSED("refused: nothing changed"),
        /** --dry-run */
        DRY_RUN("dry run: would install");

        private final String text;

        Outcome(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    /** What install did: its steps, the problems that keep the policy from the next boot and how to fix each. */
    public record Report(String host, Outcome outcome, String path, String digest, List<LoadReport.Step> steps,
            List<String> problems, List<String> fixes) {
        public Report {
            steps = List.copyOf(steps);
            problems = List.copyOf(problems);
            fixes = List.copyOf(fixes);
        }

        /** Whether the host's boot files changed (in a dry run: would): the policy copied, or the boot menu regenerated. */
        public boolean changed() {
            return steps.stream().anyMatch(s -> (s.name().equals("copy") || s.name().equals("update-grub"))
                    && (s.status() == LoadReport.Status.OK || s.status() == LoadReport.Status.PLANNED));
        }
    }

    /** Where the boot configuration is (null: the usual places), whether to run update-grub, dry run. */
    public record Options(String bootConfig, boolean updateGrub, boolean dryRun) {
    }

    private final XenHost host;

    public BootInstaller(XenHost host) {
        this.host = host;
    }

    public Report install(LoadablePolicy policy, Options o) {
        List<LoadReport.Step> steps = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        List<String> fixes = new ArrayList<>();
        HostFiles files = host.files();
        String path = null;
        try {
            List<BootFiles.Found> configs = BootFiles.locate(files, o.bootConfig());
            Target t = target(policy, configs, files, problems);
            if (t == null) {
                steps.add(new LoadReport.Step("preflight", LoadReport.Status.FAILED, problems.get(0)));
                return new Report(host.address(), Outcome.REFUSED, null, policy.digest(), steps, problems, fixes);
            }
            path = t.path();
            steps.add(new LoadReport.Step("preflight", LoadReport.Status.OK, "Xen " + t.xenVersion() + " (" + t.why() + ")"));
            Optional<byte[]> before = files.read(path);
            // installing what is already there changes nothing (and says so: a configuration tool asks)
            boolean inPlace = before.isPresent() && Digests.sha256(before.get()).equals(policy.digest());
            LoadReport.Step already = new LoadReport.Step("copy", LoadReport.Status.SKIPPED, Digests.short8(policy.digest())
                    + " is already " + path);
            if (o.dryRun()) {
                steps.add(inPlace ? already : new LoadReport.Step("copy", LoadReport.Status.PLANNED, policy.name() + " to " + path));
                if (o.updateGrub()) {
                    steps.add(new LoadReport.Step("update-grub", LoadReport.Status.PLANNED, "update-grub"));
                }
                return new Report(host.address(), Outcome.DRY_RUN, path, policy.digest(), steps, problems, fixes);
            }
            if (inPlace) {
                steps.add(already);
            } else {
                if (before.isPresent()) {
                    // nothing a user had is lost: the replaced policy stays beside the new one
                    files.write(path + ".cordon-prev", before.get());
                    steps.add(new LoadReport.Step("backup", LoadReport.Status.OK, "the policy there before kept as " + path + ".cordon-prev"));
                }
                files.write(path, policy.binary());
                steps.add(new LoadReport.Step("copy", LoadReport.Status.OK, policy.name() + " (" + Digests.short8(policy.digest())
                        + ") to " + path));
            }
            if (o.updateGrub()) {
                CommandResult r = host.connection().run(List.of("sh", "-c", "command -v update-grub >/dev/null && exec update-grub "
                        + "|| exec grub-mkconfig -o /boot/grub/grub.cfg"), XenHost.TOOL);
                steps.add(new LoadReport.Step("update-grub", r.exit() == 0 ? LoadReport.Status.OK : LoadReport.Status.FAILED,
                        r.exit() == 0 ? "boot menu regenerated" : r.message()));
                if (r.exit() != 0) {
                    problems.add("update-grub failed on " + host.address() + ": " + r.message());
                }
                configs = BootFiles.locate(files, o.bootConfig());
            }
            check(policy, path, configs, files, problems, fixes);
            steps.add(new LoadReport.Step("boot-check", problems.isEmpty() ? LoadReport.Status.OK : LoadReport.Status.FAILED,
                    problems.isEmpty() ? "the default boot entry loads " + path + " as a module of Xen, FLASK enforcing"
                            : problems.get(0)));
            return new Report(host.address(), problems.isEmpty() ? Outcome.INSTALLED : Outcome.NOT_BOOTED, path,
                    policy.digest(), steps, problems, fixes);
        } catch (HostException e) {
            problems.add(e.getMessage());
            steps.add(new LoadReport.Step("install", LoadReport.Status.FAILED, e.getMessage()));
            // a write is atomic: the old file or the new one is in place
            return new Report(host.address(), Outcome.REFUSED, path, policy.digest(), steps, problems, fixes);
        }
    }

    /** Where the policy goes and for which Xen. */
    private record Target(String path, String xenVersion, String why) {
    }

    private Target target(LoadablePolicy policy, List<BootFiles.Found> configs, HostFiles files, List<String> problems)
            throws HostException {
        if (policy.targetXen().isEmpty()) {
            problems.add(policy.unknownTarget());
            return null;
        }
        String release = policy.targetXen().get();
        // the default entry's Xen first: its policy module is replaced in place
        for (BootFiles.Found f : configs) {
            Optional<BootConfig.Entry> e = f.config().defaultEntry(f.grubenv());
            if (e.isPresent() && e.get().xen()) {
                String v = xenVersion(e.get().kernel());
                if (f.config().kind() == BootConfig.Kind.GRUB && !releaseOf(v).equals(release)) {
                    problems.add("the default boot entry '" + e.get().title() + "' (" + f.config().file() + ":"
                            + e.get().kernelLine() + ") boots Xen " + v + " but " + policy.name() + " targets Xen " + release
                            + ": Xen refuses a policy written for another release (a boot module for another release panics it)");
                    return null;
                }
                List<BootFiles.PolicyModule> mods = BootFiles.policyModules(files, f.config(), e.get());
                if (!mods.isEmpty()) {
                    return new Target(mods.get(0).hostPath(), v, "the default entry's policy module, replaced in place");
                }
                if (f.config().kind() == BootConfig.Kind.GRUB) {
                    return new Target("/boot/xenpolicy-" + v, v, "beside the default entry's " + BootConfig.name(e.get().kernel()));
                }
            }
        }
        // otherwise the Xen binaries in /boot that run this release
        for (String n : files.list("/boot")) {
            if (n.startsWith("xen-") && (n.endsWith(".gz") || !n.contains("."))) {
                String v = xenVersion(n);
                if (releaseOf(v).equals(release)) {
                    return new Target("/boot/xenpolicy-" + v, v, "beside /boot/" + n);
                }
            }
        }
        problems.add("no Xen " + release + " in " + host.address() + ":/boot (no xen-" + release + "*.gz and no default Xen "
                + "boot entry for it): install Xen " + release + " first, or compile the policy for the Xen the host has");
        return null;
    }

    /** GRUB's version of a Xen image: its name without "xen-" and ".gz" (xen-4.17-amd64.gz: 4.17-amd64). */
    static String xenVersion(String kernel) {
        String n = BootConfig.name(kernel);
        if (n.endsWith(".gz")) {
            n = n.substring(0, n.length() - 3);
        }
        return n.startsWith("xen-") ? n.substring(4) : n;
    }

    /** "4.17-amd64" and "4.17.5" are release 4.17. */
    static String releaseOf(String version) {
        String[] p = version.split("[.\\-+~]");
        return p.length >= 2 ? p[0] + "." + p[1] : version;
    }

    /** Will the default entry load {@code path} (holding this policy) as a module of Xen, enforcing? */
    private void check(LoadablePolicy policy, String path, List<BootFiles.Found> configs, HostFiles files,
            List<String> problems, List<String> fixes) throws HostException {
        if (configs.isEmpty()) {
            problems.add("no boot configuration found on " + host.address() + " (" + String.join(", ", BootFiles.GRUB_CONFIGS)
                    + ", " + BootFiles.EFI_DIR + "/*/xen.cfg)");
            fixes.add("give --boot-config FILE, or add the policy to your boot loader's Xen entry as a module after dom0's kernel");
            return;
        }
        String name = HostFiles.name(path);
        for (BootFiles.Found f : configs) {
            BootConfig cfg = f.config();
            Optional<BootConfig.Entry> def = cfg.defaultEntry(f.grubenv());
            for (BootConfig.Module m : cfg.strayModules()) {
                if (m.path().endsWith(name)) {
                    problems.add(cfg.file() + ":" + m.line() + " loads " + m.path() + " outside any boot entry: GRUB ignores it");
                }
            }
            List<BootConfig.Entry> loading = new ArrayList<>();
            for (BootConfig.Entry e : cfg.entries()) {
                for (BootConfig.Module m : e.modulesBeforeKernel()) {
                    if (m.path().endsWith(name)) {
                        problems.add(cfg.file() + ":" + m.line() + ": entry '" + e.title() + "' loads " + m.path()
                                + " before its kernel line: GRUB refuses a module before multiboot");
                        fixes.add("move the line after `" + e.loader() + " " + e.kernel() + "` (" + cfg.file() + ":"
                                + e.kernelLine() + ")");
                    }
                }
                for (BootConfig.Module m : e.modules()) {
                    if (m.path().endsWith(name) && BootFiles.hostPaths(cfg, m.path()).contains(path)) {
                        if (!e.xen()) {
                            problems.add(cfg.file() + ":" + m.line() + ": entry '" + e.title() + "' loads the policy but does "
                                    + "not boot Xen (" + e.kernel() + "): only Xen reads a FLASK policy module");
                        } else if (cfg.kind() == BootConfig.Kind.GRUB && !m.command().equals(e.moduleCommand())) {
                            problems.add(cfg.file() + ":" + m.line() + ": `" + m.command() + "` in an entry that boots Xen with `"
                                    + e.loader() + "`: GRUB wants `" + e.moduleCommand() + "`");
                            fixes.add("write `" + e.moduleCommand() + " " + m.path() + "` at " + cfg.file() + ":" + m.line());
                        } else {
                            loading.add(e);
                        }
                    }
                }
            }
            if (def.isEmpty()) {
                if (cfg.kind() == BootConfig.Kind.GRUB) {
                    problems.add(cfg.file() + ": the default entry (" + cfg.defaultSpec() + ") cannot be told from the file");
                }
                continue;
            }
            BootConfig.Entry d = def.get();
            if (loading.contains(d)) {
                String flask = d.option("flask").orElse(null);
                if (flask != null && !flask.equals("enforcing")) {
                    problems.add("the default entry '" + d.title() + "' boots Xen with flask=" + flask + " ("
                            + cfg.file() + ":" + d.kernelLine() + "): the policy is loaded but not enforced");
                    fixes.add("set flask=enforcing on Xen's line (" + cfg.file() + ":" + d.kernelLine()
                            + "; on Debian: GRUB_CMDLINE_XEN_DEFAULT in /etc/default/grub, then update-grub)");
                }
                return;
            }
            problems.add("the default boot entry '" + d.title() + "' (" + cfg.file() + ":" + d.line() + ") does not load "
                    + path + (d.xen() ? "" : ": it does not even boot Xen"));
            if (!loading.isEmpty()) {
                BootConfig.Entry e = loading.get(0);
                fixes.add("entry '" + e.title() + "' loads it: make it the default (grub-set-default '"
                        + (e.id() != null ? e.id() : e.index()) + "', or GRUB_DEFAULT in /etc/default/grub, then update-grub)");
            } else if (cfg.kind() == BootConfig.Kind.GRUB) {
                fixes.add("run update-grub (or pass --update-grub): GRUB's 20_linux_xen then adds an entry '… (XSM enabled)' "
                        + "that loads " + path + " with flask=enforcing; then make it the default (grub-set-default ID)");
                if (d.xen()) {
                    fixes.add("or add `" + d.moduleCommand() + " " + path + "` after the module lines of '" + d.title() + "' ("
                            + cfg.file() + ":" + d.kernelLine() + ") and flask=enforcing on its `" + d.loader() + "` line");
                }
            } else {
                fixes.add("add `xsm=" + name + "` to section [" + d.id() + "] of " + cfg.file() + " and put the policy beside it");
            }
            return;
        }
    }
}
