package org.cordon.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cordon.driver.Build;
import org.cordon.driver.Driver;
import org.cordon.driver.Options;
import org.cordon.driver.TypeLabels;
import org.cordon.model.Diagnostic;
import org.cordon.verifier.explain.AvcExplainer;
import org.cordon.verifier.explain.AvcRecord;
import org.cordon.verifier.explain.CordonProhibitions;
import org.cordon.verifier.explain.Explanation;
import org.cordon.verifier.facts.FactExpander;
import org.cordon.verifier.facts.Label;
import org.cordon.verifier.facts.PolicyFacts;
import org.cordon.verifier.flask.BinaryMls;
import org.cordon.verifier.flask.FlaskFacts;
import org.cordon.xsm.catalogue.XenCatalogue;
import org.cordon.xsm.catalogue.XenCatalogues;
import org.cordon.xsm.flask.model.ReleaseFit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cordon explain --policy P 'AVC LINE'… | --log FILE}: what a line of {@code xl dmesg} means
 * for a policy. P is Cordon sources (answers name Cordon statements) or a FLASK policy.conf or binary
 * (answers name its rules).
 */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = "Explain AVC lines from `xl dmesg`: the Cordon statement (or FLASK rule) that allows each permission, or what forbids it and how to allow it. Exit 0 when every line was explained.",
        footerHeading = "%nExamples:%n",
        footer = {"  xl dmesg | cordon explain --policy samples/xen-default.cordon --log -", "  cordon explain --policy out/xenpolicy --log avc.log"})
