package org.cordon.driver;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.cordon.compiler.acm.AcmLowering;
import org.cordon.compiler.flask.FlaskLowering;
import org.cordon.compiler.flask.MlsLowering;
import org.cordon.compiler.flask.TypeAssignment;
import org.cordon.compiler.host.XlConfigLowering;
import org.cordon.compiler.table.StatementChecks;
import org.cordon.compiler.table.StatementReader;
import org.cordon.dsl.load.AstDumps;
import org.cordon.dsl.load.CordonFrontEnd;
import org.cordon.model.Diagnostic;
import org.cordon.model.PolicyModel;
import org.cordon.verifier.Verifier;
import org.cordon.verifier.facts.Label;
import org.cordon.verifier.flask.BinaryMls;
import org.cordon.verifier.flask.FlaskFacts;
import org.cordon.verifier.flask.TranslationValidation;
import org.cordon.verifier.permmap.XenPermissionMap;
import org.cordon.verifier.placement.Fleet;
import org.cordon.verifier.placement.FleetReader;
import org.cordon.verifier.placement.PlacementCheck;
import org.cordon.verifier.placement.PlacementSolver;
import org.cordon.xsm.acm.AcmPolicies;
import org.cordon.xsm.flask.BinaryPolicyException;
import org.cordon.xsm.flask.FlaskPolicies;
import org.cordon.xsm.flask.PolicyConfException;
import org.cordon.xsm.flask.binary.PolicyWriteException;
import org.cordon.xsm.flask.conf.Ast;
import org.cordon.xsm.flask.model.FlaskPolicy;

/**
 * The pipeline, named in one place: every pass in the order it runs, each with what it needs and what it prints for
 * {@code --dump}. A pass is a thin adapter over the module that does the work (the language's front end, the
 * compiler's lowerings, the FLASK codecs, the verifier); no surface runs those modules in any other order.
 */
public final class Passes {

    /** The passes, in order. */
    public static final List<Pass> ALL = List.of(new Parse(), new Link(), new Resolve(), new Validate(),
            new AssignTypes(), new LowerFlask(), new LowerHost(), new EncodeBinary(), new ValidateBinary(), new Verify(),
            new LowerAcm(), new Place());

    private Passes() {
    }

