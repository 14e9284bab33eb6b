package org.cordon.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cordon.driver.Build;
import org.cordon.driver.Driver;
import org.cordon.driver.Options;
import org.cordon.verifier.facts.PolicyFacts;
import org.cordon.verifier.flask.FlaskFacts;
import org.cordon.xsm.catalogue.XenCatalogues;
import org.cordon.xsm.flask.model.ReleaseFit;

/** A policy given on the command line, read as the verifier's facts: Cordon sources, or a FLASK policy.conf or binary. */
final class FactSources {

    /**
     * The facts, the Cordon model and texts when the policy is Cordon sources, and the Xen releases it is for: the
     * target of Cordon sources, the releases a FLASK policy's classes fit exactly (with {@code xen} saying so).
     */
    record Loaded(List<org.cordon.verifier.facts.Fact> facts, PolicyFacts cordon, PolicySources sources,
            List<String> releases, String xen) {
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
            return f == null ? null : new Loaded(f.facts(), null, null, ReleaseFit.exact(f.policy()),
                    ReleaseFit.describe(f.policy()));
        }
        PolicySources sources = PolicySources.readOrReport(paths, err);
        if (sources == null) {
            return null;
        }
        // the verifier's reading of a model that passed the language's checks
        Build b = Driver.run(sources.sources, Options.defaults().withGoals("validate"));
        if (b.hasErrors() || b.facts().isEmpty()) {
            new Reporter(sources.texts).text(b.diagnostics(), err);
            return null;
        }
        PolicyFacts facts = b.facts().get();
        String target = XenCatalogues.release(facts.model().xenVersion()).orElse(facts.model().xenVersion());
        return new Loaded(facts.facts(), facts, sources, List.of(target), "a Cordon policy for Xen " + target);
    }
}
