package org.cordon.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.cordon.verifier.diff.PolicyDiff;
import org.cordon.verifier.permmap.XenPermissionMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cordon diff OLD NEW}: accesses and direct flows added and removed between two versions of a policy. */
@Command(name = "diff", mixinStandardHelpOptions = true,
        description = "Compare two versions of a policy (each a .cordon file, a directory of them, or a FLASK policy.conf or binary): accesses granted and direct information flows added (+) and removed (-), with the statement behind each. Exit 0 when they grant the same, 1 when they differ (as diff(1)), 2 on input errors.",
        footerHeading = "%nExamples:%n",
        footer = {"  cordon diff old/ new/", "  cordon diff out/xenpolicy /boot/xenpolicy-4.17-amd64"})
final class DiffCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "OLD")
    Path before;

    @Parameters(index = "1", paramLabel = "NEW")
    Path after;

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
        FactSources.Loaded old = FactSources.readOrReport(List.of(before), err);
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
