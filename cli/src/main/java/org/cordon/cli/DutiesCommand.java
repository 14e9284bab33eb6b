package org.cordon.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.cordon.driver.Build;
import org.cordon.driver.Driver;
import org.cordon.driver.Options;
import org.cordon.model.Diagnostic;
import org.cordon.model.DiagnosticCode;
import org.cordon.model.PolicyModel;
import org.cordon.verifier.check.DutyCheck;
import org.cordon.verifier.check.DutyHoldings;
import org.cordon.verifier.facts.Label;
import org.cordon.verifier.facts.PolicyFacts;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cordon duties FILE…}: which duties (built in and declared) each domain and VM holds, directly or by acting
 * as another domain, and whether each {@code separate duties} holds — a disaggregated dom0 at a glance. The verifier
 * decides who holds what ({@link DutyHoldings}); this command prints it.
 */
@Command(name = "duties", mixinStandardHelpOptions = true,
        description = "Print which duties (built-in: policy_admin, vm_admin, introspection, device_admin; and declared "
                + "ones) each domain and VM holds, directly or by acting as another domain (relabelling, device-model "
                + "delegation), with the switches they need, and whether every `separate duties` holds.",
        exitCodeList = {"0:every `separate duties` holds (or the policy has none)",
                "1:a domain holds duties a `separate duties` keeps apart (the violations follow the table)",
                "2:bad input (usage, a file that cannot be read, an error in the policy): file:line:column",
                "70:a fault of Cordon's own: please report it with the input"},
        footerHeading = "%nExamples:%n",
        footer = {"  cordon duties samples/disaggregated.cordon", "  cordon duties --why samples/disaggregated.cordon",
                "  cordon duties --format json policy/"})
final class DutiesCommand implements Callable<Integer>, ReadsPolicies {

    /** Statements shown per duty with --why, and in JSON. */
    private static final int STATEMENTS = 5;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = ".cordon files or directories forming one policy")
    List<Path> files;

    @Option(names = "--format", defaultValue = "text", description = "text or json")
    Reporter.Format format;

    @Option(names = "--why", description = "under each duty, the chain it is held through and the statements that grant it")
    boolean why;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (format == Reporter.Format.sarif) {
            err.println("cordon: duties writes text or json");
            return Cordon.INPUT_ERROR;
        }
        PolicySources sources = PolicySources.readCordonOrReport(files, "duties reads", err);
        if (sources == null) {
            return Cordon.INPUT_ERROR;
        }
        // the verifier's reading, and its verdicts on `separate duties`
        Build b = Driver.run(sources.sources, Options.defaults().withGoals("verify"));
        if (b.facts().isEmpty() || b.hasErrorsOutside("verify")) {
            return CheckCommand.refuse(b, sources, format, out, err);
        }
        PolicyFacts facts = b.facts().get();
        DutyHoldings holdings = DutyHoldings.of(facts);
        List<Diagnostic> violations = b.verdicts().stream().filter(d -> d.code() == DiagnosticCode.DUTIES).toList();
        if (format == Reporter.Format.json) {
            out.println(Reporter.toJson(json(facts, holdings, violations)));
        } else {
            text(facts, holdings, violations, out);
            new Reporter(sources.texts).text(violations, err);
        }
        return violations.isEmpty() ? Cordon.OK : Cordon.VIOLATIONS;
    }

    private void text(PolicyFacts facts, DutyHoldings holdings, List<Diagnostic> violations, PrintWriter out) {
        PolicyModel m = facts.model();
        out.println(m.name() + " (Xen " + m.xenVersion() + "): duties " + String.join(", ", holdings.duties().keySet()));
        int width = holdings.domains().stream().mapToInt(l -> l.toString().length()).max().orElse(0);
        for (Label d : holdings.domains()) {
            Map<String, DutyHoldings.Held> held = holdings.held(d);
            List<String> parts = new ArrayList<>();
            held.forEach((duty, h) -> parts.add(duty + (h.holding().direct() ? "" : " (through " + h.holding().holder()
                    + ")") + h.note()));
            out.println(String.format("  %-" + width + "s  %s", d, parts.isEmpty() ? "-" : String.join(", ", parts)));
            if (why) {
                held.forEach((duty, h) -> {
                    out.println("      " + duty + " " + h.holding().how() + h.note() + ":");
                    DutyCheck.related(h.holding(), STATEMENTS).forEach(r -> out.println("        " + r.pos() + ": "
                            + r.message().substring(duty.length() + 2)));
                });
            }
        }
        for (PolicyModel.Assertion a : m.assertions()) {
            if (a instanceof PolicyModel.SeparateDuties s) {
                long broken = at(s, violations).size();
                out.println("separate duties " + String.join(", ", s.duties()) + " (" + s.pos() + "): "
                        + (broken == 0 ? "holds" : "broken by " + broken + " domain" + (broken == 1 ? "" : "s")));
            }
        }
    }

    /** The violations of one statement. */
    private static List<Diagnostic> at(PolicyModel.SeparateDuties s, List<Diagnostic> violations) {
        return violations.stream().filter(d -> d.pos().equals(s.pos())).toList();
    }

    private JsonObject json(PolicyFacts facts, DutyHoldings holdings, List<Diagnostic> violations) {
        JsonObject o = new JsonObject();
        o.addProperty("policy", facts.model().name());
        o.addProperty("xen", facts.model().xenVersion());
        o.addProperty("ok", violations.isEmpty());
        JsonArray duties = new JsonArray();
        holdings.duties().values().forEach(d -> {
            JsonObject j = new JsonObject();
            j.addProperty("name", d.name());
            j.addProperty("builtin", d.builtin());
            j.addProperty("description", d.description());
            j.add("permissions", Reporter.strings(d.permissions().stream().sorted().toList()));
            duties.add(j);
        });
        o.add("duties", duties);
        JsonArray domains = new JsonArray();
        for (Label d : holdings.domains()) {
            JsonObject j = new JsonObject();
            j.addProperty("name", d.toString());
            j.addProperty("kind", d.kind() == Label.Kind.VM ? "vm" : "domain");
            facts.principals().classOf(d).ifPresent(c -> j.addProperty("class", c));
            JsonArray held = new JsonArray();
            holdings.held(d).forEach((duty, h) -> {
                JsonObject hj = new JsonObject();
                hj.addProperty("duty", duty);
                hj.addProperty("how", h.holding().how());
                if (!h.holding().direct()) {
                    hj.addProperty("through", h.holding().holder().toString());
                }
                // the switches it needs away from their defaults (none: it holds with the defaults)
                JsonObject switches = new JsonObject();
                h.setting().forEach((name, on) -> {
                    if (on != facts.switchDefaults().getOrDefault(name, false)) {
                        switches.addProperty(name, on);
                    }
                });
                hj.add("switches", switches);
                hj.add("because", Reporter.places(DutyCheck.related(h.holding(), STATEMENTS)));
                held.add(hj);
            });
            j.add("duties", held);
            domains.add(j);
        }
        o.add("domains", domains);
        JsonArray separations = new JsonArray();
        for (PolicyModel.Assertion a : facts.model().assertions()) {
            if (a instanceof PolicyModel.SeparateDuties s) {
                JsonObject j = new JsonObject();
                j.add("duties", Reporter.strings(s.duties()));
                j.addProperty("at", s.pos().toString());
                List<Diagnostic> broken = at(s, violations);
                j.addProperty("holds", broken.isEmpty());
                j.add("violations", Reporter.json(broken));
                separations.add(j);
            }
        }
        o.add("separations", separations);
        return o;
    }
}
