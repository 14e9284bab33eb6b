package org.cordon.xsm.flask;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.cordon.xsm.flask.binary.BinaryWriter;
import org.cordon.xsm.flask.binary.PolicyWriteException;
import org.cordon.xsm.flask.model.FlaskPolicy;
import org.junit.jupiter.api.Test;

/** Positions in error messages, version-dependent writing, and reader rejections with offsets. */
class ErrorReportingTest {
    private static final String HEAD = """
            class xen
            sid xen
            sid dom0
            class xen { read write }
            type xen_t;
            type dom0_t;
            role system_r;
            role system_r types { xen_t dom0_t };
            """;
    private static final String TAIL = """
            user system_u roles system_r;
            sid xen system_u:system_r:xen_t
            sid dom0 system_u:system_r:dom0_t
            """;

    @Test
    void smallPolicyCompiles() throws Exception {
        FlaskPolicy p = FlaskPolicies.parse("small.conf", HEAD + "allow dom0_t xen_t:xen read;\n" + TAIL);
        assertEquals(2, p.types().size());
        assertEquals(1, p.avtab().size());
    }

    @Test
    void syntaxErrorPointsAtOriginalLineThroughLineMarkers() {
        String text = "#line 1 \"policy/modules/xen.te\"\n" + HEAD + "#line 40\nallow dom0_t xen_t:xen { read ;\n" + TAIL;
        PolicyConfException e = assertThrows(PolicyConfException.class, () -> FlaskPolicies.parse("policy.conf", text));
        assertEquals("policy/modules/xen.te", e.file());
        assertEquals(40, e.line());
        assertTrue(e.getMessage().startsWith("policy/modules/xen.te:40:"), e.getMessage());
    }

    @Test
    void semanticErrorHasPosition() {
        String text = HEAD + "allow dom0_t nosuch_t:xen read;\n" + TAIL;
        PolicyConfException e = assertThrows(PolicyConfException.class, () -> FlaskPolicies.parse("a.conf", text));
        assertEquals("a.conf:9:1: unknown type nosuch_t", e.getMessage());
    }

    @Test
    void selfAmongTargetsIsTheSourceAndMinusSelfIsRefused() throws Exception {
        FlaskPolicy p = FlaskPolicies.parse("s.conf", HEAD + "allow dom0_t { self xen_t }:xen read;\n" + TAIL);
        assertEquals(2, p.avtab().size(), "dom0_t on itself and on xen_t");
        String minus = HEAD + "allow dom0_t { xen_t -self }:xen read;\n" + TAIL;
        PolicyConfException e = assertThrows(PolicyConfException.class, () -> FlaskPolicies.parse("m.conf", minus));
        assertEquals("m.conf:9:1: -self is not supported", e.getMessage());
    }

    @Test
    void moreClassesThanTheBinarysRulesCanNameAreRefused() {
        // a rule names its class in 16 bits: the 65,536th class is refused where it is declared, not cut short
        StringBuilder classes = new StringBuilder();
        for (int i = 1; i < 0x10000; i++) {
            classes.append("class c").append(i).append('\n');
        }
        String text = "class xen\n" + classes + HEAD.substring("class xen\n".length()) + TAIL;
        PolicyConfException e = assertThrows(PolicyConfException.class, () -> FlaskPolicies.parse("a.conf", text));
        assertEquals("a.conf:65536:1: class space overflow", e.getMessage());
    }

    @Test
    void unknownPermissionIsReported() {
        String text = HEAD + "allow dom0_t xen_t:xen fly;\n" + TAIL;
        PolicyConfException e = assertThrows(PolicyConfException.class, () -> FlaskPolicies.parse("a.conf", text));
        assertTrue(e.getMessage().contains("permission fly is not defined for class xen"), e.getMessage());
    }

    @Test
    void conflictingTypeTransitionsAreRejected() {
        String text = HEAD + "type_transition dom0_t xen_t:xen dom0_t;\ntype_transition dom0_t xen_t:xen xen_t;\n" + TAIL;
        PolicyConfException e = assertThrows(PolicyConfException.class, () -> FlaskPolicies.parse("a.conf", text));
        assertTrue(e.getMessage().contains("conflicting TE rule"), e.getMessage());
    }

