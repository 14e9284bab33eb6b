package org.cordon.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import org.cordon.verifier.diff.PolicyDiff;
import org.cordon.verifier.flask.FlaskFacts;
import org.cordon.verifier.permmap.XenPermissionMap;
import org.cordon.xsm.flask.model.FlaskPolicy;
import org.cordon.xsm.flask.model.ReleaseFit;
import org.cordon.xsm.host.PolicyLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cordon diff OLD NEW}: accesses and direct flows added and removed between two versions of a policy. */
@Command(name = "diff", mixinStandardHelpOptions = true,
        description = "Compare two versions of a policy (each a .cordon file, a directory of them, or a FLASK policy.conf or binary): accesses granted and direct information flows added (+) and removed (-), with the statement behind each. With --running-on HOST, the old version is the policy the host runs (the last Cordon loaded there in this boot, else its boot policy). Exit 0 when they grant the same, 1 when they differ (as diff(1)), 2 on input errors, 3 when the host cannot be reached.",
        exitCodeList = {"0:the two grant the same", "1:they differ", "2:bad input (or Cordon cannot tell what the host runs)",
                "3:the host could not be reached"},
        footerHeading = "%nExamples:%n",
        footer = {"  cordon diff old/ new/", "  cordon diff out/xenpolicy /boot/xenpolicy-4.17-amd64",
                "  cordon diff --running-on ssh://root@xen1.example.org out/xenpolicy"})
final class DiffCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..2", paramLabel = "POLICY", description = "OLD NEW; or NEW alone, with --running-on")
    List<Path> policies;

    @Option(names = "--running-on", paramLabel = "HOST", description = "the old version is what HOST (local or ssh://[user@]host[:port]) runs")
    String runningOn;

    @Mixin
    HostOptions hostOptions;

    @Option(names = "--format", defaultValue = "text", description = "text or json")
    Reporter.Format format;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (format == Reporter.Format.sarif) {
            err.println("cordon: diff writes text or json");
            return Cordon.INPUT_ERROR;
        }
        if (policies.size() != (runningOn == null ? 2 : 1)) {
            err.println("cordon: diff compares OLD NEW, or the policy a host runs (--running-on HOST) with NEW");
            return Cordon.INPUT_ERROR;
        }
        String before;
        FactSources.Loaded old;
        if (runningOn == null) {
            before = policies.get(0).toString();
            old = FactSources.readOrReport(List.of(policies.get(0)), err);
        } else {
            HostOptions.Reached<PolicyLoader.Running> got = hostOptions.on(runningOn, err,
                    h -> new PolicyLoader(h, hostOptions.historyDir, PolicyLoader.Progress.NONE, Clock.systemUTC()).running());
            if (got.failed()) {
                return got.exit();
            }
            PolicyLoader.Running r = got.value();
            if (r.policy().isEmpty()) {
                r.problems().forEach(p -> err.println("cordon: " + p));
                return Cordon.INPUT_ERROR;
            }
            before = runningOn + ": " + r.origin();
            FlaskPolicy p = r.policy().get().policy();
            old = new FactSources.Loaded(FlaskFacts.of(before, p, List.of()).facts(), null, null, ReleaseFit.exact(p),
                    ReleaseFit.describe(p));
        }
        Path after = policies.get(policies.size() - 1);
        FactSources.Loaded now = old == null ? null : FactSources.readOrReport(List.of(after), err);
        if (now == null) {
            return Cordon.INPUT_ERROR;
        }
        PolicyDiff.Result r = PolicyDiff.of(old.facts(), now.facts(), XenPermissionMap.standard());
        // a permission only one release has shows up as a change: say when the two are for different releases
        boolean sameRelease = !old.releases().isEmpty() && old.releases().equals(now.releases());
        if (format == Reporter.Format.json) {
            JsonObject o = new JsonObject();
            o.addProperty("identical", r.identical());
            o.addProperty("old", before);
            o.addProperty("new", after.toString());
            o.addProperty("old_xen", old.xen());
            o.addProperty("new_xen", now.xen());
            o.addProperty("same_release", sameRelease);
            o.add("accesses", json(r.accesses()));
            o.add("flows", json(r.flows()));
            out.println(Reporter.toJson(o));
        } else {
            out.println("old: " + before + ": " + old.xen());
            out.println("new: " + after + ": " + now.xen());
            if (!sameRelease) {
                out.println("note: the two are not for the same Xen release; permissions one release lacks appear as "
                        + "changes (`cordon upgrade` reports a Cordon policy's move between releases)");
            }
            section(out, "accesses", r.accesses());
            section(out, "direct flows", r.flows());
            out.println(r.identical() ? "no difference" : r.accesses().size() + " access changes, " + r.flows().size()
                    + " flow changes");
        }
        return r.identical() ? Cordon.OK : Cordon.VIOLATIONS;
    }

    private static void section(PrintWriter out, String title, List<PolicyDiff.Change> changes) {
        if (changes.isEmpty()) {
            return;
        }
        out.println(title + ":");
        for (PolicyDiff.Change c : changes) {
            out.println((c.added() ? "+ " : "- ") + c.what() + "    (" + c.because() + ")");
        }
    }

    private static JsonArray json(List<PolicyDiff.Change> changes) {
        JsonArray a = new JsonArray();
        for (PolicyDiff.Change c : changes) {
            JsonObject o = new JsonObject();
            o.addProperty("change", c.added() ? "added" : "removed");
            o.addProperty("what", c.what());
            o.addProperty("because", c.because());
            a.add(o);
        }
        return a;
    }
}
