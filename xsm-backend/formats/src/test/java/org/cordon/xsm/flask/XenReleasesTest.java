package org.cordon.xsm.flask;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.cordon.xsm.catalogue.XenCatalogues;
import org.cordon.xsm.flask.binary.BinaryWriter;
import org.cordon.xsm.flask.conf.Decompiler;
import org.cordon.xsm.flask.model.FlaskPolicy;
import org.cordon.xsm.flask.model.ReleaseFit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every supported release's default policy (Xen's own tools/flask/policy, as the vectors hold it): Cordon's binary
 * equals checkpolicy's, the binary is recognised as that release's and only that release's, and it decompiles with
 * that release's initial SID names, read from the release's own initial_sids file.
 */
class XenReleasesTest {

    /** The newest point release of each supported line, as ../shared/vectors/flask names them. */
    static Stream<String> releases() {
        return Stream.of("4.14.6", "4.16.7", "4.17.7", "4.18.6", "4.19.6", "4.20.4", "4.21.2", "4.22.0");
    }

    @Test
    void everySupportedLineHasItsVector() {
        assertEquals(XenCatalogues.SUPPORTED, releases().map(r -> XenCatalogues.release(r).orElseThrow()).toList());
    }

    private static FlaskPolicy defaultPolicy(String release) throws Exception {
        String conf = "xen-" + release + "/policy.conf";
        return FlaskPolicies.parse(conf, Files.readString(Vectors.file(conf), StandardCharsets.ISO_8859_1), false);
    }

    @ParameterizedTest(name = "Xen {0}: the default policy compiles to Xen's own binary (v30)")
    @MethodSource("releases")
    void defaultPolicyByteIdentical(String release) throws Exception {
        byte[] expected = Vectors.bytes("xen-" + release + "/xenpolicy-" + release);
        TreeMap<Integer, String> sections = new TreeMap<>();
        byte[] actual = BinaryWriter.writeWithSections(defaultPolicy(release), 30, sections);
        assertNull(Vectors.firstMismatch(expected, actual, sections), release);
    }

    @ParameterizedTest(name = "Xen {0}: the default policy at v24 equals checkpolicy -c 24's")
    @MethodSource("releases")
    void defaultPolicyV24AgainstCheckpolicy(String release, @TempDir Path tmp) throws Exception {
        // every supported Xen reads policy versions 15 to 30 (POLICYDB_VERSION_MIN is BASE in xsm/flask/include/security.h)
        Path cp = DifferentialTest.checkpolicy();
        Path out = tmp.resolve("v24");
        Process proc = new ProcessBuilder(cp.toString(), "-t", "Xen", "-c", "24", "-o", out.toString(),
                Vectors.file("xen-" + release + "/policy.conf").toString()).redirectErrorStream(true).start();
        String log = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, proc.waitFor(), log);
        TreeMap<Integer, String> sections = new TreeMap<>();
        byte[] actual = BinaryWriter.writeWithSections(defaultPolicy(release), 24, sections);
        assertNull(Vectors.firstMismatch(Files.readAllBytes(out), actual, sections), release + " v24");
    }

    @ParameterizedTest(name = "Xen {0}: the binary has that release's classes, and only that release's")
    @MethodSource("releases")
    void binaryFitsItsReleaseExactly(String release) throws Exception {
        FlaskPolicy p = FlaskPolicies.readBinary(Vectors.bytes("xen-" + release + "/xenpolicy-" + release));
        String line = XenCatalogues.release(release).orElseThrow();
        assertEquals(List.of(line), ReleaseFit.exact(p));
        assertEquals(line, ReleaseFit.catalogue(p).orElseThrow().xenVersion());
        assertTrue(ReleaseFit.describe(p).startsWith("classes of Xen " + line), ReleaseFit.describe(p));
        for (String other : XenCatalogues.SUPPORTED) {
            if (!other.equals(line)) {
                // consecutive releases differ in at least one class or permission, so Xen of another release refuses it
                assertTrue(!ReleaseFit.problems(p, XenCatalogues.forVersion(other).orElseThrow()).isEmpty()
                        || !ReleaseFit.extras(p, XenCatalogues.forVersion(other).orElseThrow()).isEmpty(), other);
            }
        }
    }

    @ParameterizedTest(name = "Xen {0}: decompiles with the release's initial SID names and back to the same bytes")
    @MethodSource("releases")
    void decompilesWithTheReleasesSidNames(String release) throws Exception {
        byte[] bin = Vectors.bytes("xen-" + release + "/xenpolicy-" + release);
        FlaskPolicy p = FlaskPolicies.readBinary(bin);
        List<String> fromXen = new ArrayList<>();
        for (String line : Files.readAllLines(Vectors.file("xen-" + release + "/initial_sids"))) {
            String[] w = line.replaceAll("#.*", "").trim().split("\\s+");
            if (w.length == 2 && w[0].equals("sid")) {
                fromXen.add(w[1]);
            }
        }
        assertEquals(fromXen, Decompiler.sidNames(p));
        String text = FlaskPolicies.decompile(p);
        List<String> declared = text.lines().filter(l -> l.startsWith("sid ") && l.split("\\s+").length == 2)
                .map(l -> l.split("\\s+")[1]).toList();
        assertEquals(fromXen, declared);
        // SID 1 is the hypervisor before 4.17 and the boot domain builder since: the contexts follow the names
        String first = text.lines().filter(l -> l.startsWith("sid " + fromXen.get(0) + " ")).findFirst().orElseThrow();
        assertTrue(first.contains(fromXen.get(0).equals("xen") ? ":xen_t" : ":xenboot_t"), first);
        TreeMap<Integer, String> sections = new TreeMap<>();
        byte[] again = BinaryWriter.writeWithSections(FlaskPolicies.parse("decompiled", text, false), 30, sections);
        assertNull(Vectors.firstMismatch(bin, again, sections), release);
    }
}
