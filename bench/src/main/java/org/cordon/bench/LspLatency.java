package org.cordon.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.MessageActionItem;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.ShowMessageRequestParams;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.VersionedTextDocumentIdentifier;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.LanguageServer;

/**
 * Edit-to-diagnostics latency of {@code cordon lsp} (a real process, over stdio) on a generated
 * policy of a few thousand lines: after each full-text change that adds or removes a rule the
 * verifier rejects, the time until the server publishes the file's diagnostics (parse, link,
 * checks and the verifier). The server is started as users start it: through the {@code cordon}
 * launcher (its JVM options), or a jar with the launcher's options for {@code lsp}. The first
 * {@code WARMUP} edits are reported apart: an editor's server runs for hours, and its first edits
 * are also the JIT compiler's; before them, the time from the server's start to its first diagnostics (the JVM's
 * start, initialisation and the check of the opened file). The edits after them are also reported by kind, those that
 * break the isolation and those that restore it, whose checks end differently. With {@code TYPED}, that many more
 * times: an edit, and {@code GAP} ms later (150 unless given), while the server checks it, the edit that undoes it, as
 * typing does; the time from the second edit to its diagnostics (a server that finishes the stale check first answers
 * late by the rest of it). With {@code -Dcordon.bench.each=true}, each edit's time also goes to standard error as
 * {@code edit N MS}, the warm-up's included: where the JIT's warm-up ends. Usage:
 * {@code LspLatency CORDON_LAUNCHER|CORDON_JAR [CLASSES] [EDITS] [WARMUP] [TYPED [GAP]]}.
 */
public final class LspLatency {

    private LspLatency() {
    }

