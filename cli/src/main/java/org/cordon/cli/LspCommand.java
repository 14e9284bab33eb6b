package org.cordon.cli;

import java.util.concurrent.Callable;
import org.cordon.dsl.ide.server.CordonServerModule;
import org.eclipse.xtext.ide.server.ServerLauncher;
import picocli.CommandLine.Command;

/**
 * {@code cordon lsp}: the Cordon language server on standard input and output, for any LSP editor
 * (Eclipse with LSP4E, VS Code, Neovim, Emacs). Diagnostics are the same as {@code cordon check}'s.
 */
@Command(name = "lsp", mixinStandardHelpOptions = true,
        description = "Run the Cordon language server on stdin/stdout (Language Server Protocol).",
        footerHeading = "%nExamples:%n",
        footer = {"  cordon lsp"})
final class LspCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        // Xtext's launcher finds the language through META-INF/services/org.eclipse.xtext.ISetup
        // (CordonIdeSetup) and serves until the client sends exit.
        ServerLauncher.launch(LspCommand.class.getName(), new String[0], CordonServerModule.create());
        return Cordon.OK;
    }
}
