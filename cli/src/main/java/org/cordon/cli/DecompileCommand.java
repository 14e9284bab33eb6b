package org.cordon.cli;

import org.cordon.compiler.io.AtomicFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.cordon.xsm.flask.BinaryPolicyException;
import org.cordon.xsm.flask.FlaskPolicies;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cordon decompile BINARY -o POLICY.conf}: a Xen binary policy back to policy.conf, with Xen's SID names. */
@Command(name = "decompile", mixinStandardHelpOptions = true,
        description = "Turn a Xen binary policy (XenFlask v24/v30, legacy SE Linux v15-v24) back into policy.conf; building it again gives the same bytes.",
        footerHeading = "%nExamples:%n",
        footer = {"  cordon decompile /boot/xenpolicy-4.17-amd64 -o policy.conf"})
final class DecompileCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "BINARY")
    Path input;

    @Option(names = {"-o", "--output"}, paramLabel = "POLICY.conf", description = "output file (default: standard output)")
    Path output;

    @Override
    public Integer call() {
        var err = spec.commandLine().getErr();
        try {
            String conf = FlaskPolicies.decompile(FlaskPolicies.readBinary(Files.readAllBytes(input)));
            if (output == null) {
                spec.commandLine().getOut().print(conf);
            } else {
                AtomicFiles.write(output, conf);
            }
            return Cordon.OK;
        } catch (NoSuchFileException e) {
            err.println("cordon: " + input + ": no such file");
        } catch (BinaryPolicyException e) {
            err.println(input + ": " + e.getMessage());
        } catch (IOException e) {
            err.println("cordon: " + e.getMessage());
        }
        return Cordon.INPUT_ERROR;
    }
}
