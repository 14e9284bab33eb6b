package org.cordon.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cordon duties}: who holds which duty, and the separations, on the samples and on broken copies. */
class DutiesCommandTest {

    @TempDir
    Path tmp;

    @Test
    void theDisaggregatedSampleHasOneDutyPerPlatformDomain() {
        CliTest.Result r = CliTest.run("duties", CliTest.sample("disaggregated.cordon").toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("duties policy_admin, vm_admin, introspection, device_admin, hypervisor_admin"), r.out());
        assertTrue(r.out().matches("(?s).*\n  dom0 +vm_admin\n.*"), r.out());
        assertTrue(r.out().matches("(?s).*\n  xsm +policy_admin\n.*"), r.out());
        assertTrue(r.out().matches("(?s).*\n  monitor +introspection\n.*"), r.out());
        assertTrue(r.out().matches("(?s).*\n  netdrv +device_admin\n.*"), r.out());
        assertTrue(r.out().matches("(?s).*\n  web_tier.frontend +-\n.*"), r.out());
        assertTrue(r.out().contains("separate duties policy_admin, vm_admin, introspection ("), r.out());
        assertTrue(r.out().contains("): holds\n"), r.out());
        // --why: the statements behind each
        CliTest.Result why = CliTest.run("duties", "--why", CliTest.sample("disaggregated.cordon").toString());
        assertTrue(why.out().contains("      policy_admin directly:\n"), why.out());
        assertTrue(why.out().contains("xsm -> xen : security.load_policy, allowed by `allow xsm -> xen : "
                + "security.{load_policy setenforce setbool setsecparam}`"), why.out());
    }

    @Test
    void aCollapsedDom0BreaksTheSeparationWithExit1AndTheChainIsShown() throws Exception {
        Path p = tmp.resolve("collapsed.cordon");
        String text = Files.readString(CliTest.sample("disaggregated.cordon"));
        // dom0 may relabel itself to the monitor: it then introspects the guests
        String anchor = "  allow dom0 create, manage netdrv\n";
        assertTrue(text.contains(anchor));
        Files.writeString(p, text.replace(anchor, anchor + "  allow dom0 -> monitor : domain.transition, domain2.relabelself\n"));
        CliTest.Result r = CliTest.run("duties", p.toString());
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.out().matches("(?s).*\n  dom0 +vm_admin, introspection \\(through monitor\\)\n.*"), r.out());
        assertTrue(r.out().contains("): broken by 1 domain\n"), r.out());
        assertTrue(r.err().contains("error: dom0 holds vm_admin and introspection, which `separate duties policy_admin, "
                + "vm_admin, introspection` keeps apart: vm_admin by `allow dom0 create, manage netdrv` (and 2 more); "
                + "introspection through monitor (dom0 relabels itself to monitor)"), r.err());
        assertTrue(r.err().contains("note: introspection: dom0 relabels itself to monitor: dom0 -> monitor : domain2.relabelself"),
                r.err());

        CliTest.Result json = CliTest.run("duties", "--format", "json", p.toString());
        assertEquals(1, json.exit());
        JsonObject o = JsonParser.parseString(json.out()).getAsJsonObject();
        assertEquals(false, o.get("ok").getAsBoolean());
        JsonObject dom0 = o.getAsJsonArray("domains").get(0).getAsJsonObject();
        assertEquals("dom0", dom0.get("name").getAsString());
        JsonObject introspection = dom0.getAsJsonArray("duties").get(1).getAsJsonObject();
        assertEquals("introspection", introspection.get("duty").getAsString());
        assertEquals("monitor", introspection.get("through").getAsString());
        assertEquals(0, introspection.getAsJsonObject("switches").size());
        assertTrue(introspection.getAsJsonArray("because").get(0).getAsJsonObject().getAsJsonObject("location")
                .get("line").getAsInt() > 0);
        JsonObject separation = o.getAsJsonArray("separations").get(0).getAsJsonObject();
        assertEquals(false, separation.get("holds").getAsBoolean());
        assertEquals("duties", separation.getAsJsonArray("violations").get(0).getAsJsonObject().get("code").getAsString());
    }

    @Test
    void aPolicyWithoutSeparationsListsWhatDom0HoldsAndExits0() {
        CliTest.Result r = CliTest.run("duties", CliTest.sample("cloud-host.cordon").toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().matches("(?s).*\n  dom0 +policy_admin, vm_admin, introspection, device_admin\n.*"), r.out());
        // a stub device model maps its guest's memory
        CliTest.Result openxt = CliTest.run("duties", CliTest.sample("openxt-client.cordon").toString());
        assertTrue(openxt.out().matches("(?s).*\n  win10_dm +introspection\n.*"), openxt.out());
    }

    @Test
    void aDutyUnderASwitchSaysWhichSwitchItNeeds() throws Exception {
        Path p = tmp.resolve("switch.cordon");
        Files.writeString(p, "policy p target xen 4.22\nlayer l {\n  domain dom0 : control singleton\n"
                + "  domain ops : service\n  switch maint default off {\n    allow ops -> xen : security.setenforce\n  }\n}\n");
        CliTest.Result r = CliTest.run("duties", p.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().matches("(?s).*\n  ops +policy_admin \\(with switches maint on\\)\n.*"), r.out());
        CliTest.Result json = CliTest.run("duties", "--format", "json", p.toString());
        JsonObject ops = JsonParser.parseString(json.out()).getAsJsonObject().getAsJsonArray("domains").get(1)
                .getAsJsonObject();
        assertEquals(true, ops.getAsJsonArray("duties").get(0).getAsJsonObject().getAsJsonObject("switches")
                .get("maint").getAsBoolean());
    }

    @Test
    void inputErrorsExit2() throws Exception {
        Path bad = tmp.resolve("bad.cordon");
        Files.writeString(bad, "policy p target xen 4.22\nlayer l {\n  domain d : control singleton\n}\n"
                + "separate duties policy_admin, vm_admn\n");
        CliTest.Result r = CliTest.run("duties", bad.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains(bad + ":5:1: error: unknown duty 'vm_admn'; did you mean vm_admin?"), r.err());
        assertEquals(2, CliTest.run("duties", "--format", "sarif", bad.toString()).exit());
        assertEquals(2, CliTest.run("duties", tmp.resolve("missing.cordon").toString()).exit());
    }
}
