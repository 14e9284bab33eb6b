package org.cordon.eclipse.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.cordon.xsm.catalogue.XenCatalogue;
import org.cordon.xsm.catalogue.XenCatalogues;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.cordon.testing.Prerequisites;

/**
 * Cordon in a real Eclipse: the workbench assembled from Central (cached), started under Xvfb with the
 * dropins folder the plugin module builds and a probe bundle that opens {@code samples/leaky-host}
 * (a two-file policy whose isolation claim is broken) and reports what the workbench shows. The
 * editor must be the Generic Editor on Cordon's content type, its markers must be exactly what
 * {@code cordon check --format json} reports, and content assist after {@code grant.} must offer the
 * catalogue's permissions of that class; after an edit in the editor that removes the leak, the markers
 * must follow (again exactly {@code cordon check}'s on the edited text). The screenshot is left in {@code target/eclipse-it/workbench.png}.
 */
class EclipseWorkbenchIT {

    private static final String SAMPLE = "samples/leaky-host";
    private static final String OPEN = "tenants.cordon";
    /** Content assist is asked for right after this text of the opened file. */
    private static final String ASSIST_AFTER = "bank_b.db : grant.";
    /** Then this text is deleted in the editor, which ends the isolation violation. */
    private static final String FIX = "allow backup comms bank_a.web";
    /** Then the last letter of this is deleted, and the quick fix (Ctrl+1) puts it back. */
    private static final String TYPO = "grant.map_write";

    static JsonObject probe;
    static JsonObject cli;
    static JsonObject cliAfterFix;
    static Path it;

