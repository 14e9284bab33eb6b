package org.cordon.cli;

import java.io.FilterWriter;
import java.io.IOException;
import java.io.Writer;

/**
 * What the command line prints to a terminal, with the characters a terminal acts on instead of showing spelt out
 * in Java's notation: a backslash, {@code u} and four hexadecimal digits ({@code 001b} for an escape). A policy
 * file, a binary or a host names things with whatever characters it holds, and Cordon repeats names and source lines
 * in its messages; an escape sequence in a crafted file could otherwise recolour, move or erase what the user reads
 * (an error overwritten by "ok"). Kept as they are: line feeds, tabs and every printable character. Spelt out: the
 * other C0 controls, DEL, the C1 controls, the Unicode line separators and the bidirectional controls that reorder a
 * line ("Trojan Source"). Inside a JSON string the spelling is JSON's own escape for the same character, so
 * {@code --format json} and SARIF keep their meaning.
 */
final class TerminalText extends FilterWriter {

    /** The length of a spelling: a backslash, {@code u} and four hexadecimal digits. */
    private static final int SPELT = 6;

    TerminalText(Writer out) {
        super(out);
    }

    /** Whether a terminal acts on {@code c} instead of showing it. */
    static boolean acts(char c) {
        return (c < 0x20 && c != '\n' && c != '\t') || (c >= 0x7f && c <= 0x9f) || c == 0x061c || c == 0x200e
                || c == 0x200f || (c >= 0x2028 && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
    }

    /**
     * How many places {@code text} takes on the console: each spelt-out character six, a wide one two (Chinese,
     * Japanese and Korean script, full-width forms, emoji), a combining mark or an invisible format character none,
     * any other one.
     */
    static int width(String text) {
        int width = 0;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            width += c <= Character.MAX_VALUE && acts((char) c) ? SPELT : places(c);
        }
        return width;
    }

    /** The places a character a terminal shows takes, as terminals count them (wcwidth's East Asian widths). */
    private static int places(int c) {
        if (c < 0x300) {
            return 1; // Latin, and the common case
        }
        int type = Character.getType(c);
        if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK || type == Character.FORMAT) {
            return 0;
        }
        return wide(c) ? 2 : 1;
    }

    /** Unicode's East Asian Wide and Fullwidth ranges, and the pictographs terminals draw two places wide. */
    private static boolean wide(int c) {
        return (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0x303e) || (c >= 0x3041 && c <= 0x33ff)
                || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xa000 && c <= 0xa4cf)
                || (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f)
                || (c >= 0xff00 && c <= 0xff60) || (c >= 0xffe0 && c <= 0xffe6) || (c >= 0x1f300 && c <= 0x1f64f)
                || (c >= 0x1f900 && c <= 0x1f9ff) || (c >= 0x20000 && c <= 0x2fffd) || (c >= 0x30000 && c <= 0x3fffd);
    }

    @Override
    public void write(int c) throws IOException {
        if (acts((char) c)) {
            out.write(spelt((char) c));
        } else {
            out.write(c);
        }
    }

    @Override
    public void write(char[] text, int off, int len) throws IOException {
        int from = off;
        for (int i = off; i < off + len; i++) {
            char c = text[i];
            // printable ASCII and line feeds, tested here: with the quick compiler only, a call per character of a
            // decompiled policy (a hundred megabytes) cost a fifth of the command's time
            if ((c >= 0x20 && c < 0x7f) || c == '\n') {
                continue;
            }
            if (acts(c)) {
                out.write(text, from, i - from);
                out.write(spelt(text[i]));
                from = i + 1;
            }
        }
        out.write(text, from, off + len - from);
    }

    @Override
    public void write(String text, int off, int len) throws IOException {
        char[] chars = new char[len];
        text.getChars(off, off + len, chars, 0);
        write(chars, 0, len);
    }

    private static String spelt(char c) {
        return String.format("\\u%04x", (int) c);
    }
}
