package org.cordon.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code cordon acm build|decode} against the ACM vectors. */
class AcmCommandTest {

    private Path vectors;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void vectors() {
        vectors = Path.of(System.getProperty("cordon.shared", "../../shared")).resolve("vectors/acm");
        assumeTrue(Files.isDirectory(vectors), "ACM vectors absent (set -Dcordon.shared): " + vectors);
    }

    private int run(String... args) {
        CommandLine cl = new CommandLine(new AcmCommand());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void buildsV4ByteIdentical(@TempDir Path dir) throws Exception {
        Path bin = dir.resolve("acme.bin");
        assertEquals(0, run("build", vectors.resolve("policies/acme-security_policy.xml").toString(), "-o", bin.toString()),
                err::toString);
        assertArrayEquals(Files.readAllBytes(vectors.resolve("v4/acme.bin")), Files.readAllBytes(bin));
        assertTrue(out.toString().contains("wrote " + bin));
        assertEquals(List.of("acme.bin"), listing(dir), "nothing else written, no temporary files left");
    }

    @Test
    void buildsXml2binV3WithMap(@TempDir Path dir) throws Exception {
        Path bin = dir.resolve("acme.bin");
        Path map = dir.resolve("acme.map");
        Path xml = vectors.resolve("policies/acme-security_policy.xml");
        assertEquals(0, run("build", xml.toString(), "-o", bin.toString(), "--map", map.toString(), "--format", "v3",
                "--numbering", "xml2bin"), err::toString);
        Path expected = vectors.resolve("v3-xml2bin-3.2dev");
        assertArrayEquals(Files.readAllBytes(expected.resolve("acme.bin")), Files.readAllBytes(bin));
        // the two path lines record the command line; everything else must match the tool's map
        assertEquals(withoutPaths(Files.readString(expected.resolve("acme.map"))), withoutPaths(Files.readString(map)));
        assertTrue(Files.readString(map).contains("BINARY FILE            " + bin));
    }

    @Test
    void buildsV3VersionFirst(@TempDir Path dir) throws Exception {
        Path bin = dir.resolve("acme.bin");
        assertEquals(0, run("build", vectors.resolve("policies/acme-security_policy.xml").toString(), "-o",
                bin.toString(), "--format", "v3-3.1", "--numbering", "xml2bin"), err::toString);
        byte[] b = Files.readAllBytes(bin);
        assertArrayEquals(new byte[] {0, 0, 0, 3, 0, 1, (byte) 0xde, (byte) 0xbc}, Arrays.copyOf(b, 8));
    }

    @Test
    void invalidPolicyIsReportedWithFileLineColumn(@TempDir Path dir) {
        Path xml = vectors.resolve("invalid/duptype-security_policy.xml");
        Path bin = dir.resolve("x.bin");
        assertEquals(2, run("build", xml.toString(), "-o", bin.toString()));
        String e = err.toString();
        assertTrue(Pattern.compile("^" + Pattern.quote(xml.toString()) + ":\\d+:\\d+: .*defined more than once",
                Pattern.MULTILINE).matcher(e).find(), e);
        assertFalse(e.contains("Exception"), e);
        assertFalse(Files.exists(bin));
    }

    @Test
    void malformedXmlAndMissingFilesAreInputErrors(@TempDir Path dir) throws Exception {
        Path xml = dir.resolve("bad-security_policy.xml");
        Files.writeString(xml, "<SecurityPolicyDefinition xmlns=\"http://www.ibm.com\">\n  <PolicyHeader>\n");
        assertEquals(2, run("build", xml.toString(), "-o", dir.resolve("x.bin").toString()));
        assertTrue(err.toString().startsWith(xml + ":"), err::toString);
        assertEquals(2, run("build", dir.resolve("missing.xml").toString(), "-o", dir.resolve("x.bin").toString()));
        assertTrue(err.toString().contains("missing.xml: no such file"), err::toString);
        assertEquals(2, run("build", xml.toString(), "-o", "x.bin", "--format", "v5"));
        assertFalse(err.toString().contains("Exception"), err::toString);
    }

    @Test
    void decodesWithAndWithoutMap() throws Exception {
        Path dir = vectors.resolve("v3-xml2bin-3.2dev");
        assertEquals(0, run("decode", dir.resolve("acme.bin").toString()), err::toString);
        String plain = out.toString();
        assertTrue(plain.contains("policy_version=3"), plain);
        out.getBuffer().setLength(0);
        assertEquals(0, run("decode", dir.resolve("acme.bin").toString(), "--map", dir.resolve("acme.map").toString()),
                err::toString);
        assertTrue(out.toString().contains("FinanceA"), out::toString);
    }

    @Test
    void truncatedBinaryGivesTheOffset(@TempDir Path tmp) throws Exception {
        byte[] full = Files.readAllBytes(vectors.resolve("v4/acme.bin"));
        Path bin = tmp.resolve("cut.bin");
        Files.write(bin, Arrays.copyOf(full, 30));
        assertEquals(2, run("decode", bin.toString()));
        assertTrue(Pattern.compile("^" + Pattern.quote(bin.toString()) + ": offset \\d+: \\S").matcher(err.toString())
                .find(), err::toString);
        assertFalse(err.toString().contains("Exception"), err::toString);
    }

    @Test
    void badMapGivesItsLine(@TempDir Path tmp) throws Exception {
        Path map = tmp.resolve("bad.map");
        Files.writeString(map, "POLICYREFERENCENAME    example.acme\nMAGIC 12345678\n");
        assertEquals(2, run("decode", vectors.resolve("v4/acme.bin").toString(), "--map", map.toString()));
        assertTrue(err.toString().startsWith(map + ":2: "), err::toString);
    }

    @Test
    void mapOfAnotherPolicyIsRefused() {
        Path dir = vectors.resolve("v3-xml2bin-3.2dev");
        assertEquals(2, run("decode", dir.resolve("acme.bin").toString(), "--map", dir.resolve("client_v1.map").toString()));
        assertTrue(err.toString().contains("map of policy"), err::toString);
    }

    @Test
    void aCommandIsRequired() {
        assertEquals(2, run());
        assertTrue(err.toString().contains("missing command"), err::toString);
    }

    @Test
    void outputDirectoriesAreCreated(@TempDir Path dir) throws Exception {
        Path bin = dir.resolve("new/dir/acme.bin");
        assertEquals(0, run("build", vectors.resolve("policies/acme-security_policy.xml").toString(), "-o", bin.toString()),
                err::toString);
        assertTrue(Files.isRegularFile(bin));
    }

    private static String withoutPaths(String map) {
        return map.lines().filter(l -> !l.startsWith("POLICY FILE") && !l.startsWith("BINARY FILE"))
                .reduce("", (a, b) -> a + b + "\n");
    }

    private static List<String> listing(Path dir) throws Exception {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
