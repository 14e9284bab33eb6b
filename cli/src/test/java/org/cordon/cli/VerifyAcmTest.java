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
        CliTest.Result report = CliTest.run("verify", "--acm", xml);
        assertEquals(0, report.exit());
        assertTrue(report.out().contains("may share"), report.out());
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
