package org.cordon.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.cordon.xsm.host.Digests;
import org.cordon.xsm.host.HostAddress;
import org.cordon.xsm.host.LoadReport;
import org.cordon.xsm.host.LoadablePolicy;
import org.cordon.xsm.host.PolicyLoader;
import org.cordon.xsm.host.Rollout;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cordon rollout POLICY --hosts FILE --waves 1,10%,100%}: a fleet, in waves. */
@Command(name = "rollout", mixinStandardHelpOptions = true,
        description = {"Load a compiled policy into many hosts in waves, each host as cordon load does it (preflight, "
                + "post-checks, rollback on failure). A wave starts only when every host of the one before is on the new "
                + "policy; the first failing wave stops the rollout (--rollback-on-failure also returns the hosts already "
                + "moved). Every host ends on the new policy or on its old one. A summary table (or JSON) at the end."},
        exitCodeList = {"0:every host loaded", "1:stopped (every host on the new policy or its old one)", "2:bad input",
                "4:a host needs attention"},
        footerHeading = "%nExamples:%n",
        footer = {"  cordon rollout out/ --hosts fleet.txt --waves 1,10%%,100%% --rollback-on-failure"})
final class RolloutCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    PolicyArtifactOptions artifact;

    @Option(names = "--hosts", required = true, paramLabel = "FILE",
            description = "one host a line (local or ssh://[user@]host[:port]); # starts a comment")
    Path hostsFile;

    @Option(names = "--waves", defaultValue = "1,10%,100%", paramLabel = "SIZES",
            description = "wave sizes, counts or shares of all hosts; the last repeats (default ${DEFAULT-VALUE}: one host, a tenth, the rest)")
    String waves;

    @Option(names = "--parallel", defaultValue = "4", paramLabel = "N", description = "hosts loaded at once within a wave (default ${DEFAULT-VALUE})")
    int parallel;

    @Option(names = "--rollback-on-failure", description = "when a wave fails, return the hosts earlier waves moved as well")
    boolean rollbackOnFailure;

    @Mixin
    HostOptions hostOptions;

    @Mixin
    RuntimeLabelOptions runtimeLabels;

    @Option(names = "--bool", paramLabel = "NAME=0|1", description = "set a boolean on every host after the load")
    Map<String, String> booleans;

    @Option(names = "--dry-run", description = "run every host's preflight; change nothing")
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
        List<String> hosts = readHosts(err);
        if (hosts == null) {
            return Cordon.INPUT_ERROR;
        }
        List<Rollout.Wave> plan;
        PolicyLoader.Options options;
        try {
            plan = Rollout.plan(hosts, waves);
            options = HostOptions.loadOptions(HostOptions.booleans(booleans), Optional.empty(), dryRun, artifact.allowUnverified)
                    .withRuntimeLabels(runtimeLabels.labels());
            if (parallel < 1) {
                throw new IllegalArgumentException("--parallel must be at least 1");
            }
        } catch (IllegalArgumentException e) {
            err.println("cordon: " + e.getMessage());
            return Cordon.INPUT_ERROR;
        }
        boolean text = format != Reporter.Format.json;
        Rollout.Listener listener = text ? new Rollout.Listener() {
            final PolicyLoader.Progress live = HostReports.live(out, true);

            @Override
            public void step(String host, String step, LoadReport.Status status, String detail) {
                live.step(host, step, status, detail);
            }

            @Override
            public void wave(Rollout.Wave w, int of) {
                synchronized (out) {
                    out.println("== wave " + w.number() + "/" + of + ": " + w.hosts().size() + (w.hosts().size() == 1 ? " host" : " hosts"));
                    out.flush();
                }
            }

            @Override
            public void hostDone(String host, LoadReport r) {
                synchronized (out) {
                    out.println(host + "  => " + HostReports.summary(r));
                    out.flush();
                }
            }
        } : new Rollout.Listener() {
            @Override
            public void step(String host, String step, LoadReport.Status status, String detail) {
            }
        };
        if (text) {
            out.println((dryRun ? "dry run: " : "") + "rolling out " + next.name() + " (" + Digests.short8(next.digest()) + ") to "
                    + hosts.size() + " hosts in " + plan.size() + " waves");
        }
        Rollout.Result r = new Rollout(hostOptions.connector(), hostOptions.historyDir, listener, parallel, Clock.systemUTC())
                .run(plan, next, options, rollbackOnFailure);
        if (text) {
            table(r, out);
        } else {
            out.println(Reporter.toJson(json(r, next)));
        }
        if (!r.settled()) {
            return HostReports.UNSETTLED;
        }
        return r.complete() ? Cordon.OK : Cordon.VIOLATIONS;
    }

    /** The hosts file's addresses, or null after naming the bad line. */
    private List<String> readHosts(PrintWriter err) {
        List<String> lines;
        try {
            lines = Files.readAllLines(hostsFile);
        } catch (IOException e) {
            err.println("cordon: cannot read " + hostsFile + ": " + e.getMessage());
            return null;
        }
        Set<String> hosts = new LinkedHashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String raw = lines.get(i);
            int hash = raw.indexOf('#');
            String h = (hash >= 0 ? raw.substring(0, hash) : raw).strip();
            if (h.isEmpty()) {
                continue;
            }
            int col = raw.indexOf(h) + 1;
            try {
                HostAddress.parse(h);
            } catch (IllegalArgumentException e) {
                err.println(hostsFile + ":" + (i + 1) + ":" + col + ": " + e.getMessage());
                return null;
            }
            if (!hosts.add(h)) {
                err.println(hostsFile + ":" + (i + 1) + ":" + col + ": host " + h + " is listed twice");
                return null;
            }
        }
        if (hosts.isEmpty()) {
            err.println(hostsFile + ": no hosts (one a line: local or ssh://[user@]host[:port])");
            return null;
        }
        return new ArrayList<>(hosts);
    }

    private static void table(Rollout.Result r, PrintWriter out) {
        int w = Math.max(4, r.hosts().stream().mapToInt(h -> h.host().length()).max().orElse(4));
        out.println();
        out.printf("%-" + w + "s  %-4s  %-40s  %s%n", "host", "wave", "result", "first problem");
        for (Rollout.HostResult h : r.hosts()) {
            String problem = h.rollback().or(h::load).map(x -> x.problems().isEmpty() ? "" : x.problems().get(0)).orElse("");
            out.printf("%-" + w + "s  %-4s  %-40s  %s%n", h.host(), h.wave() == 0 ? "-" : Integer.toString(h.wave()), h.state(), problem);
        }
        long moved = r.hosts().stream().filter(Rollout.HostResult::onNewPolicy).count();
        out.println();
        out.println(r.dryRun() ? "dry run: " + (r.complete() ? "every preflight passed" : "stopped at wave " + r.stoppedAtWave())
                : r.complete() ? "rollout complete: " + moved + " hosts on the new policy"
                : "rollout STOPPED at wave " + r.stoppedAtWave() + ": " + moved + " of " + r.hosts().size()
                        + " hosts on the new policy, the others on their old one" + (r.settled() ? "" : " — SOME HOSTS NEED ATTENTION"));
    }

    private static JsonObject json(Rollout.Result r, LoadablePolicy next) {
        JsonObject o = new JsonObject();
        o.addProperty("policy", next.name());
        o.addProperty("digest", next.digest());
        o.addProperty("dryRun", r.dryRun());
        o.addProperty("complete", r.complete());
        o.addProperty("stoppedAtWave", r.stoppedAtWave());
        o.addProperty("settled", r.settled());
        JsonArray waves = new JsonArray();
        for (Rollout.Wave w : r.waves()) {
            JsonObject j = new JsonObject();
            j.addProperty("wave", w.number());
            j.add("hosts", HostReports.strings(w.hosts()));
            waves.add(j);
        }
        o.add("waves", waves);
        JsonArray hosts = new JsonArray();
        for (Rollout.HostResult h : r.hosts()) {
            JsonObject j = new JsonObject();
            j.addProperty("host", h.host());
            j.addProperty("wave", h.wave());
            j.addProperty("state", h.state());
            j.addProperty("onNewPolicy", h.onNewPolicy());
            j.addProperty("settled", h.settled());
            h.load().ifPresent(l -> j.add("load", HostReports.json(l)));
            h.rollback().ifPresent(l -> j.add("rollback", HostReports.json(l)));
            hosts.add(j);
        }
        o.add("hosts", hosts);
        return o;
    }
}
