package org.cordon.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.cordon.driver.Build;
import org.cordon.driver.Driver;
import org.cordon.driver.Options;
import org.cordon.compiler.host.XlConfigLowering;
import org.cordon.compiler.io.AtomicFiles;
import org.cordon.model.Diagnostic;
import org.cordon.model.PolicyModel;
import org.cordon.verifier.placement.CpupoolFiles;
import org.cordon.verifier.placement.Fleet;
import org.cordon.verifier.placement.PlacementCheck;
import org.cordon.verifier.placement.PlacementResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cordon place FILE… [--hosts H,…] [-o DIR]}: where every VM runs, or why nowhere. */
@Command(name = "place", mixinStandardHelpOptions = true,
        description = {"Place the policy's VMs on its hosts (a greedy pass, else CP-SAT): capacities without overcommit for strong classes "
                + "(a dedicated cpupool each), hybrid and weak pools, memory, network and disk, ACM's Chinese Wall and zone "
                + "scopes; or check the placement `on HOST` gives. Prints a table (or JSON); -o DIR writes placement.json, "
                + "per host the cpupool files and a script that creates them, and per VM its xl.cfg fragment with `pool`."},
        exitCodeList = {"0:placed", "1:no placement (the conflicting statements as file:line:col)", "2:bad input"},
        footerHeading = "%nExamples:%n",
        footer = {"  cordon place samples/cloud-host.cordon -o placement", "  cordon place policy/ --hosts h1,h2 --format json"})
