package org.cordon.driver.imports;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import org.cordon.driver.Build;
import org.cordon.driver.Driver;
import org.cordon.driver.Options;
import org.cordon.dsl.gen.RandomPolicy;
import org.cordon.verifier.flask.FlaskFacts;
import org.cordon.xsm.catalogue.XenCatalogues;
import org.cordon.xsm.flask.FlaskPolicies;
import org.junit.jupiter.api.Test;

/**
 * Every policy Cordon compiles imports back with an empty difference: random policies of every construct (the
 * generator in dsl's test-jar: classes, clusters, channels of each kind, devices, switches, device models, build
 * labels, multi-level ones) compiled to a binary, the binary imported, the proof empty. Policies with planted conflicts
 * are left out (they do not compile). {@code -Dcordon.import.policies=N} sets how many (200 by default).
 */
class ImportRoundTripPropertyTest {

    private static final int POLICIES = Integer.getInteger("cordon.import.policies", 200);

    @Test
    void everyCompiledPolicyImportsBackWithNoDifference() throws Exception {
        int imported = 0;
        for (long seed = 0; seed < POLICIES; seed++) {
            RandomPolicy.Generated g = RandomPolicy.generate(seed, seed % 10 == 9 ? RandomPolicy.Shape.large()
                    : RandomPolicy.Shape.medium());
            Build b = Driver.run(g.sources(), Options.defaults().withGoals("encode-binary"));
            if (b.hasErrors() || b.binary().isEmpty()) {
                continue;
            }
            String release = XenCatalogues.release(b.model().orElseThrow().xenVersion()).orElseThrow();
            FlaskFacts facts = FlaskFacts.of("seed-" + seed, FlaskPolicies.readBinary(b.binary().get()));
            FlaskImport.Result r = FlaskImport.run("roundtrip", facts, XenCatalogues.forVersion(release).orElseThrow(),
                    List.of());
            if (!r.proved()) {
                fail("seed " + seed + ": the import of the compiled policy differs:\n"
                        + String.join("\n", r.differences().subList(0, Math.min(30, r.differences().size())))
                        + "\n" + r.diagnostics() + "\n---- the policy:\n" + g.text()
                        + "\n---- the import:\n" + String.join("\n", r.files().values()));
            }
            imported++;
        }
        assertTrue(imported > POLICIES / 2, "only " + imported + " of " + POLICIES + " random policies compiled");
    }
}