    public static void main(String[] args) throws Exception {
        String jar = args[0];
        int classes = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int edits = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        int typed = args.length > 4 ? Integer.parseInt(args[4]) : 0;
        int gap = args.length > 5 ? Integer.parseInt(args[5]) : 150;
        Path ws = Files.createTempDirectory("cordon-lsp-bench");
        String text = policy(classes);
        Path file = ws.resolve("big.cordon");
        Files.writeString(file, text);
        List<String> command = jar.endsWith(".jar") ? jarCommand(Path.of(jar)) : List.of(jar, "lsp");
        long started = System.nanoTime();
        Process server = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        BlockingQueue<PublishDiagnosticsParams> published = new LinkedBlockingQueue<>();
        LanguageClient client = new LanguageClient() {
            public void telemetryEvent(Object o) { }
            public void publishDiagnostics(PublishDiagnosticsParams p) { published.add(p); }
            public void showMessage(MessageParams m) { }
            public CompletableFuture<MessageActionItem> showMessageRequest(ShowMessageRequestParams r) {
                return CompletableFuture.completedFuture(null);
            }
            public void logMessage(MessageParams m) { }
        };
        // the connection's own threads, shut down at the end: the default pool's idle threads kept the JVM alive
        // for a minute after the last edit
        ExecutorService connection = Executors.newCachedThreadPool();
        var launcher = LSPLauncher.createClientLauncher(client, server.getInputStream(), server.getOutputStream(),
                connection, null);
        launcher.startListening();
        LanguageServer ls = launcher.getRemoteProxy();
        InitializeParams init = new InitializeParams();
        init.setRootUri(ws.toUri().toString());
        init.setCapabilities(new ClientCapabilities());
        ls.initialize(init).get(120, TimeUnit.SECONDS);
        ls.initialized(new InitializedParams());
        String uri = file.toUri().toString();
        long lines = text.lines().count();
        ls.getTextDocumentService().didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(uri, "cordon", 1, text)));
        awaitFor(published, uri);
        double opened = (System.nanoTime() - started) / 1e6;
        List<Double> first = new ArrayList<>();
        List<Double> ms = new ArrayList<>();
        // the same edits by kind: breaking the isolation (a violation, after which nothing more is checked) and
        // restoring it (clean verdicts, after which the binary's shared types are checked too)
        boolean each = Boolean.getBoolean("cordon.bench.each");
        List<Double> breaking = new ArrayList<>();
        List<Double> restoring = new ArrayList<>();
        for (int i = 0; i < warmup + edits; i++) {
            String edited = edit(text, i);
            long t0 = System.nanoTime();
            ls.getTextDocumentService().didChange(new DidChangeTextDocumentParams(
                    new VersionedTextDocumentIdentifier(uri, i + 2), List.of(new TextDocumentContentChangeEvent(edited))));
            PublishDiagnosticsParams p = awaitFor(published, uri);
            double took = (System.nanoTime() - t0) / 1e6;
            (i < warmup ? first : ms).add(took);
            if (each) {
                System.err.printf("edit %d %.0f%n", i, took);
            }
            if (i >= warmup) {
                (i % 2 == 0 ? breaking : restoring).add(took);
            }
            if (i == 0 && p.getDiagnostics().isEmpty()) {
                throw new IllegalStateException("the edit should have produced an isolation verdict");
            }
        }
        List<Double> afterTyping = new ArrayList<>();
        int version = warmup + edits + 2;
        if (typed > 0) { // from the policy as generated, which verifies clean
            ls.getTextDocumentService().didChange(new DidChangeTextDocumentParams(
                    new VersionedTextDocumentIdentifier(uri, version++), List.of(new TextDocumentContentChangeEvent(text))));
            awaitClean(published, uri);
        }
        for (int i = 0; i < typed; i++) {
            // each undo ends in a comment of its own, so that no text repeats one the server has answered already
            String undone = text + "// typed " + i + "\n";
            ls.getTextDocumentService().didChange(new DidChangeTextDocumentParams(
                    new VersionedTextDocumentIdentifier(uri, version++), List.of(new TextDocumentContentChangeEvent(edit(text, 0)))));
            Thread.sleep(gap);
            long t0 = System.nanoTime();
            ls.getTextDocumentService().didChange(new DidChangeTextDocumentParams(
                    new VersionedTextDocumentIdentifier(uri, version++), List.of(new TextDocumentContentChangeEvent(undone))));
            awaitClean(published, uri); // the broken text's verdict, if the server gave it, comes first
            afterTyping.add((System.nanoTime() - t0) / 1e6);
        }
        ls.shutdown().get(30, TimeUnit.SECONDS);
        ls.exit();
        server.waitFor(10, TimeUnit.SECONDS);
        server.destroyForcibly();
        connection.shutdownNow();
        // first, so that the last line stays all the edits' (bench/run-all.sh reads it)
        System.out.println(row(lines, classes, "opened: from the server's start to its first diagnostics",
                List.of(opened)));
        if (!first.isEmpty()) {
            System.out.println(row(lines, classes, "first " + first.size() + " edits", first));
        }
        String then = first.isEmpty() ? "" : "then ";
        if (!breaking.isEmpty() && !restoring.isEmpty()) {
            System.out.println(row(lines, classes, then + breaking.size() + " edits that break the isolation",
                    breaking));
            System.out.println(row(lines, classes, then + restoring.size() + " edits that restore it", restoring));
        }
        System.out.println(row(lines, classes, then + ms.size() + " edits", ms));
        if (!afterTyping.isEmpty()) {
            System.out.println(row(lines, classes, afterTyping.size() + " edits undone " + gap + " ms later",
                    afterTyping));
        }
    }

    /** Until the server publishes no diagnostics for {@code uri}: those of the clean policy. */
    private static void awaitClean(BlockingQueue<PublishDiagnosticsParams> q, String uri) throws InterruptedException {
        while (!awaitFor(q, uri).getDiagnostics().isEmpty()) {
            // a verdict on an earlier text
        }
    }

    /**
     * {@code java OPTIONS -jar JAR lsp} with the launcher's options for {@code lsp}, read from the jar's own source tree
     * (a built {@code cli/target/cordon.jar}, beside {@code packaging/src/bin/jvm-options.sh}).
     */
    private static List<String> jarCommand(Path jar) throws Exception {
        Path tree = jar.toAbsolutePath().getParent().getParent().getParent();
        Path options = tree.resolve("packaging/src/bin/jvm-options.sh");
        if (!Files.isRegularFile(options)) {
            throw new IllegalArgumentException("no " + options + ": give a cli/target/cordon.jar of a source tree");
        }
        Process p = new ProcessBuilder("sh", "-c", ". \"$0\"; cordon_jvm_options lsp", options.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String line = new String(p.getInputStream().readAllBytes()).trim();
        if (p.waitFor() != 0 || line.isEmpty()) {
            throw new IllegalStateException("cordon_jvm_options lsp failed in " + options);
        }
        List<String> command = new ArrayList<>(List.of("java"));
        command.addAll(List.of(line.split("\\s+")));
        command.addAll(List.of("-jar", jar.toString(), "lsp"));
        return command;
    }

    static String row(long lines, int classes, String edits, List<Double> ms) {
        List<Double> sorted = new ArrayList<>(ms);
        sorted.sort(Double::compare);
        return String.format(Locale.ROOT, "| %d lines, %d classes | %s | %.0f ms | %.0f ms | %.0f ms |", lines, classes,
                edits, sorted.get(sorted.size() / 2), sorted.get((int) (sorted.size() * 0.9)), sorted.get(sorted.size() - 1));
    }

    /** The generated policy: neighbouring classes talk through declared channels, so it verifies clean until an edit breaks it. */
    static String policy(int classes) {
        return ScaleGenerators.cordonWithChannels(classes * 3, classes) + "assert isolated c1, c3\n";
    }

    /** Edit {@code i}: alternately break and restore the isolation of c1 and c3. */
    static String edit(String text, int i) {
        return i % 2 == 0 ? text.replace("  channel c1 <-> c0 : event, grant\n",
                "  channel c1 <-> c0 : event, grant\n  allow c1 comms c3\n") : text;
    }

    private static PublishDiagnosticsParams awaitFor(BlockingQueue<PublishDiagnosticsParams> q, String uri)
            throws InterruptedException {
        while (true) {
            PublishDiagnosticsParams p = q.poll(120, TimeUnit.SECONDS);
            if (p == null) {
                throw new IllegalStateException("no diagnostics within 120 s");
            }
            if (p.getUri().equals(uri)) {
                return p;
            }
        }
    }
}
