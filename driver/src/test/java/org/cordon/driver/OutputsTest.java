package org.cordon.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cordon.dsl.load.CordonFrontEnd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Compiling again into a directory: what the earlier build wrote and this one does not goes; nothing else does. */
class OutputsTest {

    private static Build build(String vms) {
        String text = "policy p target xen 4.22\nlayer base {\n  domain dom0 : control singleton\n"
                + "  class tenant { " + vms + " }\n  allow dom0 create tenant\n}\n";
        Build b = Driver.check(List.of(new CordonFrontEnd.Source("p.cordon", text)));
        assertFalse(b.hasErrors(), b.diagnostics().toString());
        return b;
    }

    @Test
    void aGuestRemovedLosesItsFragmentAndTheUsersFilesStay(@TempDir Path dir) throws Exception {
        Outputs.write(build("vm web vm db"), dir);
        assertTrue(Files.isRegularFile(dir.resolve("xl/tenant-db.cfg")));
        Files.writeString(dir.resolve("xl/notes.cfg"), "mine\n");
        Files.writeString(dir.resolve("README"), "mine\n");

        Outputs.write(build("vm web"), dir);
        assertFalse(Files.exists(dir.resolve("xl/tenant-db.cfg")), "the removed guest's fragment is stale");
        assertTrue(Files.isRegularFile(dir.resolve("xl/tenant-web.cfg")));
        assertEquals("mine\n", Files.readString(dir.resolve("xl/notes.cfg")));
        assertEquals("mine\n", Files.readString(dir.resolve("README")));
        assertEquals(List.of("SHA256SUMS", "policy.conf", "xenpolicy", "xl/tenant-web.cfg"),
                BuildManifest.read(dir).orElseThrow().files());
    }

    @Test
    void aManifestNeverNamesFilesOutsideItsDirectoryForDeletion(@TempDir Path tmp) throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("out"));
        Path outside = Files.writeString(tmp.resolve("precious"), "keep\n");
        Outputs.write(build("vm web"), dir);
        String manifest = Files.readString(dir.resolve(BuildManifest.FILE))
                .replace("\"xl/tenant-web.cfg\"", "\"xl/tenant-web.cfg\", \"../precious\"");
        Files.writeString(dir.resolve(BuildManifest.FILE), manifest);
        Outputs.write(build("vm web"), dir);
        assertEquals("keep\n", Files.readString(outside));
    }
}
