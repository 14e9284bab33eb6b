package org.cordon.verifier.flask;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.cordon.xsm.flask.FlaskPolicies;
import org.cordon.xsm.flask.model.FlaskPolicy;
import org.junit.jupiter.api.Test;

/**
 * The binary's MLS constraints evaluated on contexts, against what the constraints of Xen's own MLS policy (the
 * vector, built by checkpolicy -M) say in their source: {@code mlsconstrain domain { getdomaininfo … } ((l1 dom l2)
 * or (t1 == mls_priv))} and {@code mlsconstrain domain transition ((h1 dom h2) and ((l1 eq l2) or (t1 == mls_priv)))}.
 */
class BinaryMlsTest {

    static BinaryMls vector() throws Exception {
        Path p = FlaskPolicyVerifierTest.vector("mls/xenpolicy-mls");
        FlaskPolicy policy = FlaskPolicies.readBinary(Files.readAllBytes(p));
        return BinaryMls.of(policy, Map.of());
    }

    @Test
    void readsDownNotUpUnlessTheSubjectIsPrivileged() throws Exception {
        BinaryMls mls = vector();
        String low = "system_u:system_r:domU_t:s0";
        String high = "system_u:system_r:domU_t:s1";
        assertTrue(mls.allows(high, low, "domain", "getdomaininfo"));
        assertFalse(mls.allows(low, high, "domain", "getdomaininfo"));
        assertTrue(mls.allows("system_u:system_r:dom0_t:s0", high, "domain", "getdomaininfo"), "dom0_t is mls_priv");
        // a permission no constraint names
        assertTrue(mls.allows(low, high, "domain", "getscheduler"));
    }

    @Test
    void categoriesCountAndXensRangeNotationReads() throws Exception {
        BinaryMls mls = vector();
        // c0.c3 is c0 to c3, as Xen prints consecutive categories
        assertTrue(mls.allows("system_u:system_r:domU_t:s1:c0.c3", "system_u:system_r:domU_t:s1:c1,c2", "domain",
                "getdomaininfo"));
        assertFalse(mls.allows("system_u:system_r:domU_t:s1:c0,c2", "system_u:system_r:domU_t:s1:c1", "domain",
                "getdomaininfo"));
        // a range: the low level is l1
        assertFalse(mls.allows("system_u:system_r:domU_t:s0-s15:c0.c255", "system_u:system_r:domU_t:s1", "domain",
                "getdomaininfo"));
        // transition: h1 dom h2, and the same low level
        assertTrue(mls.allows("system_u:system_r:domU_t:s1-s2", "system_u:system_r:domU_t:s1", "domain", "transition"));
        assertFalse(mls.allows("system_u:system_r:domU_t:s1", "system_u:system_r:domU_t:s1-s2", "domain", "transition"));
    }

    @Test
    void contextsItCannotReadAreRefusedByName() throws Exception {
        BinaryMls mls = vector();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> mls.allows(
                "system_u:system_r:domU_t:s99", "system_u:system_r:domU_t:s0", "domain", "getdomaininfo"));
        assertTrue(e.getMessage().contains("unknown sensitivity 's99'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> mls.allows("system_u:system_r:no_such_t:s0",
                "system_u:system_r:domU_t:s0", "domain", "getdomaininfo"));
        assertThrows(IllegalArgumentException.class, () -> mls.allows("system_u:system_r:domU_t",
                "system_u:system_r:domU_t:s0", "domain", "getdomaininfo"));
    }
}
