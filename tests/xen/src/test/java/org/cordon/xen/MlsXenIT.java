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

    /** The guests the scenarios start: xl name and the fragment Cordon wrote for the VM. */
    private static final List<String[]> GUESTS = List.of(new String[] {"ledger", "finance-ledger"},
            new String[] {"lab", "research-lab"}, new String[] {"web", "public-web"});

    private Path out;
    private Path compiled;
    private Path narrow;
    private Build narrowBuild;
    private Scenario s;

    @BeforeAll
    void boot() throws Exception {
        if (XenHost.missing().isPresent()) {
            return; // each test says why it is skipped (@BeforeEach)
        }
        out = Path.of(System.getProperty("cordon.xen.out", "target/xen"));
        // the sample as it is, plus the labels of QEMU's own devices (the harness's machine) that dom0 needs to
        // reach its network card, as the harness policy has them
        String src = Files.readString(XenHost.root().resolve(SAMPLE)) + QEMU;
        compiled = compile(src, out, "mls");
        String variant = src.replace("  domain dom0 : control singleton                  // trusted over every level: it builds and manages all", NARROW);
        assertNotEquals(src, variant, "the sample's dom0 line moved: update NARROW's anchor");
        narrow = compile(variant, out, "mls-narrow");
        Path variantSrc = out.resolve("mls-narrow-src/multi-level.cordon");
        narrowBuild = Driver.check(List.of(CordonFrontEnd.Source.of(variantSrc)));
        s = boot(compiled, "multi-level", "avc-mls.log");
    }

    /** A boot with the policy compiled into {@code dir}, enforcing, and the guests' configurations in dom0. */
    private Scenario boot(Path dir, String name, String log) throws Exception {
        Path binary = dir.resolve("xenpolicy");
        Scenario booted = new Scenario(XenHost.boot("--policy", binary.toString(), "--mode", "enforcing"),
                new AvcJournal(out.resolve(log)));
        booted.enforces(name, binary);
        for (String[] g : GUESTS) {
            booted.guest(g[0], Policies.labels(dir.resolve("xl/" + g[1] + ".cfg")));
        }
        return booted;
    }

    /** QEMU's pc machine (host bridge, PIIX3, VGA, e1000) and its legacy IRQs: dom0's devices on the harness. */
    private static final String QEMU = """

            layer harness over tenants {
              device qemu_pc pci 0000:00:00.0 pci 0000:00:01.0 pci 0000:00:01.1 pci 0000:00:01.3 pci 0000:00:02.0
                pci 0000:00:03.0 irq 1 irq 4 irq 8 irq 9 irq 10 irq 11 irq 12 irq 14 irq 15 admin dom0
            }
            """;

    /** Writes {@code src} to {@code out/NAME-src/multi-level.cordon} and compiles it into {@code out/NAME}. */
    private static Path compile(String src, Path out, String name) throws Exception {
        Path file = out.resolve(name + "-src/multi-level.cordon");
        Files.createDirectories(file.getParent());
        Files.writeString(file, src);
        return Policies.compile(file.toAbsolutePath().toString(), out.resolve(name));
    }

    /** The seclabel Cordon wrote for a VM, as {@code xl list -Z} shows it. */
    private static String seclabel(Path compiled, String fragment) throws Exception {
        return Files.readString(compiled.resolve("xl/" + fragment + ".cfg")).lines()
                .filter(l -> l.startsWith("seclabel = ")).findFirst().orElseThrow().replaceAll("seclabel = \"(.*)\"", "$1");
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
        // dom0's unlabelled devices are refused at boot as on every harness boot (class resource); nothing of the
        // classes Bell-LaPadula constrains is
        List<AvcRecord> boot = s.step("boot");
        assertTrue(boot.stream().filter(AvcRecord::denied).allMatch(a -> a.securityClass().equals("resource")),
                boot.toString());
    }

    @Test
    @Order(2)
    void guestsAtEveryLevelStartUnderTheirLevels() throws Exception {
        for (String[] g : GUESTS) {
            String label = seclabel(compiled, g[1]);
            XenHost.Result r = s.create(g[0]);
            assertEquals(0, r.exit(), "xl create " + g[0] + ":\n" + r.both());
            String list = s.host.ok("xl list -Z");
            assertTrue(list.lines().anyMatch(l -> l.startsWith(g[0] + " ") && l.endsWith(" " + label)),
                    g[0] + " should run labelled " + label + ":\n" + list);
        }
        // dom0 manages every level: trusted over them all
        s.host.ok("xl pause lab");
        s.host.ok("xl unpause lab");
        for (String[] g : GUESTS) {
            s.host.ok("xl destroy " + g[0]);
        }
        List<AvcRecord> avcs = s.step("guests at every level");
        // the guests' own console writes are refused (no rule gives them the Xen console); dom0 is refused nothing
        assertTrue(avcs.stream().filter(AvcRecord::denied).noneMatch(a -> a.sourceType().equals("dom0_t")),
                "dom0 was refused something: " + avcs);
    }

    /**
     * dom0's range is fixed when Xen builds it at boot: a policy loaded later relabels running domains by name and
     * keeps their levels. So the variant whose dom0 is cleared for finance only is booted.
     */
    @Test
    @Order(3)
    void mlsDeniesWhatTheTypeRulesAllowExactlyAsTheVerifierPredicts() throws Exception {
        Scenario.powerOff(s.host, s);
        s = boot(narrow, "multi-level, dom0 cleared for finance only", "avc-mls-narrow.log");
        String list = s.host.ok("xl list -Z");
        assertTrue(list.lines().anyMatch(l -> l.startsWith("Domain-0 ") && l.endsWith(":dom0_t:unclassified-secret:finance")),
                "dom0 runs at the variant's range:\n" + list);
        s.step("narrow boot");
        // within its clearance dom0 builds what it did (first: a build that fails leaves a domain dom0 cannot see,
        // which unsettles the console daemon)
        for (String[] g : List.of(GUESTS.get(0), GUESTS.get(2))) {
            String label = seclabel(narrow, g[1]);
            s.createAllowed(g[0], label.substring(label.indexOf(':', label.indexOf(':') + 1) + 1));
        }
        assertTrue(s.step("creates within the clearance").stream().filter(AvcRecord::denied)
                .noneMatch(a -> a.sourceType().equals("dom0_t")));
        // the type rules still let dom0 build and manage every guest; its clearance does not cover research
        XenHost.Result lab = s.create("lab");
        assertNotEquals(0, lab.exit(), "dom0 built a VM above its clearance:\n" + lab.both());
        List<AvcRecord> avcs = s.step("a create above dom0's clearance");
        Set<String> predicted = predictedCuts();
        List<String> denied = avcs.stream().filter(AvcRecord::denied).filter(a -> a.sourceType().equals("dom0_t"))
                .flatMap(a -> a.permissions().stream().map(p -> a.sourceType() + " " + a.targetType() + " "
                        + a.securityClass() + " " + p)).toList();
        assertTrue(denied.stream().anyMatch(d -> d.startsWith("dom0_t research_t ")),
                "Xen denied dom0 nothing on the research VM: " + avcs);
        Set<String> unpredicted = new TreeSet<>(denied);
        unpredicted.removeAll(predicted);
        assertTrue(unpredicted.isEmpty(), "denials the verifier did not predict: " + unpredicted + "\npredicted: "
                + predicted);
    }

    /**
     * cordon load on this multi-level host: a policy without MLS is refused before Xen is asked (Xen cannot switch),
     * and the sample, whose dom0 level differs from the one dom0 booted with, loads with a note that dom0 keeps its
     * level until the next boot.
     */
    @Test
    @Order(4)
    void theLoaderKnowsWhatXenCannotChangeAtRunTime() throws Exception {
        Path harness = Policies.compile(Policies.HARNESS, out.resolve("mls-harness"));
        // the harness boots Xen without a boot menu: what it runs is given, as an operator would
        String baseline = narrow.resolve("xenpolicy").toString();
        HostCli.Run refused = HostCli.onHost(s.host, "load", harness.toString(), "--host", HostCli.address(s.host),
                "--baseline", baseline);
        assertEquals(1, refused.exit(), refused.both());
        assertTrue(refused.both().contains("runs a policy with multi-level security (dom0: system_u:system_r:dom0_t:"
                + "unclassified-secret:finance)") && refused.both().contains("is not multi-level: Xen cannot switch "
                + "between the two at run time"), refused.both());
        HostCli.Run dry = HostCli.onHost(s.host, "load", compiled.toString(), "--host", HostCli.address(s.host),
                "--baseline", baseline, "--dry-run");
        assertEquals(0, dry.exit(), dry.both());
        assertTrue(dry.both().contains("dom0 keeps its level unclassified-secret:finance: Xen keeps running domains' "
                + "levels across a load"), dry.both());
        s.step("cordon load");
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
