package org.cordon.xsm.acm;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Validates policy XML against an ACM {@code security_policy.xsd} with {@code javax.xml.validation}.
 * The schema is Xen's file and is not shipped with Cordon, so the caller supplies its location.
 */
public final class AcmSchemaValidator {

    private final Schema schema;

    private AcmSchemaValidator(Schema schema) {
        this.schema = schema;
    }

    public static AcmSchemaValidator load(Path xsd) {
        try {
            SchemaFactory f = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
            return new AcmSchemaValidator(f.newSchema(xsd.toFile()));
        } catch (SAXException e) {
            throw new IllegalArgumentException("cannot load schema " + xsd + ": " + e.getMessage(), e);
        }
    }

    /** All schema violations, each with line:column; empty when the XML is valid. */
    public List<AcmProblem> validate(String xml, String source) {
        return validate(new StreamSource(new StringReader(xml), source));
    }

    /** As {@link #validate(String, String)}, reading the file's bytes so its declared encoding is honoured. */
    public List<AcmProblem> validate(Path xml) {
        return validate(new StreamSource(xml.toFile()));
    }

    private List<AcmProblem> validate(StreamSource src) {
        List<AcmProblem> problems = new ArrayList<>();
        Validator v = schema.newValidator();
        try {
            // policies never need external DTDs or schemas; refusing them keeps validation offline and safe
            v.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            v.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        } catch (SAXException e) {
            throw new IllegalStateException("the JDK validator lacks JAXP 1.5 properties", e);
        }
        v.setErrorHandler(new ErrorHandler() {
            @Override
            public void warning(SAXParseException e) {
                // warnings do not make a policy invalid
            }

            @Override
            public void error(SAXParseException e) {
                problems.add(new AcmProblem(e.getMessage(), e.getLineNumber(), e.getColumnNumber()));
            }

            @Override
            public void fatalError(SAXParseException e) {
                problems.add(new AcmProblem(e.getMessage(), e.getLineNumber(), e.getColumnNumber()));
            }
        });
        try {
            v.validate(src);
        } catch (SAXException e) {
            if (problems.isEmpty()) {
                problems.add(new AcmProblem(e.getMessage(), 0, 0));
            }
        } catch (IOException e) {
            problems.add(new AcmProblem("cannot read " + src.getSystemId() + ": " + e.getMessage(), 0, 0));
        }
        return problems;
    }
}
