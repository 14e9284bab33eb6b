package org.cordon.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar, run as a user runs it. Shading can silently break Xtext (lost plugin.properties,
 * lost service files: validation then reports nothing), so this checks that syntax, linking and
 * Cordon's own diagnostics all still come out of the jar.
 */
class CordonJarIT {

    @TempDir
    Path tmp;

    private record Run(int exit, String out, String err) {
    }

    private Run jar(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("java", "-jar", System.getProperty("cordon.jar")));
        cmd.addAll(List.of(args));
        Path out = tmp.resolve("out.txt");
        Path err = tmp.resolve("err.txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "cordon.jar did not finish");
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void diagnosticsSurviveShading() throws Exception {
        Path f = tmp.resolve("p.cordon");
        Files.writeString(f, """
                policy p target xen 4.22
                layer l {
                  domain dom0 : control singleton
                  device spare pci 0000:05:00.0
                  allow dom0 manage nosuch
                  allow dom0 -> xen : xen.readconsol
                }
                """);
        Run r = jar("check", f.toString());
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains(":5:21: error: Couldn't resolve reference to Subject 'nosuch'"), r.err());
        Files.writeString(f, """
                policy p target xen 4.22
                layer l {
                  domain dom0 : control singleton
                  device spare pci 0000:05:00.0
                  allow dom0 -> xen : xen.readconsol
                }
                """);
        r = jar("check", f.toString());
        // a name the catalogue lacks stops the pipeline at pass resolve: the device rule (validate) waits for it
        assertTrue(r.err().contains(":5:23: error: unknown permission 'xen.readconsol'"), r.err());
        Files.writeString(f, Files.readString(f).replace("xen.readconsol", "xen.readconsole"));
        r = jar("check", f.toString());
        assertTrue(r.err().contains(":4:10: warning: device 'spare' has neither admin nor user"), r.err());
        Files.writeString(f, "policy p target xen 4.22\nlayer l { domain dom0 control }\n");
        r = jar("check", f.toString());
        assertTrue(r.err().contains(":2:"), r.err());
        assertEquals(2, r.exit());
    }

    @Test
    void aCraftedFileCannotDriveTheTerminal() throws Exception {
        // the error repeats the offending text and its source line: both show the escape, neither sends it
        Path f = tmp.resolve("crafted.cordon");
        Files.writeString(f, "policy p target xen 4.22\nlayer l {\n  domain d\u001b[2K\rok : control singleton\n}\n");
        Run r = jar("check", f.toString());
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains(":3:11: error: mismatched input '\\u001b' expecting ':'"), r.err());
        // (the carriage return ends the line, for the positions as for the excerpt)
        assertTrue(r.err().contains("    domain d\\u001b[2K\n            ^~~~~~\n"), r.err());
        assertTrue((r.out() + r.err()).chars().noneMatch(c -> TerminalText.acts((char) c)), r.err());
        // a comment may hold anything, here a "conceal" before the error: the caret still points at the error
        Files.writeString(f, "policy p target xen 4.22\nlayer l {\n  domain dom0 : control singleton\n"
                + "  allow dom0 /*\u001b[8m*/ -> xen : xen.readconsol\n}\n");
        r = jar("check", f.toString());
        List<String> lines = r.err().lines().toList();
        int at = lines.indexOf("    allow dom0 /*\\u001b[8m*/ -> xen : xen.readconsol");
        assertTrue(at > 0, r.err());
        assertEquals(lines.get(at).indexOf("xen.readconsol"), lines.get(at + 1).indexOf('^'), r.err());
        assertEquals("xen.readconsol".length(), lines.get(at + 1).trim().length(), r.err());
    }

    @Test
    void checksASampleWithItsVerdictAlone() throws Exception {
        // nothing else on either stream: the warm-up threads once printed a stack trace of EMF's here
        Path sample = Path.of(System.getProperty("cordon.root")).resolve("samples/cloud-host.cordon");
        Run r = jar("check", sample.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals("", r.err());
        assertEquals("cloud_host: ok (3 layers, 3 domains, 6 VMs, Xen 4.22)\n", r.out());
    }

    @Test
    void compilesASample() throws Exception {
        Path sample = Path.of(System.getProperty("cordon.root")).resolve("samples/cloud-host.cordon");
        Run r = jar("compile", sample.toString(), "-o", tmp.resolve("out").toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals("", r.err(), "compile of a sample says nothing on standard error");
        assertTrue(Files.readString(tmp.resolve("out/policy.conf")).contains("sid dom0 system_u:system_r:dom0_t"));
    }
}
