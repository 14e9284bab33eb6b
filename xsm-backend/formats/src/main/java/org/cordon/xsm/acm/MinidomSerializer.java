package org.cordon.xsm.acm;

import java.util.ArrayList;
import java.util.List;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.ProcessingInstruction;

/**
 * Serializes a DOM exactly as Python 2's {@code minidom.Document.toxml()} does, because xend hashes that
 * text into the V4 binary (acm.md §3.6): {@code <?xml version="1.0" ?>} with no newline, attributes sorted
 * by name, whitespace kept, childless elements as {@code <X/>}, {@code & < " >} escaped, no final newline.
 */
final class MinidomSerializer {

    private MinidomSerializer() {
    }

    static String serialize(Document doc) {
        StringBuilder out = new StringBuilder("<?xml version=\"1.0\" ?>");
        for (Node n = doc.getFirstChild(); n != null; n = n.getNextSibling()) {
            write(n, out);
        }
        return out.toString();
    }

    private static void write(Node n, StringBuilder out) {
        switch (n.getNodeType()) {
            case Node.ELEMENT_NODE -> writeElement(n, out);
            case Node.TEXT_NODE -> escape(n.getNodeValue(), out);
            case Node.CDATA_SECTION_NODE -> out.append("<![CDATA[").append(n.getNodeValue()).append("]]>");
            case Node.COMMENT_NODE -> out.append("<!--").append(n.getNodeValue()).append("-->");
            case Node.PROCESSING_INSTRUCTION_NODE -> {
                ProcessingInstruction pi = (ProcessingInstruction) n;
                out.append("<?").append(pi.getTarget()).append(' ').append(pi.getData()).append("?>");
            }
            default -> {
                // document types are refused by the parser; nothing else can occur in a parsed document
            }
        }
    }

    private static void writeElement(Node e, StringBuilder out) {
        out.append('<').append(e.getNodeName());
        NamedNodeMap attrs = e.getAttributes();
        List<Attr> sorted = new ArrayList<>();
        for (int i = 0; i < attrs.getLength(); i++) {
            sorted.add((Attr) attrs.item(i));
        }
        sorted.sort((a, b) -> a.getName().compareTo(b.getName()));
        for (Attr a : sorted) {
            out.append(' ').append(a.getName()).append("=\"");
            escape(a.getValue(), out);
            out.append('"');
        }
        if (!e.hasChildNodes()) {
            out.append("/>");
            return;
        }
        out.append('>');
        for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
            write(c, out);
        }
        out.append("</").append(e.getNodeName()).append('>');
    }

    static void escape(String s, StringBuilder out) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '"' -> out.append("&quot;");
                case '>' -> out.append("&gt;");
                default -> out.append(c);
            }
        }
    }
}
