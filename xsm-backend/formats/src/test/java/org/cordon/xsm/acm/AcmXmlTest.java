package org.cordon.xsm.acm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** Reading the sample policies, writing them back, and the written XML's schema validity. */
class AcmXmlTest {

    static final List<String> POLICIES = List.of(AcmVectors.POLICIES);

    @Test
    void readsTheWorkedExample() throws Exception {
        AcmPolicy p = AcmPolicies.readXml(AcmVectors.policy("acme")).policy();
        assertEquals("example.acme", p.name());
        assertEquals("1.0", p.header().version());
        assertEquals("2024-01-01", p.header().date());
        assertNull(p.header().fromPolicy());
        assertEquals(List.of("SystemManagement", "Finance", "HR", "Storage"), p.steTypes());
        assertEquals(List.of("SystemManagement", "BankA", "BankB", "Storage"), p.chwallTypes());
        assertTrue(p.chwall().primary());
        assertEquals(List.of(new ConflictSet("Banks", List.of("BankA", "BankB"))), p.conflictSets());
        assertEquals("SystemManagement", p.bootstrapLabel());
        assertEquals(List.of("SystemManagement", "FinanceA", "FinanceB", "StorageDomain"),
                p.vmLabels().stream().map(VmLabel::name).toList());
        assertEquals(new VmLabel("StorageDomain", null, List.of("Storage", "HR"), List.of("Storage")),
                p.vmLabel("StorageDomain").orElseThrow());
        assertEquals(List.of(new ResourceLabel("FinanceDisk", null, "Finance"), new ResourceLabel("HRDisk", null, "HR")),
                p.resourceLabels());
    }

    @Test
    void readsUpdateInformation() throws Exception {
        AcmPolicy p = AcmPolicies.readXml(AcmVectors.policy("xm-test-update")).policy();
        assertEquals(new FromPolicy("xm-test", "1.0"), p.header().fromPolicy());
        assertEquals("green", p.vmLabel("GREEN").orElseThrow().from());
    }

    @ParameterizedTest(name = "{0}: written XML is schema-valid and reads back equal")
    @FieldSource("POLICIES")
    void writtenXmlRoundTrips(String name, @TempDir Path tmp) throws Exception {
        AcmPolicy p = AcmPolicies.readXml(AcmVectors.policy(name)).policy();
        String xml = AcmPolicies.writeXml(p);
        Path out = tmp.resolve(name + "-security_policy.xml");
        Files.writeString(out, xml);
        assertEquals(List.of(), AcmPolicies.validateSchema(out, AcmVectors.schema()));
        AcmDocument back = AcmPolicies.readXml(out);
        assertEquals(p, back.policy());
        // Cordon's XML is already minidom-canonical, so the stored file and the V4 hash agree
        assertEquals(xml, back.canonicalXml());
    }

    @ParameterizedTest(name = "{0}: the vector itself is schema-valid")
    @FieldSource("POLICIES")
    void vectorPoliciesAreSchemaValid(String name) {
        assertEquals(List.of(), AcmPolicies.validateSchema(AcmVectors.policy(name), AcmVectors.schema()));
    }

    @Test
    void stringInputIgnoresTheDeclaredEncoding() {
        AcmPolicy p = new AcmPolicy(PolicyHeader.of("caf\u00e9", "1.0"), new SteComponent(List.of("\u00e4"), false), null,
                "d\u00f6m0", List.of(new VmLabel("d\u00f6m0", null, List.of("\u00e4"), List.of())), List.of());
        String xml = AcmPolicies.writeXml(p).replace("<?xml version=\"1.0\" ?>",
                "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>");
        assertEquals(p, AcmPolicies.parseXml(xml, "mem").policy());
    }

    @Test
    void wrongNamespaceIsRefusedWithPosition() {
        String xml = "<?xml version=\"1.0\"?>\n<SecurityPolicyDefinition xmlns=\"urn:other\"/>";
        AcmXmlException e = assertThrows(AcmXmlException.class, () -> AcmPolicies.parseXml(xml, "mem"));
        assertTrue(e.getMessage().startsWith("mem:2:"), e::getMessage);
    }

    @Test
    void malformedXmlIsReportedWithPosition() {
        String xml = "<?xml version=\"1.0\"?>\n<SecurityPolicyDefinition xmlns=\"http://www.ibm.com\">\n<oops>";
        AcmXmlException e = assertThrows(AcmXmlException.class, () -> AcmPolicies.parseXml(xml, "mem"));
        assertTrue(e.getMessage().contains("not well-formed"), e::getMessage);
        assertTrue(e.problems().get(0).line() >= 3, e::getMessage);
    }

    @Test
    void doctypeIsRefused() {
        String xml = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                + "<SecurityPolicyDefinition xmlns=\"http://www.ibm.com\">&e;</SecurityPolicyDefinition>";
        assertThrows(AcmXmlException.class, () -> AcmPolicies.parseXml(xml, "mem"));
    }

    @Test
    void canonicalFormFollowsMinidom() {
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- c -->\n<a:r xmlns:a=\"u\" b=\"x&quot;&gt;\" a=\"1\">"
                + "<e></e> t&amp;&lt;\"<?pi d?></a:r>\n";
        org.w3c.dom.Document doc;
        try {
            doc = PositionalDomParser.parse(new java.io.ByteArrayInputStream(xml.getBytes()), "mem");
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        assertEquals("<?xml version=\"1.0\" ?><!-- c --><a:r a=\"1\" b=\"x&quot;&gt;\" xmlns:a=\"u\">"
                + "<e/> t&amp;&lt;&quot;<?pi d?></a:r>", MinidomSerializer.serialize(doc));
    }

    @Test
    void secondTypeListInALabelIsRefused() {
        String good = AcmPolicies.writeXml(new AcmPolicy(PolicyHeader.of("p", "1.0"),
                new SteComponent(List.of("A"), false), null, "L",
                List.of(new VmLabel("L", null, List.of("A"), List.of())), List.of()));
        String end = "</SimpleTypeEnforcementTypes>\n      </VirtualMachineLabel>";
        assertTrue(good.contains(end), good);
        String xml = good.replace(end, "</SimpleTypeEnforcementTypes><SimpleTypeEnforcementTypes><Type>A</Type>" + end);
        AcmXmlException e = assertThrows(AcmXmlException.class, () -> AcmPolicies.parseXml(xml, "mem"));
        assertTrue(e.getMessage().contains("more than one SimpleTypeEnforcementTypes"), e::getMessage);
    }
}