    public static Optional<Pass> byName(String name) {
        return ALL.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    public static List<String> names() {
        return ALL.stream().map(Pass::name).toList();
    }

    private abstract static class Base implements Pass {
        private final String name;
        private final String does;
        private final List<String> needs;

        Base(String name, String does, String... needs) {
            this.name = name;
            this.does = does;
            this.needs = List.of(needs);
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String does() {
            return does;
        }

        @Override
        public List<String> needs() {
            return needs;
        }

        /** {@code work} on a thread of its own ({@link Beside}), its time there kept as this pass's. */
        <T> CompletableFuture<T> beside(Build b, Supplier<T> work) {
            return Beside.begin(() -> {
                long start = System.nanoTime();
                T made = work.get();
                b.tookBeside(name(), (System.nanoTime() - start) / 1000);
                return made;
            });
        }
    }

    // ---- the language ---------------------------------------------------------------------------------------------

    static final class Parse extends Base {
        Parse() {
            super("parse", "each .cordon source into an AST (Xtext)");
        }

        @Override
        public void run(Build b, List<Diagnostic> out) {
            if (b.parsed == null) { // an editor hands over files it has parsed already
                b.parsed = CordonFrontEnd.parse(b.sources(), out);
            }
        }

        @Override
        public void dump(Build b, PrintWriter out) {
            b.parsed().ifPresent(p -> AstDumps.ast(p, out));
        }
    }

    static final class Link extends Base {
        Link() {
            super("link", "every name to the declaration it names, across files", "parse");
        }

        @Override
        public void run(Build b, List<Diagnostic> out) {
            if (!b.linkedByEditor) {
                CordonFrontEnd.link(b.parsed, out);
            }
        }

        @Override
        public void dump(Build b, PrintWriter out) {
            b.parsed().ifPresent(p -> AstDumps.links(p, out));
        }
    }

    static final class Resolve extends Base {
        Resolve() {
            super("resolve", "the ASTs into the policy model: one stack of layers, references resolved", "link");
        }

        @Override
        public void run(Build b, List<Diagnostic> out) {
            b.model = CordonFrontEnd.resolve(b.parsed.files(), b.options().xenRelease(), out);
        }

        @Override
        public void dump(Build b, PrintWriter out) {
            b.model().ifPresent(m -> Dumps.model(m, out));
        }
    }

    static final class Validate extends Base {
        Validate() {
            super("validate", "the language's rules: names, layers and exports, structure, properties, forbids, "
                    + "denied features", "resolve");
        }

        @Override
        public void run(Build b, List<Diagnostic> out) {
            CordonFrontEnd.validate(b.model, out);
            // what statements grant: the table the lowering reads, checked against forbids and denied features
            b.table = StatementReader.read(b.model, b.catalogue().orElseThrow());
            out.addAll(StatementChecks.check(b.table));
        }

        @Override
        public void dump(Build b, PrintWriter out) {
            b.table().ifPresent(t -> Dumps.table(t, out));
            b.diagnostics(name()).forEach(d -> out.println(Dumps.line(d)));
        }
    }

    // ---- the compiler ---------------------------------------------------------------------------------------------

    static final class AssignTypes extends Base {
        AssignTypes() {
            super("assign-types", "a FLASK type per principal, shared by VMs no statement tells apart", "validate");
        }

        @Override
        public void run(Build b, List<Diagnostic> out) {
            b.types = new TypeAssignment(b.model);
            out.addAll(b.types.check(b.model));
        }

        @Override
        public void dump(Build b, PrintWriter out) {
            b.types().ifPresent(t -> t.types().forEach(d -> out.println(d.name() + " <- " + d.principals())));
        }
    }

    static final class LowerFlask extends Base {
        LowerFlask() {
            super("lower-flask", "the model into a FLASK policy.conf (Xen's xen.if conventions)", "assign-types");
        }

        @Override
        public void run(Build b, List<Diagnostic> out) {
            PolicyModel m = b.model;
            // a multi-level policy's constraints follow each permission's direction in the permission map
            XenPermissionMap map = XenPermissionMap.standard();
            b.flask = new FlaskLowering(b.table, b.types, (cls, perm) -> map.flow(cls, perm).map(f -> switch (f.direction()) {
                case READ -> MlsLowering.Flow.READ;
                case WRITE -> MlsLowering.Flow.WRITE;
                case BOTH -> MlsLowering.Flow.BOTH;
                case NONE -> MlsLowering.Flow.NONE;
            }).orElse(MlsLowering.Flow.NONE)).lower();
            out.addAll(b.flask.diagnostics());
            String header = "Xen FLASK policy " + m.name() + " version " + m.version() + " for Xen " + m.xenVersion()
                    + "\nGenerated by Cordon from " + String.join(", ", b.sourceNames())
                    + ". Edit the Cordon sources, not this file.\nBuild: checkpolicy -t Xen -c "
                    + b.options().policyVersion() + (m.multiLevel() ? " -M" : "") + " -o xenpolicy policy.conf";
            List<Ast.Stmt> file = new ArrayList<>();
            Ast.Pos at = new Ast.Pos(m.pos().file(), m.pos().line(), m.pos().column());
            header.lines().forEach(line -> file.add(new Ast.Comment(at, line)));
            file.addAll(b.flask.conf());
            b.confStatements = file; // printed when asked: check and the editors never read the text
        }

        @Override
        public void dump(Build b, PrintWriter out) {
            b.policyConf().ifPresent(out::print);
        }
    }

    static final class EncodeBinary extends Base {
        EncodeBinary() {
            super("encode-binary", "policy.conf into the binary Xen loads (what checkpolicy -t Xen writes), "
                    + "checking its neverallows", "lower-flask");
        }

        @Override
        public void run(Build b, List<Diagnostic> out) {
            try {
                // the binary is written from the statements policy.conf prints, not from the text parsed back (the
                // parse was two fifths of this pass); PipelinePropertyTest holds checkpolicy's binary of the printed
                // text to this one, byte for byte
                boolean mls = b.model.multiLevel();
                FlaskPolicy policy = FlaskPolicies.compile(b.flask.conf(), mls);
                b.binary = FlaskPolicies.writeBinary(policy, b.options().policyVersion(), mls);
            } catch (PolicyConfException e) {
                Optional<Diagnostic> forbid = Neverallows.explain(e, b);
                if (forbid.isPresent()) {
                    out.add(forbid.get());
                } else {
                    b.internalError = "the generated policy.conf does not build: " + e.getMessage();
                }
            } catch (PolicyWriteException e) {
                b.internalError = "the generated policy.conf does not encode: " + e.getMessage();
            }
        }

        @Override
        public void dump(Build b, PrintWriter out) {
            b.binary().ifPresent(bytes -> Dumps.binary(bytes, out));
        }
    }

    static final class ValidateBinary extends Base {
        ValidateBinary() {
            super("validate-binary", "the binary decoded again must grant exactly what the verifier's reading of "
                    + "the model grants, and its MLS constraints decide as the reading does on the xl.cfg labels "
                    + "(translation validation)", "encode-binary", "lower-host");
        }

        @Override
        public boolean wanted(Options options) {
            return options.verify();
        }

        /**
         * The model's side of the comparison needs no binary: it is worked out on a thread of its own from the moment
         * the types are assigned, beside the lowering and the encoding (docs/PERFORMANCE.md, the ninth session).
         */
        @Override
        public Optional<String> beginsAfter() {
            return Optional.of("assign-types");
        }

        @Override
        public void begin(Build b) {
            // a build given up never takes it; it runs to its end (tens of milliseconds at 10,000 lines)
            b.modelSide = beside(b, () -> modelSide(b));
        }

        private static TranslationValidation.ModelSide modelSide(Build b) {
            return TranslationValidation.modelSide(b.facts().orElseThrow(), b.typeLabels().orElseThrow());
        }

        @Override
        public void run(Build b, List<Diagnostic> out) {
            FlaskFacts decoded;
            try {
                decoded = FlaskFacts.of("xenpolicy", FlaskPolicies.readBinary(b.binary));
            } catch (BinaryPolicyException e) {
                b.internalError = "the binary Cordon wrote does not read back: " + e.getMessage();
                return;
            }
            // begun after assign-types whenever this pass runs; in turn only for a caller that runs the pass by itself
            b.validator = new TranslationValidation(b.modelSide != null ? Beside.join(b.modelSide) : modelSide(b),
                    decoded);
            if (b.model.multiLevel()) {
                try {
                    b.validator.withMls(binaryMls(b, decoded));
                } catch (IllegalArgumentException e) {
                    b.internalError = "the compiled artifacts' labels do not read against the binary: " + e.getMessage();
                    return;
                }
            }
            b.validation = b.validator.compare();
            if (!b.validation.differences().isEmpty()) {
                StringBuilder msg = new StringBuilder("translation validation failed: the compiled binary grants "
                        + "other accesses than the verified model (" + b.validation.differences().size()
                        + " differences)");
                b.validation.differences().stream().limit(10).forEach(d -> msg.append("\n  ").append(d.inBinaryOnly()
                        ? "only in the binary: " : "missing from the binary: ").append(d.tuple()).append("  (")
                        .append(d.origin()).append(')'));
                b.internalError = msg.toString();
            }
        }

        @Override
        public void dump(Build b, PrintWriter out) {
            b.validation().ifPresent(v -> {
                out.println(v.differences().isEmpty() ? "the binary grants exactly what the model grants"
                        : v.differences().size() + " differences");
                v.differences().forEach(d -> out.println((d.inBinaryOnly() ? "  only in the binary: "
                        : "  missing from the binary: ") + d.tuple() + "  (" + d.origin() + ")"));
            });
        }
    }

    /** The binary's MLS constraints on the contexts the xl.cfg fragments and initial SIDs give each label. */
    private static BinaryMls binaryMls(Build b, FlaskFacts decoded) {
        Set<Label> labels = new java.util.HashSet<>();
        b.facts().orElseThrow().typeRuleVectors().forEach(v -> {
            labels.add(v.source());
            labels.add(v.target());
        });
        Map<String, String> xl = new java.util.HashMap<>();
        b.xl().forEach(f -> xl.put(f.name(), f.text()));
        Map<String, List<String>> deviceModels = new java.util.HashMap<>();
        b.model.domains().forEach(d -> d.deviceModelFor().ifPresent(g -> deviceModels.put(d.name(),
                g.members().stream().map(p -> p.name()).toList())));
        Optional<String> control = b.model.domains().stream().filter(d -> d.has(PolicyModel.Role.CONTROL))
                .map(PolicyModel.Domain::name).findFirst();
        return BinaryMls.forCompiled(decoded.policy(), b.catalogue().orElseThrow(), labels, xl, b.typeLabels().orElseThrow(),
                deviceModels, control);
    }

    // ---- the verifier ---------------------------------------------------------------------------------------------

    static final class Verify extends Base {
        Verify() {
            super("verify", "the policy's claims on the verifier's own reading: assertions, class isolation, "
                    + "escalation, features, tests, resource control; again on the binary's types", "validate-binary");
        }

        @Override
        public boolean wanted(Options options) {
            return options.verify();
        }

        /**
         * The verifier reads the model with its own semantics, not the compiler's, so its verdicts on the model need
         * no FLASK pass: they are worked out on a thread of their own from the moment validate succeeds, beside the
         * lowering, the encoding and translation validation (docs/PERFORMANCE.md, the seventh session).
         */
        @Override
        public Optional<String> beginsAfter() {
            return Optional.of("validate");
        }

        @Override
        public void begin(Build b) {
            // a build given up never takes these verdicts: the thread stops at the verifier's next check
            b.modelVerdicts = beside(b, () -> onModel(b));
        }

        private static List<Diagnostic> onModel(Build b) {
            return new Verifier().verify(b.facts().orElseThrow(), b.expander().orElseThrow(), b::cancelled);
        }

        @Override
        public void run(Build b, List<Diagnostic> out) {
            if (b.validation != null && b.modelVerdicts != null && !b.modelVerdicts.isDone()) {
                // while the verifier is at work: whether the binary's types need the properties again, which clean
                // verdicts ask next; given up when the verdicts come with a violation, which never ask
                CompletableFuture<List<Diagnostic>> onModel = b.modelVerdicts;
                b.validator.prepareSharingAddsAccess(() -> onModel.isDone() && !onModel.isCompletedExceptionally()
                        && onModel.join().stream().anyMatch(Diagnostic::isViolation));
            }
            // begun after validate whenever this pass runs; in turn only for a caller that runs the pass by itself
            List<Diagnostic> verdicts = new ArrayList<>(b.modelVerdicts != null ? Beside.join(b.modelVerdicts)
                    : onModel(b));
            // a property the model keeps but the binary's types break (VMs that share a type) is a finding too
            if (verdicts.stream().noneMatch(Diagnostic::isViolation) && b.validator != null) {
                b.binaryVerdicts = b.validator.propertyFailures(XenPermissionMap.standard());
                b.binaryVerdicts.forEach(d -> verdicts.add(d.withMessage("on the compiled binary's types: "
                        + d.message())));
            }
            b.verdicts = verdicts;
            out.addAll(verdicts);
        }

        @Override
        public void dump(Build b, PrintWriter out) {
            if (b.verdicts().stream().noneMatch(d -> d.severity() != Diagnostic.Severity.INFO)) {
                out.println("the policy holds what it claims: " + b.model().map(m -> m.assertions().size()
                        + " assertions, " + m.tests().size() + " tests, " + m.classes().size() + " classes").orElse(""));
            }
            b.verdicts().forEach(d -> out.println(Dumps.line(d)));
        }
    }

    // ---- the other outputs ----------------------------------------------------------------------------------------

    static final class LowerHost extends Base {
        LowerHost() {
            super("lower-host", "an xl.cfg fragment per guest: labels, reservations, caps, limits", "assign-types");
        }

        @Override
        public void run(Build b, List<Diagnostic> out) {
            b.xl = XlConfigLowering.lower(b.model, b.types);
        }

        @Override
        public void dump(Build b, PrintWriter out) {
            b.xl().forEach(f -> out.print("## " + f.fileName() + "\n" + f.text()));
        }
    }

    static final class LowerAcm extends Base {
        LowerAcm() {
            super("lower-acm", "the Xen 3.x ACM/sHype policy, checked to keep the asserted isolation", "validate");
        }

        @Override
        public boolean wanted(Options options) {
            return options.target().acm();
        }

        @Override
        public void run(Build b, List<Diagnostic> out) {
            b.acm = AcmLowering.lower(b.table);
            out.addAll(b.acm.diagnostics());
        }

        @Override
        public void dump(Build b, PrintWriter out) {
            b.acm().ifPresent(a -> {
                out.print(AcmPolicies.writeXml(a.policy()));
                a.diagnostics().forEach(d -> out.println("# " + Dumps.line(d)));
            });
        }
    }

    static final class Place extends Base {
        Place() {
            super("place", "the fleet's VMs on its hosts (greedy, else CP-SAT): capacity, cpupools, Chinese Wall, zones", "validate");
        }

        @Override
        public void run(Build b, List<Diagnostic> out) {
            if (b.model.hosts().isEmpty()) {
                return;
            }
            Fleet fleet = new FleetReader(b.model).read();
            if (b.options().hosts().isPresent()) {
                fleet = fleet.withAvailable(b.options().hosts().get(), "is not in --hosts");
            }
            b.placement = new PlacementCheck(new PlacementSolver(PlacementSolver.Options.DEFAULT,
                    b.options().placementProgress())).check(fleet, b.model);
            out.addAll(b.placement.diagnostics());
        }

        @Override
        public void dump(Build b, PrintWriter out) {
            if (b.model().map(m -> m.hosts().isEmpty()).orElse(false)) {
                out.println("the policy declares no hosts: nothing to place");
            }
            b.placement().flatMap(PlacementCheck.Outcome::result).ifPresent(r -> Dumps.placement(r, out));
            b.diagnostics(name()).forEach(d -> out.println(Dumps.line(d)));
        }
    }
}
