package org.cordon.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cordon import}: a compiled sample imported back (from its policy.conf and from its binary) proves, and the
 * import compiles to a binary that {@code cordon diff} finds the same as the sample's; what cannot be proved is not
 * written; a directory with files in it is not touched.
 */
class ImportCommandTest {

    @TempDir
    Path tmp;

    private Path compiled(String sample) {
        Path out = tmp.resolve("compiled");
        CliTest.Result c = CliTest.run("compile", CliTest.sample(sample).toString(), "-o", out.toString());
        assertEquals(0, c.exit(), c.err());
        return out;
    }

    @Test
    void aCompiledSampleImportsBackAndCompilesToTheSameAccesses() throws Exception {
        Path compiled = compiled("openxt-client.cordon");
        for (String input : new String[] {"policy.conf", "xenpolicy"}) {
            Path dir = tmp.resolve("imported-" + input);
            CliTest.Result r = CliTest.run("import", compiled.resolve(input).toString(), "-o", dir.toString());
            assertEquals(0, r.exit(), r.out() + r.err());
            assertTrue(r.out().contains("proof: "), r.out());
            assertTrue(r.out().contains("the same in the import under every boolean setting"), r.out());
            assertTrue(Files.isRegularFile(dir.resolve("hypervisor.cordon")), r.out());
            // all at once, through a directory beside DIR that leaves nothing behind
            try (var beside = Files.list(tmp)) {
                assertTrue(beside.noneMatch(p -> p.getFileName().toString().contains(".import-")));
            }
            // the import is a policy of its own: it compiles, and grants what the sample's binary grants
            Path again = tmp.resolve("again-" + input);
            CliTest.Result c = CliTest.run("compile", dir.toString(), "-o", again.toString());
            assertEquals(0, c.exit(), c.err());
            CliTest.Result d = CliTest.run("diff", compiled.resolve("xenpolicy").toString(),
                    again.resolve("xenpolicy").toString());
            assertEquals(0, d.exit(), d.out() + d.err());
            assertTrue(d.out().contains("no difference"), d.out());
        }
    }

    @Test
    void whatCannotBeProvedIsListedAndNothingIsWritten() throws Exception {
        String conf = Files.readString(compiled("openxt-client.cordon").resolve("policy.conf"));
        // two booleans guarding one rule: a switch guards by one
        String anchor = "# Roles";
        assertTrue(conf.contains(anchor));
        Path input = tmp.resolve("two-booleans.conf");
        Files.writeString(input, conf.replace(anchor, "bool extra_a true;\nbool extra_b true;\n"
                + "if (extra_a && extra_b) { allow xen_t xen_t:xen2 pmu_use; }\n" + anchor));
        Path dir = tmp.resolve("out");
        CliTest.Result r = CliTest.run("import", input.toString(), "-o", dir.toString());
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("differs from the input in 1 access tuple(s); nothing written"), r.out());
        assertTrue(r.out().contains("  - xen_t xen_t : xen2.pmu_use (when extra_a on, extra_b on"), r.out());
        assertTrue(r.out().contains("a switch guards rules by one boolean"), r.out());
        assertFalse(Files.exists(dir), "nothing written");

        CliTest.Result json = CliTest.run("import", "--format", "json", input.toString(), "-o", dir.toString());
        assertEquals(1, json.exit());
        JsonObject o = JsonParser.parseString(json.out()).getAsJsonObject();
        assertFalse(o.get("proved").getAsBoolean());
        assertEquals(1, o.getAsJsonArray("differences").size());
    }

    @Test
    void aDirectoryWithFilesInItIsLeftAlone() throws Exception {
        Path compiled = compiled("cloud-host.cordon");
        Path dir = Files.createDirectories(tmp.resolve("mine"));
        Files.writeString(dir.resolve("hypervisor.cordon"), "// my own work\n");
        CliTest.Result r = CliTest.run("import", compiled.resolve("xenpolicy").toString(), "-o", dir.toString());
        assertEquals(2, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains("already holds hypervisor.cordon: import writes into a new or empty directory"),
                r.err());
        assertEquals("// my own work\n", Files.readString(dir.resolve("hypervisor.cordon")));
    }

    @Test
    void unreadableInputsAreInputErrors() throws Exception {
        CliTest.Result missing = CliTest.run("import", tmp.resolve("nope.conf").toString(), "-o", tmp.resolve("o").toString());
        assertEquals(2, missing.exit());
        assertTrue(missing.err().contains("nope.conf: no such file"), missing.err());
        Path bad = tmp.resolve("bad.conf");
        Files.writeString(bad, "class xen\nallow {\n");
        CliTest.Result syntax = CliTest.run("import", bad.toString(), "-o", tmp.resolve("o").toString());
        assertEquals(2, syntax.exit());
        assertTrue(syntax.err().contains("bad.conf:"), syntax.err());
        assertFalse(syntax.err().contains("Exception"), syntax.err());
        Path conf = compiled("cloud-host.cordon").resolve("policy.conf");
        CliTest.Result release = CliTest.run("import", "--target-xen", "3.2", conf.toString(), "-o", tmp.resolve("o").toString());
        assertEquals(2, release.exit());
        assertTrue(release.err().contains("3.2"), release.err());
        assertFalse(Files.exists(tmp.resolve("o")));
    }
}
