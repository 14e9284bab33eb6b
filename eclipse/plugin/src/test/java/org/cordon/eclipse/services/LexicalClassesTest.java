package org.cordon.eclipse.services;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.cordon.eclipse.services.LexicalClasses.Kind;
import org.cordon.eclipse.services.LexicalClasses.Span;
import org.junit.jupiter.api.Test;

class LexicalClassesTest {

    @Test
    void keywordsCommentsNumbersAndNamesFromTheGrammarsLexer() {
        String text = "/* host */ layer l {\n  device nic pci 0000:03:00.0 irq 16 // the NIC\n}";
        List<Span> spans = LexicalClasses.of(text);
        assertEquals(text.length(), spans.stream().mapToInt(Span::length).sum(), "spans cover the text back to back");
        assertEquals(Kind.COMMENT, kindAt(spans, text.indexOf("/* host")));
        assertEquals(Kind.KEYWORD, kindAt(spans, text.indexOf("layer")));
        assertEquals(Kind.NAME, kindAt(spans, text.indexOf(" l ") + 1));
        assertEquals(Kind.KEYWORD, kindAt(spans, text.indexOf("device")));
        assertEquals(Kind.NUMBER, kindAt(spans, text.indexOf("0000:03")));
        assertEquals(Kind.NUMBER, kindAt(spans, text.indexOf("16")));
        assertEquals(Kind.COMMENT, kindAt(spans, text.indexOf("// the")));
    }

    @Test
    void unfinishedTextStillColours() {
        String text = "layer l { allow d -> xen : xen.";
        assertEquals(Kind.KEYWORD, kindAt(LexicalClasses.of(text), 0));
        assertEquals(text.length(), LexicalClasses.of(text).stream().mapToInt(Span::length).sum());
    }

    private static Kind kindAt(List<Span> spans, int offset) {
        return spans.stream().filter(s -> s.offset() <= offset && offset < s.offset() + s.length()).findFirst()
                .orElseThrow().kind();
    }
}
