package org.cordon.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cordon verify --policy}: flow properties on Xen's own policies, binary and policy.conf. */
class VerifyFlaskPolicyTest {

    @TempDir
    Path tmp;

    static Path vector(String rel) {
        Path p = Path.of(System.getProperty("cordon.shared", "../../shared"), "vectors/flask", rel);
        assumeTrue(Files.isRegularFile(p), "conformance vector not found: " + p);
        return p;
    }

    @Test
    void xenDefaultPolicyBinaryBreaksGuestIsolationThroughArgo() {
        CliTest.Result r = CliTest.run("verify", "--policy", vector("xen-4.17.7/xenpolicy-4.17.7").toString(),
                "--isolate", "domU_t,isolated_domU_t", "--trust", "dom0_t");
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.err().contains("--isolate:1:1: error: domU_t and isolated_domU_t are not isolated"), r.err());
        assertTrue(r.err().contains("argo.register_single_source"), r.err());
        assertTrue(r.out().contains("2 booleans"), r.out());
    }

    @Test
    void policyConfCounterexamplesPointIntoTheTeFiles() {
        CliTest.Result r = CliTest.run("verify", "--policy", vector("xen-4.22.0/policy.conf").toString(),
                "--no-flow", "domU_t,prot_domU_t", "--trust", "dom0_t");
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.err().contains("modules/prot_domU.te:11:2: note: domU_t -> prot_domU_t by grant.map_"), r.err());
    }

    @Test
    void propertiesThatHoldExitZero() throws Exception {
        Path a = tmp.resolve("props.txt");
        Files.writeString(a, "# dom0 may read everyone; nothing flows back into the boot label\nno flow domU_t -> xenboot_t\n");
        CliTest.Result r = CliTest.run("verify", "--policy", vector("xen-4.22.0/xenpolicy-4.22.0").toString(),
                "--assert", a.toString());
        assertEquals(0, r.exit(), r.err() + r.out());
        assertTrue(r.out().contains("1 property checked, 0 violated"), r.out());
    }

    @Test
    void userErrorsArePositionedAndExitTwo() throws Exception {
        Path a = tmp.resolve("bad.txt");
        Files.writeString(a, "isolated domU_t\n");
        CliTest.Result r = CliTest.run("verify", "--policy", vector("xen-4.22.0/policy.conf").toString(),
                "--assert", a.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith(a + ":1:1: 'isolated' needs at least two"), r.err());

        r = CliTest.run("verify", "--policy", vector("xen-4.22.0/policy.conf").toString(), "--isolate", "domU_t,nope_t");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("has no type or attribute nope_t"), r.err());

        Path truncated = tmp.resolve("truncated");
        byte[] bin = Files.readAllBytes(vector("xen-4.22.0/xenpolicy-4.22.0"));
        Files.write(truncated, java.util.Arrays.copyOf(bin, bin.length / 2));
        r = CliTest.run("verify", "--policy", truncated.toString(), "--isolate", "domU_t,dom0_t");
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith(truncated + ": not a readable FLASK binary policy: offset "), r.err());
        assertTrue(!r.err().contains("Exception"), r.err());
    }
}
