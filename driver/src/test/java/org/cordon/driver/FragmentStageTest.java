package org.cordon.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.stream.Stream;
import org.cordon.compiler.host.XlConfigLowering;
import org.cordon.dsl.load.CordonFrontEnd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Compile's fragment files, made while the passes run: published whole, or not at all, and never half. */
class FragmentStageTest {

    private static String policy(String vms, String extra) {
        return "policy p target xen 4.22\nlayer base {\n  domain dom0 : control singleton\n"
                + "  class tenant { " + vms + " }\n  allow dom0 create tenant\n" + extra + "}\n";
    }

    /** As compile runs it: the stage hooked to the driver, then the outputs written through it. */
    private static Build compile(String text, Path dir) throws Exception {
        try (FragmentStage stage = new FragmentStage(dir)) {
            Build b = Driver.run(List.of(new CordonFrontEnd.Source("p.cordon", text)), Options.defaults(),
                    stage::afterPass);
            if (!b.hasErrors()) {
                Outputs.write(b, dir, stage);
            }
            return b;
        }
    }

    private static List<String> names(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static boolean staged(Path dir, String name) throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.anyMatch(p -> p.getFileName().toString().equals(name)
                    && p.getParent().getParent().getFileName().toString().startsWith(".cordon-stage-"));
        }
    }

    private static Object fileKey(Path p) throws Exception {
        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
        return a.fileKey() + "@" + a.lastModifiedTime();
    }

    @Test
    void theStageMakesTheFilesTheLoweringWrites() throws Exception {
        for (Path p : TestPolicies.all()) {
            Build b = Driver.check(List.of(CordonFrontEnd.Source.of(p)));
            if (b.model().isPresent() && b.ran("lower-host")) {
                assertEquals(b.xl().stream().map(XlConfigLowering.XlFragment::fileName).toList(),
                        XlConfigLowering.fileNames(b.model().get()), p.toString());
            }
        }
    }

    /**
     * A guest a stub domain serves names it in its fragment: the first device model declared for it, as libxl takes
     * one.
     */
    @Test
    void aGuestsFragmentNamesTheStubDomainThatServesIt() {
        Build b = Driver.check(List.of(new CordonFrontEnd.Source("p.cordon", policy("vm web vm db",
                "  domain web_dm : device_model for tenant.web\n  domain other_dm : device_model for tenant.web\n"
                        + "  allow dom0 create web_dm\n  allow dom0 create other_dm\n"))));
        assertFalse(b.hasErrors(), b.diagnostics().toString());
        String web = b.xl().stream().filter(f -> f.name().equals("tenant.web")).findFirst().orElseThrow().text();
        assertTrue(web.contains("device_model_stubdomain_override = 1\n"
                + "device_model_stubdomain_seclabel = \"system_u:system_r:web_dm_t\"\n"), web);
        String db = b.xl().stream().filter(f -> f.name().equals("tenant.db")).findFirst().orElseThrow().text();
        assertFalse(db.contains("device_model"), db);
        // device models themselves get no fragment: libxl builds them for their guest
        assertEquals(List.of("tenant.web", "tenant.db"), b.xl().stream().map(XlConfigLowering.XlFragment::name)
                .filter(n -> n.startsWith("tenant")).toList());
        assertTrue(b.xl().stream().noneMatch(f -> f.name().endsWith("_dm")), b.xl().toString());
    }

    @Test
    void aNewDirectoryGetsEveryFragmentAndNoScratch(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("a/out");
        Build b = compile(policy("vm web vm db vm mail", ""), dir);
        assertFalse(b.hasErrors(), b.diagnostics().toString());
        assertEquals(List.of("SHA256SUMS", BuildManifest.FILE, "policy.conf", "xenpolicy", "xl"), names(dir));
        assertEquals(List.of("tenant-db.cfg", "tenant-mail.cfg", "tenant-web.cfg"), names(dir.resolve("xl")));
        for (var f : b.xl()) {
            assertEquals(f.text(), Files.readString(dir.resolve("xl").resolve(f.fileName())));
        }
        // a new directory's and a new file's usual permissions, as policy.conf and the rest have them
        assertEquals(Files.getPosixFilePermissions(Files.createDirectory(tmp.resolve("plain"))),
                Files.getPosixFilePermissions(dir.resolve("xl")));
        assertEquals(Files.getPosixFilePermissions(dir.resolve("policy.conf")),
                Files.getPosixFilePermissions(dir.resolve("xl/tenant-web.cfg")));
    }

    @Test
    void aBuildThatFailsAfterTheStageBeganLeavesNothing(@TempDir Path tmp) throws Exception {
        // resolve succeeds, so the files are being made; validate then rejects the forbidden grant
        String forbidden = policy("vm web vm db", "  forbid tenant -> xen : security.setenforce\n"
                + "  allow tenant -> xen : security.setenforce\n");
        Build b = compile(forbidden, tmp.resolve("a/out"));
        assertTrue(b.succeeded("resolve") && b.hasErrors(), b.diagnostics().toString());
        assertEquals(List.of(), names(tmp), "the directories made for the stage are gone with it");

        Path existing = Files.createDirectory(tmp.resolve("mine"));
        Files.writeString(existing.resolve("notes"), "mine\n");
        compile(forbidden, existing);
        assertEquals(List.of("notes"), names(existing));
    }

    @Test
    void aFragmentThatDidNotChangeIsLeftAsItIs(@TempDir Path dir) throws Exception {
        compile(policy("vm web vm db", ""), dir);
        Path web = dir.resolve("xl/tenant-web.cfg");
        Path db = dir.resolve("xl/tenant-db.cfg");
        Object webBefore = fileKey(web);
        Object dbBefore = fileKey(db);
        Files.writeString(dir.resolve("xl/notes.cfg"), "mine\n");
        Thread.sleep(20);

        // db now has a memory reservation: its text changes, web's does not
        Build b = compile(policy("vm web vm db { memory 512 MiB }", ""), dir);
        assertFalse(b.hasErrors(), b.diagnostics().toString());
        assertEquals(webBefore, fileKey(web));
        assertNotEquals(dbBefore, fileKey(db));
        assertTrue(Files.readString(db).contains("memory = 512"), Files.readString(db));
        assertEquals(List.of("notes.cfg", "tenant-db.cfg", "tenant-web.cfg"), names(dir.resolve("xl")));
        assertEquals(List.of("SHA256SUMS", BuildManifest.FILE, "policy.conf", "xenpolicy", "xl"), names(dir));
    }

    @Test
    void aReservedFileNoFragmentNeedsIsNotPublished(@TempDir Path dir) throws Exception {
        Build b = Driver.check(List.of(new CordonFrontEnd.Source("p.cordon", policy("vm web", ""))));
        try (FragmentStage stage = new FragmentStage(dir)) {
            stage.reserve(List.of("tenant-web.cfg", "stray.cfg"));
            // the stray file made before publishing, as when the creator is ahead of the passes
            for (int i = 0; i < 1000 && !staged(dir, "stray.cfg"); i++) {
                Thread.sleep(10);
            }
            assertTrue(staged(dir, "stray.cfg"));
            Outputs.write(b, dir, stage);
        }
        assertEquals(List.of("tenant-web.cfg"), names(dir.resolve("xl")));
        assertEquals(List.of("SHA256SUMS", BuildManifest.FILE, "policy.conf", "xenpolicy", "xl"), names(dir));
    }
}
