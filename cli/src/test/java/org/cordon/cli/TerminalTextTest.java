package org.cordon.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The characters a terminal acts on are spelt out; everything a user should read passes as it is. */
class TerminalTextTest {

    private static String through(String text) {
        StringWriter s = new StringWriter();
        try (PrintWriter w = new PrintWriter(new TerminalText(s))) {
            w.print(text);
        }
        return s.toString();
    }

    @Test
    void anEscapeSequenceIsShownNotObeyed() {
        assertEquals("domain d\\u001b[31mRED\\u001b[0m", through("domain d\u001b[31mRED\u001b[0m"));
        // an erased line and a carriage return cannot make an error read "ok"
        assertEquals("error\\u001b[2K\\u000dok\n", through("error\u001b[2K\rok\n"));
    }

    @Test
    void c1ControlsDelLineSeparatorsAndBidirectionalOverridesAreSpeltOut() {
        assertEquals("\\u009b31m \\u007f \\u0085 \\u2028 \\u202e \\u2066 \\u200f \\u061c",
                through("\u009b31m \u007f \u0085 \u2028 \u202e \u2066 \u200f \u061c"));
    }

    @Test
    void whatAUserReadsPassesAsItIs() {
        String text = "p.cordon:3:11: error: mismatched input 'é' — ü, 中文, ←\ttab\n  ^\n";
        assertEquals(text, through(text));
        for (char c = ' '; c < 0x7f; c++) {
            assertFalse(TerminalText.acts(c), "printable ASCII " + (int) c);
        }
        assertTrue(TerminalText.acts('\0'));
    }

    @Test
    void aSpeltCharacterTakesSixPlaces() {
        assertEquals(3, TerminalText.width("a\tb"));
        assertEquals(8, TerminalText.width("a\u001bb"));
        assertEquals(through("x\u202ey\u0085").length(), TerminalText.width("x\u202ey\u0085"));
    }

    @Test
    void wideCharactersTakeTwoPlacesAndCombiningMarksNone() {
        assertEquals(4, TerminalText.width("中文"));
        assertEquals(6, TerminalText.width("한국어"));
        assertEquals(4, TerminalText.width("ｘ=ｱ"), "full-width x (two), half-width katakana (one)");
        assertEquals(2, TerminalText.width("\uD83D\uDE00"), "an emoji, one character of two chars");
        assertEquals(2, TerminalText.width("\uD840\uDC00"), "a CJK ideograph beyond the 16-bit plane");
        assertEquals(1, TerminalText.width("e\u0301"), "e and a combining acute: one place, as é");
        assertEquals(1, TerminalText.width("é"));
        assertEquals(2, TerminalText.width("a\u200db"), "a zero-width joiner takes none");
        assertEquals(3, TerminalText.width("—ü←"));
    }

    @Test
    void oneCharacterAtATimeToo() throws Exception {
        StringWriter s = new StringWriter();
        try (TerminalText w = new TerminalText(s)) {
            w.write('a');
            w.write(0x1b);
            w.write('b');
        }
        assertEquals("a\\u001bb", s.toString());
    }

    @Test
    void jsonStaysTheSameJson() {
        // Gson escapes C0 itself; C1 and bidirectional controls it leaves raw, and their spelling is JSON's escape
        String json = "{\"name\":\"vm\u009b\u202ex\"}";
        assertEquals(JsonParser.parseString(json), JsonParser.parseString(through(json)));
    }
}
