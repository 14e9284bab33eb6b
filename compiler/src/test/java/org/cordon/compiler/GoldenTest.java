package org.cordon.compiler;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.cordon.dsl.load.CordonFrontEnd;
import org.cordon.model.Diagnostic;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every {@code .cordon} file under {@code src/test/resources/golden} and checks the
 * expectations written in its comments:
 * <ul>
 * <li>{@code // expect error: TEXT} (or {@code warning}) — a diagnostic on this line whose message contains TEXT;
 * every error must be expected;</li>
 * <li>{@code // expect rule: LINE} — the policy.conf contains LINE (whitespace-normalised);</li>
 * <li>{@code // expect no rule: LINE} — it does not.</li>
 * </ul>
 * A file that compiles is also given to the real {@code checkpolicy -t Xen -c 30}, which must accept it.
 */
class GoldenTest {

    private static final Pattern EXPECT = Pattern.compile("//\\s*expect (error|warning|rule|no rule):\\s*(.*)$");

    @TempDir
    Path tmp;

    record Expectation(String kind, String text, int line) {
    }

    @TestFactory
    Stream<DynamicTest> golden() throws IOException {
        Path dir = Path.of("src/test/resources/golden");
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> all = files.filter(f -> f.toString().endsWith(".cordon")).sorted().toList();
            assertTrue(all.size() >= 10, "golden files missing from " + dir.toAbsolutePath());
            return all.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> check(f)));
        }
    }

    private void check(Path file) throws Exception {
        String text = Files.readString(file);
        List<Expectation> expectations = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Matcher m = EXPECT.matcher(lines[i]);
            if (m.find()) {
                expectations.add(new Expectation(m.group(1), m.group(2).strip(), i + 1));
            }
        }
        CordonCompiler.Compilation c = new CordonCompiler().compile(
                List.of(new CordonFrontEnd.Source(file.getFileName().toString(), text)));
        List<String> problems = new ArrayList<>();
        List<Diagnostic> unmatched = new ArrayList<>(c.diagnostics().stream()
                .filter(d -> d.severity() != Diagnostic.Severity.INFO).toList());
        for (Expectation e : expectations) {
            switch (e.kind()) {
                case "error", "warning" -> {
                    Diagnostic.Severity sev = e.kind().equals("error") ? Diagnostic.Severity.ERROR
                            : Diagnostic.Severity.WARNING;
                    Diagnostic hit = unmatched.stream().filter(d -> d.severity() == sev && d.pos().line() == e.line()
                            && d.message().contains(e.text())).findFirst().orElse(null);
                    if (hit == null) {
                        problems.add("line " + e.line() + ": expected " + e.kind() + " containing '" + e.text() + "'");
                    } else {
                        unmatched.remove(hit);
                    }
                }
                case "rule", "no rule" -> {
                    String conf = c.policyConf().orElse("");
                    boolean present = normalise(conf).contains("\n" + e.text().strip().replaceAll("\\s+", " ") + "\n");
                    if (c.policyConf().isEmpty()) {
                        problems.add("line " + e.line() + ": expected a policy.conf to check '" + e.text() + "'");
                    } else if (present != e.kind().equals("rule")) {
                        problems.add("line " + e.line() + ": policy.conf " + (present ? "contains" : "lacks") + " '"
                                + e.text() + "'");
                    }
                }
                default -> throw new IllegalStateException(e.kind());
            }
        }
        for (Diagnostic d : unmatched) {
            if (d.isError() || d.severity() == Diagnostic.Severity.WARNING) {
                problems.add("unexpected " + d.severity().name().toLowerCase() + " at " + d.pos() + ": " + d.message());
            }
        }
        if (!problems.isEmpty()) {
            fail(file.getFileName() + ":\n  " + String.join("\n  ", problems)
                    + (c.policyConf().isPresent() ? "" : ""));
        }
        if (c.policyConf().isPresent() && ReferenceTools.available("checkpolicy")) {
            Path dir = Files.createTempDirectory(tmp, "golden");
            ReferenceTools.checkpolicy(dir, c.policyConf().get(), 30);
        }
    }

    private static String normalise(String s) {
        return "\n" + String.join("\n", s.lines().map(l -> l.strip().replaceAll("\\s+", " ")).toList()) + "\n";
    }
}
