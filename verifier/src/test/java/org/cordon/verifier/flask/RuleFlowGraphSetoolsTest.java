package org.cordon.verifier.flask;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.cordon.model.Diagnostic;
import org.cordon.model.SourcePos;
import org.cordon.testing.Prerequisites;
import org.cordon.verifier.permmap.SetoolsPermMapWriter;
import org.cordon.verifier.permmap.XenPermissionMap;
import org.cordon.xsm.catalogue.XenCatalogues;
import org.cordon.xsm.flask.FlaskPolicies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The FLASK verifier's flow answers against an oracle that is not Cordon: the real checkpolicy compiles each random
 * policy of {@link RuleFlowGraphPropertyTest}, and setools' seinfoflow (with Cordon's permission map, the one spec both
 * share) looks for a flow between every pair of types under every boolean setting, Xen's own domains excluded as the
 * verifier trusts them. A flow under some setting is exactly a violated {@code no flow}, and seinfoflow's shortest
 * flow is never longer than the one the verifier reports. Cases: {@code cordon.flask.setools.cases} (default 4).
 */
class RuleFlowGraphSetoolsTest {

    private static final int POLICIES = Integer.getInteger("cordon.flask.setools.cases", 4);

    @Test
    void noFlowAgreesWithSeinfoflowOnCheckpolicysBinary(@TempDir Path dir) throws Exception {
        for (String tool : List.of("checkpolicy", "seinfoflow", "seinfo")) {
            Prerequisites.require(Prerequisites.onPath(tool), tool, "apt-get install checkpolicy setools (.ci/run installs them)");
        }
        Path map = dir.resolve("xen.perm_map");
        Files.writeString(map, SetoolsPermMapWriter.write(XenPermissionMap.standard(),
                XenCatalogues.forVersion("4.22").orElseThrow()));
        String[] types = RuleFlowGraphPropertyTest.TYPES;
        int flows = 0;
        for (int seed = 1; seed <= POLICIES; seed++) {
            String text = RuleFlowGraphPropertyTest.policy(seed);
            Path conf = dir.resolve("p" + seed + ".conf");
            Path bin = dir.resolve("p" + seed + ".bin");
            Files.writeString(conf, text, StandardCharsets.ISO_8859_1);
            run(List.of("checkpolicy", "-t", "Xen", "-c", "30", "-o", bin.toString(), conf.toString()));
            // what the verifier trusts, read with setools: domain_type's members and dom0_t
            Set<String> trusted = new TreeSet<>(attributeMembers(bin, "domain_type"));
            trusted.add("dom0_t");
            FlaskPolicies.Traced traced = FlaskPolicies.parseTraced("policy.conf", text);
            FlaskPolicyVerifier verifier = new FlaskPolicyVerifier(RuleFlowGraph.of("p", traced.policy(),
                    traced.origins(), XenPermissionMap.standard()));
            for (String a : types) {
                for (String b : types) {
                    if (a.equals(b)) {
                        continue;
                    }
                    int shortest = -1;
                    for (String setting : List.of("b1:false,b2:false", "b1:false,b2:true", "b1:true,b2:false",
                            "b1:true,b2:true")) {
                        int steps = seinfoflow(bin, map, a, b, setting, trusted);
                        if (steps >= 0 && (shortest < 0 || steps < shortest)) {
                            shortest = steps;
                        }
                    }
                    List<Diagnostic> d = verifier.verify(List.of(FlowProperty.noFlow(a, b, List.of(),
                            new SourcePos("t", 1, 1, 0, 0))), Set.of("domain_type", "dom0_t"));
                    String ctx = "seed " + seed + " " + a + " -> " + b + "\n" + RuleFlowGraphPropertyTest.extra(seed) + d;
                    assertEquals(shortest >= 0, !d.isEmpty(), ctx);
                    if (shortest >= 0) {
                        flows++;
                        assertTrue(d.get(0).related().size() >= shortest, ctx);
                    }
                }
            }
        }
        assertTrue(flows > 0, "the random policies must have flows for the comparison to mean anything");
    }

    /** Steps of seinfoflow's shortest flow from a to b under the boolean setting, the trusted types excluded; -1 if none. */
    private static int seinfoflow(Path bin, Path map, String a, String b, String booleans, Set<String> trusted)
            throws Exception {
        List<String> cmd = new ArrayList<>(List.of("seinfoflow", "-p", bin.toString(), "-m", map.toString(), "-s", a,
                "-t", b, "-S", "-w", "1", "-b", booleans));
        trusted.stream().filter(t -> !t.equals(a) && !t.equals(b)).forEach(cmd::add);
        String out = run(cmd);
        // every shortest flow has as many steps as the first: the highest step number is the length
        int steps = out.lines().map(String::strip).filter(l -> l.matches("Step \\d+: .*"))
                .mapToInt(l -> Integer.parseInt(l.substring(5, l.indexOf(':')))).max().orElse(-1);
        assertTrue(steps >= 0 || out.contains("0 information flow(s) found"), "cannot read seinfoflow's answer:\n" + out);
        return steps;
    }

    private static List<String> attributeMembers(Path bin, String attribute) throws Exception {
        List<String> out = new ArrayList<>();
        for (String l : run(List.of("seinfo", "-a", attribute, "-x", bin.toString())).lines().toList()) {
            String t = l.strip();
            if (t.matches("[A-Za-z_][\\w.]*") && !t.equals(attribute)) {
                out.add(t);
            }
        }
        return out;
    }

    private static String run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), String.join(" ", cmd));
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + "\n" + out);
        return out;
    }
}
