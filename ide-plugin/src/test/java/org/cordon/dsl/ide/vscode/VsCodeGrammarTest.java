package org.cordon.dsl.ide.vscode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.cordon.testing.Prerequisites;
import org.junit.jupiter.api.Test;

/**
 * The VS Code extension's TextMate grammar ({@code vscode/syntaxes/cordon.tmLanguage.json}) run by
 * vscode-tmgrammar-test (from npm, pinned in {@code vscode/package-lock.json}) against the scope assertions in
 * {@code vscode/test/*.cordon}: what VS Code colours. The extension's language client is not tested here.
 */
class VsCodeGrammarTest {

    private static String run(Path dir, List<String> cmd) throws Exception {
        Path log = Files.createTempFile("vscode-grammar", ".log");
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", cmd) + " did not finish:\n" + Files.readString(log));
            }
            String out = Files.readString(log);
            assertEquals(0, p.exitValue(), String.join(" ", cmd) + ":\n" + out);
            return out;
        } finally {
            Files.deleteIfExists(log);
        }
    }

    @Test
    void theGrammarGivesTheScopesItsTestsAssert() throws Exception {
        Prerequisites.require(Prerequisites.onPath("npm"), "Node.js and npm (the TextMate grammar's test tool comes from npm)",
                "apt-get install nodejs npm; .ci/run does");
        Path dir = Path.of("vscode").toAbsolutePath();
        run(dir, List.of("npm", "ci", "--no-audit", "--no-fund"));
        String out = run(dir, List.of("npx", "--no-install", "vscode-tmgrammar-test", "-g", "syntaxes/cordon.tmLanguage.json",
                "test/*.cordon"));
        org.junit.jupiter.api.Assertions.assertTrue(out.contains("grammar.cordon run successfuly"), out);
    }
}
