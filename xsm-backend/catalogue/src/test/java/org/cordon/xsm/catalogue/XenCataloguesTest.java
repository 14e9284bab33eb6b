package org.cordon.xsm.catalogue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.cordon.xsm.SharedVectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class XenCataloguesTest {

    @ParameterizedTest(name = "catalogue {0} equals Xen {1}'s declaration files")
    @CsvSource({"4.17, xen-4.17.7", "4.22, xen-4.22.0"})
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
    void unknownReleaseHasNoCatalogue() {
        assertTrue(XenCatalogues.forVersion("4.19").isEmpty());
        assertTrue(XenCatalogues.forVersion("banana").isEmpty());
    }
}
