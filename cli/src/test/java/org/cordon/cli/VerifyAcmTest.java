package org.cordon.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifyAcmTest {

    @TempDir
    Path tmp;

    @Test
    void isolationUnderAcmSemantics() {
        Path out = tmp.resolve("o");
        assertEquals(0, CliTest.run("compile", CliTest.sample("cloud-host.cordon").toString(), "-o", out.toString(),
                "--target", "acm").exit());
        String xml = out.resolve("acm/cloud_host-security_policy.xml").toString();
        CliTest.Result ok = CliTest.run("verify", "--acm", xml, "--isolate", "bank_a.web,bank_b.app");
        assertEquals(0, ok.exit(), ok.out() + ok.err());
        assertTrue(ok.out().contains("ok: bank_a.web and bank_b.app are isolated"), ok.out());
        // VMs of one class share the class's STE type: ACM cannot tell them apart
        CliTest.Result bad = CliTest.run("verify", "--acm", xml, "--isolate", "bank_a.web,bank_a.db");
        assertEquals(1, bad.exit());
        assertTrue(bad.out().contains("violation: bank_a.web and bank_a.db are not isolated"), bad.out());
        assertEquals(2, CliTest.run("verify", "--acm", xml, "--isolate", "nosuch,bank_a.db").exit());
        // the binary Xen loads says the same, named through its map
        String bin = out.resolve("acm/cloud_host.bin").toString();
        String map = out.resolve("acm/cloud_host.map").toString();
        assertEquals(0, CliTest.run("verify", "--acm", bin, "--map", map, "--isolate", "bank_a.web,bank_b.app").exit());
        assertEquals(1, CliTest.run("verify", "--acm", bin, "--map", map, "--isolate", "bank_a.web,bank_a.db").exit());
        assertEquals(2, CliTest.run("verify", "--acm", bin).exit(), "a binary needs its map");
        CliTest.Result report = CliTest.run("verify", "--acm", xml);
        assertEquals(0, report.exit());
        assertTrue(report.out().contains("may share"), report.out());
    }

    @Test
    void originalToolsBinaryAgreesWithItsXml() {
        Path acm = BuildCommandTest.vectors().getParent().resolve("acm");
        String xml = acm.resolve("policies/acme-security_policy.xml").toString();
        for (String dir : new String[] {"v3-xml2bin-3.2dev", "v3-xml2bin-3.1"}) {
            String bin = acm.resolve(dir + "/acme.bin").toString();
            String map = acm.resolve(dir + "/acme.map").toString();
            String fromXml = CliTest.run("verify", "--acm", xml).out().lines().skip(1).toList().toString();
            String fromBin = CliTest.run("verify", "--acm", bin, "--map", map).out().lines().skip(1).toList().toString();
            assertEquals(fromXml, fromBin, dir);
            assertTrue(fromBin.contains("FinanceA and FinanceB may share (STE types [Finance]), but never run on one host"), fromBin);
        }
    }

    @Test
    void malformedPolicyIsPositioned() throws Exception {
        Path bad = tmp.resolve("bad.xml");
        java.nio.file.Files.writeString(bad, "<SecurityPolicyDefinition xmlns=\"http://www.ibm.com\"><PolicyHeader>");
        CliTest.Result r = CliTest.run("verify", "--acm", bad.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("bad.xml:"), r.err());
        assertTrue(!r.err().contains("Exception"), r.err());
    }
}
