package org.cordon.xen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.cordon.driver.Build;
import org.cordon.driver.Driver;
import org.cordon.dsl.load.CordonFrontEnd;
import org.cordon.verifier.explain.AvcRecord;
import org.cordon.verifier.facts.Fact;
import org.cordon.verifier.facts.Label;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The multi-level sample on a real Xen: Xen 4.17 boots enforcing {@code samples/multi-level.cordon} compiled with MLS
 * (Xen takes an MLS policy only from boot: it refuses to switch between MLS and non-MLS at run time), guests at every
 * level start under their levelled labels, and then, with a variant whose dom0 is cleared for finance only, Xen's MLS
 * constraints deny dom0 what the type rules allow it on a research VM, exactly the accesses the verifier's reading
 * predicted (its MLS-cut facts). Every AVC line is judged against the binary, constraints evaluated on the line's
 * contexts.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MlsXenIT {

    private static final String SAMPLE = "samples/multi-level.cordon";
    /** The variant's change: dom0's clearance without the research compartment. */
    private static final String NARROW = "  domain dom0 : control singleton { level unclassified .. secret:finance trusted }";

    private Path compiled;
    private Path narrow;
    private Build narrowBuild;
    private Scenario s;

    @BeforeAll
    void boot() throws Exception {
        if (XenHost.missing().isPresent()) {
            return; // each test says why it is skipped (@BeforeEach)
        }
        Path out = Path.of(System.getProperty("cordon.xen.out", "target/xen"));
        compiled = Policies.compile(SAMPLE, out.resolve("mls"));
        String src = Files.readString(XenHost.root().resolve(SAMPLE));
        String variant = src.replace("  domain dom0 : control singleton                  // trusted over every level: it builds and manages all", NARROW);
        assertNotEquals(src, variant, "the sample's dom0 line moved: update NARROW's anchor");
        Path variantSrc = out.resolve("mls-narrow-src/multi-level-narrow.cordon");
        Files.createDirectories(variantSrc.getParent());
        Files.writeString(variantSrc, variant);
        narrow = Policies.compile(variantSrc.toAbsolutePath().toString(), out.resolve("mls-narrow"));
        narrowBuild = Driver.check(List.of(CordonFrontEnd.Source.of(variantSrc)));
        Path binary = compiled.resolve("xenpolicy");
        s = new Scenario(XenHost.boot("--policy", binary.toString(), "--mode", "enforcing"),
                new AvcJournal(out.resolve("avc-mls.log")));
        s.enforces("multi-level", binary);
        s.host.put(Files.readAllBytes(binary), "/root/mls.xenpolicy");
        s.host.put(Files.readAllBytes(narrow.resolve("xenpolicy")), "/root/mls-narrow.xenpolicy");
        for (String[] g : List.of(new String[] {"ledger", "finance-ledger"}, new String[] {"lab", "research-lab"},
                new String[] {"web", "public-web"})) {
            s.guest(g[0], labels(compiled.resolve("xl/" + g[1] + ".cfg")));
        }
    }

    /** The fragment's label lines only: the harness's guests are small whatever the sample reserves. */
    private static String labels(Path fragment) throws Exception {
        return Files.readString(fragment).lines().filter(l -> l.startsWith("seclabel") || l.startsWith("init_seclabel"))
                .collect(Collectors.joining("\n"));
    }

    @AfterAll
    void powerOff() {
        Scenario.powerOff(s == null ? null : s.host, s);
    }

    @BeforeEach
    void harnessReady() {
        XenHost.requireReady();
    }

    @Test
    @Order(1)
    void theMultiLevelPolicyIsEnforcedFromBoot() throws Exception {
        assertEquals("Enforcing", s.mode());
        // Xen holds dom0 at the range the policy gives it: trusted over every level
        String list = s.host.ok("xl list -Z");
        assertTrue(list.lines().anyMatch(l -> l.startsWith("Domain-0 ") && l.contains(":dom0_t:unclassified-secret:")),
                "dom0's label carries its range:\n" + list);
        assertTrue(s.step("boot").stream().noneMatch(AvcRecord::denied));
    }

    @Test
    @Order(2)
    void guestsAtEveryLevelStartUnderTheirLevels() throws Exception {
        for (String[] g : List.of(new String[] {"ledger", "finance_t:secret:finance"},
                new String[] {"lab", "research_t:secret:research"}, new String[] {"web", "public_t:unclassified"})) {
            XenHost.Result r = s.create(g[0]);
            assertEquals(0, r.exit(), "xl create " + g[0] + ":\n" + r.both());
            String list = s.host.ok("xl list -Z");
            assertTrue(list.lines().anyMatch(l -> l.startsWith(g[0] + " ") && l.endsWith(":" + g[1])),
                    g[0] + " should run labelled ..." + g[1] + ":\n" + list);
        }
        // dom0 manages every level: trusted over them all
        s.host.ok("xl pause lab");
        s.host.ok("xl unpause lab");
        for (String g : List.of("ledger", "lab", "web")) {
            s.host.ok("xl destroy " + g);
        }
        List<AvcRecord> avcs = s.step("guests at every level");
        assertTrue(avcs.stream().noneMatch(AvcRecord::denied), "something was refused: " + avcs);
    }

    @Test
    @Order(3)
    void mlsDeniesWhatTheTypeRulesAllowExactlyAsTheVerifierPredicts() throws Exception {
        XenHost.Result load = s.host.run("xl loadpolicy /root/mls-narrow.xenpolicy");
        assertEquals(0, load.exit(), load.both());
        s.enforces("multi-level, dom0 cleared for finance only", narrow.resolve("xenpolicy"));
        s.step("narrow loaded");
        // the type rules still let dom0 build and manage every guest; its clearance no longer covers research
        XenHost.Result lab = s.create("lab");
        assertNotEquals(0, lab.exit(), "dom0 built a VM above its clearance:\n" + lab.both());
        List<AvcRecord> avcs = s.step("a create above dom0's clearance");
        Set<String> predicted = predictedCuts();
        List<String> denied = avcs.stream().filter(AvcRecord::denied).flatMap(a -> a.permissions().stream()
                .map(p -> a.sourceType() + " " + a.targetType() + " " + a.securityClass() + " " + p)).toList();
        assertTrue(denied.stream().anyMatch(d -> d.startsWith("dom0_t research_t ")),
                "Xen denied dom0 nothing on the research VM: " + avcs);
        Set<String> unpredicted = new TreeSet<>(denied);
        unpredicted.removeAll(predicted);
        assertTrue(unpredicted.isEmpty(), "denials the verifier did not predict: " + unpredicted + "\npredicted: "
                + predicted);
        // within its clearance dom0 still builds what it did
        s.createAllowed("ledger", "finance_t:secret:finance");
        s.createAllowed("web", "public_t:unclassified");
        assertTrue(s.step("creates within the clearance").stream().noneMatch(AvcRecord::denied));
        XenHost.Result back = s.host.run("xl loadpolicy /root/mls.xenpolicy");
        assertEquals(0, back.exit(), back.both());
        s.enforces("multi-level", compiled.resolve("xenpolicy"));
        // libxl tears a failed build down with calls that read the domain too: what it could not, dom0 (cleared
        // again) does now, before the VM starts under the sample
        if (s.host.ok("xl list").lines().anyMatch(l -> l.startsWith("lab "))) {
            s.host.ok("xl destroy lab");
        }
        s.createAllowed("lab", "research_t:secret:research");
        assertTrue(s.step("the sample again").stream().noneMatch(AvcRecord::denied));
    }

    /** What the verifier's reading of the variant says MLS cuts, as "source-type target-type class permission". */
    private Set<String> predictedCuts() {
        Map<String, Set<Label>> labelsOfType = narrowBuild.typeLabels().orElseThrow();
        Set<String> out = new TreeSet<>();
        for (Fact f : narrowBuild.facts().orElseThrow().cutByMls()) {
            for (Map.Entry<String, Set<Label>> s : labelsOfType.entrySet()) {
                if (!s.getValue().contains(f.source())) {
                    continue;
                }
                for (Map.Entry<String, Set<Label>> t : labelsOfType.entrySet()) {
                    if (t.getValue().contains(f.target())) {
                        out.add(s.getKey() + " " + t.getKey() + " " + f.securityClass() + " " + f.permission());
                    }
                }
            }
        }
        assertFalse(out.isEmpty(), "the verifier predicts no MLS denial for the variant");
        return out;
    }

    @Test
    @Order(99)
    void xenAndTheCompiledPolicyAgreeOnEveryDecision() {
        assertTrue(s.journal.judged() > 0, "no decision was judged");
        s.journal.assertAgreement();
    }
}
