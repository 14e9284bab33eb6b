package org.cordon.xsm.acm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The xm-test policies describe an update from xm-test 1.0 (acm.md §1.4). */
class AcmUpdateCheckTest {

    @Test
    void xmTestNewUpdatesXmTest() throws Exception {
        AcmPolicy current = AcmPolicies.readXml(AcmVectors.policy("xm-test")).policy();
        AcmPolicy next = AcmPolicies.readXml(AcmVectors.policy("xm-test-new")).policy();
        assertEquals(List.of(), AcmPolicies.checkUpdate(current, next));
    }

    @Test
    void updateMustNameTheCurrentPolicyAndRaiseTheVersion() throws Exception {
        AcmPolicy current = AcmPolicies.readXml(AcmVectors.policy("acme")).policy();
        AcmPolicy next = AcmPolicies.readXml(AcmVectors.policy("xm-test-update")).policy();
        String problems = AcmPolicies.checkUpdate(current, next).toString();
        assertTrue(problems.contains("FromPolicy is xm-test 1.0"), problems);
        AcmPolicy same = AcmPolicies.readXml(AcmVectors.policy("xm-test")).policy();
        assertTrue(AcmPolicies.checkUpdate(same, same).toString().contains("no FromPolicy"));
    }

    @Test
    void renamesMustReferToExistingLabels() {
        AcmPolicy current = new AcmPolicy(PolicyHeader.of("p", "1.0"), new SteComponent(List.of("A"), false), null,
                "d", List.of(new VmLabel("d", null, List.of("A"), List.of())), List.of());
        AcmPolicy next = new AcmPolicy(new PolicyHeader("p", null, null, null, null, "1.1", new FromPolicy("p", "1.0")),
                new SteComponent(List.of("A"), false), null, "d",
                List.of(new VmLabel("d", null, List.of("A"), List.of()), new VmLabel("e", "ghost", List.of("A"), List.of())),
                List.of());
        assertTrue(AcmPolicies.checkUpdate(current, next).toString().contains("renamed from >ghost<"));
    }
}
