package org.cordon.verifier.permmap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.cordon.xsm.catalogue.XenCatalogue;
import org.cordon.xsm.catalogue.XenCatalogues;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SetoolsPermMapWriterTest {

    private final XenCatalogue c422 = XenCatalogues.forVersion("4.22").orElseThrow();

    @Test
    void writesClassCountThenEachClassWithItsPermissionsInCatalogueOrder() {
        String text = SetoolsPermMapWriter.write(XenPermissionMap.standard(), c422);
        List<String> lines = text.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        assertEquals("13", lines.get(0));
        assertEquals("class xen 29", lines.get(1));
        assertEquals(List.of("settime", "w", "3"), List.of(lines.get(2).trim().split("\\s+")));
        int perms = 0;
        for (String l : lines.subList(1, lines.size())) {
            if (!l.startsWith("class ")) {
                perms++;
                assertTrue(l.trim().matches("\\w+\\s+[rwbn]\\s+\\d+"), l);
            }
        }
        assertEquals(177, perms);
        assertTrue(text.contains("class argo 4\n"));
    }

    /** setools reads the map: seinfoflow on Xen's own 4.22 policy finds dom0 reading domU memory. */
    @Test
    void seinfoflowAcceptsTheMap(@TempDir Path dir) throws Exception {
        Path binary = Path.of(System.getProperty("cordon.shared", "../../shared"),
                "vectors/flask/xen-4.22.0/xenpolicy-4.22.0");
        assumeTrue(Files.isRegularFile(binary), "no Xen 4.22 vector");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/seinfoflow")), "setools not installed");
        Path map = dir.resolve("xen.perm_map");
        Files.writeString(map, SetoolsPermMapWriter.write(XenPermissionMap.standard(), c422));
        Process p = new ProcessBuilder(List.of("seinfoflow", "-m", map.toString(), "-p", binary.toString(),
                "-s", "domU_t", "-t", "dom0_t", "-S", "-w", "10")).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("dom0_t") && out.contains("domU_t"), out);
    }
}
