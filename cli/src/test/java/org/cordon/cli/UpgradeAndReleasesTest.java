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

/** {@code cordon upgrade}, and the commands that read a FLASK binary saying which Xen release its classes are. */
class UpgradeAndReleasesTest {

    @TempDir
    Path tmp;

    private Path write(String name, String text) throws Exception {
        Path p = tmp.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void upgradeNamesTheNewHypercallsNoStatementAllowsAndTheStatementToAdd() throws Exception {
        Path p = write("p.cordon", """
                policy p target xen 4.17
                layer base {
                  domain dom0 : control singleton
                  allow dom0 -> xen : xen2.resource_op
                }
                """);
        CliTest.Result r = CliTest.run("upgrade", "--to", "4.18", p.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("upgrade of p from Xen 4.17 to Xen 4.18"), r.out());
        assertTrue(r.out().contains("xen2.get_dom0_console (XENPF_get_dom0_console): no statement grants it; denied to every "
                + "domain"), r.out());
        assertTrue(r.out().contains("allow dom0 -> xen : xen2.get_dom0_console    // XENPF_get_dom0_console"), r.out());

        CliTest.Result json = CliTest.run("upgrade", "--to", "4.18.6", "--format", "json", p.toString());
        assertEquals(0, json.exit(), json.err());
        JsonObject o = JsonParser.parseString(json.out()).getAsJsonObject();
        assertEquals("4.17", o.get("from").getAsString());
        assertEquals("4.18", o.get("to").getAsString());
        assertEquals("xen2.get_dom0_console", o.getAsJsonArray("ungranted").get(0).getAsJsonObject().get("permission")
                .getAsString());
    }

    @Test
    void upgradeExitsOneWhenAStatementDoesNotBuildForTheNewRelease() throws Exception {
        Path p = write("p.cordon", """
                policy p target xen 4.21
                layer base {
                  domain dom0 : control singleton
                  allow dom0 -> xen : xen.privprofile
                }
                """);
        CliTest.Result r = CliTest.run("upgrade", "--to", "4.22", p.toString());
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains(p + ":4:23: error: unknown permission 'xen.privprofile' for Xen 4.22"), r.out());
        assertTrue(r.out().contains("xen.privprofile (Most XENOPROF_*): granted by " + p + ":4:3"), r.out());
    }

    @Test
    void upgradeToAReleaseWithoutACatalogueNamesTheNearest() throws Exception {
        Path p = write("p.cordon", "policy p target xen 4.21\nlayer base { domain dom0 : control singleton }\n");
        CliTest.Result r = CliTest.run("upgrade", "--to", "4.15", p.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("the nearest supported releases are 4.14 and 4.16"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void permmapCoversEachReleasesOwnPermissions() {
        CliTest.Result old = CliTest.run("permmap", "--xen", "4.14");
        assertEquals(0, old.exit(), old.err());
        assertTrue(old.out().contains("nested"), "hvm nested is 4.14's");
        CliTest.Result now = CliTest.run("permmap", "--xen", "4.22.0");
        assertEquals(0, now.exit(), now.err());
        assertFalse(now.out().contains("nested"), "and gone after it");
        assertFalse(now.out().contains("privprofile"), "4.22 removed xenoprof");
        CliTest.Result none = CliTest.run("permmap", "--xen", "4.15");
        assertEquals(2, none.exit());
        assertTrue(none.err().contains("nearest supported releases are 4.14 and 4.16"), none.err());
    }

    @Test
    void versionListsEveryRelease() {
        CliTest.Result r = CliTest.run("--version");
        assertTrue(r.out().contains("4.14 (catalogue from 4.14.6)") && r.out().contains("4.20 (catalogue from 4.20.4)")
                && r.out().contains("4.22 (catalogue from 4.22.0)"), r.out());
    }

    @Test
    void verifyAndDiffSayWhichReleaseAForeignBinaryIsFor() throws Exception {
        Path v417 = VerifyFlaskPolicyTest.vector("xen-4.17.7/xenpolicy-4.17.7");
        Path v422 = VerifyFlaskPolicyTest.vector("xen-4.22.0/xenpolicy-4.22.0");
        CliTest.Result verify = CliTest.run("verify", "--policy", v417.toString(), "--isolate", "domU_t,dom0_t");
        assertTrue(verify.out().contains("classes of Xen 4.17"), verify.out());
        CliTest.Result diff = CliTest.run("diff", v417.toString(), v422.toString());
        assertTrue(diff.out().contains("old: " + v417 + ": classes of Xen 4.17"), diff.out());
        assertTrue(diff.out().contains("new: " + v422 + ": classes of Xen 4.22"), diff.out());
        assertTrue(diff.out().contains("not for the same Xen release"), diff.out());
        CliTest.Result explain = CliTest.run("explain", "--policy", v417.toString(), "avc:  denied  { privprofile } for "
                + "domid=1 scontext=system_u:system_r:domU_t tcontext=system_u:system_r:xen_t tclass=xen");
        assertTrue(explain.out().contains("has the classes of Xen 4.17"), explain.out());
        assertTrue(explain.out().contains("XENOPROF"), explain.out());
    }

    @Test
    void decompileNamesTheInitialSidsOfTheBinarysRelease() throws Exception {
        Path v416 = VerifyFlaskPolicyTest.vector("xen-4.16.7/xenpolicy-4.16.7");
        CliTest.Result r = CliTest.run("decompile", v416.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("classes of Xen 4.16"), r.out());
        assertTrue(r.out().contains("sid xen system_u:system_r:xen_t"), r.out());
        assertFalse(r.out().contains("sid xenboot"), r.out());
    }
}
