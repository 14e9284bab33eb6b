package org.cordon.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.cordon.dsl.load.CordonFrontEnd;
import org.cordon.model.Diagnostic;
import org.cordon.model.SourcePos;

/**
 * Coverage-guided fuzzing (Jazzer) of everything {@code cordon check} does with a source file: parse, link, resolve,
 * validate, assign types, lower, encode, validate the binary, verify, place. Whatever the text, the answer is
 * diagnostics positioned inside it, never a fault of Cordon's own (exit 70). The test command runs the regression
 * corpus; {@code tests/fuzz/run.sh cordon} runs the campaign, seeded with the samples and golden files.
 */
// each input within a bound: a hang is a finding (the campaign script gives libFuzzer the same bound per input)
@org.junit.jupiter.api.Timeout(value = 30, unit = java.util.concurrent.TimeUnit.SECONDS)
class CordonFrontEndFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void checkAnswersEveryTextWithPositionedDiagnostics(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        Build b = Driver.check(List.of(new CordonFrontEnd.Source("fuzz.cordon", text)));
        assertTrue(b.internalError().isEmpty(), () -> "a fault of Cordon's own: " + b.internalError().get());
        assertTrue(b.exitCode() != 70, "exit 70");
        // line breaks as editors and LSP count them: \r\n, \n, and a lone \r (found by the fuzzer: not a bug)
        int lines = text.split("\r\n|\r|\n", -1).length;
        for (Diagnostic d : b.diagnostics()) {
            SourcePos p = d.pos();
            if (p.equals(SourcePos.NONE)) {
                continue; // about the whole build, not a place in the text
            }
            assertEquals("fuzz.cordon", p.file(), d.toString());
            assertTrue(p.line() >= 1 && p.line() <= lines, () -> "line outside the input: " + d);
            assertTrue(p.column() >= 1, () -> "column outside the input: " + d);
            assertTrue(p.offset() >= 0 && p.offset() + p.length() <= text.length(), () -> "offset outside the input: " + d);
            d.related().forEach(r -> assertTrue(r.pos().file().equals("fuzz.cordon") || r.pos().equals(SourcePos.NONE)
                    ? r.pos().offset() + r.pos().length() <= text.length() : true, () -> "related place outside: " + r));
        }
    }
}
