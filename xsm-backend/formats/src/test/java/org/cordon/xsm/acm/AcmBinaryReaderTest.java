package org.cordon.xsm.acm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Reading vector binaries and maps; decodes compared with DECODED.txt; corrupt input. */
class AcmBinaryReaderTest {

    /** DECODED.txt blocks keyed by the vector file they describe (relative to vectors/acm). */
    static Stream<Arguments> decodedBlocks() {
        String text = AcmVectors.text(AcmVectors.file("DECODED.txt"));
        Map<String, StringBuilder> blocks = new LinkedHashMap<>();
        StringBuilder current = null;
        for (String line : text.split("\n")) {
            if (line.startsWith("# ")) {
                current = new StringBuilder();
                blocks.put(vectorPath(line.substring(2).strip()), current);
            } else if (current != null) {
                current.append(line).append('\n');
            }
        }
        List<Arguments> out = new ArrayList<>();
        blocks.forEach((k, v) -> out.add(Arguments.of(k, v.toString())));
        return out.stream();
    }

    /** "out-v3-3.2dev/example/client_v1.bin" → "v3-xml2bin-3.2dev/client_v1.bin". */
    private static String vectorPath(String decodedName) {
        String dir = decodedName.substring(0, decodedName.indexOf('/'));
        String file = decodedName.substring(decodedName.lastIndexOf('/') + 1);
        return switch (dir) {
            case "out-v3-3.2dev" -> "v3-xml2bin-3.2dev/" + file;
            case "out-v3-3.1" -> "v3-xml2bin-3.1/" + file;
            case "out-v4" -> "v4/" + file;
            default -> throw new IllegalArgumentException(decodedName);
        };
    }

    @ParameterizedTest(name = "decode {0} = DECODED.txt")
    @MethodSource("decodedBlocks")
    void decodeMatchesDecodedTxt(String vector, String expected) {
        byte[] bin = AcmVectors.bytes(AcmVectors.file(vector));
        assertEquals(expected, AcmPolicies.decode(bin));
    }

    @Test
    void decodeWithMapNamesRowsAndTypes() {
        String text = AcmPolicies.decode(AcmVectors.bytes(AcmVectors.file("v3-xml2bin-3.2dev/acme.bin")),
                AcmVectors.text(AcmVectors.file("v3-xml2bin-3.2dev/acme.map")));
        assertTrue(text.contains("    ssid 4: [0, 0, 1, 1]  # VM StorageDomain {HR, Storage}\n"), text);
        assertTrue(text.contains("    ssid 6: [0, 0, 1, 0]  # RES HRDisk {HR}\n"), text);
        assertTrue(text.contains("    cset 0: [0, 1, 1, 0]  # {BankA, BankB}\n"), text);
    }

    @Test
    void bothWordOrdersReadAlike() {
        AcmBinaryPolicy v31 = AcmPolicies.readBinary(AcmVectors.bytes(AcmVectors.file("v3-xml2bin-3.1/acme.bin")));
        AcmBinaryPolicy v32 = AcmPolicies.readBinary(AcmVectors.bytes(AcmVectors.file("v3-xml2bin-3.2dev/acme.bin")));
        assertFalse(v31.magicFirst());
        assertTrue(v32.magicFirst());
        assertEquals(v32.chwall(), v31.chwall());
        assertEquals(v32.ste(), v31.ste());
        assertEquals("example.acme", v31.policyName());
    }

    @Test
    void v4CarriesTheHashOfTheCanonicalXml() throws Exception {
        AcmBinaryPolicy p = AcmPolicies.readBinary(AcmVectors.bytes(AcmVectors.file("v4/acme.bin")));
        AcmDocument doc = AcmPolicies.readXml(AcmVectors.policy("acme"));
        assertEquals(java.util.HexFormat.of().formatHex(doc.sha1()), p.xmlHashHex());
        assertEquals(4, p.policyVersion());
        assertEquals(60, p.policyReferenceOffset());
    }

