package org.cordon.driver;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.cordon.dsl.load.CordonFrontEnd;
import org.cordon.model.Diagnostic;
import org.cordon.model.DiagnosticCode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The golden files: every {@code .cordon} file under {@code src/test/resources/golden} runs through the whole pipeline
 * ({@link Driver#check}) and must get exactly what its comments expect. One syntax, in any comment:
 * <ul>
 * <li>{@code expect CODE "fragment"} — a diagnostic with that {@link DiagnosticCode} on this line whose message or
 * related places contain the fragment (which may be left out); several on a line are several diagnostics. Every error
 * and warning must be expected; information only in files that expect some.</li>
 * <li>{@code expect rule: LINE} / {@code expect no rule: LINE} — the policy.conf has (or lacks) LINE,
 * whitespace-normalised.</li>
 * <li>{@code @core} — the line is a statement of the placement's unsat core: the lines of the "placement" diagnostic
 * and of its related places are exactly the lines marked so.</li>
 * </ul>
 * A file whose policy compiles is also given to the real {@code checkpolicy -t Xen -c 30}, which must accept it and
 * write the bytes Cordon wrote.
 */
class GoldenTest {

    private static final Pattern EXPECT = Pattern.compile("expect ([a-z][a-z0-9-]*)(?: \"([^\"]*)\")?(?=\\s|$)");
    private static final Pattern RULE = Pattern.compile("expect (rule|no rule):\\s*(.*)$");

    @TempDir
    Path tmp;

    record Expected(int line, DiagnosticCode code, String fragment) {
    }

    @TestFactory
    Stream<DynamicTest> golden() throws IOException {
        Path dir = Path.of("src/test/resources/golden");
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> all = files.filter(f -> f.toString().endsWith(".cordon")).sorted().toList();
            assertTrue(all.size() >= 40, "golden files missing from " + dir.toAbsolutePath());
            return all.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> check(f)));
        }
    }

    private void check(Path file) throws Exception {
        String text = Files.readString(file);
        String[] lines = text.split("\n", -1);
        List<Expected> expected = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        List<String[]> rules = new ArrayList<>();
        Set<Integer> core = new TreeSet<>();
        for (int i = 0; i < lines.length; i++) {
            int comment = lines[i].indexOf("//");
            if (comment < 0) {
                continue;
            }
            String c = lines[i].substring(comment);
            Matcher r = RULE.matcher(c);
            if (r.find()) {
                rules.add(new String[] {r.group(1), r.group(2).strip(), String.valueOf(i + 1)});
                continue;
            }
            Matcher m = EXPECT.matcher(c);
            while (m.find()) {
                int line = i + 1;
                DiagnosticCode code = DiagnosticCode.byId(m.group(1)).orElse(null);
                if (code == null) {
                    problems.add("line " + line + ": no diagnostic code '" + m.group(1) + "'");
                    continue;
                }
                expected.add(new Expected(line, code, m.group(2) == null ? "" : m.group(2)));
            }
            if (c.contains("@core")) {
                core.add(i + 1);
            }
        }
        Build b = Driver.check(List.of(new CordonFrontEnd.Source(file.getFileName().toString(), text)));
        b.internalError().ifPresent(e -> problems.add("internal error: " + e));
        List<Diagnostic> actual = new ArrayList<>(b.diagnostics());
        for (Expected e : expected) {
            Diagnostic hit = actual.stream().filter(d -> d.pos().line() == e.line() && d.code() == e.code()
                    && render(d).contains(e.fragment())).findFirst().orElse(null);
            if (hit == null) {
                problems.add("line " + e.line() + ": missing " + e.code().id() + " \"" + e.fragment() + "\"");
            } else {
                actual.remove(hit);
            }
        }
        boolean infoExpected = expected.stream().anyMatch(e -> e.code().severity() == Diagnostic.Severity.INFO);
        actual.stream().filter(d -> infoExpected || d.severity() != Diagnostic.Severity.INFO)
                .forEach(d -> problems.add("line " + d.pos().line() + ": unexpected " + render(d)));
        Set<Integer> actualCore = new TreeSet<>();
        b.diagnostics().stream().filter(d -> d.code() == DiagnosticCode.PLACEMENT).forEach(d -> {
            actualCore.add(d.pos().line());
            d.related().forEach(r -> actualCore.add(r.pos().line()));
        });
        if (!core.equals(actualCore)) {
            problems.add("the unsat core is on lines " + actualCore + ", the file marks " + core);
        }
        for (String[] r : rules) {
            if (b.policyConf().isEmpty()) {
                problems.add("line " + r[2] + ": expected a policy.conf to check '" + r[1] + "'");
                continue;
            }
            boolean present = normalise(b.policyConf().get()).contains("\n" + r[1].replaceAll("\\s+", " ") + "\n");
            if (present != r[0].equals("rule")) {
                problems.add("line " + r[2] + ": policy.conf " + (present ? "contains" : "lacks") + " '" + r[1] + "'");
            }
        }
        if (!problems.isEmpty()) {
            fail(file.getFileName() + ":\n  " + String.join("\n  ", problems));
        }
        if (b.binary().isPresent()
                && ReferenceTools.optional("checkpolicy", file.getFileName() + ": the binary against checkpolicy's")) {
            Path dir = Files.createTempDirectory(tmp, "golden");
            Path bin = ReferenceTools.checkpolicy(dir, b.policyConf().get(), 30);
            org.junit.jupiter.api.Assertions.assertArrayEquals(Files.readAllBytes(bin), b.binary().get(),
                    file.getFileName() + ": Cordon's binary differs from checkpolicy's");
        }
    }

    static String render(Diagnostic d) {
        StringBuilder b = new StringBuilder(d.code().id()).append(": ").append(d.message());
        d.related().forEach(r -> b.append("\n    ").append(r.pos()).append(' ').append(r.message()));
        return b.toString();
    }

    private static String normalise(String s) {
        return "\n" + String.join("\n", s.lines().map(l -> l.strip().replaceAll("\\s+", " ")).toList()) + "\n";
    }
}
