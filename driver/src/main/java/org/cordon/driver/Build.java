package org.cordon.driver;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.cordon.compiler.acm.AcmLowering;
import org.cordon.compiler.flask.FlaskLowering;
import org.cordon.compiler.flask.TypeAssignment;
import org.cordon.compiler.host.XlConfigLowering;
import org.cordon.compiler.table.StatementTable;
import org.cordon.dsl.load.CordonFrontEnd;
import org.cordon.model.Diagnostic;
import org.cordon.model.DiagnosticCode;
import org.cordon.model.PolicyModel;
import org.cordon.model.SourcePos;
import org.cordon.verifier.facts.FactExpander;
import org.cordon.verifier.facts.Label;
import org.cordon.verifier.facts.PolicyFacts;
import org.cordon.verifier.flask.TranslationValidation;
import org.cordon.verifier.placement.PlacementCheck;
import org.cordon.xsm.catalogue.XenCatalogue;
import org.cordon.xsm.catalogue.XenCatalogues;
import org.cordon.xsm.flask.conf.Ast;
import org.cordon.xsm.flask.conf.ConfPrinter;

/**
 * Everything one run of the pipeline produced, pass by pass: each pass's output (absent when the pass did not run)
 * and its diagnostics. Passes fill it in order; surfaces read it. Once {@link Driver#run} returns, nothing changes it
 * ({@link #facts()}, {@link #typeLabels()} and {@link #policyConf()} are made once, when first asked; the facts and the
 * type labels perhaps by a thread beside the passes, which may still be at work when a pass before its own failed).
 */
public final class Build {

    /** What happened to one pass. */
    public record PassRun(String pass, boolean ran, String why, long micros, int errors) {
    }

    private final Options options;
    private final List<CordonFrontEnd.Source> sources;
    private final Map<String, List<Diagnostic>> diagnostics = new LinkedHashMap<>();
    private final List<PassRun> runs = new ArrayList<>();

    CordonFrontEnd.Parsed parsed;
    /** The files come from an editor that parsed and linked them and reports those passes' errors itself. */
    boolean linkedByEditor;
    PolicyModel model;
    StatementTable table;
    TypeAssignment types;
    FlaskLowering.Result flask;
    /** policy.conf's statements, its header comments first; {@link #policyConf()} prints them once, when asked. */
    List<Ast.Stmt> confStatements;
    private String policyConf;
    byte[] binary;
    /** Translation validation's side of the model, begun beside the lowering and the encoding. */
    CompletableFuture<TranslationValidation.ModelSide> modelSide;
    TranslationValidation validator;
    TranslationValidation.Result validation;
    /** The verifier's verdicts on the model, begun beside the compiler's passes ({@link Pass#beginsAfter}). */
    CompletableFuture<List<Diagnostic>> modelVerdicts;
    /** How long each pass's work beside the passes before it took, by pass, once it ended. */
    private final Map<String, Long> besideMicros = new ConcurrentHashMap<>();
    List<Diagnostic> verdicts;
    List<Diagnostic> binaryVerdicts;
    List<XlConfigLowering.XlFragment> xl;
    AcmLowering.Result acm;
    PlacementCheck.Outcome placement;
    String internalError;
    /** Given up between passes ({@link Driver#runLinked(CordonFrontEnd.Parsed, Options, java.util.function.BooleanSupplier)}). */
    volatile boolean cancelled; // read by the verifier's thread too (Passes.Verify#begin)
    /**
     * What {@link #facts()} is made under, apart from the rest: the verifier's thread makes them while the passes ask
     * for {@link #typeLabels()} and compile's writer for {@link #policyConf()}.
     */
    private final Object reading = new Object();
    private FactExpander expander;
    private PolicyFacts facts;
    private Map<String, Set<Label>> typeLabels;

    Build(Options options, List<CordonFrontEnd.Source> sources) {
        this.options = options;
        this.sources = List.copyOf(sources);
    }

    public Options options() {
        return options;
    }

    /** The sources, by the name diagnostics report them under (empty for an editor's already parsed files). */
    public List<CordonFrontEnd.Source> sources() {
        return sources;
    }

    /** The names of the policy's files, as diagnostics report them. */
    public List<String> sourceNames() {
        if (!sources.isEmpty() || parsed == null) {
            return sources.stream().map(CordonFrontEnd.Source::name).toList();
        }
        return parsed.files().stream().map(f -> f.file()).toList();
    }

    /** Every diagnostic, in pass order. */
    public List<Diagnostic> diagnostics() {
        List<Diagnostic> all = new ArrayList<>();
        diagnostics.values().forEach(all::addAll);
        return all;
    }

    /** The diagnostics one pass reported. */
    public List<Diagnostic> diagnostics(String pass) {
        return diagnostics.getOrDefault(pass, List.of());
    }

    List<Diagnostic> sink(String pass) {
        return diagnostics.computeIfAbsent(pass, k -> new ArrayList<>());
    }

    void ran(PassRun run) {
        runs.add(run);
    }

    public List<PassRun> runs() {
        return Collections.unmodifiableList(runs);
    }

    /**
     * How long a pass's own work took on its thread beside the passes before it ({@link Pass#beginsAfter}), in
     * microseconds; empty when it did none or has not ended. Its {@link PassRun#micros()} is then only its wait for
     * that work and what it did in its turn.
     */
    public OptionalLong besideMicros(String pass) {
        Long micros = besideMicros.get(pass);
        return micros == null ? OptionalLong.empty() : OptionalLong.of(micros);
    }

