package org.cordon.cli;

import org.cordon.compiler.io.AtomicFiles;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.cordon.model.PolicyModel;
import org.cordon.verifier.facts.FactExpander;
import org.cordon.verifier.flask.FlaskFacts;
import org.cordon.verifier.flask.TranslationValidation;
import org.cordon.verifier.permmap.XenPermissionMap;
import org.cordon.xsm.catalogue.XenCatalogue;
import org.cordon.xsm.catalogue.XenCatalogues;
import java.util.List;
import java.util.concurrent.Callable;
import org.cordon.compiler.CordonCompiler;
import org.cordon.compiler.acm.AcmLowering;
import org.cordon.dsl.ide.check.PolicyCheck;
import org.cordon.xsm.flask.FlaskPolicies;
import org.cordon.xsm.flask.PolicyConfException;
import org.cordon.xsm.flask.binary.PolicyWriteException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cordon compile FILE… -o DIR}: writes DIR/policy.conf (and, with the binary writer, DIR/xenpolicy). */
@Command(name = "compile", mixinStandardHelpOptions = true,
        description = "Compile Cordon sources to DIR/policy.conf, the binary DIR/xenpolicy Xen loads, SHA256SUMS, cordon-build.json (target Xen, digest, verified: what cordon load checks), and DIR/xl/*.cfg fragments with each guest's labels and limits.")
