package org.cordon.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildCommandTest {

    @TempDir
    Path tmp;

    static Path vectors() {
        Path v = Path.of(System.getProperty("cordon.shared", "../../shared")).resolve("vectors/flask");
        assumeTrue(Files.isDirectory(v), "conformance vectors not found at " + v);
        return v;
    }

    @Test
    void buildIsByteIdenticalToXensOwnBinaryAndDecompileRoundTrips() throws Exception {
        Path v = vectors().resolve("xen-4.22.0");
        Path out = tmp.resolve("xenpolicy");
        CliTest.Result r = CliTest.run("build", v.resolve("policy.conf").toString(), "-o", out.toString());
        assertEquals(0, r.exit(), r.err());
        assertArrayEquals(Files.readAllBytes(v.resolve("xenpolicy-4.22.0")), Files.readAllBytes(out));
        Path v24 = tmp.resolve("xenpolicy24");
        assertEquals(0, CliTest.run("build", v.resolve("policy.conf").toString(), "-c", "24", "-o", v24.toString()).exit());
        assertArrayEquals(Files.readAllBytes(v.resolve("xenpolicy-4.22.0-v24")), Files.readAllBytes(v24));

        Path conf = tmp.resolve("back.conf");
        assertEquals(0, CliTest.run("decompile", out.toString(), "-o", conf.toString()).exit());
        assertTrue(Files.readString(conf).contains("sid xenboot"), "Xen's SID names, xenboot first");
        Path again = tmp.resolve("again");
        assertEquals(0, CliTest.run("build", conf.toString(), "-o", again.toString()).exit());
        assertArrayEquals(Files.readAllBytes(out), Files.readAllBytes(again));
    }

    @Test
    void badInputIsPositioned() throws Exception {
        Path conf = tmp.resolve("bad.conf");
        Files.writeString(conf, "class xen\nsid xen\nclass xen { a }\ntype t;\nallow t nosuch:xen a;\n");
        CliTest.Result r = CliTest.run("build", conf.toString(), "-o", tmp.resolve("x").toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().matches("(?s).*bad\\.conf:\\d+:\\d+: .*"), r.err());
        assertFalse(Files.exists(tmp.resolve("x")));

        Path corrupt = tmp.resolve("corrupt");
        Files.write(corrupt, new byte[] {(byte) 0x8c, (byte) 0xff, 0x7c, (byte) 0xf9, 8, 0, 0, 0, 'X', 'e', 'n'});
        r = CliTest.run("decompile", corrupt.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("offset "), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
        assertEquals(2, CliTest.run("build", conf.toString(), "-c", "26", "-o", tmp.resolve("y").toString()).exit());
    }
}