final class ExplainCommand implements Callable<Integer>, ReadsPolicies {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--policy", required = true, paramLabel = "P",
            description = ".cordon file or directory (repeat for a policy of several), or one FLASK policy.conf or binary")
    List<Path> policy;

    @Option(names = "--log", paramLabel = "FILE", description = "a saved `xl dmesg` (lines without an AVC record are skipped); - for standard input")
    Path log;

    @Option(names = "--format", defaultValue = "text", description = "report format: ${COMPLETION-CANDIDATES}")
    Reporter.Format format;

    @Parameters(arity = "0..*", paramLabel = "AVC", description = "AVC lines, each one argument")
    List<String> lines = new ArrayList<>();

    /** For a FLASK policy: which release's classes it has, so that "Xen checks it" names the right hypercalls. */
    private String releaseNote;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (format == Reporter.Format.sarif) {
            err.println("cordon: explain writes text or json; SARIF is for verdicts (check, verify, compile)");
            return Cordon.INPUT_ERROR;
        }
        List<String> input = new ArrayList<>(lines);
        if (log != null) {
            try {
                String text = log.toString().equals("-") ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
                        : Files.readString(log, StandardCharsets.UTF_8);
                input.addAll(List.of(text.split("\n")));
            } catch (NoSuchFileException e) {
                err.println("cordon: " + log + ": no such file");
                return Cordon.INPUT_ERROR;
            } catch (IOException e) {
                err.println("cordon: " + log + ": " + e.getMessage());
                return Cordon.INPUT_ERROR;
            }
        }
        List<AvcRecord> records = new ArrayList<>();
        for (int i = 0; i < input.size(); i++) {
            Optional<AvcRecord> r = AvcRecord.parse(input.get(i));
            if (r.isPresent()) {
                records.add(r.get());
            } else if (i < lines.size()) {
                err.println("cordon: not an AVC line (want 'avc:  denied  { perm } for ... scontext=... tcontext=... tclass=...'): "
                        + input.get(i));
                return Cordon.INPUT_ERROR;
            }
        }
        if (records.isEmpty()) {
            err.println("cordon: no AVC lines to explain" + (log != null ? " in " + log : "; give them as arguments or with --log"));
            return Cordon.INPUT_ERROR;
        }
        AvcExplainer explainer = explainer(err);
        if (explainer == null) {
            return Cordon.INPUT_ERROR;
        }
        List<Explanation> all = new ArrayList<>();
        records.forEach(r -> all.addAll(explainer.explain(r)));
        if (format == Reporter.Format.json) {
            JsonArray arr = new JsonArray();
            for (Explanation e : all) {
                JsonObject o = new JsonObject();
                o.addProperty("avc", e.avc().line());
                o.addProperty("permission", e.permission());
                o.addProperty("verdict", e.verdict().name().toLowerCase(Locale.ROOT));
                o.addProperty("summary", e.summary());
                o.addProperty("meaning", e.meaning());
                o.add("because", Reporter.places(e.because().stream().map(b -> new Diagnostic.Related(b.message(),
                        b.pos())).toList()));
                o.addProperty("advice", e.advice());
                arr.add(o);
            }
            JsonObject root = new JsonObject();
            if (releaseNote != null) {
                root.addProperty("xen", releaseNote);
            }
            root.add("explanations", arr);
            out.println(Reporter.toJson(root));
            return Cordon.OK;
        }
        if (releaseNote != null) {
            out.println(policy.get(0) + " has the " + releaseNote);
        }
        AvcRecord last = null;
        for (Explanation e : all) {
            if (e.avc() != last) {
                out.println(e.avc().line());
                last = e.avc();
            }
            out.println("  " + e.permission() + ": " + e.summary());
            if (!e.meaning().isEmpty()) {
                out.println("    Xen checks it: " + e.meaning());
            }
            e.because().forEach(b -> out.println("    " + b.pos() + ": " + b.message()));
            out.println("    -> " + e.advice());
        }
        return Cordon.OK;
    }

    private AvcExplainer explainer(PrintWriter err) {
        boolean cordon = policy.size() > 1 || policy.get(0).toString().endsWith(".cordon") || Files.isDirectory(policy.get(0));
        if (!cordon) {
            FlaskFacts facts = FlaskPolicyFiles.factsOrReport(policy.get(0), err);
            if (facts == null) {
                return null;
            }
            releaseNote = ReleaseFit.describe(facts.policy());
            AvcExplainer e = new AvcExplainer(facts.facts(), facts.booleans(), t -> facts.types().contains(t)
                    ? Set.of(FlaskFacts.label(t)) : Set.of(), (s, t, c, p) -> List.of(), catalogueOf(facts.policy()),
                    a -> "allow " + a.sourceType() + " " + a.targetType() + ":" + a.securityClass() + " "
                            + a.permissions().get(0) + ";");
            if (facts.policy().mls()) {
                // the binary's own constraints, on the contexts the line carries
                BinaryMls mls = BinaryMls.of(facts.policy(), Map.of());
                e.withMls((avc, perm) -> {
                    Matcher m = CONTEXTS.matcher(avc.line());
                    try {
                        return m.find() && !mls.allows(m.group(1), m.group(2), avc.securityClass(), perm)
                                ? Optional.of("its constraint on " + avc.securityClass() + "." + perm + " fails for "
                                        + m.group(1) + " and " + m.group(2))
                                : Optional.empty();
                    } catch (IllegalArgumentException bad) {
                        return Optional.empty(); // a context this policy cannot read: the type rules' answer stands
                    }
                });
            }
            return e;
        }
        PolicySources sources = PolicySources.readOrReport(policy, err);
        if (sources == null) {
            return null;
        }
        // the types the compiler gives (AVC lines name them) and the verifier's reading of the statements
        Build b = Driver.run(sources.sources, Options.defaults().withGoals("assign-types"));
        if (b.hasErrors() || b.types().isEmpty()) {
            new Reporter(sources.texts).text(b.diagnostics(), err);
            return null;
        }
        XenCatalogue catalogue = b.catalogue().orElseThrow();
        FactExpander expander = b.expander().orElseThrow();
        PolicyFacts facts = b.facts().orElseThrow();
        Map<String, Set<Label>> labels = b.typeLabels().orElseThrow();
        Map<String, String> writtenAs = new HashMap<>(TypeLabels.writtenAs(b.types().get()));
        TypeLabels.UNLABELLED.forEach(t -> writtenAs.put(t, "DEVICE (declare the resource in a device statement: " + t
                + " is Xen's label for resources no policy names)"));
        AvcExplainer e = new AvcExplainer(facts.typeRules().facts(), facts.switchDefaults(),
                t -> labels.getOrDefault(t, Set.of()), new CordonProhibitions(facts, expander), Optional.of(catalogue),
                a -> "allow " + writtenAs.getOrDefault(a.sourceType(), a.sourceType()) + " -> "
                        + writtenAs.getOrDefault(a.targetType(), a.targetType()) + " : " + a.securityClass() + "."
                        + a.permissions().get(0));
        facts.mls().ifPresent(reading -> e.withMls((avc, perm) -> {
            // the verifier's reading of the levels, on the labels the line's types stand for
            for (Label s : labels.getOrDefault(avc.sourceType(), Set.of())) {
                for (Label t : labels.getOrDefault(avc.targetType(), Set.of())) {
                    String why = reading.why(s, t, avc.securityClass(), perm);
                    if (why != null) {
                        return Optional.of(why);
                    }
                }
            }
            return Optional.empty();
        }));
        return e;
    }

    private static final Pattern CONTEXTS = Pattern.compile("scontext=(\\S+)\\s+tcontext=(\\S+)");

    /**
     * A FLASK policy does not say which Xen it is for: the release its classes fit says what each permission guards
     * (the newest when none does; a permission's meaning does not change between the releases that have it).
     */
    private static Optional<XenCatalogue> catalogueOf(org.cordon.xsm.flask.model.FlaskPolicy policy) {
        return ReleaseFit.catalogue(policy).or(() -> Optional.of(XenCatalogues.newest()));
    }

}
