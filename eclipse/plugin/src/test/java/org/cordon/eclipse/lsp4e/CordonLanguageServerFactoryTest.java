package org.cordon.eclipse.lsp4e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.MessageActionItem;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.ShowMessageRequestParams;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.LanguageServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The LSP4E connection over the in-process server, driven as LSP4E drives it. LSP4E is not on Maven
 * Central, so {@link Connection} has the shape of its {@code StreamConnectionProvider} (the abstract
 * methods and a default one); the factory builds against whichever interface it is handed.
 */
class CordonLanguageServerFactoryTest {

    @TempDir
    Path workspace;

    interface Connection {
        void start() throws IOException;

        InputStream getInputStream();

        OutputStream getOutputStream();

        InputStream getErrorStream();

        void stop();

        default String getTrace(java.net.URI rootUri) {
            return "off";
        }
    }

    @Test
    void anEditorTalksToCordonThroughTheConnection() throws Exception {
        Connection c = (Connection) CordonLanguageServerFactory.provider(Connection.class);
        assertEquals("off", c.getTrace(null), "the interface's own default methods still answer");
        assertNull(c.getErrorStream());
        // the connection is a dynamic proxy: Object's own methods must be answered by it, not sent to the server
        // (which threw UnsupportedOperationException for them)
        assertTrue(c.equals(c), "equals through the proxy");
        assertEquals(System.identityHashCode(c), c.hashCode(), "hashCode through the proxy");
        assertNotEquals(c, CordonLanguageServerFactory.provider(Connection.class), "one connection, one server");
        c.start();
        try {
            CompletableFuture<PublishDiagnosticsParams> published = new CompletableFuture<>();
            LanguageClient client = new LanguageClient() {
                @Override
                public void publishDiagnostics(PublishDiagnosticsParams p) {
                    if (!p.getDiagnostics().isEmpty()) {
                        published.complete(p);
                    }
                }

                @Override
                public void telemetryEvent(Object object) {
                }

                @Override
                public void showMessage(MessageParams messageParams) {
                }

                @Override
                public CompletableFuture<MessageActionItem> showMessageRequest(ShowMessageRequestParams p) {
                    return CompletableFuture.completedFuture(null);
                }

                @Override
                public void logMessage(MessageParams message) {
                }
            };
            Launcher<LanguageServer> launcher = LSPLauncher.createClientLauncher(client, c.getInputStream(), c.getOutputStream());
            launcher.startListening();
            LanguageServer server = launcher.getRemoteProxy();
            InitializeParams init = new InitializeParams();
            init.setRootUri(workspace.toUri().toString());
            init.setCapabilities(new org.eclipse.lsp4j.ClientCapabilities());
            server.initialize(init).get(60, TimeUnit.SECONDS);
            server.initialized(new InitializedParams());
            Path file = workspace.resolve("p.cordon");
            String text = "policy p target xen 4.22\nlayer l {\n  domain dom0 : control singleton\n"
                    + "  allow dom0 -> xen : xen.readconsol\n}\n";
            Files.writeString(file, text);
            server.getTextDocumentService().didOpen(new DidOpenTextDocumentParams(
                    new TextDocumentItem(file.toUri().toString(), "cordon", 1, text)));
            PublishDiagnosticsParams p = published.get(60, TimeUnit.SECONDS);
            assertTrue(p.getDiagnostics().stream().anyMatch(d -> d.getMessage().getLeft().contains("did you mean readconsole")),
                    p.toString());
            server.shutdown().get(30, TimeUnit.SECONDS);
            server.exit(); // ends the connection, not this JVM
        } finally {
            c.stop();
        }
    }
}
