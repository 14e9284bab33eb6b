package org.cordon.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.cordon.compiler.io.AtomicFiles;
import org.cordon.model.Diagnostic;
import org.cordon.driver.Build;
import org.cordon.driver.Driver;
import org.cordon.driver.Options;
import org.cordon.verifier.facts.Label;
import org.cordon.verifier.facts.PolicyFacts;
import org.cordon.verifier.flow.FlowEdge;
import org.cordon.verifier.flow.FlowGraph;
import org.cordon.verifier.permmap.XenPermissionMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cordon graph FILE… -o OUT.dot|OUT.svg}: the information-flow graph of a Cordon policy (switches
 * at their defaults) in Graphviz's language, VMs boxed by class, each edge labelled with its heaviest
 * permission, and the hops of every counterexample the verifier finds drawn in red. SVG through
 * Graphviz's {@code dot} where it is installed.
 */
@Command(name = "graph", mixinStandardHelpOptions = true,
        description = "Write the information-flow graph of Cordon sources as DOT (or SVG, with Graphviz installed), counterexample hops in red.",
        footerHeading = "%nExamples:%n",
        footer = {"  cordon graph samples/cloud-host.cordon -o flows.svg"})
final class GraphCommand implements Callable<Integer>, ReadsPolicies {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = ".cordon files or directories forming one policy")
    List<Path> files;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT.dot|OUT.svg")
    Path output;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        boolean svg = output.toString().endsWith(".svg");
        if (!svg && !output.toString().endsWith(".dot")) {
            err.println("cordon: -o " + output + ": name the output .dot or .svg");
            return Cordon.INPUT_ERROR;
        }
        PolicySources sources = PolicySources.readCordonOrReport(files, "graph draws", err);
        if (sources == null) {
            return Cordon.INPUT_ERROR;
        }
        // the verifier's reading and its verdicts, whose counterexamples the picture highlights
        Build b = Driver.run(sources.sources, Options.defaults().withGoals("verify"));
        // the verifier's verdicts are drawn; any other error means there is no policy to draw
        if (b.facts().isEmpty() || b.hasErrorsOutside("verify")) {
            new Reporter(sources.texts).text(b.diagnostics(), err);
            Cordon.askToReport(b, err);
            return b.exitCode() == Cordon.OK ? Cordon.INPUT_ERROR : b.exitCode();
        }
        PolicyFacts facts = b.facts().get();
        FlowGraph g = FlowGraph.of(facts.facts().stream().filter(facts::activeByDefault).toList(), XenPermissionMap.standard());
        String dot = dot(g, facts, counterexampleHops(b.diagnostics()));
        try {
            if (!svg) {
                AtomicFiles.write(output, dot);
            } else {
                byte[] image = render(dot, err);
                if (image == null) {
                    return Cordon.INPUT_ERROR;
                }
                AtomicFiles.write(output, image);
            }
        } catch (IOException e) {
            err.println("cordon: cannot write " + output + ": " + e.getMessage());
            return Cordon.INPUT_ERROR;
        }
        spec.commandLine().getOut().println("wrote " + output + " (" + g.labels().size() + " labels, "
                + g.graph().edgeSet().size() + " flow edges)");
        return Cordon.OK;
    }

    /** "a -> b" of every hop the verdicts show (hop messages start with "FROM -> TO by ..."). */
    static Set<String> counterexampleHops(List<Diagnostic> verdicts) {
        Set<String> out = new HashSet<>();
        for (Diagnostic d : verdicts) {
            for (Diagnostic.Related r : d.related()) {
                int by = r.message().indexOf(" by ");
                if (by > 0 && r.message().substring(0, by).contains(" -> ")) {
                    out.add(r.message().substring(0, by));
                }
            }
        }
        return out;
    }

    static String dot(FlowGraph g, PolicyFacts facts, Set<String> highlighted) {
        StringBuilder b = new StringBuilder("digraph flows {\n  rankdir=LR;\n  newrank=true;\n  node [shape=box, fontname=\"Helvetica\"];\n"
                + "  edge [fontname=\"Helvetica\", fontsize=9];\n");
        Map<String, List<Label>> byClass = new TreeMap<>();
        List<Label> others = new ArrayList<>();
        g.labels().stream().sorted().forEach(l -> facts.principals().classOf(l.main()).ifPresentOrElse(
                c -> byClass.computeIfAbsent(c, k -> new ArrayList<>()).add(l), () -> others.add(l)));
        byClass.forEach((cls, labels) -> {
            b.append("  subgraph \"cluster_").append(escape(cls)).append("\" {\n    label=\"class ").append(escape(cls))
                    .append("\";\n");
            labels.forEach(l -> b.append("    ").append(node(l)).append(";\n"));
            b.append("  }\n");
        });
        others.forEach(l -> b.append("  ").append(node(l)).append(";\n"));
        List<String> edges = new ArrayList<>();
        for (FlowEdge e : g.graph().edgeSet()) {
            Label from = g.graph().getEdgeSource(e);
            Label to = g.graph().getEdgeTarget(e);
            String perm = e.strongest().fact().securityClass() + "." + e.strongest().fact().permission();
            boolean red = highlighted.contains(from + " -> " + to);
            edges.add("  " + quote(from) + " -> " + quote(to) + " [label=\"" + escape(perm) + "\""
                    + (red ? ", color=red, fontcolor=red, penwidth=2" : "") + "];\n");
        }
        edges.stream().sorted().forEach(b::append);
        return b.append("}\n").toString();
    }

    private static String node(Label l) {
        boolean channel = l.facet() == Label.Facet.CHANNEL || l.facet() == Label.Facet.RECV_CHANNEL;
        String shape = channel ? " [shape=ellipse]" : l.isDomain() ? "" : " [shape=octagon]";
        return quote(l) + shape;
    }

    private static String quote(Label l) {
        return "\"" + escape(l.toString()) + "\"";
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    /** Graphviz's dot, if installed; null after saying why not. */
    private static byte[] render(String dot, PrintWriter err) {
        Path problems = null;
        Process p = null;
        try {
            // dot's messages go to a file and its output is read on another thread, so neither pipe can fill
            // up while the other is waited on, and a dot that hangs is stopped
            problems = Files.createTempFile("cordon-dot", ".log");
            p = new ProcessBuilder("dot", "-Tsvg").redirectError(problems.toFile()).start();
            Process dotProcess = p;
            CompletableFuture<byte[]> svg = CompletableFuture.supplyAsync(() -> {
                try {
                    return dotProcess.getInputStream().readAllBytes();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            try (var in = p.getOutputStream()) {
                in.write(dot.getBytes(StandardCharsets.UTF_8));
            }
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                err.println("cordon: Graphviz's dot took more than 60 s; write .dot instead");
                return null;
            }
            byte[] image = svg.get(10, TimeUnit.SECONDS);
            if (p.exitValue() != 0) {
                err.println("cordon: Graphviz's dot failed: " + Files.readString(problems).strip());
                return null;
            }
            return image;
        } catch (IOException | ExecutionException | TimeoutException e) {
            err.println("cordon: SVG needs Graphviz's dot (apt-get install graphviz); write .dot instead: " + e.getMessage());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            if (p != null) {
                p.destroyForcibly();
            }
            if (problems != null) {
                try {
                    Files.deleteIfExists(problems);
                } catch (IOException e) {
                    // a temporary file left behind is no reason to fail
                }
            }
        }
    }

    static boolean graphvizInstalled() {
        return Files.isExecutable(Path.of("/usr/bin/dot"));
    }
}
