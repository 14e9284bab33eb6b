package org.cordon.xsm.flask;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.cordon.xsm.flask.binary.BinaryWriter;
import org.cordon.xsm.flask.model.FlaskPolicy;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Vector binary → reader → writer gives the same bytes; decompiled text compiles back to the same bytes. */
class RoundTripTest {
    @ParameterizedTest(name = "{0} v{1}")
    @CsvSource({
            "xen-4.22.0/xenpolicy-4.22.0, 30", "xen-4.22.0/xenpolicy-4.22.0-v24, 24",
            "xen-4.17.7/xenpolicy-4.17.7, 30", "ocontexts/xenpolicy-ocon, 30", "ocontexts/xenpolicy-ocon-v24, 24",
            "scale-100/xenpolicy-100, 30", "mls/xenpolicy-mls, 30",
    })
    void readWriteSameBytes(String bin, int version) throws Exception {
        byte[] expected = Vectors.bytes(bin);
        FlaskPolicy model = FlaskPolicies.readBinary(expected);
        TreeMap<Integer, String> sections = new TreeMap<>();
        byte[] actual = BinaryWriter.writeWithSections(model, version, sections);
        assertNull(Vectors.firstMismatch(expected, actual, sections), bin);
    }

    @ParameterizedTest(name = "{0} v{1}")
    @CsvSource({
            "xen-4.22.0/xenpolicy-4.22.0, 30", "xen-4.22.0/xenpolicy-4.22.0-v24, 24",
            "xen-4.17.7/xenpolicy-4.17.7, 30", "ocontexts/xenpolicy-ocon, 30", "ocontexts/xenpolicy-ocon-v24, 24",
            "scale-100/xenpolicy-100, 30", "mls/xenpolicy-mls, 30",
    })
    void decompileCompileSameBytes(String bin, int version) throws Exception {
        byte[] expected = Vectors.bytes(bin);
        FlaskPolicy model = FlaskPolicies.readBinary(expected);
        String text = FlaskPolicies.decompile(model);
        FlaskPolicy again = FlaskPolicies.parse("decompiled-" + bin, text, model.mls());
        TreeMap<Integer, String> sections = new TreeMap<>();
        byte[] actual = BinaryWriter.writeWithSections(again, version, sections);
        assertNull(Vectors.firstMismatch(expected, actual, sections), bin);
    }

    @ParameterizedTest(name = "{0} v{1}")
    @CsvSource({
            "xen-4.22.0/xenpolicy-4.22.0, 30", "xen-4.22.0/xenpolicy-4.22.0-v24, 24",
            "xen-4.17.7/xenpolicy-4.17.7, 30", "ocontexts/xenpolicy-ocon, 30", "ocontexts/xenpolicy-ocon-v24, 24",
            "scale-100/xenpolicy-100, 30", "mls/xenpolicy-mls, 30",
    })
    void decompiledTextCompilesIdenticallyWithCheckpolicy(String bin, int version, @TempDir Path tmp) throws Exception {
        Path cp = DifferentialTest.checkpolicy();
        byte[] expected = Vectors.bytes(bin);
        FlaskPolicy model = FlaskPolicies.readBinary(expected);
        Path conf = tmp.resolve("decompiled.conf"), out = tmp.resolve("out.bin");
        Files.writeString(conf, FlaskPolicies.decompile(model), StandardCharsets.ISO_8859_1);
        List<String> cmd = new ArrayList<>(List.of(cp.toString(), "-t", "Xen", "-c", String.valueOf(version), "-o", out.toString()));
        if (model.mls()) cmd.add("-M");
        cmd.add(conf.toString());
        Process proc = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, proc.waitFor(), log);
        assertNull(Vectors.firstMismatch(expected, Files.readAllBytes(out), new TreeMap<>()), bin);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"xen-4.22.0/policy.conf, false", "mls/policy-mls.conf, true", "ocontexts/policy-ocon.conf, false"})
    void compiledModelDecompilesToSameBinary(String conf, boolean mls) throws Exception {
        String text = Files.readString(Vectors.file(conf), StandardCharsets.ISO_8859_1);
        FlaskPolicy model = FlaskPolicies.parse(conf, text, mls);
        byte[] a = BinaryWriter.write(model, 30);
        byte[] b = BinaryWriter.write(FlaskPolicies.parse("d", FlaskPolicies.decompile(model), mls), 30);
        assertEquals(a.length, b.length);
        assertNull(Vectors.firstMismatch(a, b, new TreeMap<>()));
    }
}
