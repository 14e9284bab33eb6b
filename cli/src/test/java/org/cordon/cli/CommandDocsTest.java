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

    /** Every command and subcommand (acm build, acm decode), by its qualified name. */
    static java.util.Map<String, CommandLine> all() {
        java.util.Map<String, CommandLine> out = new java.util.TreeMap<>();
        java.util.ArrayDeque<CommandLine> todo = new java.util.ArrayDeque<>(List.of(Cordon.commandLine()));
        while (!todo.isEmpty()) {
            CommandLine c = todo.pop();
            out.put(c.getCommandSpec().qualifiedName(), c);
            todo.addAll(c.getSubcommands().values());
        }
        return out;
    }

    @Test
    void everyCommandListsItsExitCodes() {
        all().forEach((name, c) -> {
            var u = c.getCommandSpec().usageMessage();
            assertFalse(u.exitCodeList().isEmpty(), name);
            assertTrue(u.exitCodeList().containsKey("0") && u.exitCodeList().containsKey("2"), name + ": " + u.exitCodeList());
        });
    }

    @Test
    void everyCommandsHelpRenders() {
        all().forEach((name, c) -> assertTrue(assertDoesNotThrow(() -> c.getUsageMessage(), name)
                .contains("Exit codes:"), name));
    }

    @Test
    void everyExampleParses() {
        int examples = 0;
        for (CommandLine c : all().values()) {
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
        assertTrue(examples >= 25, examples + " examples");
        // every command but help has at least one
        all().forEach((name, c) -> assertTrue(name.equals("cordon") || name.endsWith(" help") || name.equals("cordon acm")
                || c.getCommandSpec().usageMessage().footer().length > 0, name + " has no example"));
    }
}
