package org.cordon.compiler.acm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.cordon.dsl.TestFrontEnd;
import org.cordon.dsl.load.CordonFrontEnd;
import org.cordon.model.Diagnostic;
import org.cordon.model.PolicyModel;
import org.cordon.xsm.acm.AcmPolicies;
import org.cordon.xsm.acm.AcmPolicy;
import org.cordon.xsm.acm.ConflictSet;
import org.cordon.xsm.acm.VmLabel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Golden test: samples/cloud-host.cordon lowered to ACM. */
class AcmLoweringSampleTest {

    private static PolicyModel model;
    private static AcmLowering.Result result;
    private static AcmPolicy policy;

    @BeforeAll
    static void lower() throws Exception {
        Path root = Path.of(System.getProperty("cordon.root", ".."));
        TestFrontEnd.Result r = TestFrontEnd.run(List.of(
                CordonFrontEnd.Source.of(root.resolve("samples/cloud-host.cordon"))));
        assertFalse(r.hasErrors(), () -> r.diagnostics().toString());
        model = r.model();
        assertNotNull(model);
        result = AcmLowering.lower(Tables.of(model));
        policy = result.policy();
    }

    @Test
    void header() {
        assertEquals("cloud_host", policy.name());
        assertEquals("1.4", policy.header().version());
        assertEquals("dom0", policy.bootstrapLabel());
    }

    @Test
    void steTypes() {
        assertEquals(Set.of("dom0", "xenstore", "netdrv", "bank_a", "bank_b", "logging", "metrics",
                "bank_b.app--logging.collector", "logging--metrics", "shared_store"), Set.copyOf(policy.steTypes()));
    }

    @Test
    void chwallTypesAndConflictSets() {
        assertEquals(Set.of("dom0", "xenstore", "netdrv", "bank_a", "bank_b", "logging", "metrics"),
                Set.copyOf(policy.chwallTypes()));
        assertEquals(List.of(new ConflictSet("banks", List.of("bank_a", "bank_b"))), policy.conflictSets());
    }

    @Test
    void vmLabels() {
        assertEquals(List.of("dom0", "xenstore", "netdrv", "bank_a.web", "bank_a.db", "bank_b.app",
                "logging.collector", "metrics.scraper", "metrics.tsdb"),
                policy.vmLabels().stream().map(VmLabel::name).toList());
        assertTrue(policy.vmLabels().stream().noneMatch(l -> l.name().contains(":")), "labels go into ACM:p:l");
        assertEquals(Set.of("bank_a"), ste("bank_a.web"));
        assertEquals(Set.of("bank_a"), ste("bank_a.db"));
        assertEquals(Set.of("bank_b", "bank_b.app--logging.collector"), ste("bank_b.app"));
        assertEquals(Set.of("logging", "bank_b.app--logging.collector", "logging--metrics", "shared_store"),
                ste("logging.collector"));
        assertEquals(Set.of("metrics", "logging--metrics", "shared_store"), ste("metrics.tsdb"));
        // mediators hold the classes' types, so the classes need not share one of theirs
        assertTrue(ste("xenstore").containsAll(Set.of("xenstore", "bank_a", "bank_b", "logging", "metrics")));
        assertTrue(ste("netdrv").containsAll(Set.of("netdrv", "bank_a", "bank_b", "logging", "metrics")));
        assertEquals(List.of("bank_a"), policy.vmLabel("bank_a.web").orElseThrow().chwallTypes());
        assertEquals("bank_a.web", result.labels().get("bank_a.web"));
        assertEquals("ACM:cloud_host:bank_a.web", result.seclabel("bank_a.web").orElseThrow());
        assertEquals("ACM:cloud_host:dom0", result.seclabel("dom0").orElseThrow());
        assertTrue(result.seclabel("nosuch").isEmpty());
    }

    @Test
    void bootstrapLabelReachesEveryType() {
        assertEquals(Set.copyOf(policy.steTypes()), ste("dom0"));
        for (VmLabel l : policy.vmLabels()) {
            assertTrue(ste("dom0").containsAll(l.steTypes()), "xend's authorization: dom0 ⊇ " + l.name());
        }
    }

    @Test
    void resourceLabels() {
        assertEquals(1, policy.resourceLabels().size());
        assertEquals("shared_store", policy.resourceLabels().get(0).name());
        assertEquals("shared_store", policy.resourceLabels().get(0).steType());
        assertTrue(AcmPolicies.canShare(policy, "metrics.scraper", "shared_store"));
        assertFalse(AcmPolicies.canShare(policy, "bank_a.web", "shared_store"));
    }

    @Test
    void precisionLossWarningsAtTheirStatements() {
        assertTrue(result.diagnostics().stream().noneMatch(Diagnostic::isError), () -> result.diagnostics().toString());
        Set<String> at = result.warnings().stream().filter(d -> d.code().equals(org.cordon.model.DiagnosticCode.ACM_PRECISION))
                .map(d -> d.pos().line() + ":" + keyword(d.message())).collect(Collectors.toCollection(TreeSet::new));
        // line:what — channel direction, management features, caps, switches, forbids, devices, read-only, dom0
        for (String expected : List.of("61:direction", "44:introspection", "44:migrate", "44:replicate",
                "41:caps", "49:zone", "65:switch", "9:forbid", "10:forbid", "19:device", "52:read-only",
                "52:users", "15:control", "56:class", "27:rule", "29:rule",
                // xenstore's comms reads the domain info of guests built under a build label
                "26:rule")) {
            assertTrue(at.contains(expected), () -> "missing warning " + expected + " in " + at);
        }
        assertEquals(17, at.size(), () -> at.toString());
    }

