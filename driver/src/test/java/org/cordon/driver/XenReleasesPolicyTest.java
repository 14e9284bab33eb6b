package org.cordon.driver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.cordon.dsl.load.CordonFrontEnd;
import org.cordon.model.Diagnostic;
import org.cordon.verifier.upgrade.ReleaseUpgrade;
import org.cordon.xsm.catalogue.XenCatalogue;
import org.cordon.xsm.catalogue.XenCatalogues;
import org.cordon.xsm.flask.FlaskPolicies;
import org.cordon.xsm.flask.model.ReleaseFit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Xen's default policy written in Cordon (samples/xen-default.cordon) for every supported release: it builds, the real
 * checkpolicy accepts its policy.conf and writes Cordon's binary byte for byte, the binary has that release's classes;
 * and {@code cordon upgrade} between consecutive releases reports exactly what the catalogues say changed.
 */
class XenReleasesPolicyTest {

    static Stream<String> releases() {
        return XenCatalogues.SUPPORTED.stream();
    }

    static Stream<Arguments> consecutive() {
        List<String> r = XenCatalogues.SUPPORTED;
        return IntStream.range(1, r.size()).mapToObj(i -> Arguments.of(r.get(i - 1), r.get(i)));
    }

    /**
     * The sample is 4.22's default policy; the release's own differs only where its xenstore.te does: the xenstore
     * domain's domain2.get_domain_state (4.21 and later; the permission does not exist before).
     */
    static List<CordonFrontEnd.Source> defaultPolicy(String release) throws Exception {
        Path sample = TestPolicies.root().resolve("samples/xen-default.cordon");
        String text = Files.readString(sample).replace("target xen 4.22", "target xen " + release);
        if (XenCatalogues.forVersion(release).orElseThrow().securityClass("domain2").orElseThrow()
                .permission("get_domain_state").isEmpty()) {
            text = text.replace(", domain2.get_domain_state", "");
        }
        return List.of(new CordonFrontEnd.Source("xen-default-" + release + ".cordon", text));
    }

    @ParameterizedTest(name = "Xen {0}: Xen's default policy in Cordon builds, and checkpolicy agrees byte for byte")
    @MethodSource("releases")
    void defaultPolicyBuildsForEveryRelease(String release, @TempDir Path tmp) throws Exception {
        Build b = Driver.check(defaultPolicy(release));
        List<Diagnostic> problems = b.diagnostics().stream().filter(d -> d.severity() != Diagnostic.Severity.INFO).toList();
        assertEquals(List.of(), problems);
        assertEquals(release, b.catalogue().orElseThrow().xenVersion());
        byte[] binary = b.binary().orElseThrow();
        assertEquals(List.of(release), ReleaseFit.exact(FlaskPolicies.readBinary(binary)));
        if (ReferenceTools.optional("checkpolicy", "Xen " + release + " default policy against checkpolicy")) {
            assertArrayEquals(Files.readAllBytes(ReferenceTools.checkpolicy(tmp, b.policyConf().orElseThrow(), 30)), binary);
        }
    }

    @ParameterizedTest(name = "upgrade of Xen's default policy from {0} to {1}")
    @MethodSource("consecutive")
    void upgradeReportsWhatTheCataloguesChanged(String from, String to) throws Exception {
        Upgrade u = Upgrade.run(defaultPolicy(from), to);
        assertEquals(List.of(), u.blocking());
        ReleaseUpgrade.Report r = u.report().orElseThrow();
        assertEquals(from, r.from());
        assertEquals(to, r.to());
        XenCatalogue a = XenCatalogues.forVersion(from).orElseThrow();
        XenCatalogue b = XenCatalogues.forVersion(to).orElseThrow();
        assertEquals(only(b, a), r.added().stream().map(ReleaseUpgrade.Permission::name).toList());
        assertEquals(only(a, b), r.removed().stream().map(ReleaseUpgrade.Permission::name).toList());
        // Xen's default policy grants every new permission somewhere (xen.if, dom0.te), and so does the sample
        assertEquals(List.of(), r.ungranted());
        assertEquals(List.of(), r.renamed(), "no release renamed a permission: they add and remove hypercalls");
        assertEquals(List.of(), r.lost());
        assertEquals(0, u.exitCode());
        // every added permission a capability now grants is named with the statements that use the capability
        for (ReleaseUpgrade.CapabilityChange c : r.capabilities()) {
            assertTrue(c.removed().stream().allMatch(p -> r.removed().stream().anyMatch(x -> x.name().equals(p))), c.toString());
            assertTrue(c.added().stream().allMatch(p -> r.added().stream().anyMatch(x -> x.name().equals(p))), c.toString());
        }
    }

    /** class.perm of {@code in} that {@code notIn} lacks, in catalogue order. */
    private static List<String> only(XenCatalogue in, XenCatalogue notIn) {
        List<String> out = new ArrayList<>();
        for (XenCatalogue.SecurityClass c : in.classes()) {
            for (XenCatalogue.Permission p : c.permissions()) {
                if (!notIn.has(c.name(), p.name())) {
                    out.add(c.name() + "." + p.name());
                }
            }
        }
        return out;
    }
}