    @Test
    void neverallowIsCheckedNotStored() throws Exception {
        String ok = HEAD + "allow dom0_t xen_t:xen read;\nneverallow dom0_t xen_t:xen write;\n" + TAIL;
        assertEquals(1, FlaskPolicies.parse("a.conf", ok).avtab().size());
        String bad = HEAD + "allow dom0_t xen_t:xen write;\nneverallow dom0_t xen_t:xen write;\n" + TAIL;
        PolicyConfException e = assertThrows(PolicyConfException.class, () -> FlaskPolicies.parse("a.conf", bad));
        assertTrue(e.getMessage().contains("neverallow"), e.getMessage());
    }

    @Test
    void version24RefusesHighIomemAndDropsDevicetree() throws Exception {
        String high = HEAD + "allow dom0_t xen_t:xen read;\n" + TAIL + "iomemcon 0x100000000-0x1000000ff system_u:object_r:xen_t\n";
        FlaskPolicy p = FlaskPolicies.parse("a.conf", high);
        PolicyWriteException e = assertThrows(PolicyWriteException.class, () -> FlaskPolicies.writeBinary(p, 24, false));
        assertTrue(e.getMessage().contains("policy version 24"), e.getMessage());
        FlaskPolicies.writeBinary(p, 30, false);

        String dt = HEAD + "allow dom0_t xen_t:xen read;\n" + TAIL + "devicetreecon /soc/eth system_u:object_r:xen_t\n";
        FlaskPolicy withDt = FlaskPolicies.parse("a.conf", dt);
        FlaskPolicy without = FlaskPolicies.parse("a.conf", HEAD + "allow dom0_t xen_t:xen read;\n" + TAIL);
        assertArrayEquals(BinaryWriter.write(without, 24), BinaryWriter.write(withDt, 24));
        assertTrue(BinaryWriter.write(withDt, 30).length > BinaryWriter.write(without, 30).length);
    }

    @Test
    void rangeTransitionNeedsMls() {
        String text = HEAD + "range_transition dom0_t xen_t:xen s0;\n" + TAIL;
        PolicyConfException e = assertThrows(PolicyConfException.class, () -> FlaskPolicies.parse("a.conf", text));
        assertEquals("a.conf:9:1: range_transition rule in non-MLS configuration", e.getMessage());
    }

    @Test
    void writerRejectsOtherVersions() throws Exception {
        FlaskPolicy p = FlaskPolicies.parse("a.conf", HEAD + TAIL);
        assertThrows(PolicyWriteException.class, () -> FlaskPolicies.writeBinary(p, 26, false));
        assertThrows(PolicyWriteException.class, () -> FlaskPolicies.writeBinary(p, 30, true));
    }

    @Test
    void readerReportsOffsets() throws Exception {
        byte[] good = BinaryWriter.write(FlaskPolicies.parse("a.conf", HEAD + TAIL), 30);
        byte[] badMagic = good.clone();
        badMagic[0] = 0;
        assertEquals(0, assertThrows(BinaryPolicyException.class, () -> FlaskPolicies.readBinary(badMagic)).offset());
        byte[] badVersion = good.clone();
        badVersion[16] = 26;
        BinaryPolicyException v = assertThrows(BinaryPolicyException.class, () -> FlaskPolicies.readBinary(badVersion));
        assertEquals(16, v.offset());
        assertTrue(v.getMessage().contains("version 26"), v.getMessage());
        byte[] truncated = java.util.Arrays.copyOf(good, good.length - 3);
        BinaryPolicyException t = assertThrows(BinaryPolicyException.class, () -> FlaskPolicies.readBinary(truncated));
        assertTrue(t.getMessage().contains("truncated"), t.getMessage());
        assertThrows(BinaryPolicyException.class, () -> FlaskPolicies.readBinary(new byte[0]));
        byte[] oldTarget = good.clone();
        System.arraycopy("SE Linux".getBytes(StandardCharsets.US_ASCII), 0, oldTarget, 8, 8);
        // version 30 does not exist for the old string
        assertEquals(16, assertThrows(BinaryPolicyException.class, () -> FlaskPolicies.readBinary(oldTarget)).offset());
    }

    @Test
    void readerNamesInitialSidsInXenOrder() throws Exception {
        FlaskPolicy p = FlaskPolicies.readBinary(Vectors.bytes("xen-4.22.0/xenpolicy-4.22.0"));
        String text = FlaskPolicies.decompile(p);
        assertTrue(text.contains("sid xenboot system_u:system_r:xenboot_t"), "xenboot is SID 1");
        assertTrue(text.contains("sid domDM system_u:system_r:dm_dom_t"), "domDM is SID 13");
        assertEquals(13, p.initialSids().size());
    }
}
