package org.cordon.xsm.acm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Our compiler's output must be byte-identical to every binary and map in the vectors: the V3 ones the original
 * xensec_xml2bin wrote, and the V4 ones, which are derived reference data (the vectors' restatement of Xen's Python
 * compiler), not an original tool's output: agreeing with them shows agreement with that restatement only.
 */
class AcmBinaryVectorTest {

    /** (output dir, output stem, policy XML relative to vectors/acm, format). */
    static Stream<Arguments> xml2bin() {
        Stream.Builder<Arguments> s = Stream.builder();
        for (String[] dir : new String[][] {{"v3-xml2bin-3.2dev", "V3_MAGIC_FIRST"}, {"v3-xml2bin-3.1", "V3_VERSION_FIRST"}}) {
            for (String name : new String[] {"acme", "client_v1", "test", "xm-test", "xm-test-new", "xm-test-update"}) {
                s.add(Arguments.of(dir[0], name, "policies/" + name + "-security_policy.xml", AcmFormat.valueOf(dir[1])));
            }
        }
        for (String name : new String[] {"nochw", "steprimary"}) {
            s.add(Arguments.of("accepted-oddities", name, "accepted-oddities/" + name + "-security_policy.xml",
                    AcmFormat.V3_MAGIC_FIRST));
        }
        return s.build();
    }

    @ParameterizedTest(name = "{0}/{1} ({3}, document numbering)")
    @MethodSource("xml2bin")
    void xml2binBinaryAndMapAreByteIdentical(String dir, String name, String xml, AcmFormat format) throws Exception {
        AcmDocument doc = AcmPolicies.readXml(AcmVectors.file(xml), Numbering.DOCUMENT);
        byte[] expected = AcmVectors.bytes(AcmVectors.file(dir + "/" + name + ".bin"));
        assertArrayEquals(expected, AcmPolicies.writeBinary(doc, format, Numbering.DOCUMENT),
                () -> "binary differs; expected:\n" + AcmPolicies.decode(expected));

        String expectedMap = AcmVectors.text(AcmVectors.file(dir + "/" + name + ".map"));
        // The two path lines record how xensec_xml2bin was invoked (inputs, not policy content): reuse them.
        String policyFile = headerValue(expectedMap, "POLICY FILE");
        String binaryFile = headerValue(expectedMap, "BINARY FILE");
        assertEquals(expectedMap, AcmPolicies.writeMap(doc.policy(), Numbering.DOCUMENT, policyFile, binaryFile));
    }

    static Stream<String> v4() {
        return Stream.of("acme", "client_v1", "test", "default", "default-ul", "xm-test", "nochw");
    }

    @ParameterizedTest(name = "v4/{0} (sorted numbering; derived reference data, not original-tool output)")
    @MethodSource("v4")
    void v4BinaryIsByteIdentical(String name) throws Exception {
        Path xml = name.equals("nochw") ? AcmVectors.file("accepted-oddities/nochw-security_policy.xml")
                : AcmVectors.policy(name);
        AcmDocument doc = AcmPolicies.readXml(xml);
        byte[] expected = AcmVectors.bytes(AcmVectors.file("v4/" + name + ".bin"));
        byte[] actual = AcmPolicies.writeBinary(doc, AcmFormat.V4, Numbering.SORTED);
        assertArrayEquals(expected, actual, () -> "binary differs; expected:\n" + AcmPolicies.decode(expected)
                + "\nactual:\n" + AcmPolicies.decode(actual));
    }

    private static String headerValue(String map, String key) {
        return map.lines().filter(l -> l.startsWith(key)).findFirst().orElseThrow()
                .substring(key.length()).strip();
    }
}
