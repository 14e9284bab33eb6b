package org.cordon.compiler.acm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.cordon.xsm.acm.AcmPolicy;
import org.junit.jupiter.api.Test;

/** Small policies lowered to ACM: the corners of the mapping. */
class AcmLoweringTest {

    private static AcmLowering.Result lower(String text) {
        return AcmLowering.lower(Tables.of(AcmIsolationCheckTest.parse(text)));
    }

    @Test
    void withoutAControlDomainXensOwnBootstrapLabelIsUsed() {
        AcmLowering.Result r = lower("""
                policy bare version 1.0
                target xen 4.22
                layer base {
                  class c isolation strong { vm x { vcpus 1 memory 1 GiB } }
                }
                """);
        AcmPolicy p = r.policy();
        assertEquals(AcmLowering.DEFAULT_BOOTSTRAP, p.bootstrapLabel());
        assertEquals(List.of(AcmLowering.DEFAULT_BOOTSTRAP, "c"), p.vmLabel(p.bootstrapLabel()).orElseThrow().steTypes());
        assertTrue(r.warnings().stream().anyMatch(w -> w.message().contains("no control domain") && w.pos().line() == 1),
                () -> r.warnings().toString());
        assertFalse(r.hasErrors());
    }

    @Test
    void versionsBecomeMajorMinor() {
        String text = """
                policy v version VERSION
                target xen 4.22
                layer base { domain dom0 : control singleton }
                """;
        assertEquals("1.4", lower(text.replace("VERSION", "1.4")).policy().header().version());
        AcmLowering.Result three = lower(text.replace("VERSION", "1.4.2"));
        assertEquals("1.4", three.policy().header().version());
        assertTrue(three.warnings().stream().anyMatch(w -> w.message().contains("major.minor")));
    }

    @Test
    void loweringIsDeterministic() {
        String text = AcmIsolationCheckTest.MEDIATED;
        assertEquals(lower(text).policy(), lower(text).policy());
        assertEquals(org.cordon.xsm.acm.AcmPolicies.writeXml(lower(text).policy()),
                org.cordon.xsm.acm.AcmPolicies.writeXml(lower(text).policy()));
    }
}
