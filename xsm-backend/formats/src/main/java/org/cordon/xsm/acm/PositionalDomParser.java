package org.cordon.xsm.acm;

import java.io.IOException;
import java.io.InputStream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.Text;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.ext.DefaultHandler2;

/**
 * Builds a namespace-aware DOM through SAX so that every element carries its start-tag position
 * (the DOM API has no locator). Comments, CDATA and processing instructions are kept because the
 * minidom canonical form, and hence the V4 hash, includes them. DOCTYPEs are refused (no entity tricks).
 */
final class PositionalDomParser {

    static final String POSITION_KEY = "cordon.acm.position";
    private static final String XMLNS_NS = "http://www.w3.org/2000/xmlns/";

    private PositionalDomParser() {
    }

    static Document parse(InputStream in, String source) throws IOException {
        return parse(new InputSource(in), source);
    }

    /** For text already decoded to characters: the declaration's encoding is then irrelevant. */
    static Document parse(java.io.Reader in, String source) throws IOException {
        return parse(new InputSource(in), source);
    }

    private static Document parse(InputSource is, String source) throws IOException {
        Handler h = null;
        try {
            SAXParserFactory f = SAXParserFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://xml.org/sax/features/namespace-prefixes", true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            SAXParser parser = f.newSAXParser();
            Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().newDocument();
            h = new Handler(doc);
            parser.setProperty("http://xml.org/sax/properties/lexical-handler", h);
            is.setSystemId(source);
            parser.parse(is, h);
            return doc;
        } catch (SAXParseException e) {
            // the parser gives -1 where it cannot say (input that ends too early): then where it had got to
            int line = e.getLineNumber();
            int column = e.getColumnNumber();
            if (line < 1 && h != null && h.locator != null) {
                line = h.locator.getLineNumber();
                column = h.locator.getColumnNumber();
            }
            throw new AcmXmlException(source, new AcmProblem("not well-formed XML: " + e.getMessage(), Math.max(1, line),
                    Math.max(1, column)));
        } catch (SAXException e) {
            throw new AcmXmlException(source, new AcmProblem("cannot parse XML: " + e.getMessage(), 0, 0));
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser lacks a required feature", e);
        }
    }

    static SourcePositions.Position positionOf(Node n) {
        Object p = n.getUserData(POSITION_KEY);
        return p instanceof SourcePositions.Position pos ? pos : null;
    }

    private static final class Handler extends DefaultHandler2 {
        private final Document doc;
        private Node current;
        private Locator locator;
        private boolean inCdata;

        Handler(Document doc) {
            this.doc = doc;
            this.current = doc;
        }

        @Override
        public void setDocumentLocator(Locator locator) {
            this.locator = locator;
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes atts) throws SAXException {
            Element e;
            try {
                e = doc.createElementNS(uri.isEmpty() ? null : uri, qName);
                for (int i = 0; i < atts.getLength(); i++) {
                    String q = atts.getQName(i);
                    String ns = q.equals("xmlns") || q.startsWith("xmlns:") ? XMLNS_NS : atts.getURI(i);
                    e.setAttributeNS(ns == null || ns.isEmpty() ? null : ns, q, atts.getValue(i));
                }
            } catch (org.w3c.dom.DOMException x) {
                // names the SAX parser lets through and DOM refuses (a prefix bound to the xmlns namespace, "a:b:c"):
                // not well-formed in the namespaces sense; found by fuzzing
                throw new SAXParseException("element " + qName + ": " + x.getMessage(), locator);
            }
            if (locator != null) {
                e.setUserData(POSITION_KEY,
                        // the JDK's parser can report a negative column after bytes that are not UTF-8 and lone CRs
                        // (found by fuzzing): a place in the input is at line 1, column 1 at least
                        new SourcePositions.Position(Math.max(1, locator.getLineNumber()),
                                Math.max(1, locator.getColumnNumber())), null);
            }
            current.appendChild(e);
            current = e;
        }

        @Override
        public void endElement(String uri, String localName, String qName) {
            current = current.getParentNode();
        }

        @Override
        public void characters(char[] ch, int start, int length) {
            if (current == doc) {
                return; // only whitespace can occur outside the root, and minidom drops it too
            }
            String s = new String(ch, start, length);
            Node last = current.getLastChild();
            if (inCdata) {
                if (last != null && last.getNodeType() == Node.CDATA_SECTION_NODE && last.getUserData("open") != null) {
                    ((Text) last).appendData(s);
                } else {
                    Node c = doc.createCDATASection(s);
                    c.setUserData("open", Boolean.TRUE, null);
                    current.appendChild(c);
                }
            } else if (last != null && last.getNodeType() == Node.TEXT_NODE) {
                ((Text) last).appendData(s); // SAX may split one text node into several calls
            } else {
                current.appendChild(doc.createTextNode(s));
            }
        }

        @Override
        public void ignorableWhitespace(char[] ch, int start, int length) {
            characters(ch, start, length);
        }

        @Override
        public void startCDATA() {
            inCdata = true;
            if (current != doc) {
                Node c = doc.createCDATASection("");
                c.setUserData("open", Boolean.TRUE, null);
                current.appendChild(c);
            }
        }

        @Override
        public void endCDATA() {
            inCdata = false;
            Node last = current.getLastChild();
            if (last != null) {
                last.setUserData("open", null, null);
            }
        }

        @Override
        public void comment(char[] ch, int start, int length) {
            current.appendChild(doc.createComment(new String(ch, start, length)));
        }

        @Override
        public void processingInstruction(String target, String data) {
            current.appendChild(doc.createProcessingInstruction(target, data));
        }
    }
}
