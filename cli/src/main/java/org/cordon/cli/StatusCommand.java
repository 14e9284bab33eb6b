package org.cordon.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.cordon.xsm.host.Domain;
import org.cordon.xsm.host.FlaskBoolean;
import org.cordon.xsm.host.HostHistory;
import org.cordon.xsm.host.PolicyLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cordon status --host H}: what a host runs. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show a host's Xen release, FLASK mode, running domains and their labels, booleans, the policy Cordon "
                + "loaded (and whether the host still matches it), an interrupted change, and the history."},
        exitCodeList = {"0:shown, and consistent",
                "1:shown, with notes that need a look (an interrupted change, a policy loaded by hand)", "2:bad input",
                "3:unreachable"},
        footerHeading = "%nExamples:%n",
        footer = {"  cordon status --host ssh://root@xen1.example.org --format json"})
final class StatusCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--host", required = true, paramLabel = "HOST", description = "local or ssh://[user@]host[:port]")
    String host;

    @Mixin
    HostOptions hostOptions;

    @Option(names = "--history", defaultValue = "10", paramLabel = "N", description = "history entries to show (default ${DEFAULT-VALUE})")
    int historyLines;

    @Option(names = "--format", defaultValue = "text", description = "text or json")
    Reporter.Format format;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        HostOptions.Reached<PolicyLoader.HostStatus> got = hostOptions.on(host, err,
                h -> new PolicyLoader(h, hostOptions.historyDir, PolicyLoader.Progress.NONE, Clock.systemUTC()).status());
        if (got.failed()) {
            return got.exit();
        }
        PolicyLoader.HostStatus s = got.value();
        List<HostHistory.Entry> recent = s.history().subList(Math.max(0, s.history().size() - historyLines), s.history().size());
        boolean attention = s.pending().isPresent() || (s.current().isPresent() && !s.notes().isEmpty());
        if (format == Reporter.Format.json) {
            out.println(Reporter.toJson(json(s, recent)));
            return attention ? Cordon.VIOLATIONS : Cordon.OK;
        }
        out.println(s.host() + ": Xen " + s.version() + ", FLASK " + s.mode().text() + " (boot option flask=" + s.flaskOption() + ")");
        s.current().ifPresentOrElse(
                c -> out.println("policy: " + c.name() + " (" + c.digest() + "), " + c.action().name().toLowerCase(Locale.ROOT) + " at " + c.time()),
                () -> out.println("policy: not loaded by Cordon in this boot"));
        s.pending().ifPresent(p -> out.println((p.cutOffByReboot(s.boot()) ? "CHANGE CUT OFF BY A REBOOT: " : "INTERRUPTED CHANGE: ")
                + p.what() + " at " + p.time() + " (from " + p.fromDigest().substring(0, 8) + " to " + p.toDigest().substring(0, 8)
                + ")" + (p.cutOffByReboot(s.boot()) ? ": the host runs its boot policy" : ": run cordon rollback")));
        s.notes().forEach(n -> out.println("note: " + n));
        out.println("domains:");
        for (Domain d : s.domains()) {
            out.printf("  %-24s %4d  %s%n", d.name(), d.id(), d.label());
        }
        out.println("booleans:" + (s.booleans().isEmpty() ? " none" : ""));
        for (FlaskBoolean b : s.booleans()) {
            out.println("  " + b.name() + " = " + (b.value() ? 1 : 0) + (b.pending() != b.value() ? " (pending " + (b.pending() ? 1 : 0) + ")" : ""));
        }
        out.println("history (" + s.history().size() + " entries" + (recent.size() < s.history().size() ? ", last " + recent.size() : "") + "):");
        for (HostHistory.Entry e : recent) {
            out.println("  " + e.time() + "  " + String.format("%-8s", e.action().name().toLowerCase(Locale.ROOT)) + " " + e.digest().substring(0, 8)
                    + "  " + String.format("%-14s", e.result()) + " " + e.name() + (e.note().isEmpty() ? "" : "  (" + e.note() + ")")
                    + (e.boot().equals(s.boot()) ? "" : "  [earlier boot]"));
        }
        return attention ? Cordon.VIOLATIONS : Cordon.OK;
    }

    private static JsonObject json(PolicyLoader.HostStatus s, List<HostHistory.Entry> recent) {
        JsonObject o = new JsonObject();
        o.addProperty("host", s.host());
        o.addProperty("xen", s.version().toString());
        o.addProperty("flask", s.mode().text());
        o.addProperty("flaskBootOption", s.flaskOption());
        o.addProperty("boot", s.boot());
        s.current().ifPresent(c -> o.add("policy", entry(c)));
        s.pending().ifPresent(p -> {
            JsonObject j = new JsonObject();
            j.addProperty("what", p.what());
            j.addProperty("time", p.time().toString());
            j.addProperty("from", p.fromDigest());
            j.addProperty("to", p.toDigest());
            j.addProperty("cutOffByReboot", p.cutOffByReboot(s.boot()));
            o.add("interrupted", j);
        });
        JsonArray doms = new JsonArray();
        for (Domain d : s.domains()) {
            JsonObject j = new JsonObject();
            j.addProperty("name", d.name());
            j.addProperty("id", d.id());
            j.addProperty("label", d.label());
            doms.add(j);
        }
        o.add("domains", doms);
        JsonObject bools = new JsonObject();
        s.booleans().forEach(b -> bools.addProperty(b.name(), b.value()));
        o.add("booleans", bools);
        JsonArray hist = new JsonArray();
        recent.forEach(e -> hist.add(entry(e)));
        o.add("history", hist);
        o.add("notes", HostReports.strings(s.notes()));
        return o;
    }

    private static JsonObject entry(HostHistory.Entry e) {
        JsonObject j = new JsonObject();
        j.addProperty("time", e.time().toString());
        j.addProperty("action", e.action().name().toLowerCase(Locale.ROOT));
        j.addProperty("digest", e.digest());
        j.addProperty("result", e.result());
        j.addProperty("name", e.name());
        j.addProperty("note", e.note());
        j.addProperty("boot", e.boot());
        return j;
    }
}
