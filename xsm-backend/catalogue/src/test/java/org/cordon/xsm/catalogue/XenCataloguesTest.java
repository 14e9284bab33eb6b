package org.cordon.xsm.catalogue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.cordon.xsm.SharedVectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class XenCataloguesTest {

    @ParameterizedTest(name = "catalogue {0} equals Xen {1}'s declaration files")
    @CsvSource({"4.14, xen-4.14.6", "4.16, xen-4.16.7", "4.17, xen-4.17.7", "4.18, xen-4.18.6", "4.19, xen-4.19.6",
            "4.20, xen-4.20.4", "4.21, xen-4.21.2", "4.22, xen-4.22.0"})
    void shippedCatalogueMatchesXenDeclarations(String version, String dir) throws Exception {
        Path decl = SharedVectors.root().resolve("flask").resolve(dir);
        XenCatalogue fromXen = CatalogueGenerator.importDirectory(version, decl);
        XenCatalogue shipped = XenCatalogues.forVersion(version).orElseThrow();
        assertEquals(fromXen, shipped);
    }

    @Test
    void numberingFollowsXenHeaders() {
        XenCatalogue c = XenCatalogues.forVersion("4.22.0").orElseThrow();
        // values from Xen's generated av_permissions.h / class_to_string.h
        assertEquals(1, c.securityClass("xen").orElseThrow().value());
        assertEquals(13, c.securityClass("argo").orElseThrow().value());
        assertEquals(28, c.securityClass("xen").orElseThrow().permission("setscheduler").orElseThrow().bit());
        assertEquals(26, c.securityClass("domain2").orElseThrow().permission("get_domain_state").orElseThrow().bit());
        assertEquals("xenboot", c.initialSids().get(0).name());
        assertEquals("domDM", c.initialSids().get(12).name());
        assertEquals(177, c.permissionCount());
        assertEquals(175, XenCatalogues.forVersion("4.17").orElseThrow().permissionCount());
    }

    @Test
    void hooksComeFromTheComments() {
        XenCatalogue c = XenCatalogues.forVersion("4.22").orElseThrow();
        String hook = c.securityClass("xen").orElseThrow().permission("readconsole").orElseThrow().hook();
        assertTrue(hook.contains("CONSOLEIO_read"), hook);
    }

    @Test
    void everyShippedReleaseIsTested() {
        // the CSV above names each supported release once: a new catalogue needs its vectors too
        assertEquals(List.of("4.14", "4.16", "4.17", "4.18", "4.19", "4.20", "4.21", "4.22"), XenCatalogues.SUPPORTED);
    }

    @Test
    void releasesAreLinesAndPointReleasesBelongToThem() {
        assertEquals(Optional.of("4.20"), XenCatalogues.release("4.20.4"));
        assertEquals(Optional.of("4.20"), XenCatalogues.release("4.20"));
        assertEquals(Optional.of("4.17"), XenCatalogues.release("4.17-rc"));
        assertSame(XenCatalogues.forVersion("4.20").orElseThrow(), XenCatalogues.forVersion("4.20.4").orElseThrow());
        assertEquals("4.20", XenCatalogues.forVersion("4.20.4").orElseThrow().xenVersion());
        assertEquals(Optional.of("4.14"), XenCatalogues.previous("4.16.7"));
        assertEquals(Optional.of("4.21"), XenCatalogues.previous("4.22"));
        assertTrue(XenCatalogues.previous("4.14").isEmpty());
        assertTrue(XenCatalogues.previous("4.15").isEmpty());
    }

    @Test
    void unknownReleaseHasNoCatalogueAndNamesTheNearest() {
        assertTrue(XenCatalogues.forVersion("4.15").isEmpty());
        assertTrue(XenCatalogues.forVersion("4.23").isEmpty());
        assertTrue(XenCatalogues.forVersion("banana").isEmpty());
        assertTrue(XenCatalogues.forVersion("4").isEmpty());
        assertEquals(List.of("4.14", "4.16"), XenCatalogues.nearest("4.15.5"));
        assertEquals(List.of("4.22"), XenCatalogues.nearest("4.23"));
        assertEquals(List.of("4.22"), XenCatalogues.nearest("5.0"));
        assertEquals(List.of("4.14"), XenCatalogues.nearest("4.13"));
        assertEquals(List.of("4.14"), XenCatalogues.nearest("3.4"));
        assertEquals(XenCatalogues.SUPPORTED, XenCatalogues.nearest("banana"));
        assertEquals("Cordon has no catalogue for Xen 4.15; the nearest supported releases are 4.14 and 4.16 "
                + "(supported: 4.14, 4.16, 4.17, 4.18, 4.19, 4.20, 4.21, 4.22)", XenCatalogues.unsupported("4.15"));
    }

    @Test
    void releasesDifferAsXenChangedThem() {
        // 4.17 added the xenboot SID in front of the others: every initial SID number moved
        assertEquals("xen", XenCatalogues.forVersion("4.16").orElseThrow().initialSids().get(0).name());
        assertEquals("xenboot", XenCatalogues.forVersion("4.17").orElseThrow().initialSids().get(0).name());
        // 4.22 removed xen privprofile and nonprivprofile: the xen permissions after them moved down two bits
        assertEquals(16, XenCatalogues.forVersion("4.21").orElseThrow().securityClass("xen").orElseThrow()
                .permission("kexec").orElseThrow().bit());
        assertEquals(14, XenCatalogues.forVersion("4.22").orElseThrow().securityClass("xen").orElseThrow()
                .permission("kexec").orElseThrow().bit());
        // hvm nested is gone after 4.14
        assertTrue(XenCatalogues.forVersion("4.14").orElseThrow().securityClass("hvm").orElseThrow()
                .permission("nested").isPresent());
        assertTrue(XenCatalogues.forVersion("4.16").orElseThrow().securityClass("hvm").orElseThrow()
                .permission("nested").isEmpty());
    }
}
