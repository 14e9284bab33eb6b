package org.cordon.cli;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** What the man pages and --help say of each command: its exit codes, and examples that Cordon's parser accepts. */
class CommandDocsTest {

    @Test
    void everyCommandListsItsExitCodes() {
        CommandLine cl = Cordon.commandLine();
        cl.getSubcommands().forEach((name, c) -> {
            var u = c.getCommandSpec().usageMessage();
            assertFalse(u.exitCodeList().isEmpty(), name);
            assertTrue(u.exitCodeList().containsKey("0") && u.exitCodeList().containsKey("2"), name + ": " + u.exitCodeList());
        });
    }

    @Test
    void everyCommandsHelpRenders() {
        CommandLine cl = Cordon.commandLine();
        cl.getSubcommands().forEach((name, c) -> assertTrue(assertDoesNotThrow(() -> c.getUsageMessage(), name)
                .contains("Exit codes:"), name));
    }

    @Test
    void everyExampleParses() {
        CommandLine cl = Cordon.commandLine();
        int examples = 0;
        for (CommandLine c : cl.getSubcommands().values()) {
            for (String footer : c.getCommandSpec().usageMessage().footer()) {
                String line = String.format(footer); // picocli formats the footer as --help and the man page show it
                String cmd = line.contains("| ") ? line.substring(line.indexOf("| ") + 2) : line.strip();
                if (!cmd.startsWith("cordon ")) {
                    continue;
                }
                List<String> args = Arrays.asList(cmd.substring("cordon ".length()).split("\\s+"));
                assertDoesNotThrow(() -> Cordon.commandLine().parseArgs(args.toArray(String[]::new)), cmd);
                examples++;
            }
        }
        assertTrue(examples >= 10, examples + " examples");
    }
}
