package org.cordon.xsm.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The parsers on what Xen 4.17's tools printed on the real Xen under QEMU (resources xen-4.17-qemu/). */
class XenOutputsTest {

    static String real(String name) {
        try (InputStream in = XenOutputsTest.class.getResourceAsStream("xen-4.17-qemu/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new AssertionError("missing test resource " + name, e);
        }
    }

    @Test
    void xlInfoGivesTheVersionAndXensCommandLine() throws Exception {
        Map<String, String> info = XenOutputs.xlInfo(real("xl-info.txt"));
        XenVersion v = XenOutputs.xenVersion(info);
        assertEquals(new XenVersion(4, 17, ".5"), v);
        assertEquals("4.17", v.release());
        assertTrue(v.runs("4.17") && v.runs("4.17.7") && !v.runs("4.22") && !v.runs("4.1"));
        assertEquals("enforcing", XenOutputs.bootOption(info.get("xen_commandline"), "flask").orElseThrow());
        assertEquals("768M,max:768M", XenOutputs.bootOption(info.get("xen_commandline"), "dom0_mem").orElseThrow());
        assertEquals("credit2", info.get("xen_scheduler"));
    }

    @Test
    void xenstoreListsDomainIdsOneALine() throws Exception {
        // as dom0 of the harness printed it with a guest whose label Xen had dropped (id 1, gone from xl list)
        assertEquals(java.util.Set.of(0, 1), XenOutputs.domainIds("0\n1\n"));
        HostException e = assertThrows(HostException.class, () -> XenOutputs.domainIds("0\nbackend\n"));
        assertTrue(e.getMessage().contains("cannot read this line of xenstore-list /local/domain: backend"), e.getMessage());
    }

    @Test
    void notADom0SaysSo() {
        HostException e = assertThrows(HostException.class, () -> XenOutputs.xenVersion(XenOutputs.xlInfo("host : x\n")));
        assertTrue(e.getMessage().contains("xen_major"), e.getMessage());
    }

    @Test
    void getenforceIsReadFromTheTextNotTheExitStatus() throws Exception {
        assertEquals(FlaskMode.ENFORCING, XenOutputs.getenforce(CommandResult.of(1, "Enforcing\n", "")));
        assertEquals(FlaskMode.PERMISSIVE, XenOutputs.getenforce(CommandResult.of(0, "Permissive\n", "")));
        assertEquals(FlaskMode.DISABLED, XenOutputs.getenforce(CommandResult.of(255, "Flask XSM Disabled\n", "")));
        assertThrows(HostException.class, () -> XenOutputs.getenforce(CommandResult.of(255, "", "Failed to get enforcing mode\n")));
    }

    @Test
    void numbersNoXenPrintsAreProtocolProblems() {
        // found by the fuzzer (XenOutputsFuzzTestInputs): a domain id or version too large for an int
        String row = real("xl-list-Z.txt").replaceFirst("Domain-0(\\s+)0", "Domain-0$1" + "7".repeat(40));
        HostException e = assertThrows(HostException.class, () -> XenOutputs.xlListZ(row));
        assertTrue(e.getMessage().startsWith("not a number xl prints: 777"), e.getMessage());
        assertThrows(HostException.class, () -> XenOutputs.xenVersion(java.util.Map.of("xen_major", "9".repeat(20),
                "xen_minor", "17")));
        assertTrue(XenOutputs.lastPolicyRead("(XEN) Flask:  4 users, 3 roles, 99999999999 types, 2 bools\n"
                + "(XEN) Flask:  13 classes, 288 rules\n").isEmpty());
    }

    @Test
    void xlListZGivesEachDomainsLabel() throws Exception {
        assertEquals(List.of(new Domain("Domain-0", 0, "system_u:system_r:dom0_t")), XenOutputs.xlListZ(real("xl-list-Z.txt")));
        assertEquals("dom0_t", XenOutputs.xlListZ(real("xl-list-Z.txt")).get(0).type());
        // the verbose listing has the label last too
        assertEquals("system_u:system_r:dom0_t", XenOutputs.xlListZ(real("xl-list-v.txt").replaceAll(
                " 00000000-0000-0000-0000-000000000000 +-", "")).get(0).label());
        // rows as xl_info.c prints them, a guest name with a space and a dying domain
        String rows = real("xl-list-Z.txt") + String.format("%-40s %5d %5d %5d     %s  %8.1f %16s%n", "web 1", 7, 128, 1,
                "--ps-d", 12.5, "system_u:system_r:bank_a_web_t");
        Domain web = XenOutputs.xlListZ(rows).get(1);
        assertEquals(new Domain("web 1", 7, "system_u:system_r:bank_a_web_t"), web);
        assertThrows(HostException.class, () -> XenOutputs.xlListZ("Name ID\nDomain-0 0\n"));
    }

    @Test
    void booleansWithPendingValues() throws Exception {
        assertEquals(List.of(new FlaskBoolean("guest_writeconsole", true, true), new FlaskBoolean("prot_doms_locked", false, false)),
                XenOutputs.booleans(real("flask-get-bool-a.txt")));
        assertEquals(new FlaskBoolean("prot_doms_locked", true, true), XenOutputs.booleans(real("flask-get-bool-a-after-set.txt")).get(1));
        assertEquals(List.of(new FlaskBoolean("b", false, true)), XenOutputs.booleans("b: 0 (pending 1)\n"));
        assertTrue(XenOutputs.booleans("").isEmpty(), "no policy loaded yet (flask=late): no booleans");
        assertThrows(HostException.class, () -> XenOutputs.booleans("flask_getbool: Unable to get boolean #0"));
    }

    @Test
    void theConsoleTellsWhichPolicyXenReadLastAndWhyItRefusedALabel() throws Exception {
        String dmesg = real("xl-dmesg.txt");
        assertEquals(new XenOutputs.PolicyCounts(4, 3, 39, 2, 13, 288), XenOutputs.lastPolicyRead(dmesg).orElseThrow());
        assertEquals(List.of("flask: Duplicate PCI Device 0x30"), XenOutputs.flaskComplaints(dmesg, 3));
        assertTrue(XenOutputs.lastPolicyRead("(XEN) Xen version 4.17.5\n").isEmpty());
        String refused = "(XEN) Flask:  permission privprofile in class xen not found in policy\n"
                + "(XEN) Flask:  the definition of a class is incorrect\n";
        assertEquals(List.of("Flask:  permission privprofile in class xen not found in policy",
                "Flask:  the definition of a class is incorrect"), XenOutputs.flaskComplaints(dmesg + refused, 2));
        assertEquals(refused, XenOutputs.since(dmesg, dmesg + refused));
        // the ring dropped its oldest lines meanwhile
        assertEquals(refused, XenOutputs.since(dmesg, dmesg.substring(dmesg.indexOf('\n') + 1) + refused));
    }

    @Test
    void theCountsOfXensDefaultPolicyAreWhatXenPrintedForIt() throws Exception {
        // the harness booted Xen's own default policy (4.17.7): Cordon's reader counts it as Xen did
        java.nio.file.Path vector = org.cordon.xsm.SharedVectors.root().resolve("flask/xen-4.17.7/xenpolicy-4.17.7");
        LoadablePolicy p = LoadablePolicy.of("xen-default", java.nio.file.Files.readAllBytes(vector), java.util.Optional.of("4.17"), true);
        assertEquals(XenOutputs.lastPolicyRead(real("xl-dmesg.txt")).orElseThrow(), p.counts());
        assertTrue(org.cordon.xsm.flask.model.ReleaseFit.problems(p.policy(), org.cordon.xsm.catalogue.XenCatalogues.forVersion("4.17").orElseThrow()).isEmpty());
        List<String> against422 = org.cordon.xsm.flask.model.ReleaseFit.problems(p.policy(), org.cordon.xsm.catalogue.XenCatalogues.forVersion("4.22").orElseThrow());
        assertTrue(against422.stream().anyMatch(s -> s.startsWith("permission ")), against422.toString());
    }

    @Test
    void shellWordsRoundTrip() {
        List<String> argv = List.of("sh", "-c", XenHost.WITH_XEN_TOOLS, "sh", "xl", "loadpolicy", "/var/lib/cordon/p's x");
        assertEquals(argv, ShellWords.split(ShellWords.join(argv)));
        assertEquals(List.of("a b", "c\"d", "e"), ShellWords.split("'a b' \"c\\\"d\" e"));
    }
}
