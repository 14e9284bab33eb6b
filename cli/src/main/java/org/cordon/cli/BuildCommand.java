package org.cordon.cli;

import org.cordon.compiler.io.AtomicFiles;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.cordon.xsm.flask.FlaskPolicies;
import org.cordon.xsm.flask.PolicyConfException;
import org.cordon.xsm.flask.binary.PolicyWriteException;
import org.cordon.xsm.flask.model.FlaskPolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cordon build POLICY.conf -o BINARY [-c 24|30] [-M]}: checkpolicy -t Xen, natively. */
@Command(name = "build", mixinStandardHelpOptions = true,
        description = "Compile a FLASK policy.conf to the binary Xen loads, byte-identical to `checkpolicy -t Xen`.",
        footerHeading = "%nExamples:%n",
        footer = {"  cordon build policy.conf -o xenpolicy", "  cordon build -c 24 policy.conf -o xenpolicy.v24"})
final class BuildCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "POLICY.conf")
    Path input;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "BINARY")
    Path output;

    @Option(names = {"-c", "--policy-version"}, defaultValue = "30", paramLabel = "24|30",
            description = "policy version (Xen accepts 24 and 30; 24 drops devicetreecon and 64-bit iomem)")
    int version;

    @Option(names = {"-M", "--mls"}, description = "enable MLS (checkpolicy -M)")
    boolean mls;

    @Override
    public Integer call() {
        var err = spec.commandLine().getErr();
        if (version != 24 && version != 30) {
            err.println("cordon: Xen loads policy versions 24 and 30 only, not " + version);
            return Cordon.INPUT_ERROR;
        }
        try {
            FlaskPolicy model = FlaskPolicies.parse(input, mls);
            AtomicFiles.write(output, FlaskPolicies.writeBinary(model, version, mls));
            spec.commandLine().getOut().println("wrote " + output + " (policy version " + version + (mls ? ", MLS" : "") + ")");
            return Cordon.OK;
        } catch (NoSuchFileException e) {
            err.println("cordon: " + input + ": no such file");
        } catch (PolicyConfException e) {
            err.println(e.getMessage());
        } catch (PolicyWriteException e) {
            err.println(input + ": error: " + e.getMessage());
        } catch (IOException e) {
            err.println("cordon: " + e.getMessage());
        }
        return Cordon.INPUT_ERROR;
    }

}