    @BeforeAll
    static void runTheWorkbench() throws Exception {
        if (!Prerequisites.onPath("Xvfb")) {
            return; // each test says why it is skipped (@BeforeEach)
        }
        it = Path.of(System.getProperty("cordon.it.dir"));
        Workbench.deleteTree(it);
        Files.createDirectories(it);
        Workbench workbench = Workbench.assemble(Path.of(System.getProperty("cordon.workbench.jars")));

        // the policy, copied: the workspace project is made on the copy
        Path policy = Files.createDirectories(it.resolve("policy"));
        Path root = Path.of(System.getProperty("cordon.root"));
        try (Stream<Path> s = Files.list(root.resolve(SAMPLE))) {
            for (Path p : s.toList()) {
                Files.copy(p, policy.resolve(p.getFileName()));
            }
        }
        cli = check(policy, it.resolve("cli.log"));
        // what check says once the editor has removed FIX: the same files with that text gone
        Path fixed = Files.createDirectories(it.resolve("policy-fixed"));
        try (Stream<Path> s = Files.list(policy)) {
            for (Path p : s.toList()) {
                String text = Files.readString(p);
                Files.writeString(fixed.resolve(p.getFileName()), p.getFileName().toString().equals(OPEN)
                        ? text.replaceFirst(java.util.regex.Pattern.quote(FIX), "") : text);
            }
        }
        cliAfterFix = check(fixed, it.resolve("cli-fixed.log"));

        List<Path> extra = new ArrayList<>();
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("cordon.dropins")))) {
            extra.addAll(s.filter(p -> p.toString().endsWith(".jar")).sorted().toList());
        }
        extra.add(Path.of(System.getProperty("cordon.probe.jar")));
        Path configuration = Files.createDirectories(it.resolve("configuration"));
        Files.writeString(configuration.resolve("config.ini"), workbench.configIni(extra));

        Path result = it.resolve("probe.json");
        Process xvfb = null;
        try {
            int display = freeDisplay();
            xvfb = new ProcessBuilder("Xvfb", ":" + display, "-screen", "0", "1280x900x24", "-nolisten", "tcp")
                    .redirectErrorStream(true).redirectOutput(it.resolve("xvfb.log").toFile()).start();
            waitFor(Path.of("/tmp/.X11-unix/X" + display), xvfb);
            List<String> eclipse = List.of(java(), "-Xmx1g",
                    "-Dcordon.test.policy=" + policy, "-Dcordon.test.open=" + OPEN, "-Dcordon.test.assistAfter=" + ASSIST_AFTER, "-Dcordon.test.fix=" + FIX, "-Dcordon.test.typo=" + TYPO,
                    "-Dcordon.test.result=" + result, "-Dcordon.test.screenshot=" + it.resolve("workbench.png"),
                    "-jar", workbench.find("org.eclipse.equinox.launcher").jar().toString(),
                    "-install", workbench.home.toString(), "-configuration", configuration.toString(),
                    "-data", it.resolve("workspace").toString(), "-consoleLog", "-nosplash");
            run(eclipse, ":" + display, it.resolve("eclipse.log"), 300);
        } finally {
            if (xvfb != null) {
                xvfb.destroy();
                xvfb.waitFor(10, TimeUnit.SECONDS);
            }
        }
        if (!Files.exists(result)) {
            fail("the workbench wrote no result; its log:\n" + tail(it.resolve("eclipse.log")));
        }
        probe = JsonParser.parseString(Files.readString(result)).getAsJsonObject();
        if (probe.has("error")) {
            fail("the probe failed in the workbench:\n" + probe.get("error").getAsString() + "\nlog:\n" + tail(it.resolve("eclipse.log")));
        }
    }


    /** Without a display every test is reported skipped with the reason (failed under CI=true), not "Tests run: 0". */
    @BeforeEach
    void display() {
        Prerequisites.require(Prerequisites.onPath("Xvfb"), "Xvfb (a virtual display for the workbench)",
                "apt-get install xvfb libgtk-3-0; .ci/run installs them");
    }
    @Test
    void everyBundleResolvesAndTheEditorIsCordons() throws IOException {
        assertEquals(0, probe.getAsJsonArray("unresolvedBundles").size(), "unresolved: " + probe.get("unresolvedBundles")
                + "\n" + tail(it.resolve("eclipse.log")));
        assertEquals("org.eclipse.ui.genericeditor.GenericEditor", probe.get("editorId").getAsString());
        assertEquals("org.cordon.eclipse.policy", probe.get("contentType").getAsString());
        // Cordon's presentation reconciler coloured the keyword (bold purple, as Eclipse's Java keywords)
        assertEquals("RGB {127, 0, 85} bold", probe.get("keywordStyle").getAsString());
        String log = Files.readString(it.resolve("eclipse.log"));
        assertFalse(log.contains("org.cordon") && log.contains("Exception"), "Cordon errors in the log:\n" + tail(it.resolve("eclipse.log")));
    }

    @Test
    void markersAreWhatCordonCheckReports() {
        Set<String> expected = diagnostics(cli);
        Set<String> shown = markers(probe.getAsJsonArray("markers"));
        assertTrue(expected.stream().anyMatch(r -> r.startsWith(OPEN + "|error|isolation|")), "the sample's violation: " + expected);
        assertEquals(0, probe.getAsJsonArray("otherProblems").size(), "other problems: " + probe.get("otherProblems"));
        assertEquals(String.join("\n", expected), String.join("\n", shown));
        // the counterexample's path travels with the marker
        JsonObject isolation = stream(probe.getAsJsonArray("markers"))
                .filter(m -> m.get("code").getAsString().equals("isolation")).findFirst().orElseThrow();
        assertTrue(isolation.get("related").getAsString().contains("allowed by `allow backup comms bank_a.web`"),
                isolation.toString());
    }

    @Test
    void markersFollowAnEditAsYouType() {
        Set<String> expected = diagnostics(cliAfterFix);
        assertTrue(expected.stream().noneMatch(r -> r.contains("|isolation|")), "the fix ends the violation: " + expected);
        assertEquals(String.join("\n", expected), String.join("\n", markers(probe.getAsJsonArray("markersAfterFix"))));
    }

    @Test
    void quickFixRestoresAMisspeltPermission() {
        List<String> titles = new ArrayList<>();
        probe.getAsJsonArray("quickFixes").forEach(t -> titles.add(t.getAsString()));
        assertEquals("Change to grant.map_write", titles.isEmpty() ? "(no quick fix)" : titles.get(0), titles.toString());
        assertTrue(probe.get("fixedText").getAsBoolean(), "the fix is applied in the editor");
    }

    @Test
    void contentAssistOffersTheCataloguesPermissions() {
        XenCatalogue catalogue = XenCatalogues.forVersion("4.22").orElseThrow();
        Set<String> permissions = new TreeSet<>();
        catalogue.securityClass("grant").orElseThrow().permissions().forEach(p -> permissions.add(p.name()));
        // every permission of the class, each with its hypercall, and no other name (the grammar's `*` and `{` may follow)
        Set<String> offered = new TreeSet<>();
        for (JsonElement e : probe.getAsJsonArray("proposals")) {
            String[] row = e.getAsString().split(" \u2014 ");
            if (row[0].matches("\\w+")) {
                offered.add(row[0]);
                assertTrue(row.length == 2 && row[1].startsWith("GNTTABOP_"), "the hypercall beside " + e);
            }
        }
        assertEquals(permissions, offered, "proposals after `grant.`: " + probe.get("proposals"));
    }

    @Test
    void hoverAndOutline() {
        String hover = probe.get("hover").isJsonNull() ? "" : probe.get("hover").getAsString();
        assertTrue(hover.contains("grant.map_write") || hover.contains("xen.writeconsole"), hover);
        List<String> names = new ArrayList<>();
        probe.getAsJsonArray("outline").forEach(n -> names.add(n.getAsString()));
        assertTrue(names.containsAll(List.of("tenants", "  backup", "  bank_a", "  bank_b")), "outline: " + names);
    }

    @Test
    void aScreenshotIsLeftForPeople() throws IOException {
        Path png = Path.of(probe.get("screenshot").getAsString());
        byte[] head = new byte[8];
        try (var in = Files.newInputStream(png)) {
            assertEquals(8, in.read(head));
        }
        assertEquals("\u0089PNG", new String(head, 0, 4, StandardCharsets.ISO_8859_1));
        assertTrue(Files.size(png) > 20_000, "a real screen, not a blank one: " + Files.size(png) + " bytes");
    }

    private static Set<String> diagnostics(JsonObject check) {
        Set<String> rows = new TreeSet<>();
        for (JsonElement e : check.getAsJsonArray("diagnostics")) {
            JsonObject d = e.getAsJsonObject();
            JsonObject at = d.getAsJsonObject("location");
            rows.add(row(Path.of(at.get("file").getAsString()).getFileName().toString(), d.get("severity").getAsString(),
                    d.get("code").getAsString(), d.get("message").getAsString(), at.get("line").getAsInt(),
                    at.get("offset").getAsInt(), at.get("length").getAsInt()));
        }
        return rows;
    }

    private static Set<String> markers(JsonArray markers) {
        Set<String> rows = new TreeSet<>();
        for (JsonObject m : stream(markers).toList()) {
            rows.add(row(m.get("file").getAsString(), m.get("severity").getAsString(), m.get("code").getAsString(),
                    m.get("message").getAsString(), m.get("line").getAsInt(), m.get("offset").getAsInt(),
                    m.get("length").getAsInt()));
        }
        return rows;
    }

    private static JsonObject check(Path policy, Path log) throws Exception {
        return JsonParser.parseString(run(List.of(java(), "-jar", System.getProperty("cordon.jar"), "check", "--format",
                "json", policy.toString()), null, log, 120)).getAsJsonObject();
    }

    private static Stream<JsonObject> stream(JsonArray a) {
        List<JsonObject> l = new ArrayList<>();
        a.forEach(e -> {
            if (e.isJsonObject()) {
                l.add(e.getAsJsonObject());
            }
        });
        return l.stream();
    }

    private static String row(String file, String severity, String code, String message, int line, int offset, int length) {
        return file + "|" + severity + "|" + code + "|" + line + "|" + offset + "|" + length + "|" + message;
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The output of a command that must succeed or exit 1 (violations), within {@code seconds}. */
    private static String run(List<String> command, String display, Path log, int seconds) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(log.resolveSibling(log.getFileName() + ".err").toFile());
        if (display != null) {
            pb.environment().put("DISPLAY", display);
            pb.environment().put("GDK_BACKEND", "x11");
            pb.environment().put("NO_AT_BRIDGE", "1");
            pb.redirectErrorStream(true).redirectOutput(log.toFile());
        }
        Process p = pb.start();
        String out = display == null ? new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8) : "";
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(command.get(command.size() - 1) + " did not finish in " + seconds + " s:\n" + tail(log));
        }
        if (display == null) {
            Files.writeString(log, out);
        }
        return out;
    }

    private static int freeDisplay() {
        for (int n = 91; n < 200; n++) {
            if (!Files.exists(Path.of("/tmp/.X11-unix/X" + n)) && !Files.exists(Path.of("/tmp/.X" + n + "-lock"))) {
                return n;
            }
        }
        throw new IllegalStateException("no free X display number");
    }

    private static void waitFor(Path socket, Process xvfb) throws Exception {
        for (int i = 0; i < 100 && !Files.exists(socket); i++) {
            if (!xvfb.isAlive()) {
                fail("Xvfb exited: " + tail(it.resolve("xvfb.log")));
            }
            Thread.sleep(100);
        }
        assertTrue(Files.exists(socket), "Xvfb did not open " + socket);
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
        } catch (IOException e) {
            return "(no log at " + log + ")";
        }
    }
}