final class CompileCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = ".cordon files or directories forming one policy")
    List<Path> files;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR", description = "output directory")
    Path output;

    @Option(names = "--format", defaultValue = "text", description = "report format: ${COMPLETION-CANDIDATES}")
    Reporter.Format format;

    @Option(names = {"-c", "--policy-version"}, defaultValue = "30", paramLabel = "24|30",
            description = "binary policy version (Xen accepts 24 and 30)")
    int policyVersion;

    @Option(names = "--no-verify", description = "write the outputs without running the verifier (not recommended)")
    boolean noVerify;

    enum Target { flask, acm, all }

    @Option(names = "--target", defaultValue = "flask", description = "what to write: ${COMPLETION-CANDIDATES} (acm: Xen 3.x ACM/sHype XML, V4 binary and map in DIR/acm)")
    Target target;

    @Option(names = "--dump", paramLabel = "PASS",
            description = "print the model after a pass (load, layer-resolve, validate, assign-types, lower-flask, emit-policy-conf) instead of writing files")
    String dump;

    @Override
    public Integer call() throws IOException {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        PolicySources sources = PolicySources.readOrReport(files, err);
        if (sources == null) {
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
            if (format == Reporter.Format.sarif) {
                out.println(Reporter.toJson(Sarif.log(c.diagnostics())));
            } else if (format == Reporter.Format.json) {
                json.addProperty("ok", false);
                out.println(Reporter.toJson(json));
            } else {
                reporter.text(c.diagnostics(), err);
            }
            return Cordon.INPUT_ERROR;
        }
        if (policyVersion != 24 && policyVersion != 30) {
            err.println("cordon: Xen loads policy versions 24 and 30 only, not " + policyVersion);
            return Cordon.INPUT_ERROR;
        }
        // what is written is what was verified: violations stop the compile like errors do
        List<org.cordon.model.Diagnostic> reported = noVerify ? new java.util.ArrayList<>(c.diagnostics())
                : new java.util.ArrayList<>(PolicyCheck.withVerifier(c));
        if (CheckCommand.exitCode(reported) != Cordon.OK) {
            refuse(reported, json, reporter, "the policy does not hold what it claims (--no-verify writes it anyway)");
            return CheckCommand.exitCode(reported);
        }
        AcmLowering.Result acm = null;
        if (target != Target.flask) {
            acm = AcmLowering.lower(c.model().get());
            reported.addAll(acm.diagnostics());
            if (acm.hasErrors()) {
                // ACM cannot keep an isolation the policy asserts: a policy violation, nothing written
                refuse(reported, json, reporter, "ACM cannot keep what the policy asserts");
                return Cordon.VIOLATIONS;
            }
        }
        Path conf = output.resolve("policy.conf");
        Path binary = output.resolve("xenpolicy");
        byte[] bytes;
        try {
            // the binary is written from the very policy.conf text Cordon emits, as checkpolicy would
            bytes = FlaskPolicies.writeBinary(FlaskPolicies.parse("policy.conf", c.policyConf().get()), policyVersion, false);
        } catch (PolicyConfException | PolicyWriteException e) {
            err.println("cordon: internal error: the generated policy.conf does not build: " + e.getMessage());
            return 70;
        }
        if (!noVerify) {
            // translation validation: what Xen will load, decoded again, against what was verified
            List<org.cordon.model.Diagnostic> onBinary = new java.util.ArrayList<>();
            Integer failed = validateBinary(c, bytes, onBinary, err);
            if (failed != null) {
                if (!onBinary.isEmpty()) {
                    reported.addAll(onBinary);
                    refuse(reported, json, reporter, "the compiled binary does not hold what the policy claims");
                }
                return failed;
            }
        }
        try {
            AtomicFiles.write(conf, c.policyConf().get());
            AtomicFiles.write(binary, bytes);
            for (var fragment : c.xl()) {
                AtomicFiles.write(output.resolve("xl").resolve(fragment.fileName()), fragment.text());
            }
            if (acm != null) {
                acm.writeAll(output);
            }
            AtomicFiles.write(output.resolve("SHA256SUMS"), sha256(c.policyConf().get().getBytes(
                    java.nio.charset.StandardCharsets.UTF_8)) + "  policy.conf\n" + sha256(bytes) + "  xenpolicy\n");
            // what cordon load checks: this binary, for this Xen, passed the verifier (unless --no-verify)
            PolicyModel m = c.model().orElseThrow();
            new BuildManifest(m.name(), m.version(), m.xenVersion(), sha256(bytes), policyVersion, !noVerify).write(output);
        } catch (IOException e) {
            err.println("cordon: cannot write to " + output + ": " + e.getMessage());
            return Cordon.INPUT_ERROR;
        }
        if (format == Reporter.Format.sarif) {
            out.println(Reporter.toJson(Sarif.log(reported)));
        } else if (format == Reporter.Format.json) {
            json.add("diagnostics", Reporter.json(reported));
            json.addProperty("ok", true);
            json.addProperty("policyConf", conf.toString());
            json.addProperty("xenpolicy", binary.toString());
            out.println(Reporter.toJson(json));
        } else {
            reporter.text(reported, err);
            out.println("wrote " + conf + " and " + binary + " (policy version " + policyVersion + ")"
                    + (c.xl().isEmpty() ? "" : ", " + c.xl().size() + " xl.cfg fragments in " + output.resolve("xl"))
                    + (acm == null ? "" : ", ACM policy in " + output.resolve("acm")));
        }
        return Cordon.OK;
    }

    /** Reports why nothing is written, as SARIF, JSON or text. */
    private void refuse(List<org.cordon.model.Diagnostic> reported, JsonObject json, Reporter reporter, String why) {
        if (format == Reporter.Format.sarif) {
            spec.commandLine().getOut().println(Reporter.toJson(Sarif.log(reported)));
        } else if (format == Reporter.Format.json) {
            json.add("diagnostics", Reporter.json(reported));
            json.addProperty("ok", false);
            spec.commandLine().getOut().println(Reporter.toJson(json));
        } else {
            reporter.text(reported, spec.commandLine().getErr());
            spec.commandLine().getErr().println("cordon: nothing written: " + why);
        }
    }

    /**
     * Decodes the binary and checks it against the verifier's reading of the model: null when it
     * holds; 70 (after saying so) when the binary grants other accesses than the model, a bug of
     * Cordon's; 1 with the failures in {@code out} when a property fails on the binary's types.
     */
    static Integer validateBinary(CordonCompiler.Compilation c, byte[] bytes, List<org.cordon.model.Diagnostic> out,
            java.io.PrintWriter err) {
        PolicyModel model = c.model().orElseThrow();
        XenCatalogue catalogue = XenCatalogues.forVersion(model.xenVersion()).orElseThrow();
        FlaskFacts decoded;
        try {
            decoded = FlaskFacts.of("xenpolicy", FlaskPolicies.readBinary(bytes));
        } catch (org.cordon.xsm.flask.BinaryPolicyException e) {
            err.println("cordon: internal error: the binary Cordon wrote does not read back: " + e.getMessage());
            return 70;
        }
        TranslationValidation.Result r = new TranslationValidation(new FactExpander(model, catalogue).expand(), decoded,
                TypeLabels.of(c.flask().orElseThrow().types(), model)).validate(XenPermissionMap.standard());
        if (!r.differences().isEmpty()) {
            err.println("cordon: internal error: translation validation failed: the compiled binary grants other "
                    + "accesses than the verified model (" + r.differences().size() + " differences); nothing written");
            r.differences().stream().limit(10).forEach(d -> err.println("  " + (d.inBinaryOnly() ? "only in the binary: "
                    : "missing from the binary: ") + d.tuple() + "  (" + d.origin() + ")"));
            err.println("cordon: please report this with the policy");
            return 70;
        }
        for (org.cordon.model.Diagnostic d : r.propertyFailures()) {
            out.add(new org.cordon.model.Diagnostic(d.severity(), d.code(), "on the compiled binary's types: " + d.message(), d.pos(),
                    d.related()));
        }
        return out.isEmpty() ? null : Cordon.VIOLATIONS;
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
