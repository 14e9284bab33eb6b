package org.cordon.driver;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import org.cordon.dsl.load.CordonFrontEnd;
import org.cordon.model.Diagnostic;
import org.cordon.model.DiagnosticCode;

/**
 * The one way to turn Cordon sources into verdicts and outputs: runs {@link Passes#ALL} in order on a {@link Build}
 * (a pass whose work needs less than the passes before it may begin that work beside them: {@link Pass#beginsAfter}).
 * {@code cordon check} and {@code cordon compile} run the same passes — compile then writes what they produced — so
 * a policy check accepts is a policy compile writes. The language server and the Eclipse plugin run it too, on the
 * files they have parsed.
 */
public final class Driver {

    private Driver() {
    }

    /** Every pass the options want, on sources. */
    public static Build run(List<CordonFrontEnd.Source> sources, Options options) {
        return run(new Build(options, sources), (b, r) -> { }, () -> false);
    }

    /**
     * The same, telling {@code afterEach} of each pass as it ends, run or not: {@code compile} starts making its output
     * files there, while the passes that are left run ({@link FragmentStage}).
     */
    public static Build run(List<CordonFrontEnd.Source> sources, Options options,
            BiConsumer<Build, Build.PassRun> afterEach) {
        return run(new Build(options, sources), afterEach, () -> false);
    }

    /** What {@code cordon check} runs: every pass, writing nothing. */
    public static Build check(List<CordonFrontEnd.Source> sources) {
        return run(sources, Options.defaults());
    }

    /**
     * The passes after linking, on files an editor has parsed and linked already (its Xtext resources, in one
     * resource set, whose syntax and linking errors it shows itself): what an editor shows is what
     * {@code cordon check} reports.
     */
    public static Build runLinked(CordonFrontEnd.Parsed parsed, Options options) {
        return runLinked(parsed, options, () -> false);
    }

    /**
     * The same, given up between passes once {@code cancelled} says so: an editor's check of a text the user has
     * typed on from. A build given up is {@link Build#cancelled()}; its diagnostics are those of the passes that ran,
     * and no surface may show them as the policy's.
     */
    public static Build runLinked(CordonFrontEnd.Parsed parsed, Options options, BooleanSupplier cancelled) {
        Build b = new Build(options, List.of());
        b.parsed = parsed;
        b.linkedByEditor = true;
        return run(b, (built, r) -> { }, cancelled);
    }

    private static Build run(Build b, BiConsumer<Build, Build.PassRun> afterEach, BooleanSupplier cancelled) {
        Set<String> wanted = closure(b.options());
        for (Pass pass : Passes.ALL) {
            if (!b.cancelled && cancelled.getAsBoolean()) {
                b.cancelled = true;
            }
            if (b.cancelled) {
                after(b, new Build.PassRun(pass.name(), false, "cancelled", 0, 0), afterEach);
                continue;
            }
            if (!wanted.contains(pass.name()) || !pass.wanted(b.options())) {
                after(b, new Build.PassRun(pass.name(), false, "not asked for", 0, 0), afterEach);
                continue;
            }
            String blocked = pass.needs().stream().filter(n -> !b.succeeded(n)).findFirst().orElse(null);
            if (blocked != null || b.internalError().isPresent()) {
                after(b, new Build.PassRun(pass.name(), false, blocked == null ? "internal error"
                        : "pass " + blocked + " did not succeed", 0, 0), afterEach);
                continue;
            }
            List<Diagnostic> sink = b.sink(pass.name());
            long start = System.nanoTime();
            pass.run(b, sink);
            // a fault of Cordon's own is a diagnostic too, so every surface shows it and exits 70
            b.internalError().ifPresent(e -> sink.add(Diagnostic.of(DiagnosticCode.INTERNAL, b.headerPos(),
                    "internal error: " + e)));
            int errors = (int) sink.stream().filter(Diagnostic::isError).count();
            after(b, new Build.PassRun(pass.name(), true, "", (System.nanoTime() - start) / 1000, errors), afterEach);
            if (errors == 0 && b.internalError().isEmpty()) {
                beginAfter(pass, b, wanted);
            }
        }
        return b;
    }

    /** The later passes whose own work may begin now that {@code done} succeeded ({@link Pass#beginsAfter}). */
    private static void beginAfter(Pass done, Build b, Set<String> wanted) {
        for (Pass later : Passes.ALL) {
            if (later.beginsAfter().filter(done.name()::equals).isPresent() && wanted.contains(later.name())
                    && later.wanted(b.options())) {
                later.begin(b);
            }
        }
    }

    private static void after(Build b, Build.PassRun run, BiConsumer<Build, Build.PassRun> afterEach) {
        b.ran(run);
        afterEach.accept(b, run);
    }

    /** The goal passes and every pass they need, transitively; every pass when no goal is given. */
    private static Set<String> closure(Options options) {
        if (options.goals().isEmpty()) {
            return new HashSet<>(Passes.names());
        }
        Set<String> out = new LinkedHashSet<>();
        List<String> todo = new java.util.ArrayList<>(options.goals());
        while (!todo.isEmpty()) {
            String n = todo.remove(todo.size() - 1);
            if (out.add(n)) {
                todo.addAll(Passes.byName(n).orElseThrow().needs());
            }
        }
        return out;
    }

    /** Cordon's version, as the jar's manifest says. */
    public static String version() {
        String v = Driver.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-SNAPSHOT" : v;
    }
}
