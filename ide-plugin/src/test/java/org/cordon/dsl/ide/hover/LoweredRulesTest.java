package org.cordon.dsl.ide.hover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.cordon.driver.Build;
import org.cordon.driver.Driver;
import org.cordon.dsl.load.CordonFrontEnd;
import org.junit.jupiter.api.Test;

/** The statement → rules reading of the emitted policy.conf, on a real compilation. */
class LoweredRulesTest {

    static final String POLICY = """
            policy p version 1
            target xen 4.22
            layer l {
              domain dom0 : control singleton
              class web isolation weak { vm a }
              allow dom0 create, manage web
              allow web -> xen : xen.writeconsole
            }
            """;

    @Test
    void everyRuleOfAStatementIsUnderItsHeader() {
        Build c = Driver.check(List.of(new CordonFrontEnd.Source("p.cordon", POLICY)));
        assertTrue(c.policyConf().isPresent(), c.diagnostics().toString());
        List<LoweredRules.Block> blocks = LoweredRules.byFile(c.policyConf().get()).get("p.cordon");
        Optional<LoweredRules.Block> console = blocks.stream().filter(b -> b.line() == 7 && b.column() == 3).findFirst();
        assertTrue(console.isPresent(), blocks.toString());
        assertEquals(1, console.get().rules().stream().filter(r -> r.contains("writeconsole")).count(),
                console.get().rules().toString());
        LoweredRules.Block create = blocks.stream().filter(b -> b.line() == 6).findFirst().orElseThrow();
        assertTrue(create.rules().stream().anyMatch(r -> r.startsWith("allow dom0_t ") && r.contains("create")),
                create.rules().toString());
        String md = LoweredRules.markdown(List.of(create), "4.22", 2);
        assertTrue(md.startsWith("**Lowers to** (FLASK policy.conf for Xen 4.22):\n\n```\n# allow dom0 create, manage web\n"), md);
    }
}
