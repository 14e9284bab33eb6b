package org.cordon.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cordon.compiler.CordonCompiler;
import org.cordon.model.PolicyModel;
import org.cordon.verifier.facts.FactExpander;
import org.cordon.verifier.facts.PolicyFacts;
import org.cordon.verifier.flask.FlaskFacts;
import org.cordon.xsm.catalogue.XenCatalogues;

/** A policy given on the command line, read as the verifier's facts: Cordon sources, or a FLASK policy.conf or binary. */
final class FactSources {

    /** The facts, and the Cordon model and texts when the policy is Cordon sources. */
    record Loaded(List<org.cordon.verifier.facts.Fact> facts, PolicyFacts cordon, PolicySources sources) {
    }

    private FactSources() {
    }

    static boolean isCordon(Path p) {
        return p.toString().endsWith(".cordon") || Files.isDirectory(p);
    }

    /** Reads the policy; null after reporting an error (the command then exits 2). */
    static Loaded readOrReport(List<Path> paths, PrintWriter err) {
        if (paths.size() == 1 && !isCordon(paths.get(0))) {
            FlaskFacts f = FlaskPolicyFiles.factsOrReport(paths.get(0), err);
            return f == null ? null : new Loaded(f.facts(), null, null);
        }
        PolicySources sources = PolicySources.readOrReport(paths, err);
        if (sources == null) {
            return null;
        }
        CordonCompiler.Compilation c = new CordonCompiler().compile(sources.sources);
        if (c.hasErrors() || c.model().isEmpty()) {
            new Reporter(sources.texts).text(c.diagnostics(), err);
            return null;
        }
        PolicyModel m = c.model().get();
        PolicyFacts facts = new FactExpander(m, XenCatalogues.forVersion(m.xenVersion()).orElseThrow()).expand();
        return new Loaded(facts.facts(), facts, sources);
    }
}
