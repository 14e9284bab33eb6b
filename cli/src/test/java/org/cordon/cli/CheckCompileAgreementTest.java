package org.cordon.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.cordon.driver.Passes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code check} says is what {@code compile} does: the same exit code on every sample and golden file, nothing
 * written unless the exit is 0, never an internal error; and the contradictions issue 14 found stay fixed.
 */
class CheckCompileAgreementTest {

    @TempDir
    Path tmp;

    @Test
    void checkAndCompileExitAlikeOnEveryPolicy() throws Exception {
        List<String> disagreements = new ArrayList<>();
        int n = 0;
        for (Path p : org.cordon.driver.TestPolicies.all()) {
            CliTest.Result check = CliTest.run("check", p.toString());
            Path out = tmp.resolve("out" + n++);
            CliTest.Result compile = CliTest.run("compile", p.toString(), "-o", out.toString());
            if (check.exit() != compile.exit() || check.exit() == 70) {
                disagreements.add(p.getFileName() + ": check " + check.exit() + ", compile " + compile.exit() + "\n"
                        + check.err() + compile.err());
            }
            assertEquals(compile.exit() == 0, Files.exists(out.resolve("xenpolicy")), p + ": written only on exit 0");
            assertFalse(compile.err().contains("internal error"), p + ": " + compile.err());
        }
        assertEquals(List.of(), disagreements);
    }

    @Test
    void aForbiddenArgoChannelIsAViolationAtCheckNotAnInternalErrorAtCompile() throws Exception {
        Path p = CheckCompileAgreementTest.golden("23-forbid-argo-channel.cordon");
        CliTest.Result check = CliTest.run("check", p.toString());
        assertEquals(1, check.exit(), check.err());
        assertTrue(check.err().contains("which layer 'hypervisor' forbids"), check.err());
        CliTest.Result compile = CliTest.run("compile", p.toString(), "-o", tmp.resolve("o").toString());
        assertEquals(1, compile.exit(), compile.err());
    }

    @Test
    void aChannelThatBreaksAForbidOfSendIsAnErrorNamingBothPlaces() throws Exception {
        CliTest.Result check = CliTest.run("check", "--format", "json",
                golden("24-forbid-event-send.cordon").toString());
        assertEquals(1, check.exit(), check.err());
        assertTrue(check.out().contains("\"code\": \"forbidden\"") && check.out().contains("forbidden here"),
                check.out());
    }

    @Test
    void aFleetThatCannotBePlacedIsAPolicyViolation() throws Exception {
        // a strong class needing more dedicated pCPUs than its host has: exit 1, not 2
        Path p = golden("perf-strong-overcommit.cordon");
        CliTest.Result check = CliTest.run("check", p.toString());
        assertEquals(1, check.exit(), check.err());
        assertTrue(check.err().contains("pCPUs of h1"), check.err());
        CliTest.Result rc = CliTest.run("check", golden("resource-control.cordon").toString());
        assertEquals(1, rc.exit(), rc.err());
    }

    @Test
    void everyPassDumpsItsOwnOutput() {
        Set<String> seen = new HashSet<>();
        for (String pass : Passes.names()) {
            List<String> args = new ArrayList<>(List.of("compile", CliTest.sample("cloud-host.cordon").toString(),
                    "--dump", pass));
            if (pass.equals("lower-acm")) {
                args.addAll(List.of("--target", "acm"));
            }
            CliTest.Result r = CliTest.run(args.toArray(String[]::new));
            assertEquals(0, r.exit(), pass + ": " + r.err());
            assertFalse(r.out().isBlank(), pass + " printed nothing");
            assertTrue(seen.add(r.out()), pass + " printed what another pass printed");
        }
    }

    static Path golden(String name) {
        return org.cordon.driver.TestPolicies.golden(name);
    }
}
