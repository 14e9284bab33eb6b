package org.cordon.packaging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class DocsTest {

    @Test
    void gzipIsWhatGzip9nWrites() throws Exception {
        byte[] text = "cordon-load(1)\n".repeat(200).getBytes(StandardCharsets.UTF_8);
        byte[] gz = Docs.gzip(text);
        // no name, no time, maximum compression flagged (what lintian reads), Unix
        assertArrayEquals(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 2, 3}, java.util.Arrays.copyOf(gz, 10));
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            assertArrayEquals(text, in.readAllBytes());
        }
        assertArrayEquals(gz, Docs.gzip(text), "the same input gives the same bytes");
        assertTrue(gz.length < text.length / 10, gz.length + " bytes");
    }

    @Test
    void theChangelogCarriesTheDebianVersion() {
        String c = Docs.changelog("0.1.0-SNAPSHOT");
        assertTrue(c.startsWith("cordon (0.1.0~SNAPSHOT-1) unstable; urgency=medium\n"), c);
        assertTrue(c.lines().anyMatch(l -> l.matches(" -- .+ <.+>  \\w{3}, \\d{1,2} \\w{3} \\d{4} \\d{2}:\\d{2}:\\d{2} \\+0000")), c);
        assertEquals('\n', c.charAt(c.length() - 1));
    }
}