    @Test
    void mapGivesTheSsidrefsXendWouldUse() {
        AcmMap map = AcmPolicies.readMap(AcmVectors.text(AcmVectors.file("accepted-oddities/nochw.map")));
        assertEquals("example.acme", map.policyName());
        assertEquals("CHWALL", map.primary());
        assertEquals("STE", map.secondary());
        assertEquals(3, map.ssid("VM", "CHWALL", "StorageDomain").orElseThrow());
        assertEquals(4, map.ssid("VM", "STE", "StorageDomain").orElseThrow());
        assertEquals((4 << 16) | 3, map.ssidref("StorageDomain").orElseThrow());
        assertEquals(3 << 16, map.ssidref("FinanceB").orElseThrow()); // no CHWALL row: index 0
        AcmMap client = AcmPolicies.readMap(AcmVectors.text(AcmVectors.file("v3-xml2bin-3.2dev/client_v1.map")));
        assertEquals(10, client.ssid("RES", "STE", "res_LogicalDiskPartition2(hda2)").orElseThrow()); // hex "a"
        assertEquals(6, client.types().stream().filter(t -> t.component().equals("STE")).count());
    }

    /** V1 (3.0.0–3.0.2) and V2 (3.0.3–3.0.4) are never written by Cordon but must read. */
    @Test
    void readsV1AndV2Layouts() {
        byte[] ste = steSection();
        ByteBuffer v1 = ByteBuffer.allocate(28 + ste.length);
        v1.putInt(1).putInt(AcmBinaryWriter.ACM_MAGIC).putInt(28 + ste.length).putInt(2).putInt(28).putInt(0)
                .putInt(28 + ste.length).put(ste);
        AcmBinaryPolicy p1 = AcmPolicies.readBinary(v1.array());
        assertEquals(1, p1.policyVersion());
        assertNull(p1.policyName());
        assertEquals(List.of(1, 0), p1.ste().ssids().row(1));

        byte[] polref = {0, 0, 0, 2, 'x', 0, 0, 0};
        int len = 32 + polref.length + ste.length;
        ByteBuffer v2 = ByteBuffer.allocate(len);
        v2.putInt(2).putInt(AcmBinaryWriter.ACM_MAGIC).putInt(len).putInt(32).putInt(2).putInt(40).putInt(0).putInt(len)
                .put(polref).put(ste);
        AcmBinaryPolicy p2 = AcmPolicies.readBinary(v2.array());
        assertEquals("x", p2.policyName());
        assertTrue(AcmPolicies.decode(p2).contains("policy name len=2 name=b'x\\x00'"));
    }

    private static byte[] steSection() {
        ByteBuffer b = ByteBuffer.allocate(20 + 2 * 2 * 2);
        b.putInt(1).putInt(2).putInt(2).putInt(2).putInt(20).putShort((short) 0).putShort((short) 0)
                .putShort((short) 1).putShort((short) 0);
        return b.array();
    }

    @Test
    void everyTruncationIsAPositionedFormatError() {
        byte[] bin = AcmVectors.bytes(AcmVectors.file("v4/client_v1.bin"));
        for (int n = 0; n < bin.length; n++) {
            byte[] cut = Arrays.copyOf(bin, n);
            AcmFormatException e = assertThrows(AcmFormatException.class, () -> AcmPolicies.readBinary(cut));
            assertTrue(e.offset() >= 0 && e.offset() <= bin.length, e::getMessage);
            assertTrue(e.getMessage().startsWith("at byte offset " + e.offset()), e::getMessage);
        }
    }

    @Test
    void corruptFieldsNameTheirOffset() {
        byte[] bin = AcmVectors.bytes(AcmVectors.file("v3-xml2bin-3.2dev/acme.bin"));
        assertEquals(0, offsetOfError(bin, 0, 0x12345678));       // magic gone
        assertEquals(4, offsetOfError(bin, 4, 9));                // unknown policy_version
        assertEquals(8, offsetOfError(bin, 8, 1000));             // len != buffer
        assertEquals(16, offsetOfError(bin, 16, 7));              // primary code
        assertEquals(20, offsetOfError(bin, 20, 4096));           // primary offset
        assertEquals(64 + 4, offsetOfError(bin, 64 + 4, 2));      // CHWALL section claims STE
        assertEquals(64 + 20, offsetOfError(bin, 64 + 12, 100));  // too many CHWALL ssids for the section
    }

    private static long offsetOfError(byte[] original, int at, int value) {
        byte[] b = original.clone();
        ByteBuffer.wrap(b).putInt(at, value);
        return assertThrows(AcmFormatException.class, () -> AcmPolicies.readBinary(b)).offset();
    }

    @Test
    void mapErrorsNameTheLine() {
        AcmFormatException e = assertThrows(AcmFormatException.class,
                () -> AcmPolicies.readMap("POLICYREFERENCENAME x\nLABEL->SSID VM STE a zz\n"));
        assertEquals(2, e.offset());
    }

}
