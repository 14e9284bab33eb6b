package org.cordon.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cordon.driver.Build;
import org.cordon.driver.Driver;
import org.cordon.dsl.load.CordonFrontEnd;
import org.cordon.model.Diagnostic;
import org.cordon.verifier.check.DutyHoldings;
import org.junit.jupiter.api.Test;

/** The verifier's verdicts on the samples, and on the samples with a statement added. */
class SampleVerdictsTest {

    private static List<Diagnostic> verdicts(String sample, String... extra) throws Exception {
        Path dir = Path.of(System.getProperty("cordon.root", "..")).resolve("samples");
        List<CordonFrontEnd.Source> sources = new java.util.ArrayList<>();
        sources.add(CordonFrontEnd.Source.of(dir.resolve(sample)));
        for (int i = 0; i < extra.length; i++) {
            sources.add(new CordonFrontEnd.Source("extra" + i + ".cordon", extra[i]));
        }
        Build c = Driver.check(sources);
        // no input errors: the verdicts are the verifier's (pass verify)
        assertTrue(c.ran("verify") && c.exitCode() != 2 && c.internalError().isEmpty(), c.diagnostics().toString());
        return c.verdicts();
    }

    @Test
    void samplesHoldEverythingTheyClaim() throws Exception {
        for (String s : List.of("cloud-host.cordon", "openxt-client.cordon", "xen-default.cordon", "disaggregated.cordon",
                "multi-level.cordon")) {
            assertEquals(List.of(), verdicts(s), s);
        }
    }

    @Test
    void xensDefaultPolicyLetsIsolatedGuestsTalkOverArgo() throws Exception {
        List<Diagnostic> v = verdicts("xen-default.cordon", "assert no flow isolated_domU -> domU except via dom0\n");
        Diagnostic d = v.stream().filter(x -> x.code().id().equals("no-flow")).findFirst().orElseThrow(() ->
                new AssertionError("expected a no-flow violation, got " + v));
        assertTrue(d.pos().file().equals("extra0.cordon") && d.pos().line() == 1, d.toString());
        assertTrue(d.related().stream().anyMatch(r -> r.message().contains("argo.send")), d.related().toString());
    }

    @Test
    void theDisaggregatedControlPlaneKeepsItsDutiesApartUntilDom0MayDelegateAGuest() throws Exception {
        Path sample = Path.of(System.getProperty("cordon.root", "..")).resolve("samples/disaggregated.cordon");
        Build clean = Driver.check(List.of(CordonFrontEnd.Source.of(sample)));
        DutyHoldings h = DutyHoldings.of(clean.facts().orElseThrow());
        Map<String, Set<String>> held = new java.util.LinkedHashMap<>();
        h.domains().forEach(d -> held.put(d.toString(), h.held(d).keySet()));
        assertEquals(Map.of("dom0", Set.of("vm_admin"), "xsm", Set.of("policy_admin"), "monitor", Set.of("introspection"),
                "netdrv", Set.of("device_admin"), "web_tier.frontend", Set.of(), "web_tier.api", Set.of(),
                "db_tier.postgres", Set.of()), held);

        // dom0 may make a domain of its own the device model of a guest: that domain maps the guest's memory
        String anchor = "  allow guests version_info xen\n";
        String text = java.nio.file.Files.readString(sample);
        assertTrue(text.contains(anchor));
        Build broken = Driver.check(List.of(new CordonFrontEnd.Source("helper.cordon", text.replace(anchor, anchor
                + "  domain helper : service singleton\n"
                + "  allow dom0 -> helper : domain2.make_priv_for\n"
                + "  allow dom0 -> db_tier.postgres : domain2.set_as_target\n"
                + "  allow helper -> db_tier.postgres : domain.set_target, mmu.map_read\n"))));
        List<Diagnostic> v = broken.verdicts();
        Diagnostic d = v.stream().filter(x -> x.code().id().equals("duties")).findFirst().orElseThrow(() ->
                new AssertionError("expected a duties violation, got " + v));
        assertTrue(d.message().startsWith("dom0 holds vm_admin and introspection, which `separate duties policy_admin, "
                + "vm_admin, introspection` keeps apart"), d.message());
        assertTrue(d.message().contains("introspection through helper (dom0 makes helper the device model of "
                + "db_tier.postgres)"), d.message());
        int line = List.of(text.split("\n")).indexOf(anchor.stripTrailing()) + 1;
        assertTrue(d.related().stream().anyMatch(r -> r.pos().line() == line + 2 && r.message().contains("domain2.make_priv_for")),
                d.related().toString());
    }

    @Test
    void aTenantChannelBreaksTheBanksIsolation() throws Exception {
        Path sample = Path.of(System.getProperty("cordon.root", "..")).resolve("samples/cloud-host.cordon");
        String text = java.nio.file.Files.readString(sample).replace("  conflict banks",
                "  channel bank_a.web <-> bank_b.app : grant\n  conflict banks");
        Build c = Driver.check(List.of(new CordonFrontEnd.Source("leak.cordon", text)));
        List<Diagnostic> v = c.verdicts();
        // a declared channel is an exception to `isolated`, but not to `no flow ... except via`
        assertTrue(v.stream().anyMatch(d -> d.code().id().equals("no-flow") && d.message().contains("bank_a.web -> bank_b.app")
                && d.related().stream().anyMatch(r -> r.message().contains("channel bank_a.web <-> bank_b.app"))), v.toString());
    }
}
