package org.cordon.cli;

import java.util.concurrent.Callable;
import org.eclipse.xtext.ide.server.ServerLauncher;
import picocli.CommandLine.Command;

/**
 * {@code cordon lsp}: the Cordon language server on standard input and output, for any LSP editor
 * (Eclipse with LSP4E, VS Code, Neovim, Emacs). Diagnostics are the same as {@code cordon check}'s.
 */
@Command(name = "lsp", mixinStandardHelpOptions = true,
        description = "Run the Cordon language server on stdin/stdout (Language Server Protocol).")
final class LspCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        // Xtext's launcher finds the language through META-INF/services/org.eclipse.xtext.ISetup
        // (CordonIdeSetup) and serves until the client sends exit.
        // ... with Cordon's server, which adds related information (counterexample hops) to diagnostics
        ServerLauncher.launch(ServerLauncher.class.getName(), new String[0],
                com.google.inject.util.Modules.override(new org.eclipse.xtext.ide.server.ServerModule()).with(binder ->
                        binder.bind(org.eclipse.xtext.ide.server.LanguageServerImpl.class)
                                .to(org.cordon.dsl.ide.server.CordonLanguageServer.class)));
        return Cordon.OK;
    }
}
