package org.cordon.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.cordon.dsl.load.CordonFrontEnd;
import org.cordon.verifier.upgrade.ReleaseUpgrade;
import org.junit.jupiter.api.Test;

/** {@code cordon upgrade} on policies written for the cases Xen's default policy does not reach. */
class UpgradeTest {

    private static List<CordonFrontEnd.Source> policy(String text) {
        return List.of(new CordonFrontEnd.Source("p.cordon", text));
    }

    @Test
    void aNewPermissionNoStatementGrantsIsReportedWithTheStatementToAdd() {
        // dom0's xen2 permissions listed one by one, as a hand-tuned policy does: 4.18's get_dom0_console is in none,
        // and with no guests nothing grants 4.18's domain2.vuart_op (create does, on the guests it builds)
        Upgrade u = Upgrade.run(policy("""
                policy p target xen 4.17
                layer base {
                  domain dom0 : control singleton
                  allow dom0 -> xen : xen2.resource_op, xen2.get_symbol
                }
                """), "4.18");
        ReleaseUpgrade.Report r = u.report().orElseThrow();
        assertEquals(List.of("xen2.get_dom0_console", "domain2.vuart_op"), r.ungranted().stream().map(ReleaseUpgrade.Permission::name).toList());
        assertEquals("XENPF_get_dom0_console", r.ungranted().get(0).hypercalls());
        ReleaseUpgrade.Suggestion s = r.suggestions().stream()
                .filter(x -> x.permission().equals("xen2.get_dom0_console")).findFirst().orElseThrow();
        assertEquals("allow dom0 -> xen : xen2.get_dom0_console", s.statement());
        assertTrue(s.why().contains("flask_platform_op"), s.why());
        // a new hypercall denied is not something the old policy allowed: the upgrade is safe
        assertEquals(0, u.exitCode());
    }

    @Test
    void aStatementNamingARemovedPermissionMustChange() {
        Upgrade u = Upgrade.run(policy("""
                policy p target xen 4.21
                layer base {
                  domain dom0 : control singleton
                  allow dom0 -> xen : xen.privprofile
                }
                """), "4.22.0");
        assertEquals(1, u.blocking().size(), u.blocking().toString());
        assertEquals("unknown-permission", u.blocking().get(0).code().id());
        assertEquals(4, u.blocking().get(0).pos().line());
        assertEquals(1, u.exitCode());
        ReleaseUpgrade.Report r = u.report().orElseThrow();
        ReleaseUpgrade.Permission gone = r.removed().stream().filter(p -> p.name().equals("xen.privprofile"))
                .findFirst().orElseThrow();
        assertEquals(4, gone.grantedBy().get(0).pos().line());
    }

    @Test
    void accessesTheNewBuildNoLongerAllowsAreLostAndNamed() {
        // the comparison itself, on two builds that differ by a statement: what the old allowed and the new does not,
        // with the permission still in Xen, is lost and makes the upgrade unsafe
        Build before = Driver.run(policy("""
                policy p target xen 4.21
                layer base {
                  domain dom0 : control singleton
                  domain netdrv : driver
                  allow dom0 -> netdrv : domain.pause
                }
                """), Options.defaults());
        Build after = Driver.run(policy("""
                policy p target xen 4.22
                layer base {
                  domain dom0 : control singleton
                  domain netdrv : driver
                }
                """), Options.defaults());
        ReleaseUpgrade.Report r = ReleaseUpgrade.compare(before.facts().orElseThrow(), after.facts().orElseThrow());
        assertEquals(List.of("dom0 -> netdrv : domain.pause"), r.lost().stream().map(ReleaseUpgrade.LostAccess::access).toList());
        assertEquals(5, r.lost().get(0).statement().pos().line());
        assertTrue(!r.safe());
    }

    @Test
    void aPolicyThatDoesNotBuildForItsOwnReleaseIsAnInputError() {
        Upgrade u = Upgrade.run(policy("""
                policy p target xen 4.21
                layer base {
                  domain dom0 : control singleton
                  allow dom0 -> nobody : domain.pause
                }
                """), "4.22");
        assertEquals(2, u.exitCode());
    }
}
