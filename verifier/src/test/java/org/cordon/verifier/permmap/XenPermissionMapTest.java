package org.cordon.verifier.permmap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.cordon.xsm.catalogue.XenCatalogue;
import org.cordon.xsm.catalogue.XenCatalogues;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class XenPermissionMapTest {

    private final XenPermissionMap map = XenPermissionMap.standard();

    static List<String> releases() {
        return XenCatalogues.SUPPORTED;
    }

    @ParameterizedTest(name = "every permission of Xen {0} is classified")
    @MethodSource("releases")
    void everyCataloguePermissionIsClassified(String version) {
        XenCatalogue c = XenCatalogues.forVersion(version).orElseThrow();
        assertEquals(List.of(), map.unclassified(c));
    }

    @Test
    void classifiesNothingThatNoCatalogueHas() {
        Set<String> known = new HashSet<>();
        for (String v : XenCatalogues.SUPPORTED) {
            XenCatalogues.forVersion(v).orElseThrow().classes().forEach(c ->
                    c.permissions().forEach(p -> known.add(c.name() + "." + p.name())));
        }
        List<String> stray = map.all().stream().map(PermissionFlow::key).filter(k -> !known.contains(k)).toList();
        assertEquals(List.of(), stray);
        // the union of the eight catalogues: 4.21's 180 (the most), 4.14's hvm nested, 4.21's xen privprofile,
        // nonprivprofile and xen2 get_cpu_levelling_caps are in every release before 4.22
        assertEquals(181, map.all().size());
    }

    @Test
    void everyEntryHasAReason() {
        map.all().forEach(f -> assertFalse(f.reason().isBlank(), f.key()));
    }

    @Test
    void memoryAccessIsHeavyAndDirected() {
        PermissionFlow read = map.flow("mmu", "map_read").orElseThrow();
        assertEquals(FlowDirection.READ, read.direction());
        assertEquals(10, read.weight());
        assertEquals(FlowDirection.BOTH, map.flow("grant", "map_write").orElseThrow().direction());
        assertEquals(FlowDirection.WRITE, map.flow("event", "send").orElseThrow().direction());
        assertEquals(FlowDirection.NONE, map.flow("domain2", "relabelto").orElseThrow().direction());
    }

    @Test
    void aRepeatedLineIsAnErrorWithItsLineNumber() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> XenPermissionMap.parse(
                "# c\nmmu map_read r 10 maps\nmmu map_read w 3 again\n"));
        assertTrue(e.getMessage().contains("line 3"), e.getMessage());
        assertTrue(e.getMessage().contains("twice"), e.getMessage());
    }

    @Test
    void aBadDirectionOrWeightIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> XenPermissionMap.parse("mmu map_read x 10 why\n"));
        assertThrows(IllegalArgumentException.class, () -> XenPermissionMap.parse("mmu map_read r 11 why\n"));
        assertThrows(IllegalArgumentException.class, () -> XenPermissionMap.parse("mmu map_read r\n"));
    }
}
