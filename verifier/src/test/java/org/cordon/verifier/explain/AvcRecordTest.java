package org.cordon.verifier.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class AvcRecordTest {

    @Test
    void readsXensAvcLines() {
        AvcRecord r = AvcRecord.parse("(XEN) avc:  denied  { map_read map_write } for source=d0 target=d5 "
                + "scontext=system_u:system_r:dom0_t tcontext=system_u:system_r:nomigrate_t tclass=mmu").orElseThrow();
        assertTrue(r.denied());
        assertEquals(List.of("map_read", "map_write"), r.permissions());
        assertEquals("dom0_t", r.sourceType());
        assertEquals("nomigrate_t", r.targetType());
        assertEquals("mmu", r.securityClass());
        assertEquals("source=d0 target=d5", r.detail());
    }

    @Test
    void readsGrantedLinesAndObjectRolesAndMlsLevels() {
        AvcRecord r = AvcRecord.parse("(XEN) avc:  granted  { load_policy } for current=d0 scontext=system_u:system_r:dom0_t "
                + "tcontext=system_u:object_r:security_t:s0 tclass=security").orElseThrow();
        assertTrue(!r.denied());
        assertEquals("security_t", r.targetType());
    }

    @Test
    void otherLinesHoldNoRecord() {
        assertTrue(AvcRecord.parse("(XEN) Flask:  13 classes, 331 rules").isEmpty());
    }
}
