package org.cordon.xsm.acm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** XML → binary (+ map) → read/decode gives back what the numbering put in. */
class AcmRoundTripTest {

    static Stream<Arguments> combinations() {
        List<Arguments> out = new ArrayList<>();
        for (String name : AcmVectors.POLICIES) {
            for (AcmFormat f : AcmFormat.values()) {
                for (Numbering n : Numbering.values()) {
                    if (n == Numbering.DOCUMENT && name.startsWith("default")) {
                        continue; // empty <Type/>: xml2bin rules reject these (see AcmInvalidVectorTest)
                    }
                    out.add(Arguments.of(name, f, n));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("combinations")
    void binaryAndMapDescribeTheLayout(String name, AcmFormat format, Numbering numbering) throws Exception {
        AcmPolicy policy = AcmPolicies.readXml(AcmVectors.policy(name), numbering).policy();
        SsidLayout layout = AcmPolicies.layout(policy, numbering);
        byte[] bin = AcmPolicies.writeBinary(policy, format, numbering);
        AcmBinaryPolicy read = AcmPolicies.readBinary(bin);

        assertEquals(format.policyVersion(), read.policyVersion());
        assertEquals(format.magicFirst(), read.magicFirst());
        assertEquals(bin.length, read.length());
        assertEquals(policy.name(), read.policyName());
        PolicyVersion v = PolicyVersion.parse(policy.header().version()).orElseThrow();
        assertEquals(v.major(), read.xmlMajor());
        assertEquals(v.minor(), read.xmlMinor());
        assertEquals(layout.primary().code(), read.primaryCode());
        assertEquals(layout.secondary().code(), read.secondaryCode());
        if (format == AcmFormat.V4) {
            assertEquals(java.util.HexFormat.of().formatHex(AcmDocument.sha1(AcmPolicies.writeXml(policy))),
                    read.xmlHashHex());
        } else {
            assertNull(read.xmlHashHex());
        }
        assertRows(layout.steRows(), read.ste().ssids());
        if (layout.hasChwall()) {
            assertRows(layout.chwallRows(), read.chwall().ssids());
            assertRows(layout.conflictSets(), read.chwall().conflictSets());
        }
        for (int off : new int[] {read.primaryOffset(), read.secondaryOffset(), read.length()}) {
            assertEquals(0, (off - format.headerSize()) % 8, "sections are padded to 8 bytes after the header");
        }
        assertTrue(AcmPolicies.decode(read).contains("name=b'" + policy.name() + "\\x00'"));

        AcmMap map = AcmPolicies.readMap(AcmPolicies.writeMap(policy, numbering, "p.xml", "p.bin"));
        assertEquals(policy.name(), map.policyName());
        for (int i = 1; i < layout.steRows().size(); i++) {
            assertEquals(i, map.ssid(layout.steRows().get(i).kind().name(), "STE",
                    layout.steRows().get(i).label()).orElseThrow());
        }
        if (layout.hasChwall()) {
            for (int i = 1; i < layout.chwallRows().size(); i++) {
                assertEquals(i, map.ssid("VM", "CHWALL",
                        layout.chwallRows().get(i).label()).orElseThrow());
            }
        }
        if (numbering == Numbering.SORTED && policy.bootstrapLabel() != null) {
            assertEquals((1 << 16) | 1, map.ssidref(policy.bootstrapLabel()).orElseThrow(), "dom0 is 1/1");
        }
    }

    private static void assertRows(List<SsidRow> rows, TypeMatrix m) {
        assertEquals(rows.size(), m.rows());
        for (int r = 0; r < rows.size(); r++) {
            assertEquals(rows.get(r).columns(), m.columnsSet(r), "row " + r + " " + rows.get(r).label());
        }
    }

    @Test
    void documentHashOnlyDiffersFromCordonsOwnXmlHash() throws Exception {
        AcmDocument doc = AcmPolicies.readXml(AcmVectors.policy("acme"));
        byte[] fromDoc = AcmPolicies.writeBinary(doc, AcmFormat.V4, Numbering.SORTED);
        byte[] fromModel = AcmPolicies.writeBinary(doc.policy());
        assertArrayEquals(Arrays.copyOfRange(fromDoc, 60, fromDoc.length),
                Arrays.copyOfRange(fromModel, 60, fromModel.length));
        assertArrayEquals(Arrays.copyOf(fromDoc, 40), Arrays.copyOf(fromModel, 40));
    }

    @Test
    void steOnlyPolicyHasANullSecondary() {
        AcmPolicy p = new AcmPolicy(PolicyHeader.of("steonly", "2.3"), new SteComponent(List.of("B", "A"), true), null,
                "dom0", List.of(new VmLabel("dom0", null, List.of("A", "B"), List.of()),
                        new VmLabel("guest", null, List.of("B"), List.of())),
                List.of(new ResourceLabel("disk", null, "A")));
        for (Numbering n : Numbering.values()) {
            AcmBinaryPolicy read = AcmPolicies.readBinary(AcmPolicies.writeBinary(p, AcmFormat.V3_MAGIC_FIRST, n));
            assertEquals(PolicyCode.SIMPLE_TYPE_ENFORCEMENT.code(), read.primaryCode());
            assertEquals(PolicyCode.NULL.code(), read.secondaryCode());
            assertEquals(read.length(), read.secondaryOffset());
            assertNull(read.chwall());
            assertEquals(4, read.ste().maxSsidrefs());
        }
        // document order keeps B before A; sorted order puts A first
        assertEquals(List.of(0), AcmPolicies.readBinary(AcmPolicies.writeBinary(p, AcmFormat.V4, Numbering.DOCUMENT))
                .ste().ssids().columnsSet(2));
        assertEquals(List.of(1), AcmPolicies.readBinary(AcmPolicies.writeBinary(p, AcmFormat.V4, Numbering.SORTED))
                .ste().ssids().columnsSet(2));
    }
}
