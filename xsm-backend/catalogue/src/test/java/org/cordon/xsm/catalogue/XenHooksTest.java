package org.cordon.xsm.catalogue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.cordon.xsm.catalogue.XenHooks.Check;
import org.cordon.xsm.catalogue.XenHooks.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class XenHooksTest {

    static List<String> releases() {
        return XenCatalogues.SUPPORTED;
    }

    @ParameterizedTest(name = "Xen {0}: every catalogue permission has exactly one check")
    @MethodSource("releases")
    void everyPermissionHasExactlyOneCheck(String version) {
        XenCatalogue catalogue = XenCatalogues.forVersion(version).orElseThrow();
        XenHooks hooks = XenHooks.forVersion(version).orElseThrow();
        List<String> expected = new ArrayList<>();
        for (XenCatalogue.SecurityClass c : catalogue.classes()) {
            for (XenCatalogue.Permission p : c.permissions()) {
                expected.add(c.name() + " " + p.name());
                long n = hooks.checks().stream()
                        .filter(k -> k.securityClass().equals(c.name()) && k.permission().equals(p.name())).count();
                assertEquals(1, n, c.name() + " " + p.name());
            }
        }
        for (Check k : hooks.checks()) {
            assertTrue(catalogue.securityClass(k.securityClass()).flatMap(c -> c.permission(k.permission())).isPresent(),
                    "not in the catalogue: " + k.securityClass() + " " + k.permission());
        }
        // and in catalogue order, so the file reads beside the catalogue
        assertEquals(expected, hooks.checks().stream().map(k -> k.securityClass() + " " + k.permission()).toList());
        assertEquals(catalogue.xenVersion(), hooks.xenVersion());
    }

    @Test
    void releasesNameTheirTagAndFiles() {
        XenHooks h422 = XenHooks.forVersion("4.22").orElseThrow();
        assertEquals("RELEASE-4.22.0", h422.xenTag());
        assertEquals("RELEASE-4.17.7", XenHooks.forVersion("4.17.7").orElseThrow().xenTag());
        assertEquals(List.of("xen/xsm/flask/hooks.c", "xen/xsm/flask/flask_op.c"), h422.sources());
        assertSame(h422, XenHooks.forVersion("4.22.0").orElseThrow(), "cached like XenCatalogues");
        assertTrue(XenHooks.forVersion("4.15").isEmpty());
        assertEquals("RELEASE-4.14.6", XenHooks.forVersion("4.14").orElseThrow().xenTag());
        assertTrue(XenHooks.forVersion("banana").isEmpty());
        assertTrue(h422.check("domain", "no_such_permission").isEmpty());
        assertThrows(UnsupportedOperationException.class, () -> h422.checks().clear());
    }

    /** Facts read by hand in hooks.c / flask_op.c of the release, each above its row. */
    static Stream<Arguments> facts() {
        return Stream.of(
                // flask_evtchn_unbound: avc_has_perm(newsid, sid2, SECCLASS_EVENT, EVENT__BIND, NULL), sid2 = domain_target_sid
                Arguments.of("4.22", "event", "bind", Kind.EVENT_CHANNEL, Kind.DOMAIN, "flask_evtchn_unbound"),
                // flask_evtchn_send: domain_has_evtchn(d, chn, EVENT__SEND) for ECS_INTERDOMAIN
                Arguments.of("4.22", "event", "send", Kind.DOMAIN, Kind.EVENT_CHANNEL, "flask_evtchn_send"),
                // flask_evtchn_interdomain: avc_current_has_perm(newsid, SECCLASS_EVENT, EVENT__CREATE, &ad)
                Arguments.of("4.22", "event", "create", Kind.DOMAIN, Kind.EVENT_CHANNEL, "flask_evtchn_interdomain"),
                // flask_evtchn_reset: domain_has_perm(d1, d2, SECCLASS_EVENT, EVENT__RESET): a domain, not a channel
                Arguments.of("4.22", "event", "reset", Kind.DOMAIN, Kind.DOMAIN, "flask_evtchn_reset"),
                // flask_evtchn_status: domain_has_evtchn(d, chn, EVENT__STATUS)
                Arguments.of("4.17", "event", "status", Kind.DOMAIN, Kind.EVENT_CHANNEL, "flask_evtchn_status"),
                // flask_grant_mapref: GRANT__MAP_WRITE added to perms unless GNTMAP_readonly; domain_has_perm(d1, d2, ...)
                Arguments.of("4.22", "grant", "map_write", Kind.DOMAIN, Kind.DOMAIN, "flask_grant_mapref"),
                // flask_grant_query_size: domain_has_perm(d1, d2, SECCLASS_GRANT, GRANT__QUERY)
                Arguments.of("4.17", "grant", "query", Kind.DOMAIN, Kind.DOMAIN, "flask_grant_query_size"),
                // flask_domain_memory_map: current_has_perm(d, SECCLASS_MMU, MMU__MEMORYMAP)
                Arguments.of("4.22", "mmu", "memorymap", Kind.DOMAIN, Kind.DOMAIN, "flask_domain_memory_map"),
                // flask_priv_mapping: domain_has_perm(d, t, SECCLASS_MMU, MMU__TARGET_HACK)
                Arguments.of("4.22", "mmu", "target_hack", Kind.DOMAIN, Kind.DOMAIN, "flask_priv_mapping"),
                // flask_domctl: XEN_DOMCTL_getpageframeinfo3 -> current_has_perm(d, SECCLASS_MMU, MMU__PAGEINFO)
                Arguments.of("4.22", "mmu", "pageinfo", Kind.DOMAIN, Kind.DOMAIN, "flask_domctl"),
                // flask_mmu_update: XSM_MMU_MACHPHYS_UPDATE adds MMU__UPDATEMP to map_perms, domain_has_perm(d, f, ...)
                Arguments.of("4.17", "mmu", "updatemp", Kind.DOMAIN, Kind.DOMAIN, "flask_mmu_update"),
                // flask_domain_create: avc_current_has_perm(ssidref, SECCLASS_DOMAIN, DOMAIN__CREATE, NULL)
                Arguments.of("4.22", "domain", "create", Kind.DOMAIN, Kind.NEW_LABEL, "flask_domain_create"),
                // flask_domctl: XEN_DOMCTL_createdomain -> avc_current_has_perm(op->u.createdomain.ssidref, ...)
                Arguments.of("4.17", "domain", "create", Kind.DOMAIN, Kind.NEW_LABEL, "flask_domctl"),
                // flask_set_target: avc_has_perm(dsec->sid, tsec->sid, SECCLASS_DOMAIN, DOMAIN__SET_TARGET, NULL)
                Arguments.of("4.22", "domain", "set_target", Kind.DOMAIN, Kind.DOMAIN, "flask_set_target"),
                // flask_schedop_shutdown: domain_has_perm(d1, d2, SECCLASS_DOMAIN, DOMAIN__SHUTDOWN)
                Arguments.of("4.22", "domain", "shutdown", Kind.DOMAIN, Kind.DOMAIN, "flask_schedop_shutdown"),
                // flask_op.c flask_relabel_domain: avc_has_perm(dsec->sid, arg->sid, SECCLASS_DOMAIN, DOMAIN__TRANSITION, &ad)
                Arguments.of("4.22", "domain", "transition", Kind.DOMAIN, Kind.NEW_LABEL, "flask_relabel_domain"),
                // flask_getdomaininfo: current_has_perm(d, SECCLASS_DOMAIN, DOMAIN__GETDOMAININFO); flask_sysctl calls it
                Arguments.of("4.17", "domain", "getdomaininfo", Kind.DOMAIN, Kind.DOMAIN, "flask_sysctl"),
                // flask_op.c flask_relabel_domain: avc_has_perm(csec->sid, arg->sid, SECCLASS_DOMAIN2, DOMAIN2__RELABELTO, &ad)
                Arguments.of("4.22", "domain2", "relabelto", Kind.DOMAIN, Kind.NEW_LABEL, "flask_relabel_domain"),
                // flask_op.c flask_relabel_domain: avc_has_perm(csec->sid, dsec->sid, SECCLASS_DOMAIN2, DOMAIN2__RELABELFROM, &ad)
                Arguments.of("4.22", "domain2", "relabelfrom", Kind.DOMAIN, Kind.DOMAIN, "flask_relabel_domain"),
                // flask_op.c flask_relabel_domain: avc_has_perm(dsec->sid, arg->sid, ..., DOMAIN2__RELABELSELF, &ad)
                Arguments.of("4.17", "domain2", "relabelself", Kind.DOMAIN, Kind.NEW_LABEL, "flask_relabel_domain"),
                // flask_get_domain_state (new in 4.22): current_has_perm(d, SECCLASS_DOMAIN2, DOMAIN2__GET_DOMAIN_STATE)
                Arguments.of("4.22", "domain2", "get_domain_state", Kind.DOMAIN, Kind.DOMAIN, "flask_get_domain_state"),
                // flask_init_hardware_domain: current_has_perm(d, SECCLASS_DOMAIN2, DOMAIN2__CREATE_HARDWARE_DOMAIN)
                Arguments.of("4.17", "domain2", "create_hardware_domain", Kind.DOMAIN, Kind.DOMAIN,
                        "flask_init_hardware_domain"),
                // flask_set_target: current_has_perm(d, SECCLASS_DOMAIN2, DOMAIN2__MAKE_PRIV_FOR)
                Arguments.of("4.22", "domain2", "make_priv_for", Kind.DOMAIN, Kind.DOMAIN, "flask_set_target"),
                // flask_bind_pt_irq: avc_current_has_perm(rsid, SECCLASS_HVM, HVM__BIND_IRQ, &ad), rsid from get_irq_sid
                Arguments.of("4.22", "hvm", "bind_irq", Kind.DOMAIN, Kind.DEVICE, "flask_bind_pt_irq"),
                // flask_mem_sharing_op: domain_has_perm(d, cd, SECCLASS_HVM, HVM__SHARE_MEM)
                Arguments.of("4.22", "hvm", "share_mem", Kind.DOMAIN, Kind.DOMAIN, "flask_mem_sharing_op"),
                // flask_hvm_param: HVM__HVMCTL for any op other than HVMOP_set_param/get_param
                Arguments.of("4.22", "hvm", "hvmctl", Kind.DOMAIN, Kind.DOMAIN, "flask_hvm_param"),
                // flask_dm_op: current_has_perm(d, SECCLASS_HVM, HVM__DM)
                Arguments.of("4.17", "hvm", "dm", Kind.DOMAIN, Kind.DOMAIN, "flask_dm_op"),
                // flask_irq_permission: current_has_perm(d, SECCLASS_RESOURCE, resource_to_perm(access))
                Arguments.of("4.22", "resource", "add", Kind.DOMAIN, Kind.DOMAIN, "flask_irq_permission"),
                // _iomem_has_perm via flask_iomem_permission: data.perm = RESOURCE__ADD_IOMEM, sid of the MMIO range
                Arguments.of("4.22", "resource", "add_iomem", Kind.DOMAIN, Kind.DEVICE, "flask_iomem_permission"),
                // flask_map_domain_irq: avc_has_perm(dsid, sid, SECCLASS_RESOURCE, dperm, &ad), dperm from
                // flask_iommu_resource_use_perm
                Arguments.of("4.22", "resource", "use_iommu", Kind.DOMAIN, Kind.DEVICE, "flask_map_domain_irq"),
                // flask_resource_use_core: avc_current_has_perm(SECINITSID_DOMXEN, SECCLASS_RESOURCE, RESOURCE__USE, NULL)
                Arguments.of("4.22", "resource", "use", Kind.DOMAIN, Kind.DOMAIN, "flask_sysctl"),
                // flask_resource_plug_pci: avc_current_has_perm(rsid, SECCLASS_RESOURCE, RESOURCE__PLUG, &ad)
                Arguments.of("4.22", "resource", "plug", Kind.DOMAIN, Kind.DEVICE, "flask_resource_plug_pci"),
                // flask_get_device_group: avc_current_has_perm(rsid, SECCLASS_RESOURCE, RESOURCE__STAT_DEVICE, NULL)
                Arguments.of("4.17", "resource", "stat_device", Kind.DOMAIN, Kind.DEVICE, "flask_get_device_group"),
                // flask_resource_setup_gsi: get_irq_sid(gsi, &rsid, &ad), then RESOURCE__SETUP
                Arguments.of("4.22", "resource", "setup", Kind.DOMAIN, Kind.DEVICE, "flask_resource_setup_gsi"),
                // flask_console_io: CONSOLEIO_read -> XEN__READCONSOLE, domain_has_xen(d, perm)
                Arguments.of("4.22", "xen", "readconsole", Kind.DOMAIN, Kind.XEN, "flask_console_io"),
                // flask_sysctl: XEN_SYSCTL_readconsole adds XEN__CLEARCONSOLE when clear is set
                Arguments.of("4.22", "xen", "clearconsole", Kind.DOMAIN, Kind.XEN, "flask_sysctl"),
                // flask_profile (4.17 only, gone in 4.22): XENOPROF_start etc. -> XEN__PRIVPROFILE, domain_has_xen(d, perm)
                Arguments.of("4.17", "xen", "privprofile", Kind.DOMAIN, Kind.XEN, "flask_profile"),
                // flask_kexec: domain_has_xen(current->domain, XEN__KEXEC)
                Arguments.of("4.22", "xen", "kexec", Kind.DOMAIN, Kind.XEN, "flask_kexec"),
                // flask_platform_op: XENPF_get_dom0_console -> avc_has_perm(domain_sid(current->domain), SECINITSID_XEN, ...)
                Arguments.of("4.22", "xen2", "get_dom0_console", Kind.DOMAIN, Kind.XEN, "flask_platform_op"),
                // flask_sysctl (4.17): XEN_SYSCTL_get_cpu_levelling_caps -> avc_current_has_perm(SECINITSID_XEN, ...)
                Arguments.of("4.17", "xen2", "get_cpu_levelling_caps", Kind.DOMAIN, Kind.XEN, "flask_sysctl"),
                // flask_pmu_op: XENPMU_init etc. -> avc_has_perm(dsid, SECINITSID_XEN, SECCLASS_XEN2, XEN2__PMU_USE, NULL)
                Arguments.of("4.22", "xen2", "pmu_use", Kind.DOMAIN, Kind.XEN, "flask_pmu_op"),
                // flask_op.c flask_security_load: domain_has_security(current->domain, SECURITY__LOAD_POLICY)
                Arguments.of("4.22", "security", "load_policy", Kind.DOMAIN, Kind.SECURITY, "flask_security_load"),
                // flask_op.c flask_security_commit_bools: domain_has_security(current->domain, SECURITY__SETBOOL)
                Arguments.of("4.22", "security", "setbool", Kind.DOMAIN, Kind.SECURITY, "flask_security_commit_bools"),
                // flask_op.c flask_devicetree_label: perm = sid ? SECURITY__ADD_OCONTEXT : SECURITY__DEL_OCONTEXT
                Arguments.of("4.17", "security", "add_ocontext", Kind.DOMAIN, Kind.SECURITY, "flask_devicetree_label"),
                // flask_xen_version: XENVER_commandline(2) -> avc_has_perm(dsid, SECINITSID_XEN, SECCLASS_VERSION, ...)
                Arguments.of("4.22", "version", "xen_commandline", Kind.DOMAIN, Kind.XEN, "flask_xen_version"),
                // flask_argo_enable: avc_has_perm(domain_sid(d), SECINITSID_XEN, SECCLASS_ARGO, ARGO__ENABLE, NULL)
                Arguments.of("4.22", "argo", "enable", Kind.DOMAIN, Kind.XEN, "flask_argo_enable"),
                // flask_argo_send: domain_has_perm(d, t, SECCLASS_ARGO, ARGO__SEND)
                Arguments.of("4.22", "argo", "send", Kind.DOMAIN, Kind.DOMAIN, "flask_argo_send"),
                // flask_argo_register_any_source: avc_has_perm(domain_sid(d), SECINITSID_XEN, ..., ARGO__REGISTER_ANY_SOURCE)
                Arguments.of("4.17", "argo", "register_any_source", Kind.DOMAIN, Kind.XEN,
                        "flask_argo_register_any_source"),
                // 4.14 (hook table struct xsm_operations): flask_hvm_param_nested -> current_has_perm(d, SECCLASS_HVM, HVM__NESTED)
                Arguments.of("4.14", "hvm", "nested", Kind.DOMAIN, Kind.DOMAIN, "flask_hvm_param_nested"),
                // 4.16: flask_readconsole(clear) adds XEN__CLEARCONSOLE, domain_has_xen(current->domain, perms)
                Arguments.of("4.16", "xen", "clearconsole", Kind.DOMAIN, Kind.XEN, "flask_readconsole"),
                // flask_shadow_control (from flask_domctl): XEN_DOMCTL_SHADOW_OP_CLEAN -> SHADOW__LOGDIRTY
                Arguments.of("4.22", "shadow", "logdirty", Kind.DOMAIN, Kind.DOMAIN, "flask_domctl"));
    }

    @ParameterizedTest(name = "Xen {0}: {1} {2} is checked {3} -> {4} in {5}")
    @MethodSource("facts")
    void handVerifiedFacts(String version, String cls, String perm, Kind subject, Kind object, String hook) {
        Check c = XenHooks.forVersion(version).orElseThrow().check(cls, perm).orElseThrow();
        assertEquals(subject, c.subject(), "subject of " + c);
        assertEquals(object, c.object(), "object of " + c);
        assertTrue(c.hooks().contains(hook), hook + " missing from " + c.hooks());
    }

    @ParameterizedTest(name = "Xen {0}: only domain2 set_vnumainfo is unchecked")
    @MethodSource("releases")
    void setVnumainfoIsNeverChecked(String version) {
        XenHooks hooks = XenHooks.forVersion(version).orElseThrow();
        // flask_domctl: XEN_DOMCTL_setvnumainfo -> current_has_perm(d, SECCLASS_DOMAIN, DOMAIN2__SET_VNUMAINFO):
        // the domain2 constant with the domain class, so Xen checks domain bit 12, getvcpuinfo
        List<Check> unchecked = hooks.checks().stream().filter(c -> !c.checked()).toList();
        assertEquals(List.of("domain2 set_vnumainfo"),
                unchecked.stream().map(c -> c.securityClass() + " " + c.permission()).toList());
        assertTrue(unchecked.get(0).note().contains("domain getvcpuinfo"), unchecked.get(0).note());
        assertTrue(unchecked.get(0).hooks().isEmpty());
        assertTrue(hooks.check("domain", "getvcpuinfo").orElseThrow().note().contains("DOMAIN2__SET_VNUMAINFO"));
    }

    @Test
    void permissionsCheckedWithSeveralKindsSayWhere() {
        XenHooks hooks = XenHooks.forVersion("4.22").orElseThrow();
        // flask_resource_plug_core / unplug_core: SECINITSID_DOMXEN; flask_resource_setup_misc: SECINITSID_XEN;
        // flask_machine_memory_map: SECINITSID_XEN
        assertTrue(hooks.check("resource", "plug").orElseThrow().note().contains("DOMAIN -> DOMAIN(domxen_t)"));
        assertTrue(hooks.check("resource", "unplug").orElseThrow().note().contains("DOMAIN -> DOMAIN(domxen_t)"));
        assertTrue(hooks.check("resource", "setup").orElseThrow().note()
                .contains("also flask_resource_setup_misc: DOMAIN -> XEN"));
        assertTrue(hooks.check("mmu", "memorymap").orElseThrow().note()
                .contains("also flask_machine_memory_map: DOMAIN -> XEN"));
        // the main path comes first in the hook list
        assertEquals("flask_resource_plug_pci", hooks.check("resource", "plug").orElseThrow().hooks().get(0));
        // relabelfrom and set_target use the plain domain label (dsec->sid / tsec->sid), never _self/_target
        assertTrue(hooks.check("domain", "set_target").orElseThrow().note().contains("never its _self/_target"));
        assertTrue(hooks.check("domain2", "relabelfrom").orElseThrow().note().contains("flask_op.c"));
    }

    @Test
    void shippedFilesAreWhatTheWriterWrites() throws IOException {
        for (String version : XenCatalogues.SUPPORTED) {
            String resource = "xen-" + version + ".hooks";
            String text;
            try (InputStream in = XenHooks.class.getResourceAsStream(resource)) {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            assertEquals(text, HooksFormat.write(HooksFormat.read(resource, text)), resource);
        }
    }

    // ------------------------------------------------------------------ reader

    private static final String HEADER = "# xen: 4.22\n# tag: RELEASE-4.22.0\n";

    private static HooksFormat.MalformedHooksException rejected(String text) {
        return assertThrows(HooksFormat.MalformedHooksException.class, () -> HooksFormat.read("t.hooks", text));
    }

    @Test
    void readerRejectsMalformedLinesWithTheirLineNumber() {
        String good = "event send DOMAIN EVENT_CHANNEL flask_evtchn_send  # note\n";
        assertEquals(1, HooksFormat.read("t.hooks", HEADER + good).checks().size());

        HooksFormat.MalformedHooksException e = rejected(HEADER + good + "event status DOMAIN EVENT_CHANNEL\n");
        assertEquals(4, e.line());
        assertTrue(e.getMessage().startsWith("t.hooks:4: expected 5 columns"), e.getMessage());

        e = rejected(HEADER + "\n" + good + "event status DOMAIN CHANNEL flask_evtchn_status\n");
        assertEquals(5, e.line());
        assertTrue(e.getMessage().contains("unknown kind 'CHANNEL'"), e.getMessage());

        e = rejected(HEADER + "event status DOMAIN EVENT_CHANNEL flask_evtchn_status,,x\n");
        assertEquals(3, e.line());
        assertTrue(e.getMessage().contains("bad hook list"), e.getMessage());

        e = rejected(HEADER + good + good);
        assertEquals(4, e.line());
        assertTrue(e.getMessage().contains("already given on line 3"), e.getMessage());

        e = rejected(HEADER + "domain2 set_vnumainfo UNCHECKED UNCHECKED flask_domctl\n");
        assertEquals(3, e.line());
        assertTrue(e.getMessage().contains("unchecked permission has no hooks"), e.getMessage());

        e = rejected(HEADER + "domain2 set_vnumainfo UNCHECKED DOMAIN -\n");
        assertEquals(3, e.line());

        e = rejected(HEADER + "Event send DOMAIN EVENT_CHANNEL flask_evtchn_send\n");
        assertTrue(e.getMessage().contains("bad class name 'Event'"), e.getMessage());

        e = rejected("# xen: 4.22\n" + good);
        assertEquals(1, e.line());
        assertTrue(e.getMessage().contains("tag"), e.getMessage());
    }

    // ------------------------------------------------------------------ importer, on C written for this test

    private static XenCatalogue miniCatalogue() {
        return new XenCatalogue("9.9", List.of(
                cls("xen", 1, "settime", "readconsole"),
                cls("domain", 2, "pause", "create", "getvcpuinfo"),
                cls("domain2", 3, "relabelto", "relabelfrom", "set_thing"),
                cls("event", 4, "bind", "send"),
                cls("resource", 5, "add_irq", "stat_device")), List.of());
    }

    private static XenCatalogue.SecurityClass cls(String name, int value, String... perms) {
        List<XenCatalogue.Permission> list = new ArrayList<>();
        for (String p : perms) {
            list.add(new XenCatalogue.Permission(p, list.size(), ""));
        }
        return new XenCatalogue.SecurityClass(name, value, list);
    }

    /** Checkers and patterns as hooks.c has them, in a fixture of our own. */
    private static final String FIXTURE = """
            /* fixture for XenHooksTest: "quoted { braces }" and comments must not confuse the scanner */
            #define TEST_MACRO(x) \\
                { x }
            static int domain_has_xen(struct domain *d, uint32_t perms)
            {
                return avc_has_perm(domain_sid(d), SECINITSID_XEN, SECCLASS_XEN, perms, NULL);
            }
            static int current_has_perm(struct domain *d, uint16_t class, uint32_t perms)
            {
                return domain_has_perm(current->domain, d, class, perms);
            }
            static uint32_t pick(int x)
            {
                if ( x )
                    return XEN__SETTIME;
                return XEN__READCONSOLE;
            }
            static int hook_xen(struct domain *d, int x)
            {
                return domain_has_xen(d, pick(x)); // helper's constants
            }
            static int hook_pause(struct domain *d)
            {
                uint32_t perm = DOMAIN__PAUSE;
                return current_has_perm(d, SECCLASS_DOMAIN, perm);
            }
            static int hook_create(struct domain *d, uint32_t ssidref)
            {
                return avc_current_has_perm(ssidref, SECCLASS_DOMAIN, DOMAIN__CREATE, NULL);
            }
            static int hook_bind(struct domain *d1, struct domain *d2)
            {
                uint32_t newsid, sid2 = domain_target_sid(d1, d2);
                security_transition_sid(domain_sid(d1), sid2, SECCLASS_EVENT, &newsid);
                return avc_has_perm(newsid, sid2, SECCLASS_EVENT, EVENT__BIND, NULL);
            }
            static int irq_label(int irq, uint32_t *sid)
            {
                return security_irq_sid(irq, sid);
            }
            static int hook_irq(struct domain *d, int irq)
            {
                uint32_t rsid;
                irq_label(irq, &rsid);
                return avc_has_perm(domain_sid(d), rsid, SECCLASS_RESOURCE, RESOURCE__ADD_IRQ, NULL);
            }
            static int hook_wrong_class(struct domain *d)
            {
                return current_has_perm(d, SECCLASS_DOMAIN, DOMAIN2__SET_THING);
            }
            static int hook_relabel(struct domain *d, struct xen_flask_relabel *arg)
            {
                struct domain_security_struct *csec = current->domain->ssid, *dsec = d->ssid;
                return avc_has_perm(csec->sid, arg->sid, SECCLASS_DOMAIN2, DOMAIN2__RELABELTO, NULL)
                    ?: avc_has_perm(csec->sid, dsec->sid, SECCLASS_DOMAIN2, DOMAIN2__RELABELFROM, NULL);
            }
            static const struct xsm_ops test_ops = {
                .a = hook_xen,
                .b = hook_pause,
                .c = hook_create,
                .d = hook_bind,
                .e = hook_irq,
                .f = hook_wrong_class,
                .g = hook_relabel,
            };
            """;

    @Test
    void importerClassifiesByTheCall() {
        XenHooks h = XenHooksImporter.importSources("TEST-1", miniCatalogue(),
                List.of(new XenHooksImporter.Source("xen/xsm/flask/hooks.c", FIXTURE)));
        assertEquals("TEST-1", h.xenTag());
        assertCheck(h, "xen", "settime", Kind.DOMAIN, Kind.XEN, "hook_xen");
        assertCheck(h, "xen", "readconsole", Kind.DOMAIN, Kind.XEN, "hook_xen");
        assertCheck(h, "domain", "pause", Kind.DOMAIN, Kind.DOMAIN, "hook_pause");
        assertCheck(h, "domain", "create", Kind.DOMAIN, Kind.NEW_LABEL, "hook_create");
        assertCheck(h, "event", "bind", Kind.EVENT_CHANNEL, Kind.DOMAIN, "hook_bind");
        assertCheck(h, "resource", "add_irq", Kind.DOMAIN, Kind.DEVICE, "hook_irq");
        assertCheck(h, "domain2", "relabelto", Kind.DOMAIN, Kind.NEW_LABEL, "hook_relabel");
        assertCheck(h, "domain2", "relabelfrom", Kind.DOMAIN, Kind.DOMAIN, "hook_relabel");
        // DOMAIN2__SET_THING is bit 2 of domain2, checked in class domain: domain's bit 2 is getvcpuinfo
        assertCheck(h, "domain", "getvcpuinfo", Kind.DOMAIN, Kind.DOMAIN, "hook_wrong_class");
        assertEquals(Kind.UNCHECKED, h.check("domain2", "set_thing").orElseThrow().subject());
        assertEquals(Kind.UNCHECKED, h.check("event", "send").orElseThrow().object());
        assertEquals(Kind.UNCHECKED, h.check("resource", "stat_device").orElseThrow().subject());
        assertTrue(h.check("domain2", "relabelfrom").orElseThrow().note().contains("never its _self/_target"));
    }

    private static void assertCheck(XenHooks h, String cls, String perm, Kind subject, Kind object, String hook) {
        Check c = h.check(cls, perm).orElseThrow();
        assertEquals(List.of(subject, object, List.of(hook)), List.of(c.subject(), c.object(), c.hooks()), c.toString());
    }

    @Test
    void importerStopsOnSeveralKindsWithoutAMainPath() {
        String c = FIXTURE.replace("static const struct xsm_ops", """
                static int hook_stat_xen(void)
                {
                    return avc_current_has_perm(SECINITSID_XEN, SECCLASS_RESOURCE, RESOURCE__STAT_DEVICE, NULL);
                }
                static int hook_stat_dev(uint32_t sbdf)
                {
                    uint32_t rsid;
                    security_device_sid(sbdf, &rsid);
                    return avc_current_has_perm(rsid, SECCLASS_RESOURCE, RESOURCE__STAT_DEVICE, NULL);
                }
                static const struct xsm_ops""").replace(".g = hook_relabel,", ".g = hook_relabel, .h = hook_stat_xen, .i = hook_stat_dev,");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> XenHooksImporter.importSources(
                "TEST-1", miniCatalogue(), List.of(new XenHooksImporter.Source("xen/xsm/flask/hooks.c", c))));
        assertTrue(e.getMessage().startsWith("resource stat_device is checked with different kinds"), e.getMessage());
    }

    @Test
    void importerRefusesChecksNoHookReaches() {
        String c = FIXTURE.replace(".g = hook_relabel,", "");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> XenHooksImporter.importSources(
                "TEST-1", miniCatalogue(), List.of(new XenHooksImporter.Source("xen/xsm/flask/hooks.c", c))));
        assertTrue(e.getMessage().contains("hook_relabel"), e.getMessage());
    }

    /**
     * With {@code -Dcordon.xen.git=<bare mirror of xen-project/xen>} the shipped files are regenerated
     * from Xen's own source and must be identical; skipped otherwise (the tests above need no Xen tree).
     */
    @org.junit.jupiter.api.Tag(org.cordon.testing.Prerequisites.OPT_IN)
    @ParameterizedTest(name = "xen-{0}.hooks is what the importer makes of {1}")
    @org.junit.jupiter.params.provider.CsvSource({"4.14, RELEASE-4.14.6", "4.16, RELEASE-4.16.7", "4.17, RELEASE-4.17.7",
            "4.18, RELEASE-4.18.6", "4.19, RELEASE-4.19.6", "4.20, RELEASE-4.20.4", "4.21, RELEASE-4.21.2",
            "4.22, RELEASE-4.22.0"})
    void shippedFilesMatchXenSource(String version, String tag) throws Exception {
        String git = System.getProperty("cordon.xen.git");
        // an opt-in check, run as documented in docs/hooks.md (the test command has no Xen tree): skipped, and said so,
        // even under CI=true
        assumeTrue(git != null && Files.isDirectory(Path.of(git)), "xen-" + version + ".hooks against Xen's " + tag
                + " source is opt-in: set -Dcordon.xen.git to a Xen git mirror (docs/hooks.md)");
        List<XenHooksImporter.Source> sources = new ArrayList<>();
        for (String path : XenHooksImporter.XEN_PATHS) {
            Process p = new ProcessBuilder("git", "--git-dir=" + git, "show", tag + ":" + path).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor(), "git show " + tag + ":" + path);
            sources.add(new XenHooksImporter.Source(path, text));
        }
        XenHooks fromXen = XenHooksImporter.importSources(tag, XenCatalogues.forVersion(version).orElseThrow(), sources);
        assertEquals(HooksFormat.write(XenHooks.forVersion(version).orElseThrow()), HooksFormat.write(fromXen));
    }
}
