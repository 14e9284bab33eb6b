package org.cordon.xsm.acm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The compilers' extra rules on policies built in memory (no vectors needed). */
class AcmPolicyValidatorTest {

    private static AcmPolicy policy(String name, List<VmLabel> vms, List<ResourceLabel> res, List<ConflictSet> sets) {
        return new AcmPolicy(PolicyHeader.of(name, "1.0"), new SteComponent(List.of("A", "B"), false),
                new ChwallComponent(List.of("X", "Y"), sets, false), vms.isEmpty() ? null : vms.get(0).name(), vms, res);
    }

    private static VmLabel vm(String name) {
        return new VmLabel(name, null, List.of("A"), List.of("X"));
    }

    private static String problems(AcmPolicy p) {
        return AcmPolicies.validate(p, Numbering.SORTED).toString();
    }

    @Test
    void aCleanPolicyHasNoProblems() {
        assertEquals("[]", problems(policy("p", List.of(vm("dom0"), vm("g")), List.of(new ResourceLabel("r", null, "B")),
                List.of(new ConflictSet("c", List.of("X", "Y"))))));
    }

    @Test
    void colonsAreRefusedInNames() {
        assertTrue(problems(policy("a:b", List.of(vm("dom0")), List.of(), List.of())).contains("policy name >a:b<"));
        assertTrue(problems(policy("p", List.of(vm("d:0")), List.of(), List.of())).contains("VM label >d:0<"));
        assertTrue(problems(policy("p", List.of(vm("dom0")), List.of(new ResourceLabel("r:1", null, "A")), List.of()))
                .contains("resource label >r:1<"));
    }

    @Test
    void duplicatesAreRefused() {
        assertTrue(problems(policy("p", List.of(vm("dom0"), vm("dom0")), List.of(), List.of()))
                .contains("VM label >dom0< defined more than once"));
        AcmPolicy dupType = new AcmPolicy(PolicyHeader.of("p", "1.0"), new SteComponent(List.of("A", "A"), false), null,
                "d", List.of(new VmLabel("d", null, List.of("A"), List.of())), List.of());
        assertTrue(problems(dupType).contains("Type >A< defined more than once"));
        assertTrue(problems(policy("p", List.of(vm("dom0")), List.of(),
                List.of(new ConflictSet("c", List.of("X")), new ConflictSet("c", List.of("Y")))))
                .contains("conflict set name >c< used more than once"));
    }

    @Test
    void undeclaredTypesAndReservedNamesAreRefused() {
        AcmPolicy p = policy("p", List.of(new VmLabel("dom0", null, List.of("Q"), List.of("Z"))), List.of(),
                List.of(new ConflictSet("", List.of("A"))));
        String s = problems(p);
        assertTrue(s.contains("unknown VM STE type >Q<"), s);
        assertTrue(s.contains("unknown VM CHWALL type >Z<"), s);
        assertTrue(s.contains("CS type >A< not a CHWALL type"), s);
        assertTrue(s.contains("conflict set without a name"), s);
        assertTrue(problems(policy("p", List.of(vm(AcmPolicy.NULL_LABEL)), List.of(), List.of())).contains("reserved"));
    }

    @Test
    void versionMustBeMajorDotMinor() {
        AcmPolicy p = new AcmPolicy(new PolicyHeader("p", null, null, null, null, "1x0", null), null, null, null,
                List.of(), List.of());
        assertTrue(problems(p).contains("Version >1x0<"));
    }

    @Test
    void compilingAnInvalidPolicyFails() {
        AcmPolicy p = policy("p", List.of(new VmLabel("dom0", null, List.of("Q"), List.of())), List.of(), List.of());
        AcmXmlException e = assertThrows(AcmXmlException.class, () -> AcmPolicies.writeBinary(p));
        assertTrue(e.getMessage().contains(">Q<"), e::getMessage);
    }

    @Test
    void xml2binNeedsTheBootstrapLabelInEveryComponent() {
        AcmPolicy p = policy("p", List.of(new VmLabel("dom0", null, List.of("A"), List.of()), vm("g")), List.of(),
                List.of());
        assertEquals(List.of(), AcmPolicies.validate(p, Numbering.SORTED));
        assertTrue(AcmPolicies.validate(p, Numbering.DOCUMENT).toString().contains("Bootstrap label >dom0< not found"));
    }
}
