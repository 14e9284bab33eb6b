package org.cordon.xsm.flask;

import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.TreeMap;
import org.cordon.xsm.flask.binary.BinaryWriter;
import org.cordon.xsm.flask.model.FlaskPolicy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** policy.conf vectors compiled by Cordon must equal checkpolicy 3.4's binaries byte for byte. */
class ConformanceTest {
    @ParameterizedTest(name = "{0} -c {2} {3} -> {1}")
    @CsvSource({
            "xen-4.22.0/policy.conf, xen-4.22.0/xenpolicy-4.22.0, 30, false",
            "xen-4.22.0/policy.conf, xen-4.22.0/xenpolicy-4.22.0-v24, 24, false",
            "xen-4.17.7/policy.conf, xen-4.17.7/xenpolicy-4.17.7, 30, false",
            "ocontexts/policy-ocon.conf, ocontexts/xenpolicy-ocon, 30, false",
            "ocontexts/p24.conf, ocontexts/xenpolicy-ocon-v24, 24, false",
            "scale-100/policy-100.conf, scale-100/xenpolicy-100, 30, false",
            "mls/policy-mls.conf, mls/xenpolicy-mls, 30, true",
    })
    void compilesByteIdentical(String conf, String bin, int version, boolean mls) throws Exception {
        byte[] expected = Vectors.bytes(bin);
        String text = Files.readString(Vectors.file(conf), StandardCharsets.ISO_8859_1);
        FlaskPolicy model = FlaskPolicies.parse(conf, text, mls);
        TreeMap<Integer, String> sections = new TreeMap<>();
        byte[] actual = BinaryWriter.writeWithSections(model, version, sections);
        assertNull(Vectors.firstMismatch(expected, actual, sections), conf + " -> " + bin);
    }
}
