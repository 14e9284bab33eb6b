package org.cordon.xsm.flask.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cordon.xsm.flask.FlaskPolicies;
import org.junit.jupiter.api.Test;

/** Level text as Xen writes it, read by a policy's names (aliases too) and written back with its primary names. */
class MlsNamesTest {

    private static final String POLICY = """
            class xen
            sid xen
            class xen { read }
            sensitivity s0;
            sensitivity s1 alias secret;
            dominance { s0 s1 }
            category c0;
            category c1 alias blue;
            category c2;
            category c3;
            level s0:c0.c3;
            level s1:c0.c3;
            mlsconstrain xen read (l1 dom l2);
            type xen_t;
            role system_r;
            role system_r types { xen_t };
            user system_u roles system_r level s0 range s0 - s1:c0.c3;
            sid xen system_u:system_r:xen_t:s0
            """;

    @Test
    void levelsReadByNameAndWrittenBack() throws Exception {
        MlsNames names = new MlsNames(FlaskPolicies.parse("mls.conf", POLICY, true));
        MlsLevel ranged = names.level("s1:c0,c2.c3");
        assertEquals(2, ranged.sens());
        assertEquals(java.util.List.of(0, 2, 3), ranged.cats().stream().boxed().toList());
        assertEquals("s1:c0,c2,c3", names.text(ranged));
        assertEquals(ranged, names.level("secret:c0, c2.c3"), "aliases and spaces read as Xen's names");
        assertEquals(names.level("s0:c1"), names.level("s0:blue"));
        assertEquals("s0", names.text(names.level("s0")));

        assertTrue(ranged.dominates(names.level("s0:c2")));
        assertTrue(ranged.dominates(ranged));
        assertFalse(names.level("s0:c2").dominates(ranged));
        assertFalse(ranged.dominates(names.level("s0:c1")), "a category the other has and this one lacks");

        assertEquals("unknown sensitivity 's9'", assertThrows(IllegalArgumentException.class,
                () -> names.level("s9")).getMessage());
        assertEquals("unknown category 'c7'", assertThrows(IllegalArgumentException.class,
                () -> names.level("s0:c7")).getMessage());
        assertEquals("category range c3.c1 runs backwards", assertThrows(IllegalArgumentException.class,
                () -> names.level("s0:c3.c1")).getMessage());
    }
}
