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

    /** How many characters {@code text} takes on the console: each spelt-out one takes six. */
    static int width(String text) {
        int width = text.length();
        for (int i = 0; i < text.length(); i++) {
            if (acts(text.charAt(i))) {
                width += SPELT - 1;
            }
        }
        return width;
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
