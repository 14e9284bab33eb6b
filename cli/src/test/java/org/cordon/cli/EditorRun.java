package org.cordon.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real editor run headless on {@link #POLICY}, its own LSP client against {@code cordon lsp} from the shaded jar
 * (the editor side: {@code src/test/resources/editors/}); what it got, as JSON, and the checks every editor passes.
 */
final class EditorRun {

    /** Line 15 (0-based) asserts what lines 10 and 11 break; line 9 is badly indented for the formatter. */
    static final String POLICY = """
            policy editor_check
            target xen 4.22

            layer all {
              domain dom0 : control singleton
              domain shady : guest
              allow dom0 create, manage, comms guests

              class a isolation weak { vm x }
                 class b isolation weak { vm y }
              allow shady comms a.x
              allow shady -> b.y : grant.map_write
              allow shady -> xen : xen.writeconsole
            }

            assert isolated a, b
            """;
    /** Right after "xen." in `xen.writeconsole`. */
    static final String COMPLETE_AT = "12,27";
    /** `shady` in `allow shady comms a.x`; declared on line 5. */
    static final String DEFINE_AT = "10,9";

    private EditorRun() {
    }

    /** The isolation violation at the assertion, completion of class xen's permissions, definition, formatting. */
    static void assertTheEditorGotItAll(JsonObject r, Path dir) throws Exception {
        assertEquals(0, r.getAsJsonArray("errors").size(), r.toString());
        assertTrue(r.getAsJsonArray("diagnostics").asList().stream().map(JsonElement::getAsJsonObject).anyMatch(d ->
                d.get("line").getAsInt() == 15 && d.get("message").getAsString().contains("a.x -> shady -> b.y")),
                "the isolation violation at the assertion: " + r.get("diagnostics"));
        List<String> labels = r.getAsJsonArray("completion").asList().stream().map(JsonElement::getAsString).toList();
        assertTrue(labels.contains("readconsole") && labels.contains("writeconsole"), labels.toString());
        JsonObject def = r.getAsJsonObject("definition");
        assertTrue(def.get("uri").getAsString().endsWith("/editor.cordon"), def.toString());
        assertEquals(5, def.get("line").getAsInt(), def.toString());
        // formatting: what `cordon format` writes
        Path copy = dir.resolve("copy/editor.cordon");
        Files.createDirectories(copy.getParent());
        Files.writeString(copy, POLICY);
        StringWriter o = new StringWriter();
        assertEquals(0, Cordon.execute(new String[] {"format", copy.toString()}, new PrintWriter(o), new PrintWriter(o)), o.toString());
        String formatted = r.get("formatted").getAsString();
        assertEquals(Files.readString(copy), formatted);
        assertNotEquals(POLICY, formatted, "the badly indented line was formatted");
    }

    /** Writes {@link #POLICY} and runs the editor on it. */
    static JsonObject run(List<String> command, Path dir) throws Exception {
        Path file = dir.resolve("editor.cordon");
        Files.writeString(file, POLICY);
        return run(command, dir, file, COMPLETE_AT, DEFINE_AT);
    }

    static JsonObject run(List<String> command, Path dir, Path file, String complete, String define) throws Exception {
        Path out = dir.resolve("editor-result.json");
        Path log = dir.resolve("editor.log");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(Map.of("CORDON_JAR", System.getProperty("cordon.jar"), "CORDON_FILE", file.toString(),
                "CORDON_OUT", out.toString(), "CORDON_COMPLETE", complete, "CORDON_DEFINE", define));
        Process p = pb.start();
        if (!p.waitFor(6, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError(command.get(0) + " did not finish: " + Files.readString(log));
        }
        assertTrue(Files.exists(out), command.get(0) + " wrote no result: " + Files.readString(log));
        return JsonParser.parseString(Files.readString(out)).getAsJsonObject();
    }
}
