package org.cordon.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.DocumentFormattingParams;
import org.eclipse.lsp4j.FormattingOptions;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.MessageActionItem;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.ShowMessageRequestParams;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.LanguageServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cordon lsp} from the shaded jar, driven over LSP4J as an editor would. */
class CordonLspIT {

    @TempDir
    Path workspace;

    static final class Client implements LanguageClient {
        final ConcurrentHashMap<String, CompletableFuture<PublishDiagnosticsParams>> diagnostics = new ConcurrentHashMap<>();

        CompletableFuture<PublishDiagnosticsParams> diagnosticsFor(String uri) {
            return diagnostics.computeIfAbsent(uri, k -> new CompletableFuture<>());
        }

        @Override
        public void publishDiagnostics(PublishDiagnosticsParams params) {
            if (!params.getDiagnostics().isEmpty()) {
                diagnosticsFor(params.getUri()).complete(params);
            }
        }

        @Override
        public void telemetryEvent(Object object) {
        }

        @Override
        public void showMessage(MessageParams messageParams) {
        }

        @Override
        public CompletableFuture<MessageActionItem> showMessageRequest(ShowMessageRequestParams requestParams) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void logMessage(MessageParams message) {
        }
    }

    /** A running {@code cordon lsp} process with an initialized client on the test's workspace. */
    private record Session(Process process, Client client, LanguageServer server) {
        void close() throws Exception {
            try {
                server.shutdown().get(30, TimeUnit.SECONDS);
                server.exit();
                assertTrue(process.waitFor(30, TimeUnit.SECONDS), "server exits after exit");
            } finally {
                process.destroyForcibly();
            }
        }
    }

    private Session start() throws Exception {
        Process process = new ProcessBuilder("java", "-jar", System.getProperty("cordon.jar"), "lsp")
                .redirectError(ProcessBuilder.Redirect.appendTo(new java.io.File(System.getProperty("java.io.tmpdir"), "cordon-lsp-it.log"))).start();
        Client client = new Client();
        Launcher<LanguageServer> launcher = LSPLauncher.createClientLauncher(client, process.getInputStream(),
                process.getOutputStream());
        launcher.startListening();
        LanguageServer ls = launcher.getRemoteProxy();
        InitializeParams init = new InitializeParams();
        init.setRootUri(workspace.toUri().toString());
        init.setProcessId((int) ProcessHandle.current().pid());
        init.setCapabilities(new org.eclipse.lsp4j.ClientCapabilities());
        ls.initialize(init).get(60, TimeUnit.SECONDS);
        ls.initialized(new InitializedParams());
        return new Session(process, client, ls);
    }

    @Test
    void diagnosticsCompletionAndFormattingOverLsp() throws Exception {
        Path file = workspace.resolve("policy.cordon");
        String text = "policy p target xen 4.22\nlayer base {\n  domain dom0 : control singleton\n"
                + "  allow dom0 -> xen : xen.readconsol\n"
                + "  allow dom0 -> xen : xen.writeconsole\n"
                + "  allow dom0 manage dom0\n}\n";
        Files.writeString(file, text);
        Session session = start();
        try {
            Client client = session.client();
            LanguageServer ls = session.server();
            String uri = file.toUri().toString();
            ls.getTextDocumentService().didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(uri, "cordon", 1, text)));

            PublishDiagnosticsParams diags = client.diagnosticsFor(uri).get(60, TimeUnit.SECONDS);
            var d = diags.getDiagnostics().stream()
                    .filter(x -> text(x).contains("unknown permission 'xen.readconsol'")).findFirst().orElseThrow(
                            () -> new AssertionError("no unknown-permission diagnostic in " + diags.getDiagnostics()));
            assertEquals(3, d.getRange().getStart().getLine(), "0-based line of the rule");
            assertTrue(text(d).contains("did you mean readconsole"), text(d));

            // completion after "allow dom0 " offers keywords of the rule syntax and names
            var completion = ls.getTextDocumentService().completion(new CompletionParams(new TextDocumentIdentifier(uri),
                    new Position(3, 8))).get(30, TimeUnit.SECONDS);
            assertTrue(completion.isLeft() ? !completion.getLeft().isEmpty() : !completion.getRight().getItems().isEmpty(),
                    "completion offers something");
            // after "xen." the catalogue's permissions of class xen are offered
            var perms = ls.getTextDocumentService().completion(new CompletionParams(new TextDocumentIdentifier(uri),
                    new Position(4, 26))).get(30, TimeUnit.SECONDS);
            var labels = (perms.isLeft() ? perms.getLeft() : perms.getRight().getItems()).stream()
                    .map(org.eclipse.lsp4j.CompletionItem::getLabel).toList();
            assertTrue(labels.contains("writeconsole") && labels.contains("readconsole") && labels.contains("setscheduler"),
                    labels.toString());