    /** A short tag for a warning, so the test does not pin exact wording. */
    private static String keyword(String m) {
        if (m.contains("direction")) return "direction";
        if (m.contains("management feature introspection")) return "introspection";
        if (m.contains("management feature migrate")) return "migrate";
        if (m.contains("management feature replicate")) return "replicate";
        if (m.contains("no caps")) return "caps";
        if (m.contains("zone")) return "zone";
        if (m.contains("switch")) return "switch";
        if (m.contains("forbid")) return "forbid";
        if (m.contains("devices")) return "device";
        if (m.contains("read-only")) return "read-only";
        if (m.contains("users of")) return "users";
        if (m.contains("control domain")) return "control";
        if (m.contains("VMs of class")) return "class";
        if (m.contains("permissions of this rule")) return "rule";
        return m;
    }

    @Test
    void isolationAssertionHoldsUnderAcm() {
        assertFalse(AcmPolicies.canShare(policy, "bank_a.web", "bank_b.app"));
        assertFalse(AcmPolicies.canShare(policy, "bank_a.db", "bank_b.app"));
        assertTrue(AcmPolicies.conflicts(policy, "bank_a.web", "bank_b.app"));
        assertTrue(AcmPolicies.blocksStart(policy, "bank_a.web", "bank_b.app"));
        assertTrue(AcmPolicies.blocksStart(policy, "bank_b.app", "bank_a.db"));
        assertFalse(AcmPolicies.conflicts(policy, "bank_a.web", "logging.collector"));
        assertTrue(AcmIsolationCheck.check(Tables.of(model), result).isEmpty());
    }

    @Test
    void passesTheToolRulesAndCompiles() {
        assertTrue(AcmPolicies.validate(policy, org.cordon.xsm.acm.Numbering.SORTED).isEmpty());
        byte[] bin = AcmPolicies.writeBinary(policy);
        assertEquals(policy.name(), AcmPolicies.readBinary(bin).policyName());
    }

    @Test
    void writtenXmlValidatesAgainstXensSchema(@TempDir Path dir) throws Exception {
        Path xsd = shared().resolve("vectors/acm/schema/security_policy.xsd");
        assumeTrue(Files.isRegularFile(xsd), "ACM vectors absent (set -Dcordon.shared): " + xsd);
        List<Path> written = result.writeAll(dir);
        assertEquals(List.of(dir.resolve("acm/cloud_host-security_policy.xml"), dir.resolve("acm/cloud_host.bin"),
                dir.resolve("acm/cloud_host.map")), written);
        assertEquals(List.of(), AcmPolicies.validateSchema(written.get(0), xsd));
        // the written XML reads back to the same policy, and the binary is what Cordon compiles from it
        assertEquals(policy, AcmPolicies.readXml(written.get(0)).policy());
        assertArrayEquals(AcmPolicies.writeBinary(AcmPolicies.readXml(written.get(0)), org.cordon.xsm.acm.AcmFormat.V4,
                org.cordon.xsm.acm.Numbering.SORTED), Files.readAllBytes(written.get(1)));
        assertTrue(Files.readString(written.get(2)).contains("bank_b.app"));
        try (var s = Files.list(dir.resolve("acm"))) {
            assertEquals(3, s.count(), "no temporary files left behind");
        }
    }

    /** Every sample lowers without errors to XML that Xen's schema accepts. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("samples")
    void everySampleLowersToSchemaValidAcm(Path sample, @TempDir Path dir) throws Exception {
        TestFrontEnd.Result r = TestFrontEnd.run(List.of(CordonFrontEnd.Source.of(sample)));
        assertFalse(r.hasErrors(), () -> r.diagnostics().toString());
        AcmLowering.Result lowered = AcmLowering.lower(Tables.of(r.model()));
        assertFalse(lowered.hasErrors(), () -> lowered.diagnostics().toString());
        Path xsd = shared().resolve("vectors/acm/schema/security_policy.xsd");
        assumeTrue(Files.isRegularFile(xsd), "ACM vectors absent (set -Dcordon.shared): " + xsd);
        assertEquals(List.of(), AcmPolicies.validateSchema(lowered.writeAll(dir).get(0), xsd));
    }

    /** The one-file samples; a folder under samples/ is a policy of several files (leaky-host: broken on purpose). */
    static List<Path> samples() throws Exception {
        Path root = Path.of(System.getProperty("cordon.root", "..")).resolve("samples");
        try (var s = Files.list(root)) {
            return s.filter(p -> p.toString().endsWith(".cordon")).sorted().toList();
        }
    }

    static Path shared() {
        return Path.of(System.getProperty("cordon.shared", "../../shared"));
    }

    private static Set<String> ste(String label) {
        return Set.copyOf(policy.vmLabel(label).orElseThrow().steTypes());
    }
}