final class PlaceCommand implements Callable<Integer>, ReadsPolicies {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = ".cordon files or directories forming one policy")
    List<Path> files;

    @Option(names = "--hosts", split = ",", paramLabel = "HOST",
            description = "place on these of the policy's hosts only (the others are down or drained)")
    List<String> hosts;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", description = "write placement.json, hosts/<host>/ cpupools and xl.cfg fragments")
    Path output;

    @Option(names = "--format", defaultValue = "text", description = "text or json")
    Reporter.Format format;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PolicySources sources = PolicySources.readOrReport(files, err);
        if (sources == null) {
            return Cordon.INPUT_ERROR;
        }
        Reporter reporter = new Reporter(sources.texts);
        Options options = Options.defaults().withGoals("place", "lower-host");
        if (hosts != null) {
            options = options.withHosts(new LinkedHashSet<>(hosts));
        }
        Build c;
        // a long search shows where it is on stderr, never on stdout (which --format json keeps to the document)
        try (SearchProgress progress = SearchProgress.onStderr(err)) {
            c = Driver.run(sources.sources, options.withPlacementProgress(progress));
        }
        // a policy with errors is not placed: errors other than placement's own verdicts refuse it
        if (c.model().isEmpty() || c.hasErrorsOutside("place") || !c.ran("place")) {
            return CheckCommand.refuse(c, sources, format, out, err);
        }
        PolicyModel model = c.model().get();
        if (model.hosts().isEmpty()) {
            err.println("cordon: " + model.pos() + ": policy " + model.name() + " declares no hosts (host NAME { cpus N memory M … })");
            return Cordon.INPUT_ERROR;
        }
        for (String h : hosts == null ? List.<String>of() : hosts) {
            if (model.hosts().stream().noneMatch(x -> x.name().equals(h))) {
                err.println("cordon: --hosts: no host " + h + " in the policy (it has: "
                        + String.join(", ", model.hosts().stream().map(PolicyModel.Host::name).toList()) + ")");
                return Cordon.INPUT_ERROR;
            }
        }
        if (c.placement().isEmpty() || c.placement().get().result().isEmpty()) {
            return CheckCommand.refuse(c, sources, format, out, err);
        }
        PlacementCheck.Outcome o = c.placement().get();
        Fleet fleet = o.fleet().orElseThrow();
        PlacementResult r = o.result().orElseThrow();
        if (!(r instanceof PlacementResult.Placed placed)) {
            if (format == Reporter.Format.json) {
                JsonObject j = new JsonObject();
                j.addProperty("placed", false);
                j.add("diagnostics", Reporter.json(o.diagnostics()));
                out.println(Reporter.toJson(j));
            } else {
                reporter.text(o.diagnostics(), err);
            }
            return Cordon.VIOLATIONS;
        }
        if (output != null) {
            try {
                write(placed, fleet, c.xl());
            } catch (IOException e) {
                err.println("cordon: cannot write to " + output + ": " + e.getMessage());
                return Cordon.INPUT_ERROR;
            }
        }
        if (format == Reporter.Format.json) {
            out.println(Reporter.toJson(json(placed, o.diagnostics())));
        } else {
            reporter.text(o.diagnostics(), err);
            table(placed, out);
            if (output != null) {
                out.println("wrote " + output.resolve("placement.json") + " and " + output.resolve("hosts") + "/<host>/");
            }
        }
        return Cordon.OK;
    }

    private static void table(PlacementResult.Placed p, PrintWriter out) {
        out.printf("%-12s %-6s %-10s %-14s %-22s %s%n", "host", "zone", "pCPUs", "memory MiB", "cpupools", "VMs");
        for (PlacementResult.HostPlan h : p.hosts()) {
            List<String> pools = new ArrayList<>();
            pools.add("Pool-0:" + h.pool0Cpus());
            h.pools().forEach((k, v) -> pools.add(k + ":" + v));
            out.printf("%-12s %-6s %-10s %-14s %-22s %s%n", h.host(), h.zone().orElse("-"),
                    used(h, Fleet.Resource.CPU), used(h, Fleet.Resource.MEMORY), String.join(" ", pools),
                    String.join(", ", h.vms()));
        }
        out.println("placed " + p.assignment().size() + " VMs on " + p.hosts().stream().filter(h -> !h.vms().isEmpty()).count()
                + " hosts (" + switch (p.method()) {
                    case GREEDY_CHECKED -> "greedy, checked rule by rule";
                    case GREEDY_CONFIRMED -> "greedy, confirmed by Z3";
                    case SOLVER -> "searched by CP-SAT";
                    case GIVEN -> "as given by `on`, checked rule by rule";
                } + ")");
    }

    private static String used(PlacementResult.HostPlan h, Fleet.Resource r) {
        return h.used().getOrDefault(r, 0L) + "/" + Optional.ofNullable(h.capacity().get(r)).map(String::valueOf).orElse("-");
    }

    private static JsonObject json(PlacementResult.Placed p, List<Diagnostic> diagnostics) {
        JsonObject j = new JsonObject();
        j.addProperty("placed", true);
        JsonObject a = new JsonObject();
        p.assignment().forEach(a::addProperty);
        j.add("assignment", a);
        JsonArray hs = new JsonArray();
        for (PlacementResult.HostPlan h : p.hosts()) {
            JsonObject o = new JsonObject();
            o.addProperty("host", h.host());
            h.zone().ifPresent(z -> o.addProperty("zone", z));
            o.add("vms", HostReports.strings(h.vms()));
            JsonObject pools = new JsonObject();
            pools.addProperty("Pool-0", h.pool0Cpus());
            h.pools().forEach(pools::addProperty);
            o.add("cpupools", pools);
            JsonObject used = new JsonObject();
            h.used().forEach((r, v) -> used.addProperty(r.name().toLowerCase(Locale.ROOT), v));
            o.add("used", used);
            JsonObject cap = new JsonObject();
            h.capacity().forEach((r, v) -> cap.addProperty(r.name().toLowerCase(Locale.ROOT), v));
            o.add("capacity", cap);
            hs.add(o);
        }
        j.add("hosts", hs);
        j.add("diagnostics", Reporter.json(diagnostics));
        return j;
    }

    /** placement.json; per host its cpupool files and script, and each VM's xl.cfg fragment with its pool. */
    private void write(PlacementResult.Placed p, Fleet fleet, List<XlConfigLowering.XlFragment> xl) throws IOException {
        AtomicFiles.write(output.resolve("placement.json"), Reporter.toJson(json(p, List.of())) + "\n");
        for (PlacementResult.HostPlan h : p.hosts()) {
            Path dir = output.resolve("hosts").resolve(h.host());
            for (Map.Entry<String, String> f : CpupoolFiles.of(h).entrySet()) {
                AtomicFiles.write(dir.resolve(f.getKey()), f.getValue());
            }
            for (String vmName : h.vms()) {
                Fleet.Vm vm = fleet.vm(vmName).orElseThrow();
                // the fragment cordon compile writes for the VM, with its pool
                XlConfigLowering.XlFragment fragment = xl.stream().filter(x -> x.name().equals(vmName)).findFirst()
                        .orElseThrow(() -> new IllegalStateException("no xl.cfg fragment for " + vmName));
                AtomicFiles.write(dir.resolve(fragment.fileName()), fragment.text() + "# placed on " + h.host()
                        + " by cordon place\npool = \"" + vm.unit().pool() + "\"\n");
            }
        }
    }
}