            // hover knows Xen: the hypercall behind a permission, the grants behind a capability
            var hover = ls.getTextDocumentService().hover(new org.eclipse.lsp4j.HoverParams(new TextDocumentIdentifier(uri),
                    new Position(4, 27))).get(30, TimeUnit.SECONDS);
            String shown = hover.getContents().getRight().getValue();
            assertTrue(shown.contains("xen.writeconsole") && shown.contains("CONSOLEIO_write"), shown);
            var capHover = ls.getTextDocumentService().hover(new org.eclipse.lsp4j.HoverParams(new TextDocumentIdentifier(uri),
                    new Position(5, 14))).get(30, TimeUnit.SECONDS);
            String cap = capHover.getContents().getRight().getValue();
            assertTrue(cap.contains("manage_domain") && cap.contains("domain {"), cap);

            var edits = ls.getTextDocumentService().formatting(new DocumentFormattingParams(new TextDocumentIdentifier(uri),
                    new FormattingOptions(2, true))).get(30, TimeUnit.SECONDS);
            assertTrue(edits != null, "formatting answers");

        } finally {
            session.close();
        }
    }

    @Test
    void verifierVerdictsAppearInTheEditor() throws Exception {
        Path file = workspace.resolve("leak.cordon");
        String text = "policy p target xen 4.22\nlayer l {\n  domain dom0 : control singleton\n"
                + "  class a { vm x }\n  class b { vm y }\n  allow dom0 create a\n  allow dom0 create b\n"
                + "  allow a -> b : grant.map_read\n}\nassert isolated a, b\n";
        Files.writeString(file, text);
        Session session = start();
        try {
            Client client = session.client();
            LanguageServer ls = session.server();
            String uri = file.toUri().toString();
            ls.getTextDocumentService().didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(uri, "cordon", 1, text)));
            PublishDiagnosticsParams diags = client.diagnosticsFor(uri).get(60, TimeUnit.SECONDS);
            var d = diags.getDiagnostics().stream().filter(x -> "isolation".equals(x.getCode() == null ? null
                    : x.getCode().getLeft())).findFirst().orElseThrow(
                            () -> new AssertionError("no isolation verdict in " + diags.getDiagnostics()));
            assertEquals(9, d.getRange().getStart().getLine(), "at the assertion");
            assertTrue(text(d).contains("a.x") && text(d).contains("b.y"), text(d));
            // the counterexample's hops are related information, at the rule that allows the flow
            var hops = d.getRelatedInformation();
            assertTrue(hops != null && !hops.isEmpty(), "related information: " + d);
            assertEquals(uri, hops.get(0).getLocation().getUri());
            assertEquals(7, hops.get(0).getLocation().getRange().getStart().getLine(), hops.toString());
            assertTrue(hops.get(0).getMessage().contains("grant.map_read"), hops.get(0).getMessage());
        } finally {
            session.close();
        }
    }

    /**
     * Two files, two layers: go to definition and find references across them, document symbols,
     * rename, and quick fixes (nearest permission name; the missing export, in the other file).
     */
    @Test
    void navigationRenameAndQuickFixesAcrossFiles() throws Exception {
        Path base = workspace.resolve("base.cordon");
        Path top = workspace.resolve("top.cordon");
        String baseText = "policy p target xen 4.22\nlayer base {\n  domain dom0 : control singleton\n"
                + "  domain netdrv : driver\n  export dom0\n}\n";
        String topText = "layer tenants over base {\n  class web { vm a }\n  allow dom0 create web\n"
                + "  allow netdrv -> web : grant.map_reed\n}\n";
        Files.writeString(base, baseText);
        Files.writeString(top, topText);
        Session session = start();
        try {
            Client client = session.client();
            LanguageServer ls = session.server();
            var docs = ls.getTextDocumentService();
            String baseUri = base.toUri().toString();
            String topUri = top.toUri().toString();
            docs.didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(baseUri, "cordon", 1, baseText)));
            docs.didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(topUri, "cordon", 1, topText)));
            PublishDiagnosticsParams diags = client.diagnosticsFor(topUri).get(60, TimeUnit.SECONDS);

            // definition of dom0 (line 2 of top.cordon) is in base.cordon, line 2
            var def = docs.definition(new org.eclipse.lsp4j.DefinitionParams(new TextDocumentIdentifier(topUri),
                    new Position(2, 9))).get(30, TimeUnit.SECONDS);
            var defs = def.getLeft();
            assertEquals(1, defs.size(), defs.toString());
            assertEquals(baseUri, defs.get(0).getUri());
            assertEquals(2, defs.get(0).getRange().getStart().getLine());

            // references to dom0 from its declaration: the export in base.cordon and the rule in top.cordon
            var refs = docs.references(new org.eclipse.lsp4j.ReferenceParams(new TextDocumentIdentifier(baseUri),
                    new Position(2, 10), new org.eclipse.lsp4j.ReferenceContext(false))).get(30, TimeUnit.SECONDS);
            assertTrue(refs.stream().anyMatch(l -> l.getUri().equals(topUri)), refs.toString());

            // outline
            var symbols = docs.documentSymbol(new org.eclipse.lsp4j.DocumentSymbolParams(new TextDocumentIdentifier(baseUri)))
                    .get(30, TimeUnit.SECONDS);
            String names = symbols.toString();
            assertTrue(names.contains("base") && names.contains("dom0") && names.contains("netdrv"), names);

            // quick fix: the nearest permission name
            var unknown = diags.getDiagnostics().stream().filter(x -> "unknown-permission".equals(x.getCode().getLeft()))
                    .findFirst().orElseThrow(() -> new AssertionError(diags.getDiagnostics().toString()));
            var actions = docs.codeAction(new org.eclipse.lsp4j.CodeActionParams(new TextDocumentIdentifier(topUri),
                    unknown.getRange(), new org.eclipse.lsp4j.CodeActionContext(java.util.List.of(unknown))))
                    .get(30, TimeUnit.SECONDS);
            var fix = actions.stream().map(a -> a.getRight()).filter(a -> a.getTitle().equals("Change to 'map_read'"))
                    .findFirst().orElseThrow(() -> new AssertionError(actions.toString()));
            var edit = fix.getEdit().getChanges().get(topUri).get(0);
            assertEquals("map_read", edit.getNewText());
            assertEquals(new Position(3, 30), edit.getRange().getStart());

            // quick fix: export netdrv from base, in the other file, before the layer's closing brace
            var unexported = diags.getDiagnostics().stream().filter(x -> "not-exported".equals(x.getCode().getLeft()))
                    .findFirst().orElseThrow(() -> new AssertionError(diags.getDiagnostics().toString()));
            var exportFix = docs.codeAction(new org.eclipse.lsp4j.CodeActionParams(new TextDocumentIdentifier(topUri),
                    unexported.getRange(), new org.eclipse.lsp4j.CodeActionContext(java.util.List.of(unexported))))
                    .get(30, TimeUnit.SECONDS).get(0).getRight();
            var exportEdit = exportFix.getEdit().getChanges().get(baseUri).get(0);
            assertEquals("  export netdrv\n", exportEdit.getNewText());
            assertEquals(new Position(5, 0), exportEdit.getRange().getStart());

            // semantic tokens: the class name is a class, at its declaration and where rules name it
            var tokens = docs.semanticTokensFull(new org.eclipse.lsp4j.SemanticTokensParams(new TextDocumentIdentifier(topUri)))
                    .get(30, TimeUnit.SECONDS);
            var data = tokens.getData();
            assertTrue(data.size() >= 5 * 8, "tokens: " + data);
            int line = 0;
            int col = 0;
            java.util.List<String> classes = new java.util.ArrayList<>();
            for (int i = 0; i + 4 < data.size(); i += 5) {
                line += data.get(i);
                col = data.get(i) == 0 ? col + data.get(i + 1) : data.get(i + 1);
                if (data.get(i + 3) == 2) { // "class" is the third of Xtext's token types
                    classes.add(line + ":" + col);
                }
            }
            assertEquals(java.util.List.of("1:8", "2:20", "3:18"), classes);

            // rename the class: the declaration and the rules that name it
            var rename = docs.rename(new org.eclipse.lsp4j.RenameParams(new TextDocumentIdentifier(topUri),
                    new Position(1, 9), "shop")).get(30, TimeUnit.SECONDS);
            var renames = rename.getChanges().get(topUri);
            assertEquals(3, renames.size(), String.valueOf(rename));
            assertTrue(renames.stream().allMatch(e -> e.getNewText().equals("shop")), String.valueOf(rename));
            assertEquals(new Position(2, 20), renames.get(1).getRange().getStart(), "the rules naming the class");
            assertEquals(new Position(3, 18), renames.get(2).getRange().getStart(), "the rules naming the class");
        } finally {
            session.close();
        }
    }

    /** LSP4J 1.0: a diagnostic's message is a string or markup. */
    private static String text(org.eclipse.lsp4j.Diagnostic d) {
        return d.getMessage().isLeft() ? d.getMessage().getLeft() : d.getMessage().getRight().getValue();
    }
}
