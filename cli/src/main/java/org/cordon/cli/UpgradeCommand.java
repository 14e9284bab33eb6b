package org.cordon.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.cordon.driver.Upgrade;
import org.cordon.model.Diagnostic;
import org.cordon.verifier.upgrade.ReleaseUpgrade;
import org.cordon.verifier.upgrade.ReleaseUpgrade.Report;
import org.cordon.xsm.catalogue.XenCatalogues;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cordon upgrade --to V FILE…}: what moving a policy to another Xen release changes, statement by statement. */
@Command(name = "upgrade", mixinStandardHelpOptions = true,
        description = "Build the policy for its own Xen release and for --to, and report what the move changes: "
                + "permissions the new release adds (and which no statement grants: their hypercalls will be denied), "
                + "permissions it removes, capabilities whose grants change, each statement's accesses, and statements to "
                + "add.",
        exitCodeList = {"0:the upgraded policy allows all the old one did",
                "1:it denies something the old one allowed, or does not build for --to", "2:input errors",
                "70:a fault of Cordon's own"},
        footerHeading = "%nExamples:%n",
        footer = {"  cordon upgrade --to 4.20 samples/cloud-host.cordon"})
final class UpgradeCommand implements Callable<Integer>, ReadsPolicies {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--to", required = true, paramLabel = "VERSION", description = "the Xen release to move to, as 4.22 or 4.22.0")
    String to;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = ".cordon files or directories forming one policy")
    List<Path> files;

    @Option(names = "--format", defaultValue = "text", description = "text or json")
    Reporter.Format format;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (format == Reporter.Format.sarif) {
            err.println("cordon: upgrade writes text or json");
            return Cordon.INPUT_ERROR;
        }
        if (XenCatalogues.release(to).isEmpty()) {
            err.println("cordon: --to " + to + ": " + XenCatalogues.unsupported(to));
            return Cordon.INPUT_ERROR;
        }
        PolicySources sources = PolicySources.readOrReport(files, err);
        if (sources == null) {
            return Cordon.INPUT_ERROR;
        }
        Upgrade u = Upgrade.run(sources.sources, to);
        int code = u.exitCode();
        if (code == Cordon.INPUT_ERROR || code == Cordon.INTERNAL_ERROR && u.before().internalError().isPresent()) {
            // the policy does not build for its own release: that comes first
            return CheckCommand.report(u.before(), sources, format, out, err);
        }
        if (format == Reporter.Format.json) {
            out.println(Reporter.toJson(json(u, code)));
            return code;
        }
        text(u, sources, out, err);
        return code;
    }

    private static void text(Upgrade u, PolicySources sources, PrintWriter out, PrintWriter err) {
        String from = release(u.before());
        String name = u.before().model().map(m -> m.name()).orElse("policy");
        String toRelease = release(u.after());
        out.println("upgrade of " + name + " from Xen " + from + " to Xen " + toRelease);
        if (!u.blocking().isEmpty()) {
            out.println("statements that do not build for Xen " + toRelease + " (change them):");
            new Reporter(sources.texts).text(u.blocking(), out);
        }
        if (u.report().isEmpty()) {
            out.println("the policy does not build for Xen " + toRelease + ": nothing to compare");
            return;
        }
        Report r = u.report().get();
        list(out, "permissions Xen " + r.to() + " adds", r.added(), p -> p.name() + hyper(p.hypercalls())
                + (p.grantedBy().isEmpty() ? ": no statement grants it; denied to every domain"
                : ": granted by " + p.grantedBy().size() + " statement" + (p.grantedBy().size() == 1 ? "" : "s")
                + ", first " + p.grantedBy().get(0)));
        list(out, "permissions Xen " + r.to() + " removes", r.removed(), p -> p.name() + hyper(p.hypercalls())
                + (p.grantedBy().isEmpty() ? "" : ": granted by " + p.grantedBy().get(0)
                + (p.grantedBy().size() > 1 ? " and " + (p.grantedBy().size() - 1) + " more" : "")
                + "; the grant goes with the hypercall"));
        list(out, "renamed permissions", r.renamed(), n -> n.securityClass() + "." + n.from() + " is "
                + n.securityClass() + "." + n.to() + " (" + n.hypercalls() + ")");
        list(out, "permissions Xen checks between other labels", r.checkChanges(), c -> c.securityClass() + "."
                + c.permission() + ": " + c.before() + " before, " + c.after() + " now");
        list(out, "capabilities whose grants change", r.capabilities(), c -> c.capability()
                + (c.added().isEmpty() ? "" : " +" + String.join(" +", c.added()))
                + (c.removed().isEmpty() ? "" : " -" + String.join(" -", c.removed()))
                + (c.usedBy().isEmpty() ? " (not used here)" : "; used by " + c.usedBy().get(0)
                + (c.usedBy().size() > 1 ? " and " + (c.usedBy().size() - 1) + " more" : "")));
        list(out, "statements whose accesses change", r.statements(), s -> (s.statement() + "\n"
                + byPermission("+", s.added()) + byPermission("-", s.removed())).stripTrailing());
        list(out, "accesses the old build allows and Xen " + r.to() + "'s build denies", r.lost(),
                l -> l.access() + "    (" + l.statement() + ")");
        list(out, "statements to add if the control domain's tools use the new hypercalls", r.suggestions(),
                s -> s.statement() + "    // " + s.why());
        out.println(r.safe() && u.blocking().isEmpty()
                ? "upgrade to Xen " + r.to() + ": the upgraded policy allows everything the old one did ("
                        + r.ungranted().size() + " new permission" + (r.ungranted().size() == 1 ? "" : "s")
                        + " granted to no domain)"
                : "upgrade to Xen " + r.to() + ": the upgraded policy denies " + r.lost().size()
                        + " access" + (r.lost().size() == 1 ? "" : "es") + " the old one allowed"
                        + (u.blocking().isEmpty() ? "" : ", and " + u.blocking().size() + " statement"
                        + (u.blocking().size() == 1 ? "" : "s") + " must change"));
    }

    /** "      + domain2.vuart_op: dom0 -> a, dom0 -> b and 3 more" per permission: one line each, not one per access. */
    private static String byPermission(String sign, List<String> accesses) {
        java.util.Map<String, List<String>> byPerm = new java.util.TreeMap<>();
        for (String a : accesses) {
            int colon = a.lastIndexOf(" : ");
            byPerm.computeIfAbsent(a.substring(colon + 3), k -> new java.util.ArrayList<>()).add(a.substring(0, colon));
        }
        StringBuilder b = new StringBuilder();
        byPerm.forEach((perm, pairs) -> b.append("      ").append(sign).append(' ').append(perm).append(": ")
                .append(String.join(", ", pairs.subList(0, Math.min(3, pairs.size()))))
                .append(pairs.size() > 3 ? " and " + (pairs.size() - 3) + " more" : "").append('\n'));
        return b.toString();
    }

    /** The release line a build was for ("4.18" for target xen 4.18.6). */
    private static String release(org.cordon.driver.Build b) {
        return b.catalogue().map(c -> c.xenVersion()).orElse(b.model().map(m -> m.xenVersion()).orElse("?"));
    }

    private static String hyper(String hypercalls) {
        return hypercalls.isBlank() ? "" : " (" + hypercalls + ")";
    }

    private static <T> void list(PrintWriter out, String title, List<T> items, java.util.function.Function<T, String> line) {
        if (items.isEmpty()) {
            return;
        }
        out.println(title + ":");
        items.forEach(i -> out.println("  " + line.apply(i)));
    }

    private static JsonObject json(Upgrade u, int code) {
        JsonObject o = new JsonObject();
        o.addProperty("ok", code == Cordon.OK);
        o.addProperty("from", release(u.before()));
        o.addProperty("to", release(u.after()));
        o.add("blocking", Reporter.json(u.blocking()));
        u.report().ifPresent(r -> {
            o.add("added", permissions(r.added()));
            o.add("ungranted", permissions(r.ungranted()));
            o.add("removed", permissions(r.removed()));
            JsonArray renamed = new JsonArray();
            r.renamed().forEach(n -> {
                JsonObject x = new JsonObject();
                x.addProperty("class", n.securityClass());
                x.addProperty("from", n.from());
                x.addProperty("to", n.to());
                renamed.add(x);
            });
            o.add("renamed", renamed);
            JsonArray caps = new JsonArray();
            r.capabilities().forEach(c -> {
                JsonObject x = new JsonObject();
                x.addProperty("capability", c.capability());
                x.add("added", Reporter.strings(c.added()));
                x.add("removed", Reporter.strings(c.removed()));
                x.add("usedBy", statements(c.usedBy()));
                caps.add(x);
            });
            o.add("capabilities", caps);
            JsonArray stmts = new JsonArray();
            r.statements().forEach(s -> {
                JsonObject x = new JsonObject();
                x.add("statement", statement(s.statement()));
                x.add("added", Reporter.strings(s.added()));
                x.add("removed", Reporter.strings(s.removed()));
                stmts.add(x);
            });
            o.add("statements", stmts);
            JsonArray lost = new JsonArray();
            r.lost().forEach(l -> {
                JsonObject x = new JsonObject();
                x.addProperty("access", l.access());
                x.add("statement", statement(l.statement()));
                lost.add(x);
            });
            o.add("lost", lost);
            JsonArray sugg = new JsonArray();
            r.suggestions().forEach(s -> {
                JsonObject x = new JsonObject();
                x.addProperty("permission", s.permission());
                x.addProperty("statement", s.statement());
                x.addProperty("why", s.why());
                sugg.add(x);
            });
            o.add("suggestions", sugg);
        });
        return o;
    }

    private static JsonArray permissions(List<ReleaseUpgrade.Permission> ps) {
        JsonArray a = new JsonArray();
        ps.forEach(p -> {
            JsonObject x = new JsonObject();
            x.addProperty("permission", p.name());
            x.addProperty("hypercalls", p.hypercalls());
            x.add("grantedBy", statements(p.grantedBy()));
            a.add(x);
        });
        return a;
    }

    private static JsonArray statements(List<ReleaseUpgrade.Statement> ss) {
        JsonArray a = new JsonArray();
        ss.forEach(s -> a.add(statement(s)));
        return a;
    }

    private static JsonObject statement(ReleaseUpgrade.Statement s) {
        JsonObject x = new JsonObject();
        x.addProperty("text", s.text());
        x.addProperty("file", s.pos().file());
        x.addProperty("line", s.pos().line());
        x.addProperty("column", s.pos().column());
        return x;
    }
}
