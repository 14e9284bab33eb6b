package org.cordon.xsm.acm;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** STE sharing and the Chinese Wall check (acm.md §1.3 "What this policy means", §2.2). */
class AcmSemanticsTest {

    private static AcmPolicy acme() throws Exception {
        return AcmPolicies.readXml(AcmVectors.policy("acme")).policy();
    }

    @Test
    void steSharingFollowsTheWorkedExample() throws Exception {
        AcmPolicy p = acme();
        assertTrue(AcmPolicies.canShare(p, "FinanceA", "FinanceB"));
        assertFalse(AcmPolicies.canShare(p, "StorageDomain", "FinanceA"));
        assertFalse(AcmPolicies.canShare(p, "StorageDomain", "FinanceB"));
        for (String l : List.of("FinanceA", "FinanceB", "StorageDomain", "FinanceDisk", "HRDisk")) {
            assertTrue(AcmPolicies.canShare(p, "SystemManagement", l), l);
        }
        assertTrue(AcmPolicies.canShare(p, "FinanceA", "FinanceDisk"));
        assertTrue(AcmPolicies.canShare(p, "FinanceB", "FinanceDisk"));
        assertFalse(AcmPolicies.canShare(p, "StorageDomain", "FinanceDisk"));
        assertTrue(AcmPolicies.canShare(p, "StorageDomain", "HRDisk"));
        assertFalse(AcmPolicies.canShare(p, "FinanceA", "HRDisk"));
    }

    @Test
    void chineseWallFollowsTheWorkedExample() throws Exception {
        AcmPolicy p = acme();
        assertTrue(AcmPolicies.conflicts(p, "FinanceA", "FinanceB"));
        assertTrue(AcmPolicies.blocksStart(p, "FinanceB", "FinanceA"));
        assertFalse(AcmPolicies.conflicts(p, "FinanceA", "FinanceA"), "same type may run together");
        assertFalse(AcmPolicies.conflicts(p, "FinanceA", "StorageDomain"));
        assertFalse(AcmPolicies.conflicts(p, "SystemManagement", "FinanceB"));
    }

    @Test
    void holdingTwoTypesOfOneSetIsOrderDependent() {
        AcmPolicy p = new AcmPolicy(PolicyHeader.of("cw", "1.0"), null,
                new ChwallComponent(List.of("x", "y"), List.of(new ConflictSet("c", List.of("x", "y"))), false),
                "both", List.of(new VmLabel("both", null, List.of(), List.of("x", "y")),
                        new VmLabel("justX", null, List.of(), List.of("x"))), List.of());
        assertFalse(AcmPolicies.conflicts(p, "both", "both"), "a label never conflicts with itself");
        assertFalse(AcmPolicies.blocksStart(p, "both", "justX"));
        assertTrue(AcmPolicies.blocksStart(p, "justX", "both"));
        assertTrue(AcmPolicies.conflicts(p, "both", "justX"));
    }

    @Test
    void unknownLabelIsAnError() throws Exception {
        AcmPolicy p = acme();
        assertThrows(IllegalArgumentException.class, () -> AcmPolicies.canShare(p, "nope", "FinanceA"));
    }
}
