package org.cordon.cli;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import org.cordon.compiler.CordonCompiler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cordon compile FILE… -o DIR}: writes DIR/policy.conf (and, with the binary writer, DIR/xenpolicy). */
@Command(name = "compile", mixinStandardHelpOptions = true,
        description = "Compile Cordon sources to a Xen FLASK policy.conf in DIR.")
final class CompileCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = ".cordon files or directories forming one policy")
    List<Path> files;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR", description = "output directory")
    Path output;

    @Option(names = "--format", defaultValue = "text", description = "report format: ${COMPLETION-CANDIDATES}")
    Reporter.Format format;

    @Option(names = "--dump", paramLabel = "PASS",
            description = "print the model after a pass (load, layer-resolve, validate, assign-types, lower-flask, emit-policy-conf) instead of writing files")
    String dump;

    @Override
    public Integer call() throws IOException {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        PolicySources sources;
        try {
            sources = PolicySources.read(files);
        } catch (PolicySources.UnreadableException e) {
            err.println("cordon: " + e.getMessage());
            return Cordon.INPUT_ERROR;
        }
        CordonCompiler.Compilation c = new CordonCompiler().compile(sources.sources);
        Reporter reporter = new Reporter(sources.texts);
        if (dump != null) {
            return Dump.print(dump, c, out, err);
        }
        JsonObject json = new JsonObject();
        json.add("diagnostics", Reporter.json(c.diagnostics()));
        if (c.hasErrors() || c.policyConf().isEmpty()) {
            if (format == Reporter.Format.json) {
                json.addProperty("ok", false);
                out.println(Reporter.toJson(json));
            } else {
                reporter.text(c.diagnostics(), err);
            }
            return Cordon.INPUT_ERROR;
        }
        Path conf = output.resolve("policy.conf");
        try {
            AtomicFiles.write(conf, c.policyConf().get());
            AtomicFiles.write(output.resolve("policy.conf.sha256"), sha256(c.policyConf().get()) + "  policy.conf\n");
        } catch (IOException e) {
            err.println("cordon: cannot write " + conf + ": " + e.getMessage());
            return Cordon.INPUT_ERROR;
        }
        if (format == Reporter.Format.json) {
            json.addProperty("ok", true);
            json.addProperty("policyConf", conf.toString());
            out.println(Reporter.toJson(json));
        } else {
            reporter.text(c.diagnostics(), err);
            out.println("wrote " + conf);
        }
        return Cordon.OK;
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
