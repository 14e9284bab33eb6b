package org.cordon.verifier.flask;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.cordon.model.Diagnostic;
import org.cordon.model.SourcePos;
import org.cordon.verifier.permmap.XenPermissionMap;
import org.cordon.xsm.flask.FlaskPolicies;
import org.junit.jupiter.api.Test;

/** Flow properties on Xen's own default policy and on variants of it with booleans. */
class FlaskPolicyVerifierTest {

    private static final SourcePos HERE = new SourcePos("test", 1, 1, 0, 0);

    static Path vector(String rel) {
        Path p = Path.of(System.getProperty("cordon.shared", "../../shared"), "vectors/flask", rel);
        assumeTrue(Files.isRegularFile(p), "conformance vector not found: " + p);
        return p;
    }

    static String xen422() throws Exception {
        return Files.readString(vector("xen-4.22.0/policy.conf"), StandardCharsets.ISO_8859_1);
    }

    /** Xen 4.22's policy.conf with extra TE statements just before its roles. */
    static RuleFlowGraph withRules(String extra) throws Exception {
        String conf = xen422();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\n\\s*role ").matcher(conf);
        assertTrue(m.find());
        int users = m.start();
        String text = conf.substring(0, users + 1) + "#line 1 \"extra.te\"\n" + extra + "\n" + conf.substring(users + 1);
        FlaskPolicies.Traced t = FlaskPolicies.parseTraced("policy.conf", text);
        return RuleFlowGraph.of("policy.conf", t.policy(), t.origins(), XenPermissionMap.standard());
    }

    static List<Diagnostic> verify(RuleFlowGraph graph, FlowProperty p, String... trusted) {
        return new FlaskPolicyVerifier(graph).verify(List.of(p), Set.of(trusted));
    }

    @Test
    void xensArgoRuleConnectsEveryGuestPositionedInItsTeFile() throws Exception {
        RuleFlowGraph facts = withRules("");
        List<Diagnostic> d = verify(facts, FlowProperty.isolated(List.of("domU_t", "isolated_domU_t"), List.of(), HERE),
                "dom0_t");
        assertEquals(1, d.size(), d.toString());
        assertEquals("isolation", d.get(0).code().id());
        Diagnostic.Related hop = d.get(0).related().get(0);
        assertTrue(hop.message().contains("argo.register_single_source"), hop.message());
        assertEquals("modules/guest_features.te", hop.pos().file());
        assertEquals(10, hop.pos().line());
    }

    @Test
    void binaryAndPolicyConfGiveTheSameAccesses() throws Exception {
        FlaskFacts conf = FlaskFacts.of("c", FlaskPolicies.parse(vector("xen-4.22.0/policy.conf")));
        FlaskFacts bin = FlaskFacts.of("b", FlaskPolicies.readBinary(Files.readAllBytes(
                vector("xen-4.22.0/xenpolicy-4.22.0"))));
        assertEquals(accesses(conf), accesses(bin));
        assertEquals(conf.booleans(), bin.booleans());
        assertTrue(accesses(bin).contains("dom0_t domU_t mmu map_read"));
    }

    private static Set<String> accesses(FlaskFacts f) {
        Set<String> out = new HashSet<>();
        f.facts().forEach(x -> out.add(x.source().owner() + " " + x.target().owner() + " " + x.securityClass() + " "
                + x.permission() + x.origin().guard().map(g -> " if " + g.describe()).orElse("")));
        return out;
    }

    @Test
    void aBooleanThatOpensAFlowIsFoundAndNamed() throws Exception {
        RuleFlowGraph facts = withRules("type a_t;\ntype b_t;\nbool open_share false;\nif (open_share) {\nallow a_t b_t:grant map_write;\n}");
        FlowProperty p = FlowProperty.noFlow("a_t", "b_t", List.of(), HERE);
        List<Diagnostic> d = verify(facts, p);
        assertEquals(1, d.size(), d.toString());
        assertTrue(d.get(0).message().contains("with booleans open_share on"), d.get(0).message());
        assertTrue(d.get(0).related().get(0).message().contains("when switch open_share is on"),
                d.get(0).related().get(0).message());
        assertEquals("extra.te:5:1", d.get(0).related().get(0).pos().toString());
    }

    @Test
    void anExpressionNeedsEveryBooleanItNames() throws Exception {
        // open only when a is on and b is off: the falsifying setting names both, nothing else
        RuleFlowGraph facts = withRules("type a_t;\ntype b_t;\ntype m_t;\nbool a false;\nbool b true;\nbool c false;\n"
                + "if (a && !b) {\nallow a_t m_t:grant map_write;\n}\n"
                + "if (c) {\nallow dom0_t xen_t:xen writeconsole;\n}\nallow m_t b_t:grant map_write;");
        List<Diagnostic> d = verify(facts, FlowProperty.noFlow("a_t", "b_t", List.of(), HERE));
        assertEquals(1, d.size(), d.toString());
        assertTrue(d.get(0).message().contains("(with booleans a on, b off)"), d.get(0).message());
    }

    @Test
    void aFlowNoSettingOpensIsNotReported() throws Exception {
        // a contradiction guards the only rule
        RuleFlowGraph facts = withRules("type a_t;\ntype b_t;\nbool x true;\nif (x && !x) {\nallow a_t b_t:grant map_write;\n}");
        assertEquals(List.of(), verify(facts, FlowProperty.noFlow("a_t", "b_t", List.of(), HERE)));
        // ... while a mediator-free path exists only through m_t, which the property may exclude
        RuleFlowGraph via = withRules("type a_t;\ntype b_t;\ntype m_t;\nallow a_t m_t:grant map_write;\nallow m_t b_t:grant map_write;");
        assertEquals(1, verify(via, FlowProperty.noFlow("a_t", "b_t", List.of(), HERE)).size());
        assertEquals(List.of(), verify(via, FlowProperty.noFlow("a_t", "b_t", List.of("m_t"), HERE)));
    }

    @Test
    void mediatorsCarryFlowsOnlyWhenNamed() throws Exception {
        RuleFlowGraph facts = withRules("");
        FlowProperty plain = FlowProperty.noFlow("domU_t", "prot_domU_t", List.of(), HERE);
        assertEquals(1, verify(facts, plain).size());
        assertEquals("no-flow", verify(facts, plain).get(0).code().id());
    }

    @Test
    void assertionFilesAreParsedWithPositions() throws Exception {
        List<FlowProperty> ps = AssertionFile.parse("a.txt", "# Xen's guests\nisolated domU_t, isolated_domU_t except via dom0_t\n"
                + "  no flow domU_t -> prot_domU_t   // directed\n");
        assertEquals(2, ps.size());
        assertEquals(List.of("dom0_t"), ps.get(0).mediators());
        assertEquals("a.txt:3:3", ps.get(1).pos().toString());
        AssertionFile.SyntaxException e = assertThrows(AssertionFile.SyntaxException.class,
                () -> AssertionFile.parse("a.txt", "\nisolate domU_t"));
        assertTrue(e.getMessage().startsWith("a.txt:2:1: expected"), e.getMessage());
    }
}
