package org.cordon.verifier.flask;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.cordon.model.Diagnostic;
import org.cordon.model.SourcePos;
import org.cordon.verifier.facts.Fact;
import org.cordon.verifier.facts.Label;
import org.cordon.verifier.flow.FlowGraph;
import org.cordon.verifier.permmap.XenPermissionMap;
import org.cordon.xsm.flask.FlaskPolicies;
import org.junit.jupiter.api.Test;

/**
 * The rule-vertex graph against the naive one: Xen 4.22's policy plus random rules (some over an
 * attribute, some under random boolean expressions) between five new types; for every pair, the
 * verifier's verdict and hop count must equal a breadth-first search over every expanded
 * (source, target, class, permission) tuple, tried under every boolean setting.
 */
class RuleFlowGraphPropertyTest {

    private static final int POLICIES = Integer.getInteger("cordon.flask.property.cases", 25);
    static final String[] TYPES = {"a_t", "b_t", "c_t", "d_t", "e_t"};
    private static final String[][] PERMS = {{"grant", "map_read"}, {"grant", "map_write"}, {"grant", "copy"},
            {"mmu", "map_read"}, {"domain", "getdomaininfo"}, {"argo", "send"}, {"hvm", "setparam"}};

    @Test
    void ruleVertexGraphAgreesWithTupleExpansion() throws Exception {
        int broken = 0;
        for (int seed = 1; seed <= POLICIES; seed++) {
            String text = policy(seed);
            String extra = extra(seed);
            FlaskPolicies.Traced traced = FlaskPolicies.parseTraced("policy.conf", text);
            RuleFlowGraph graph = RuleFlowGraph.of("p", traced.policy(), traced.origins(), XenPermissionMap.standard());
            FlaskFacts facts = FlaskFacts.of("p", traced.policy());
            for (int i = 0; i < TYPES.length; i++) {
                for (int j = 0; j < TYPES.length; j++) {
                    if (i == j) {
                        continue;
                    }
                    FlowProperty p = FlowProperty.noFlow(TYPES[i], TYPES[j], List.of(), new SourcePos("t", 1, 1, 0, 0));
                    // Xen's own domains stay out of the way, as trusted types would be
                    List<Diagnostic> d = new FlaskPolicyVerifier(graph).verify(List.of(p), Set.of("domain_type", "dom0_t"));
                    int expected = naive(facts, TYPES[i], TYPES[j]);
                    String ctx = "seed " + seed + " " + TYPES[i] + " -> " + TYPES[j] + "\n" + extra + d;
                    assertEquals(expected >= 0, !d.isEmpty(), ctx);
                    if (!d.isEmpty()) {
                        broken++;
                        // under the defaults the very shortest flow; else a real one of the first breaking setting
                        assertTrue(d.get(0).related().size() >= expected, ctx);
                    }
                }
            }
        }
        assertTrue(broken > 0, "the generator must produce flows");
    }

    /** Xen 4.22's default policy with a few random types, booleans and rules over them (seeded). */
    static String policy(int seed) throws Exception {
        String conf = FlaskPolicyVerifierTest.xen422();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\n\\s*role ").matcher(conf);
        assertTrue(m.find());
        return conf.substring(0, m.start() + 1) + extra(seed) + conf.substring(m.start() + 1);
    }

    /** The random part of {@link #policy}. */
    static String extra(int seed) {
        Random rnd = new Random(seed);
        StringBuilder extra = new StringBuilder("attribute grp;\n");
        for (String t : TYPES) {
            extra.append("type ").append(t).append(rnd.nextBoolean() ? ", grp" : "").append(";\n");
        }
        extra.append("bool b1 false;\nbool b2 true;\n");
        for (int r = 0; r < 6; r++) {
            String s = rnd.nextInt(5) == 0 ? "grp" : TYPES[rnd.nextInt(TYPES.length)];
            String t = TYPES[rnd.nextInt(TYPES.length)];
            String[] p = PERMS[rnd.nextInt(PERMS.length)];
            String rule = "allow " + s + " " + t + ":" + p[0] + " " + p[1] + ";\n";
            switch (rnd.nextInt(4)) {
                case 0 -> extra.append("if (b1) {\n").append(rule).append("}\n");
                case 1 -> extra.append("if (b1 && !b2) {\n").append(rule).append("}\n");
                default -> extra.append(rule);
            }
        }
        return extra.toString();
    }

    /** Fewest hops from a to b under any boolean setting, over types outside domain_type; -1 if none. */
    private static int naive(FlaskFacts facts, String a, String b) {
        Set<String> avoid = new java.util.HashSet<>(facts.typesOf("domain_type"));
        avoid.add("dom0_t");
        avoid.remove(a);
        avoid.remove(b);
        int best = -1;
        for (boolean b1 : new boolean[] {false, true}) {
            for (boolean b2 : new boolean[] {false, true}) {
                Map<String, Boolean> setting = new HashMap<>(facts.booleans());
                setting.put("b1", b1);
                setting.put("b2", b2);
                List<Fact> active = new ArrayList<>();
                for (Fact f : facts.facts()) {
                    if (f.origin().guard().map(g -> g.holds(setting, facts.booleans())).orElse(true)) {
                        active.add(f);
                    }
                }
                FlowGraph g = FlowGraph.of(active, XenPermissionMap.standard());
                var path = g.shortestFlow(Set.of(FlaskFacts.label(a)), Set.of(FlaskFacts.label(b)),
                        new FlowGraph.Restriction(l -> avoid.contains(l.owner()), h -> true));
                if (path.isPresent() && (best < 0 || path.get().length() < best)) {
                    best = path.get().length();
                }
            }
        }
        return best;
    }
}
