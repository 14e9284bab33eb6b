package org.cordon.xsm.acm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every policy the original tool rejects is rejected, naming the same problem as the tool's log. */
class AcmInvalidVectorTest {

    @ParameterizedTest(name = "invalid/{0}")
    @CsvSource(delimiter = '|', value = {
        "badboot     | Bootstrap label >Nope< not found               | 38",
        "csnotchw    | CS type >Finance< not a CHWALL type            | 32",
        "duptype     | Type >HR< defined more than once               | 19",
        "unknowntype | STE type >Payroll<                             | 90",
        "noversion   | missing its required child element Version     | 7",
        "orderattr   | attribute 'order' is not allowed on ChineseWall | 22",
    })
    void rejectedWithTheToolsReason(String name, String gist, int line) {
        Path xml = AcmVectors.file("invalid/" + name + "-security_policy.xml");
        String log = AcmVectors.text(AcmVectors.file("invalid/" + name + ".log"));
        AcmXmlException e = assertThrows(AcmXmlException.class, () -> AcmPolicies.readXml(xml, Numbering.DOCUMENT));
        assertTrue(e.getMessage().contains(gist), () -> "message '" + e.getMessage() + "' lacks '" + gist + "'");
        // whatever the tool quoted as >name< must be named by us too
        Matcher m = Pattern.compile(">([^<>]+)<").matcher(lastLine(log));
        while (m.find()) {
            String quoted = m.group(1);
            assertTrue(e.getMessage().contains(">" + quoted + "<"), () -> e.getMessage() + " does not name " + quoted);
        }
        assertEquals(1, e.problems().size(), e::getMessage);
        assertEquals(line, e.problems().get(0).line(), e::getMessage);
        // the sorted (acmpolicy.py) rules reject them as well
        assertThrows(AcmXmlException.class, () -> AcmPolicies.readXml(xml, Numbering.SORTED));
    }

    @ParameterizedTest(name = "schema rejects invalid/{0}")
    @CsvSource({"noversion, Version", "orderattr, order"})
    void schemaRejectsToo(String name, String word) {
        Path xml = AcmVectors.file("invalid/" + name + "-security_policy.xml");
        List<AcmProblem> problems = AcmPolicies.validateSchema(xml, AcmVectors.schema());
        assertFalse(problems.isEmpty());
        assertTrue(problems.get(0).message().contains(word), problems::toString);
        assertTrue(problems.get(0).line() > 0);
    }

    @ParameterizedTest(name = "schema accepts invalid/{0} (a tool rule rejects it)")
    @CsvSource({"badboot", "csnotchw", "duptype", "unknowntype"})
    void toolRuleCasesAreSchemaValid(String name) {
        Path xml = AcmVectors.file("invalid/" + name + "-security_policy.xml");
        assertEquals(List.of(), AcmPolicies.validateSchema(xml, AcmVectors.schema()));
    }

    /** The DEFAULT policies use an empty Type; xensec_xml2bin stops on it, acmpolicy.py skips it. */
    @ParameterizedTest(name = "{0} fails under xml2bin rules")
    @CsvSource({"default", "default-ul"})
    void emptyTypeFailsOnlyUnderXml2binRules(String name) throws Exception {
        String log = AcmVectors.text(AcmVectors.file("v3-xml2bin-3.2dev/" + name + ".log"));
        assertEquals("Error reading type name!", lastLine(log));
        Path xml = AcmVectors.policy(name);
        AcmXmlException e = assertThrows(AcmXmlException.class, () -> AcmPolicies.readXml(xml, Numbering.DOCUMENT));
        assertTrue(e.getMessage().contains("Error reading type name!"), e::getMessage);
        AcmPolicies.readXml(xml, Numbering.SORTED);
    }

    @Test
    void positionsAppearInTheMessage() {
        Path xml = AcmVectors.file("invalid/badboot-security_policy.xml");
        AcmXmlException e = assertThrows(AcmXmlException.class, () -> AcmPolicies.readXml(xml));
        assertTrue(e.getMessage().startsWith(xml + ":38:"), e::getMessage);
    }

    private static String lastLine(String log) {
        List<String> lines = log.lines().filter(l -> !l.isBlank()).toList();
        return lines.get(lines.size() - 1).strip();
    }
}
