package org.cordon.cli;

import com.google.gson.JsonObject;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.cordon.driver.Build;
import org.cordon.driver.Driver;
import org.cordon.driver.Options;
import org.cordon.model.PolicyModel;
import org.cordon.verifier.placement.Admission;
import org.cordon.verifier.placement.FleetReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cordon admit FILE… --host H --running VM,… VM}: may VM start on H now? */
@Command(name = "admit", mixinStandardHelpOptions = true,
        description = {"Whether a VM may start now on a host where others run: ACM's Chinese Wall exactly (FLASK hosts "
                + "need this check at start time, FLASK has none) and the host's capacity."},
        exitCodeList = {"0:it may start", "1:it may not (the reason and the statement, file:line:col)", "2:bad input"},
        footerHeading = "%nExamples:%n",
        footer = {"  cordon admit policy/ --host h1 --running web,db bank_b.web"})
final class AdmitCommand implements Callable<Integer>, ReadsPolicies {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = ".cordon files or directories forming one policy, then the VM")
    List<String> args;

    @Option(names = "--host", required = true, paramLabel = "HOST", description = "the policy's host the VM would start on")
    String host;

    @Option(names = "--running", split = ",", paramLabel = "VM", description = "the VMs running on the host now")
    List<String> running;

    @Option(names = "--format", defaultValue = "text", description = "text or json")
    Reporter.Format format;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (args.size() < 2) {
            err.println("cordon: admit needs the policy's files and then the VM to start");
            return Cordon.INPUT_ERROR;
        }
        String vm = args.get(args.size() - 1);
        PolicySources sources = PolicySources.readOrReport(args.subList(0, args.size() - 1).stream().map(Path::of).toList(), err);
        if (sources == null) {
            return Cordon.INPUT_ERROR;
        }
        Build b = Driver.run(sources.sources, Options.defaults().withGoals("validate"));
        if (b.hasErrors() || b.model().isEmpty()) {
            return CheckCommand.refuse(b, sources, format, out, err);
        }
        PolicyModel model = b.model().get();
        Admission.Verdict v;
        try {
            v = Admission.admit(new FleetReader(model).read(), host, running == null ? List.of() : running, vm);
        } catch (IllegalArgumentException e) {
            err.println("cordon: " + e.getMessage());
            return Cordon.INPUT_ERROR;
        }
        if (format == Reporter.Format.json) {
            JsonObject j = new JsonObject();
            j.addProperty("vm", vm);
            j.addProperty("host", host);
            j.addProperty("admitted", v.admitted());
            j.addProperty("reason", v.reason());
            v.statement().ifPresent(s -> j.addProperty("statement", s.pos().toString()));
            out.println(Reporter.toJson(j));
        } else {
            out.println((v.admitted() ? "yes: " : "no: ") + v.reason());
            v.statement().ifPresent(s -> out.println("  " + s.pos() + ": " + s.text()));
        }
        return v.admitted() ? Cordon.OK : Cordon.VIOLATIONS;
    }
}