    void tookBeside(String pass, long micros) {
        besideMicros.put(pass, micros);
    }

    public boolean ran(String pass) {
        return runs.stream().anyMatch(r -> r.pass().equals(pass) && r.ran());
    }

    /** Whether a pass ran and reported no error. */
    public boolean succeeded(String pass) {
        return runs.stream().anyMatch(r -> r.pass().equals(pass) && r.ran() && r.errors() == 0);
    }

    /**
     * Whether the build was given up before its last pass, at its editor's asking: its diagnostics are then not the
     * policy's, and {@link #exitCode()} refuses to give one.
     */
    public boolean cancelled() {
        return cancelled;
    }

    public boolean hasErrors() {
        return diagnostics().stream().anyMatch(Diagnostic::isError);
    }

    /**
     * Whether a pass other than {@code pass} reported an error: for surfaces that answer with one pass's verdicts
     * (graph draws the verifier's, place gives the placement's) and refuse a policy with any other error.
     */
    public boolean hasErrorsOutside(String pass) {
        return runs.stream().anyMatch(r -> !r.pass().equals(pass) && r.errors() > 0);
    }

    /**
     * The exit code this build means: 70 for a fault of Cordon's own, else 2 for input errors, 1 for policy
     * violations, 0 otherwise ({@link DiagnosticCode#exitCode}).
     */
    public int exitCode() {
        if (cancelled) {
            throw new IllegalStateException("a cancelled build has no verdict");
        }
        return DiagnosticCode.exitCode(diagnostics());
    }

    /** Where a diagnostic about the whole policy stands: its header, else the start of its first file. */
    SourcePos headerPos() {
        if (model != null) {
            return model.pos();
        }
        List<String> names = sourceNames();
        return new SourcePos(names.isEmpty() ? "<policy>" : names.get(0), 1, 1, 0, 0);
    }

    /** A fault of Cordon's own (the binary it wrote does not read back, translation validation failed); it is
     * also among the diagnostics, as {@link DiagnosticCode#INTERNAL}. */
    public Optional<String> internalError() {
        return Optional.ofNullable(internalError);
    }

    public Optional<CordonFrontEnd.Parsed> parsed() {
        return Optional.ofNullable(parsed);
    }

    public Optional<PolicyModel> model() {
        return Optional.ofNullable(model);
    }

    public Optional<XenCatalogue> catalogue() {
        return model().flatMap(m -> XenCatalogues.forVersion(m.xenVersion()));
    }

    /** What each statement grants, as the language's checks and the FLASK lowering read it. */
    public Optional<StatementTable> table() {
        return Optional.ofNullable(table);
    }

    public Optional<TypeAssignment> types() {
        return Optional.ofNullable(types);
    }

    public Optional<FlaskLowering.Result> flask() {
        return Optional.ofNullable(flask);
    }

    /** The policy.conf text, as written to DIR/policy.conf. */
    public synchronized Optional<String> policyConf() {
        if (policyConf == null && confStatements != null) {
            policyConf = ConfPrinter.print(confStatements);
        }
        return Optional.ofNullable(policyConf);
    }

    /** The binary, as written to DIR/xenpolicy. */
    public Optional<byte[]> binary() {
        return Optional.ofNullable(binary).map(byte[]::clone);
    }

    public Optional<TranslationValidation.Result> validation() {
        return Optional.ofNullable(validation);
    }

    /** The verifier's verdicts (empty when it did not run). */
    public List<Diagnostic> verdicts() {
        return verdicts == null ? List.of() : verdicts;
    }

    /**
     * The properties checked again on the binary's types (empty when the model's verdicts already failed, or no type
     * is shared).
     */
    public List<Diagnostic> binaryVerdicts() {
        return binaryVerdicts == null ? List.of() : binaryVerdicts;
    }

    public List<XlConfigLowering.XlFragment> xl() {
        return xl == null ? List.of() : xl;
    }

    public Optional<AcmLowering.Result> acm() {
        return Optional.ofNullable(acm);
    }

    public Optional<PlacementCheck.Outcome> placement() {
        return Optional.ofNullable(placement);
    }

    /**
     * The verifier's own reading of the model (which tuples each statement means), made once when first asked:
     * translation validation, the verifier, explain and graph all read it.
     */
    public Optional<PolicyFacts> facts() {
        synchronized (reading) {
            if (facts == null && model != null && model.names().resolved() && catalogue().isPresent()) {
                expander = new FactExpander(model, catalogue().get());
                facts = expander.expand();
            }
            return Optional.ofNullable(facts);
        }
    }

    /** The verifier's reader of statements that made {@link #facts()} (it also reads what a policy test asks). */
    public Optional<FactExpander> expander() {
        synchronized (reading) {
            facts();
            return Optional.ofNullable(expander);
        }
    }

    /** Which of the verifier's labels each FLASK type of the compiled policy stands for. */
    public synchronized Optional<Map<String, Set<Label>>> typeLabels() {
        if (typeLabels == null && types != null && model != null) {
            typeLabels = TypeLabels.of(types, model);
        }
        return Optional.ofNullable(typeLabels);
    }
}
