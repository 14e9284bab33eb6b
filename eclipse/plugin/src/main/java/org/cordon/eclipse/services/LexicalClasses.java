package org.cordon.eclipse.services;

import java.util.ArrayList;
import java.util.List;
import org.antlr.runtime.ANTLRStringStream;
import org.antlr.runtime.CommonToken;
import org.antlr.runtime.Token;
import org.cordon.dsl.parser.antlr.internal.InternalCordonLexer;
import org.cordon.dsl.parser.antlr.internal.InternalCordonParser;

/**
 * Syntax colouring from the grammar's own lexer, so the colours cannot drift from the language:
 * every keyword of the grammar, comments, strings and numbers (including PCI addresses).
 */
public final class LexicalClasses {

    /** What a stretch of text is, for colouring. */
    public enum Kind { KEYWORD, COMMENT, STRING, NUMBER, NAME, OTHER }

    /** A stretch of {@code length} characters at {@code offset}. */
    public record Span(int offset, int length, Kind kind) {
    }

    private LexicalClasses() {
    }

    /** The whole text in spans, back to back, whitespace included (as {@link Kind#OTHER}). */
    public static List<Span> of(String text) {
        List<Span> spans = new ArrayList<>();
        InternalCordonLexer lexer = new InternalCordonLexer(new ANTLRStringStream(text));
        int at = 0;
        for (Token t = lexer.nextToken(); t.getType() != Token.EOF; t = lexer.nextToken()) {
            int start = ((CommonToken) t).getStartIndex();
            int end = ((CommonToken) t).getStopIndex() + 1;
            if (start < at || end <= start) {
                continue;
            }
            if (start > at) {
                spans.add(new Span(at, start - at, Kind.OTHER));
            }
            spans.add(new Span(start, end - start, kind(t.getType())));
            at = end;
        }
        if (at < text.length()) {
            spans.add(new Span(at, text.length() - at, Kind.OTHER));
        }
        return spans;
    }

    static Kind kind(int type) {
        String name = type >= 0 && type < InternalCordonParser.tokenNames.length ? InternalCordonParser.tokenNames[type] : "";
        if (name.length() > 2 && name.startsWith("'") && Character.isLetter(name.charAt(1))) {
            return Kind.KEYWORD;
        }
        return switch (name) {
            case "RULE_ML_COMMENT", "RULE_SL_COMMENT" -> Kind.COMMENT;
            case "RULE_STRING" -> Kind.STRING;
            case "RULE_INT", "RULE_HEX", "RULE_PCI_ADDR" -> Kind.NUMBER;
            case "RULE_ID" -> Kind.NAME;
            default -> Kind.OTHER;
        };
    }
}
