package org.cordon.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {

    @TempDir
    Path tmp;

    record Result(int exit, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cordon.execute(args, new PrintWriter(out), new PrintWriter(err));
        return new Result(code, out.toString(), err.toString());
    }

    static Path sample(String name) {
        return Path.of(System.getProperty("cordon.root", "..")).resolve("samples").resolve(name);
    }

    @Test
    void checkAcceptsEverySample() {
        for (String s : new String[] {"cloud-host.cordon", "openxt-client.cordon", "xen-default.cordon", "disaggregated.cordon"}) {
            Result r = run("check", sample(s).toString());
            assertEquals(0, r.exit(), s + ": " + r.err());
            assertTrue(r.out().contains(": ok"), r.out());
        }
    }

    /** A run models only the command it names; help, a mistyped command and --version still see them all. */
    @Test
    void commandModelOfOneRunNamesTheCommandOrAll() {
        assertEquals(java.util.Set.of("check"), Cordon.commandLine(new String[] {"check", "x"}).getSubcommands().keySet());
        assertEquals(Cordon.COMMANDS.size(), Cordon.commandLine(new String[] {"help", "check"}).getSubcommands().size());
        assertEquals(Cordon.commandLine().getSubcommands().keySet(),
                Cordon.commandLine(new String[] {"chek"}).getSubcommands().keySet());
        Result help = run("help", "compile");
        assertEquals(0, help.exit(), help.err());
        assertTrue(help.out().contains("Usage: cordon compile"), help.out());
        Result typo = run("chek", sample("cloud-host.cordon").toString());
        assertEquals(2, typo.exit());
        assertTrue(typo.err().contains("check"), typo.err());
    }

    /** The commands whose start-up main warms: those that read .cordon sources, and no other. */
    @Test
    void theCommandsThatReadSourcesAreMarked() {
        java.util.Set<String> marked = new java.util.TreeSet<>();
        for (Class<?> c : Cordon.COMMANDS) {
            if (ReadsPolicies.class.isAssignableFrom(c)) {
                marked.add(c.getAnnotation(picocli.CommandLine.Command.class).name());
            }
        }
        assertEquals(new java.util.TreeSet<>(java.util.List.of("admit", "check", "compile", "duties", "explain",
                "format", "graph", "place", "upgrade", "verify")), marked);
        assertEquals(java.util.Optional.of(CheckCommand.class), Cordon.named(new String[] {"check", "a.cordon"}));
        assertEquals(java.util.Optional.empty(), Cordon.named(new String[] {"chek"}));
    }

    @Test
    void timingsListEveryPassThatRan() {
        Result r = run("check", "--timings", sample("cloud-host.cordon").toString());
        assertEquals(0, r.exit(), r.err());
        for (String pass : new String[] {"language set-up", "parse", "encode-binary", "validate-binary", "verify",
                "all passes", "process"}) {
            assertTrue(r.err().contains("cordon: " + pass + " "), pass + " in:\n" + r.err());
        }
        assertFalse(r.out().contains(" ms"), "timings go to standard error only: " + r.out());
        // the verifier's verdicts on the model are worked out beside the compiler's passes: their time apart
        assertTrue(r.err().lines().anyMatch(l -> l.startsWith("cordon: verify ")
                && l.matches(".* ms, and [0-9.]+ ms beside the passes before it")), r.err());
    }

    @Test
    void compileWritesPolicyConfAtomicallyAndKeepsOldOnFailure() throws Exception {
        Path out = tmp.resolve("out");
        Result r = run("compile", sample("cloud-host.cordon").toString(), "-o", out.toString());
        assertEquals(0, r.exit(), r.err());
        String conf = Files.readString(out.resolve("policy.conf"));
        assertTrue(conf.contains("class xen\n"));
        assertTrue(Files.readString(out.resolve("SHA256SUMS")).contains("  policy.conf\n"));
        String web = Files.readString(out.resolve("xl/bank_a-web.cfg"));
        assertTrue(web.contains("seclabel = \"system_u:system_r:bank_a_web_t\"\n"), web);
        assertTrue(web.contains("init_seclabel = \"system_u:system_r:bank_a_web_t_building\"\n"), web);
        assertTrue(web.contains("vcpus = 2\nmemory = 4096\n"), web);
        assertTrue(web.contains("cap = 150\n"), web);
        assertTrue(web.contains("rate=100Mb/s"), web);
        assertTrue(Files.readString(out.resolve("xl/metrics-tsdb.cfg")).contains("seclabel = \"system_u:system_r:metrics_t\""));
        assertTrue(Files.readString(out.resolve("SHA256SUMS")).contains("  xenpolicy\n"));
        byte[] bin = Files.readAllBytes(out.resolve("xenpolicy"));
        assertEquals((byte) 0x8c, bin[0]); // FLASK magic 0xf97cff8c, little-endian
        // a broken source must not touch what the user already has
        Path bad = tmp.resolve("bad.cordon");
        Files.writeString(bad, "policy p target xen 4.22\nlayer l { domain d : control singleton\n allow d -> xen : xen.nope }\n");
        Result fail = run("compile", bad.toString(), "-o", out.toString());
        assertEquals(2, fail.exit());
        assertEquals(conf, Files.readString(out.resolve("policy.conf")));
        try (var files = Files.list(out)) {
            assertEquals(5, files.count(), "no temporary files left behind"); // policy.conf, xenpolicy, SHA256SUMS, cordon-build.json, xl/
        }
    }

    @Test
    void theCaretStandsUnderTheErrorAfterWideCharacters() throws Exception {
        // a comment in Chinese before the error: each of its characters takes two places on the console
        Path bad = tmp.resolve("wide.cordon");
        Files.writeString(bad, misspelt("  allow d /* 控制域 */ -> xen : xen.readconsol\n"));
        Result r = run("check", bad.toString());
        assertEquals(2, r.exit(), r.err());
        List<String> lines = r.err().lines().toList();
        int at = lines.indexOf("    allow d /* 控制域 */ -> xen : xen.readconsol");
        assertTrue(at > 0, r.err());
        String line = lines.get(at);
        int shown = line.indexOf("xen.readconsol") + 3; // three characters, each two places wide
        assertEquals(shown, lines.get(at + 1).indexOf('^'), r.err());
        assertEquals("^" + "~".repeat("xen.readconsol".length() - 1), lines.get(at + 1).trim(), r.err());
    }

    /** A policy whose fourth line, {@code allow}, names Xen's readconsole permission misspelt. */
    private static String misspelt(String allow) {
        return "policy p target xen 4.22\nlayer l {\n  domain d : control singleton\n" + allow + "}\n";
    }

    @Test
    void errorsArePositionedWithTheSourceLineAndNoStackTrace() throws Exception {
        Path bad = tmp.resolve("bad.cordon");
        Files.writeString(bad, misspelt("  allow d -> xen : xen.readconsol\n"));
        Result r = run("check", bad.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains(bad + ":4:20: error: unknown permission 'xen.readconsol'"), r.err());
        assertTrue(r.err().contains("did you mean readconsole"), r.err());
        assertTrue(r.err().contains("  allow d -> xen : xen.readconsol\n"), r.err());
        assertTrue(r.err().contains("^"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
        // Windows and old Mac line ends: the line the position names, without a carriage return, which the console
        // would spell out
        for (String end : new String[] {"\r\n", "\r"}) {
            Files.writeString(bad, Files.readString(bad).replace("\r\n", "\n").replace("\r", "\n").replace("\n", end));
            r = run("check", bad.toString());
            assertTrue(r.err().contains(":4:20: error: unknown permission") && r.err().contains(
                    "  allow d -> xen : xen.readconsol\n  "), r.err());
            assertFalse(r.err().contains("\r"), r.err());
        }
    }

    @Test
    void syntaxErrorsExitTwo() throws Exception {
        Path bad = tmp.resolve("syntax.cordon");
        Files.writeString(bad, "policy p target xen 4.22\nlayer l { domain d control }\n");
        Result r = run("check", bad.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains(bad + ":2:"), r.err());
    }

    @Test
    void forbiddenRulesAreViolationsExitOne() throws Exception {
        Path f = tmp.resolve("forbid.cordon");
        Files.writeString(f, """
                policy p target xen 4.22
                layer low { forbid guests -> xen : security.setenforce }
                layer high over low {
                  domain dom0 : control singleton
                  class t { vm v }
                  allow t -> xen : security.setenforce
                }
                """);
        Result r = run("check", f.toString());
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.err().contains(f + ":6:3: error: this rule grants"), r.err());
        assertTrue(r.err().contains(f + ":2:13: note: forbidden here"), r.err());
    }

    @Test
    void verifierViolationsExitOneWithTheCounterexample() throws Exception {
        Path f = tmp.resolve("leak.cordon");
        Files.writeString(f, """
                policy p target xen 4.22
                layer l {
                  domain dom0 : control singleton
                  class a { vm x }
                  class b { vm y }
                  allow dom0 create a
                  allow dom0 create b
                  allow a -> b : grant.map_read
                }
                assert isolated a, b
                """);
        Path out = tmp.resolve("refused");
        Result refused = run("compile", f.toString(), "-o", out.toString());
        assertEquals(1, refused.exit(), refused.err());
        // not even the directory, which compile began to fill with the fragments' files while the verifier ran
        assertFalse(Files.exists(out), "nothing written for a policy that fails its claims");
        assertEquals(0, run("compile", f.toString(), "-o", out.toString(), "--no-verify").exit());
        for (String cmd : new String[] {"check", "verify"}) {
            Result r = run(cmd, f.toString());
            assertEquals(1, r.exit(), cmd + ": " + r.err());
            assertTrue(r.err().contains(f + ":10:1: error:"), r.err());
            assertTrue(r.err().contains("grant.map_read"), "the hop names the permission: " + r.err());
            assertTrue(r.err().contains(f + ":8:3: note:"), "and the rule that allows it: " + r.err());
        }
    }

    @Test
    void jsonReportsDiagnostics() throws Exception {
        Path bad = tmp.resolve("bad.cordon");
        Files.writeString(bad, "policy p target xen 4.22\nlayer l { domain d : control singleton\n allow d -> xen : xen.nope }\n");
        Result r = run("check", "--format", "json", bad.toString());
        assertEquals(2, r.exit());
        var json = JsonParser.parseString(r.out()).getAsJsonObject();
        assertFalse(json.get("ok").getAsBoolean());
        var d = json.getAsJsonArray("diagnostics").get(0).getAsJsonObject();
        assertEquals("unknown-permission", d.get("code").getAsString());
        assertEquals(3, d.getAsJsonObject("location").get("line").getAsInt());
    }

    @Test
    void missingFilesAndBadOptionsAreUsageErrors() {
        assertEquals(2, run("check", tmp.resolve("nope.cordon").toString()).exit());
        assertEquals(2, run("compile", sample("cloud-host.cordon").toString()).exit()); // no -o
        assertEquals(2, run("frobnicate").exit());
        Result r = run("check", tmp.resolve("nope.cordon").toString());
        assertTrue(r.err().contains("no such file"), r.err());
    }

    @Test
    void notUtf8IsAnInputError() throws Exception {
        Path bin = tmp.resolve("binary.cordon");
        Files.write(bin, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2});
        Result r = run("check", bin.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("not UTF-8"), r.err());
    }

    @Test
    void versionAndHelp() {
        Result v = run("--version");
        assertEquals(0, v.exit());
        assertTrue(v.out().contains("cordon"));
        assertTrue(v.out().contains("Xen releases: 4.14 (catalogue from 4.14.6), 4.16"), v.out());
        Result h = run("compile", "--help");
        assertEquals(0, h.exit());
        assertTrue(h.out().contains("--output"));
    }

    @Test
    void targetAllWritesAcmBesideFlask() throws Exception {
        Path out = tmp.resolve("all");
        Result r = run("compile", sample("cloud-host.cordon").toString(), "-o", out.toString(), "--target", "all");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("warning: "), "ACM's precision losses are reported: " + r.err());
        assertTrue(Files.exists(out.resolve("acm/cloud_host-security_policy.xml")));
        assertTrue(Files.exists(out.resolve("acm/cloud_host.bin")));
        assertTrue(Files.exists(out.resolve("xenpolicy")));
        Result back = run("acm", "decode", out.resolve("acm/cloud_host.bin").toString(), "--map",
                out.resolve("acm/cloud_host.map").toString());
        assertEquals(0, back.exit(), back.err());
        assertTrue(back.out().contains("bank_a"), back.out());
    }

    @Test
    void dumpShowsTheModelAfterAPass() {
        Result r = run("compile", sample("cloud-host.cordon").toString(), "-o", tmp.toString(), "--dump", "assign-types");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("metrics_t <- [metrics.scraper, metrics.tsdb]"), r.out());
        assertEquals(2, run("compile", sample("cloud-host.cordon").toString(), "-o", tmp.toString(), "--dump", "nope").exit());
    }
}
