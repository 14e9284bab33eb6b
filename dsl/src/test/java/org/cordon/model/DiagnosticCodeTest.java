package org.cordon.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The codes are one list: ids unique, exit codes from categories, and the table in docs/verifier.md generated from
 * the enum (run with {@code -Dcordon.docs.update=true} to rewrite it after adding a code).
 */
class DiagnosticCodeTest {

    private static final String BEGIN = "<!-- diagnostic codes: generated from DiagnosticCode by DiagnosticCodeTest -->";
    private static final String END = "<!-- end of diagnostic codes -->";

    @Test
    void idsAreUnique() {
        Set<String> seen = new HashSet<>();
        for (DiagnosticCode c : DiagnosticCode.values()) {
            assertTrue(seen.add(c.id()), "twice: " + c.id());
            assertEquals(c, DiagnosticCode.byId(c.id()).orElseThrow());
        }
    }

    @Test
    void categoriesDecideTheExitCode() {
        SourcePos p = new SourcePos("p.cordon", 1, 1, 0, 0);
        Diagnostic input = Diagnostic.of(DiagnosticCode.UNKNOWN_PERMISSION, p, "x");
        Diagnostic violation = Diagnostic.of(DiagnosticCode.PLACEMENT, p, "x");
        Diagnostic warning = Diagnostic.of(DiagnosticCode.UNUSED_DEVICE, p, "x");
        assertEquals(0, DiagnosticCode.exitCode(List.of(warning)));
        assertEquals(1, DiagnosticCode.exitCode(List.of(warning, violation)));
        assertEquals(2, DiagnosticCode.exitCode(List.of(violation, input)));
        assertTrue(violation.isViolation() && !input.isViolation() && !warning.isError());
        // every error code is an input error or a violation, every other severity only informs
        for (DiagnosticCode c : DiagnosticCode.values()) {
            assertEquals(c.severity() == Diagnostic.Severity.ERROR, c.category() != DiagnosticCode.Category.INFORMATION,
                    c.id());
        }
    }

    @Test
    void theDocumentedTableIsTheEnum() throws IOException {
        Path doc = Path.of(System.getProperty("cordon.root", "..")).resolve("docs/verifier.md");
        String text = Files.readString(doc, StandardCharsets.UTF_8);
        int from = text.indexOf(BEGIN);
        int to = text.indexOf(END);
        assertTrue(from >= 0 && to > from, doc + " lacks the generated table between " + BEGIN + " and " + END);
        String expected = BEGIN + "\n" + table() + END;
        String actual = text.substring(from, to + END.length());
        if (Boolean.getBoolean("cordon.docs.update") && !expected.equals(actual)) {
            Files.writeString(doc, text.substring(0, from) + expected + text.substring(to + END.length()),
                    StandardCharsets.UTF_8);
            return;
        }
        assertEquals(expected, actual, "docs/verifier.md's table of codes is out of date: run this test with "
                + "-Dcordon.docs.update=true");
    }

    static String table() {
        StringBuilder b = new StringBuilder("| code | category | exit | meaning |\n|---|---|---|---|\n");
        Arrays.stream(DiagnosticCode.values()).forEach(c -> b.append("| `").append(c.id()).append("` | ")
                .append(c.category().name().toLowerCase().replace('_', ' '))
                .append(c.severity() == Diagnostic.Severity.ERROR ? "" : " (" + c.severity().name().toLowerCase() + ")")
                .append(" | ").append(c.category().exitCode()).append(" | ").append(c.rule()).append(" |\n"));
        return b.toString();
    }
}
