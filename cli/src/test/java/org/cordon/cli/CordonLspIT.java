package org.cordon.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

        /** Every publication, empty ones included, by file name. */
        final ConcurrentHashMap<String, PublishDiagnosticsParams> latest = new ConcurrentHashMap<>();

        @Override
        public void publishDiagnostics(PublishDiagnosticsParams params) {
            latest.put(params.getUri().replaceAll(".*/", ""), params);
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

        final CompletableFuture<org.eclipse.lsp4j.ShowDocumentParams> shown = new CompletableFuture<>();

        @Override
        public CompletableFuture<org.eclipse.lsp4j.ShowDocumentResult> showDocument(org.eclipse.lsp4j.ShowDocumentParams params) {
            shown.complete(params);
            return CompletableFuture.completedFuture(new org.eclipse.lsp4j.ShowDocumentResult(true));
        }
    }

    /** A running {@code cordon lsp} process with an initialized client on the test's workspace. */
    private record Session(Process process, Client client, LanguageServer server,
            org.eclipse.lsp4j.ServerCapabilities capabilities) {
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

    /**
     * {@code java OPTIONS -jar cordon.jar lsp}, with the options both launchers give the server
     * ({@code cordon_jvm_options lsp} in packaging/src/bin/jvm-options.sh), so that what is tested is the server users
     * run: its collector and compiler. (LSP4J's reader skips a stray line before the first header, so this does not
     * show that the JVM's warnings stay off standard output; JvmOptionsTest holds the options that send them away.)
     */
    private static List<String> serverCommand() throws Exception {
        Process p = new ProcessBuilder("sh", "-c", ". packaging/src/bin/jvm-options.sh; cordon_jvm_options lsp")
                .directory(new java.io.File(System.getProperty("cordon.root"))).redirectErrorStream(true).start();
        String options = new String(p.getInputStream().readAllBytes()).strip();
        assertEquals(0, p.waitFor(), options);
        List<String> command = new java.util.ArrayList<>(List.of("java"));
        command.addAll(List.of(options.split("\\s+")));
        command.addAll(List.of("-jar", System.getProperty("cordon.jar"), "lsp"));
        return command;
    }

    private Session start() throws Exception {
        Process process = new ProcessBuilder(serverCommand())
                .redirectError(ProcessBuilder.Redirect.appendTo(new java.io.File(System.getProperty("java.io.tmpdir"), "cordon-lsp-it.log"))).start();
        Client client = new Client();
        Launcher<LanguageServer> launcher = LSPLauncher.createClientLauncher(client, process.getInputStream(),
                process.getOutputStream());
        launcher.startListening();
        LanguageServer ls = launcher.getRemoteProxy();
        InitializeParams init = new InitializeParams();
        init.setRootUri(workspace.toUri().toString());
        init.setProcessId((int) ProcessHandle.current().pid());
        // an editor's usual capabilities: hierarchical outline, commands, showDocument
        var caps = new org.eclipse.lsp4j.ClientCapabilities();
        var text = new org.eclipse.lsp4j.TextDocumentClientCapabilities();
        var symbols = new org.eclipse.lsp4j.DocumentSymbolCapabilities();
        symbols.setHierarchicalDocumentSymbolSupport(true);
        text.setDocumentSymbol(symbols);
        caps.setTextDocument(text);
        var ws = new org.eclipse.lsp4j.WorkspaceClientCapabilities();
        ws.setExecuteCommand(new org.eclipse.lsp4j.ExecuteCommandCapabilities());
        caps.setWorkspace(ws);
        var window = new org.eclipse.lsp4j.WindowClientCapabilities();
        window.setShowDocument(new org.eclipse.lsp4j.ShowDocumentCapabilities(true));
        caps.setWindow(window);
        init.setCapabilities(caps);
        var result = ls.initialize(init).get(60, TimeUnit.SECONDS);
        ls.initialized(new InitializedParams());
        return new Session(process, client, ls, result.getCapabilities());
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

            // formatting: the server's edits turn a badly laid out policy into cordon format's layout
            String messy = "policy p   target xen 4.22\nlayer base{\ndomain dom0:control singleton\n"
                    + "     allow dom0 -> xen : xen.writeconsole\n}\n";
            ls.getTextDocumentService().didChange(new org.eclipse.lsp4j.DidChangeTextDocumentParams(
                    new org.eclipse.lsp4j.VersionedTextDocumentIdentifier(uri, 2),
                    List.of(new org.eclipse.lsp4j.TextDocumentContentChangeEvent(messy))));
            var edits = ls.getTextDocumentService().formatting(new DocumentFormattingParams(new TextDocumentIdentifier(uri),
                    new FormattingOptions(2, true))).get(30, TimeUnit.SECONDS);
            String expected = org.cordon.dsl.load.CordonFormatting.format("policy.cordon", messy).orElseThrow();
            assertTrue(!expected.equals(messy), "the sample needs formatting");
            assertEquals(expected, apply(messy, new java.util.ArrayList<>(edits)), "formatted as cordon format does");

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
            // the counterexample's hop, as related information at the rule that allows it
            assertTrue(d.getRelatedInformation() != null && d.getRelatedInformation().stream().anyMatch(r ->
                    r.getLocation().getRange().getStart().getLine() == 7 && r.getMessage().contains("grant.map_read")),
                    String.valueOf(d.getRelatedInformation()));
            // editing: without the leaking rule the verdict goes; with it back, it returns
            String fixed = text.replace("  allow a -> b : grant.map_read\n", "");
            ls.getTextDocumentService().didChange(new org.eclipse.lsp4j.DidChangeTextDocumentParams(
                    new org.eclipse.lsp4j.VersionedTextDocumentIdentifier(uri, 2),
                    List.of(new org.eclipse.lsp4j.TextDocumentContentChangeEvent(fixed))));
            awaitLatest(client, "leak.cordon", p -> p.getDiagnostics().stream().noneMatch(x -> isCode(x, "isolation")),
                    "the isolation verdict cleared by the edit");
            ls.getTextDocumentService().didChange(new org.eclipse.lsp4j.DidChangeTextDocumentParams(
                    new org.eclipse.lsp4j.VersionedTextDocumentIdentifier(uri, 3),
                    List.of(new org.eclipse.lsp4j.TextDocumentContentChangeEvent(text))));
            awaitLatest(client, "leak.cordon", p -> p.getDiagnostics().stream().anyMatch(x -> isCode(x, "isolation")),
                    "the isolation verdict back after the rule is");
        } finally {
            session.close();
        }
    }

    /** The samples folder as the workspace: three policies side by side, each checked on its own. */
    @Test
    void theSamplesFolderHoldsThreeCleanPolicies() throws Exception {
        Path samples = Path.of(System.getProperty("cordon.root")).resolve("samples");
        List<String> names = List.of("cloud-host.cordon", "openxt-client.cordon", "xen-default.cordon");
        for (String n : names) {
            Files.copy(samples.resolve(n), workspace.resolve(n));
        }
        Session session = start();
        try {
            long deadline = System.currentTimeMillis() + 120_000;
            while (!session.client().latest.keySet().containsAll(names) && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }
            for (String n : names) {
                PublishDiagnosticsParams p = session.client().latest.get(n);
                assertTrue(p != null && p.getDiagnostics().stream().noneMatch(d -> d.getSeverity()
                        == org.eclipse.lsp4j.DiagnosticSeverity.Error), n + ": " + (p == null ? "not checked" : p.getDiagnostics()));
            }
            // and the outline of a real policy: its layers
            String text = Files.readString(workspace.resolve("cloud-host.cordon"));
            String uri = workspace.resolve("cloud-host.cordon").toUri().toString();
            session.server().getTextDocumentService().didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(uri, "cordon", 1, text)));
            var symbols = session.server().getTextDocumentService().documentSymbol(
                    new org.eclipse.lsp4j.DocumentSymbolParams(new TextDocumentIdentifier(uri))).get(30, TimeUnit.SECONDS);
            assertTrue(symbols.stream().map(e -> e.getRight().getName()).toList().containsAll(List.of("hypervisor", "platform", "tenants")),
                    symbols.toString());
            // hover on a statement: the FLASK rules it lowers to, as cordon compile emits them
            int webLine = text.lines().toList().indexOf(text.lines().filter(l -> l.contains("vm web {")).findFirst().orElseThrow());
            var hover = session.server().getTextDocumentService().hover(new org.eclipse.lsp4j.HoverParams(
                    new TextDocumentIdentifier(uri), new Position(webLine, text.lines().toList().get(webLine).indexOf("web") + 1)))
                    .get(60, TimeUnit.SECONDS);
            String lowered = hover.getContents().getRight().getValue();
            assertTrue(lowered.startsWith("**Lowers to** (FLASK policy.conf for Xen 4.22)"), lowered);
            assertTrue(lowered.contains("type bank_a_web_t") || lowered.contains("bank_a_web_t"), lowered);
            assertTrue(lowered.contains("```"), lowered);
        } finally {
            session.close();
        }
    }

    /**
     * The editor shows exactly what {@code cordon check} reports: the same places, severities, codes and
     * messages, and as many related places, for a policy the FLASK lowering rejects (a domain that would take
     * one of Xen's own type names), one the verifier rejects, one with an unknown permission and the samples.
     */
    @Test
    void theEditorShowsWhatCordonCheckReports() throws Exception {
        java.util.Map<String, String> policies = new java.util.LinkedHashMap<>();
        policies.put("typename/typename.cordon", "policy p target xen 4.22\nlayer l {\n  domain dom0 : control singleton\n"
                + "  domain unlabeled : service\n  class c { vm x }\n  allow dom0 create, manage guests\n}\n");
        policies.put("leak/leak.cordon", "policy p target xen 4.22\nlayer l {\n  domain dom0 : control singleton\n"
                + "  class a isolation strong { vm x }\n  class b { vm y }\n  allow dom0 create a\n  allow dom0 create b\n"
                + "  allow a -> b : grant.map_read\n}\nassert isolated a, b\n");
        policies.put("typo/typo.cordon", "policy p target xen 4.22\nlayer l {\n  domain dom0 : control singleton\n"
                + "  allow dom0 -> xen : xen.readconsol\n}\n");
        Path samples = Path.of(System.getProperty("cordon.root")).resolve("samples");
        for (String n : List.of("cloud-host.cordon", "xen-default.cordon")) {
            policies.put("samples/" + n, Files.readString(samples.resolve(n)));
        }
        for (var e : policies.entrySet()) {
            Files.createDirectories(workspace.resolve(e.getKey()).getParent());
            Files.writeString(workspace.resolve(e.getKey()), e.getValue());
        }
        Session session = start();
        try {
            for (var e : policies.entrySet()) {
                Path file = workspace.resolve(e.getKey());
                String uri = file.toUri().toString();
                session.server().getTextDocumentService().didOpen(new DidOpenTextDocumentParams(
                        new TextDocumentItem(uri, "cordon", 1, e.getValue())));
                // clean files publish an empty list, which diagnosticsFor does not wait for
                String name = file.getFileName().toString();
                long deadline = System.currentTimeMillis() + 120_000;
                while (!session.client().latest.containsKey(name) && System.currentTimeMillis() < deadline) {
                    Thread.sleep(100);
                }
                PublishDiagnosticsParams shown = session.client().latest.get(name);
                assertTrue(shown != null, name + " checked");
                List<String> editor = shown.getDiagnostics().stream().map(d -> (d.getRange().getStart().getLine() + 1) + ":"
                        + (d.getRange().getStart().getCharacter() + 1) + " " + d.getSeverity().name().toLowerCase()
                        .replace("information", "info") + " " + d.getCode().getLeft() + " " + text(d) + " ("
                        + (d.getRelatedInformation() == null ? 0 : d.getRelatedInformation().size()) + " related)")
                        .sorted().toList();
                List<String> check = checkJson(file);
                assertEquals(check, editor, e.getKey());
                assertTrue(!check.isEmpty() || e.getKey().startsWith("samples/"), e.getKey() + " reports something");
            }
            assertTrue(session.client().latest.get("typename.cordon").getDiagnostics().stream()
                    .anyMatch(d -> "type-name".equals(d.getCode().getLeft())), "the lowering's error is in the editor");
            assertTrue(session.client().latest.get("leak.cordon").getDiagnostics().stream()
                    .anyMatch(d -> "class-isolation".equals(d.getCode().getLeft())), "the verifier's verdict is in the editor");
        } finally {
            session.close();
        }
    }

    /** {@code cordon check --format json FILE}'s diagnostics in the form the test above compares. */
    private static List<String> checkJson(Path file) throws Exception {
        Process p = new ProcessBuilder("java", "-jar", System.getProperty("cordon.jar"), "check", "--format", "json",
                file.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "cordon check finishes");
        var json = com.google.gson.JsonParser.parseString(out).getAsJsonObject();
        List<String> out2 = new java.util.ArrayList<>();
        for (var el : json.getAsJsonArray("diagnostics")) {
            var d = el.getAsJsonObject();
            var at = d.getAsJsonObject("location");
            out2.add(at.get("line").getAsInt() + ":" + at.get("column").getAsInt() + " " + d.get("severity").getAsString()
                    + " " + d.get("code").getAsString() + " " + d.get("message").getAsString() + " ("
                    + d.getAsJsonArray("related").size() + " related)");
        }
        return out2.stream().sorted().toList();
    }

    private static final String PLATFORM = "policy p target xen 4.22\nlayer platform {\n  domain dom0 : control singleton\n"
            + "  domain netdrv : driver\n  allow dom0 create, manage, comms guests\n"
            + "  forbid guests -> xen : xen.writeconsole\n  export dom0\n}\n";
    private static final String TENANTS = "layer tenants over platform {\n  class a { vm x }\n  allow netdrv comms a\n"
            + "  allow a.x -> xen : xen.readconsol\n  allow a.x -> xen : xen.writeconsole\n  allow dom0 manage a.x\n}\n";

    /** Two files, two layers: navigation, rename, quick fixes, outline and semantic tokens across them. */
    @Test
    void navigationRenameQuickFixesOutlineAndTokensAcrossFilesAndLayers() throws Exception {
        Path platform = workspace.resolve("platform.cordon");
        Path tenants = workspace.resolve("tenants.cordon");
        Files.writeString(platform, PLATFORM);
        Files.writeString(tenants, TENANTS);
        Session session = start();
        try {
            LanguageServer ls = session.server();
            var docs = ls.getTextDocumentService();
            String p = platform.toUri().toString();
            String t = tenants.toUri().toString();
            docs.didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(t, "cordon", 1, TENANTS)));
            PublishDiagnosticsParams diags = session.client().diagnosticsFor(t).get(60, TimeUnit.SECONDS);
            var tid = new TextDocumentIdentifier(t);

            // definition: `over platform` is the layer in the other file; `dom0` is declared there too
            var def = docs.definition(new org.eclipse.lsp4j.DefinitionParams(tid, at(TENANTS, "platform", 2)))
                    .get(30, TimeUnit.SECONDS).getLeft();
            assertEquals(1, def.size(), def.toString());
            assertTrue(same(p, def.get(0).getUri()), def.toString());
            assertEquals(1, def.get(0).getRange().getStart().getLine());
            var dom0 = docs.definition(new org.eclipse.lsp4j.DefinitionParams(tid, at(TENANTS, "dom0", 1)))
                    .get(30, TimeUnit.SECONDS).getLeft();
            assertTrue(dom0.size() == 1 && same(p, dom0.get(0).getUri()) && dom0.get(0).getRange().getStart().getLine() == 2,
                    dom0.toString());

            // references: dom0, declared in the lower layer, used in both files
            var refs = docs.references(new org.eclipse.lsp4j.ReferenceParams(new TextDocumentIdentifier(p),
                    at(PLATFORM, "dom0", 1), new org.eclipse.lsp4j.ReferenceContext(false))).get(30, TimeUnit.SECONDS);
            assertTrue(refs.stream().anyMatch(l -> same(p, l.getUri())) && refs.stream().anyMatch(l -> same(t, l.getUri())),
                    refs.toString());

            // rename the class: its declaration and the qualified uses (a.x) change
            var rename = docs.rename(new org.eclipse.lsp4j.RenameParams(tid, at(TENANTS, "class a", 6), "bank"))
                    .get(30, TimeUnit.SECONDS);
            String renamed = apply(TENANTS, edits(rename, t));
            assertTrue(renamed.contains("class bank {") && renamed.contains("allow bank.x -> xen") && renamed.contains("comms bank\n")
                    && !renamed.contains(" a.x"), renamed);

            // quick fixes
            var unknown = diagnostic(diags, "unknown-permission");
            var fixes = actions(docs, tid, unknown);
            var change = fixes.stream().filter(a -> a.getTitle().equals("Change to xen.readconsole")).findFirst()
                    .orElseThrow(() -> new AssertionError(fixes.toString()));
            String fixed = apply(TENANTS, change.getEdit().getChanges().get(t));
            assertTrue(fixed.contains(": xen.readconsole\n"));
            // a name the catalogue lacks stops the pipeline at resolve, as in `cordon check`: once it is fixed, the
            // language's rules (exports, forbids) report the rest
            session.client().diagnostics.remove(t);
            docs.didChange(new org.eclipse.lsp4j.DidChangeTextDocumentParams(new org.eclipse.lsp4j
                    .VersionedTextDocumentIdentifier(t, 2), List.of(new org.eclipse.lsp4j.TextDocumentContentChangeEvent(
                            fixed))));
            diags = session.client().diagnosticsFor(t).get(60, TimeUnit.SECONDS);
            var export = actions(docs, tid, diagnostic(diags, "not-exported")).get(0);
            var exportEdits = export.getEdit().getChanges().entrySet().iterator().next();
            assertTrue(same(p, exportEdits.getKey()), export.toString());
            assertTrue(apply(PLATFORM, exportEdits.getValue()).contains("export dom0, netdrv\n"), export.toString());
            var forbidden = diagnostic(diags, "forbidden");
            assertTrue(forbidden.getRelatedInformation() != null && same(p, forbidden.getRelatedInformation().get(0)
                    .getLocation().getUri()) && forbidden.getRelatedInformation().get(0).getLocation().getRange().getStart()
                            .getLine() == 5, String.valueOf(forbidden.getRelatedInformation()));
            var show = actions(docs, tid, forbidden).get(0);
            assertTrue(show.getTitle().startsWith("Show the forbid"), show.getTitle());
            ls.getWorkspaceService().executeCommand(new org.eclipse.lsp4j.ExecuteCommandParams(show.getCommand().getCommand(),
                    show.getCommand().getArguments())).get(30, TimeUnit.SECONDS);
            var opened = session.client().shown.get(30, TimeUnit.SECONDS);
            assertTrue(same(p, opened.getUri()) && opened.getSelection().getStart().getLine() == 5, opened.toString());

            // outline: the layer and what it declares
            var symbols = docs.documentSymbol(new org.eclipse.lsp4j.DocumentSymbolParams(tid)).get(30, TimeUnit.SECONDS);
            var layer = symbols.get(0).getRight();
            assertEquals("tenants", layer.getName());
            assertTrue(layer.getChildren().stream().anyMatch(c -> c.getName().equals("a")), layer.toString());

            // semantic tokens: `platform` after `over` is a layer (namespace), `xen` before `.` a security class
            var legend = session.capabilities().getSemanticTokensProvider().getLegend().getTokenTypes();
            var tokens = docs.semanticTokensFull(new org.eclipse.lsp4j.SemanticTokensParams(tid)).get(30, TimeUnit.SECONDS);
            assertEquals("namespace", tokenAt(tokens.getData(), legend, at(TENANTS, "platform", 0)));
            assertEquals("type", tokenAt(tokens.getData(), legend, at(TENANTS, "xen.readconsol", 0)));
            assertEquals("property", tokenAt(tokens.getData(), legend, at(TENANTS, "readconsol", 0)));
            assertEquals("class", tokenAt(tokens.getData(), legend, at(TENANTS, "class a", 6)));
        } finally {
            session.close();
        }
    }

    /**
     * A VM named in another file. Xtext's index holds each class with its VMs' names, not the VMs (CordonExports):
     * the name links, goes to its declaration, is among the workspace symbols, follows a rename, and the file is
     * checked again when the VM is taken out of its class and put back.
     */
    @Test
    void aVmNamedInAnotherFileLinksNavigatesRenamesAndIsRebuilt() throws Exception {
        String fleetText = "policy p target xen 4.22\nlayer fleet {\n  domain dom0 : control singleton\n"
                + "  class bank { vm web vm db }\n  export dom0, bank.db\n}\n";
        String hostingText = "layer hosting over fleet {\n  allow dom0 manage bank.db\n}\n";
        Path fleet = workspace.resolve("fleet.cordon");
        Path hosting = workspace.resolve("hosting.cordon");
        Files.writeString(fleet, fleetText);
        Files.writeString(hosting, hostingText);
        Session session = start();
        try {
            var docs = session.server().getTextDocumentService();
            String f = fleet.toUri().toString();
            String h = hosting.toUri().toString();
            docs.didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(h, "cordon", 1, hostingText)));
            assertEquals(List.of(), awaitLatest(session.client(), "hosting.cordon", x -> true, "checked").getDiagnostics(),
                    "linked across files");

            var def = docs.definition(new org.eclipse.lsp4j.DefinitionParams(new TextDocumentIdentifier(h),
                    at(hostingText, "bank.db", 6))).get(30, TimeUnit.SECONDS).getLeft();
            assertTrue(def.size() == 1 && same(f, def.get(0).getUri()) && def.get(0).getRange().getStart().getLine() == 3,
                    def.toString());

            var symbols = session.server().getWorkspaceService().symbol(new org.eclipse.lsp4j.WorkspaceSymbolParams("bank"))
                    .get(30, TimeUnit.SECONDS).getRight();
            var names = symbols.stream().map(org.eclipse.lsp4j.WorkspaceSymbol::getName).sorted().toList();
            assertEquals(List.of("bank", "bank.db", "bank.web"), names);
            var db = symbols.stream().filter(x -> x.getName().equals("bank.db")).findFirst().orElseThrow();
            assertTrue(same(f, db.getLocation().getLeft().getUri()) && db.getLocation().getLeft().getRange().getStart()
                    .getLine() == 3, db.toString());

            docs.didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(f, "cordon", 1, fleetText)));
            var rename = docs.rename(new org.eclipse.lsp4j.RenameParams(new TextDocumentIdentifier(f),
                    at(fleetText, "vm db", 3), "store")).get(30, TimeUnit.SECONDS);
            assertEquals("layer hosting over fleet {\n  allow dom0 manage bank.store\n}\n",
                    apply(hostingText, edits(rename, h)));
            assertTrue(apply(fleetText, edits(rename, f)).contains("vm store }\n  export dom0, bank.store\n"),
                    rename.toString());

            // the VM taken out of its class: the other file is checked again, and its name no longer links
            String without = fleetText.replace(" vm db", "").replace(", bank.db", "");
            docs.didChange(new org.eclipse.lsp4j.DidChangeTextDocumentParams(new org.eclipse.lsp4j
                    .VersionedTextDocumentIdentifier(f, 2), List.of(new org.eclipse.lsp4j.TextDocumentContentChangeEvent(
                            without))));
            var unlinked = awaitLatest(session.client(), "hosting.cordon", x -> !x.getDiagnostics().isEmpty(), "unlinked")
                    .getDiagnostics();
            assertTrue(unlinked.stream().anyMatch(d -> text(d).contains("bank.db")), unlinked.toString());
            // and put back: linked again (the file names dom0 and the layer there too, so Xtext's own rule rebuilds it
            // as well; CordonExportsTest holds the rebuild of a file that names only the VM)
            docs.didChange(new org.eclipse.lsp4j.DidChangeTextDocumentParams(new org.eclipse.lsp4j
                    .VersionedTextDocumentIdentifier(f, 3), List.of(new org.eclipse.lsp4j.TextDocumentContentChangeEvent(
                            fleetText))));
            awaitLatest(session.client(), "hosting.cordon", x -> x.getDiagnostics().isEmpty(), "linked again");
        } finally {
            session.close();
        }
    }

    private static List<org.eclipse.lsp4j.CodeAction> actions(org.eclipse.lsp4j.services.TextDocumentService docs,
            TextDocumentIdentifier id, org.eclipse.lsp4j.Diagnostic d) throws Exception {
        var ctx = new org.eclipse.lsp4j.CodeActionContext(List.of(d));
        return docs.codeAction(new org.eclipse.lsp4j.CodeActionParams(id, d.getRange(), ctx)).get(30, TimeUnit.SECONDS)
                .stream().map(e -> e.getRight()).toList();
    }

    private static org.eclipse.lsp4j.Diagnostic diagnostic(PublishDiagnosticsParams diags, String code) {
        return diags.getDiagnostics().stream().filter(x -> x.getCode() != null && code.equals(x.getCode().getLeft()))
                .findFirst().orElseThrow(() -> new AssertionError("no " + code + " in " + diags.getDiagnostics()));
    }

    /** The position {@code plus} characters into the first occurrence of {@code word}. */
    private static Position at(String text, String word, int plus) {
        int offset = text.indexOf(word) + plus;
        int line = (int) text.substring(0, offset).chars().filter(c -> c == '\n').count();
        return new Position(line, offset - (text.lastIndexOf('\n', offset - 1) + 1));
    }

    private static boolean same(String uri, String other) {
        return java.net.URI.create(uri).normalize().getPath().equals(java.net.URI.create(other).normalize().getPath());
    }

    private static List<org.eclipse.lsp4j.TextEdit> edits(org.eclipse.lsp4j.WorkspaceEdit edit, String uri) {
        if (edit.getChanges() != null) {
            return edit.getChanges().entrySet().stream().filter(e -> same(uri, e.getKey())).flatMap(e -> e.getValue().stream()).toList();
        }
        return edit.getDocumentChanges().stream().filter(e -> e.isLeft() && same(uri, e.getLeft().getTextDocument().getUri()))
                .flatMap(e -> e.getLeft().getEdits().stream()).map(e -> e.isLeft() ? e.getLeft() : snippet(e.getRight())).toList();
    }

    private static org.eclipse.lsp4j.TextEdit snippet(org.eclipse.lsp4j.SnippetTextEdit e) {
        return new org.eclipse.lsp4j.TextEdit(e.getRange(), e.getSnippet().getValue());
    }

    /** The text after the edits (applied from the end, as LSP requires them not to overlap). */
    private static String apply(String text, List<org.eclipse.lsp4j.TextEdit> edits) {
        var doc = new org.eclipse.xtext.ide.server.Document(1, text);
        List<org.eclipse.lsp4j.TextEdit> sorted = new java.util.ArrayList<>(edits);
        sorted.sort(java.util.Comparator.comparingInt((org.eclipse.lsp4j.TextEdit e) -> doc.getOffSet(e.getRange().getStart())).reversed());
        StringBuilder s = new StringBuilder(text);
        for (var e : sorted) {
            s.replace(doc.getOffSet(e.getRange().getStart()), doc.getOffSet(e.getRange().getEnd()), e.getNewText());
        }
        return s.toString();
    }

    /** The token type at a position, decoding LSP's relative encoding. */
    private static String tokenAt(List<Integer> data, List<String> legend, Position p) {
        int line = 0;
        int start = 0;
        for (int i = 0; i + 4 < data.size() + 1; i += 5) {
            line += data.get(i);
            start = data.get(i) == 0 ? start + data.get(i + 1) : data.get(i + 1);
            if (line == p.getLine() && start <= p.getCharacter() && p.getCharacter() < start + data.get(i + 2)) {
                return legend.get(data.get(i + 3));
            }
        }
        return "none";
    }

    private static boolean isCode(org.eclipse.lsp4j.Diagnostic d, String code) {
        return d.getCode() != null && code.equals(d.getCode().getLeft());
    }

    /** Waits until the newest diagnostics published for {@code name} satisfy {@code ok}; those diagnostics. */
    private static PublishDiagnosticsParams awaitLatest(Client client, String name,
            java.util.function.Predicate<PublishDiagnosticsParams> ok, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            PublishDiagnosticsParams p = client.latest.get(name);
            if (p != null && ok.test(p)) {
                return p;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(what + ": not within 60 s; last published " + client.latest.get(name));
    }

    /** LSP4J 1.0: a diagnostic's message is a string or markup. */
    private static String text(org.eclipse.lsp4j.Diagnostic d) {
        return d.getMessage().isLeft() ? d.getMessage().getLeft() : d.getMessage().getRight().getValue();
    }
}
