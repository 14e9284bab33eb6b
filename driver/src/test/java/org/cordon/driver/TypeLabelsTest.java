package org.cordon.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.Map;
import org.cordon.dsl.load.CordonFrontEnd;
import org.junit.jupiter.api.Test;

/** Each FLASK type of a domain type, by xen.if's name, is read back as what a Cordon statement calls it. */
class TypeLabelsTest {

    @Test
    void everyFacetsTypeIsWrittenAsItsOwner() {
        Build b = Driver.check(List.of(new CordonFrontEnd.Source("p.cordon", "policy p target xen 4.22\nlayer base {\n"
                + "  domain dom0 : control singleton\n  class tenant { vm web vm db }\n  allow dom0 create tenant\n}\n")));
        assertFalse(b.hasErrors(), b.diagnostics().toString());
        Map<String, String> writtenAs = TypeLabels.writtenAs(b.types().orElseThrow());
        for (String type : List.of("tenant_t", "tenant_t_self", "tenant_t_target", "tenant_t_channel",
                "tenant_t_recv_channel", "tenant_t_building")) {
            assertEquals("tenant", writtenAs.get(type), type + " in " + writtenAs);
        }
        assertEquals(writtenAs.keySet(), TypeLabels.of(b.types().orElseThrow(), b.model().orElseThrow()).keySet()
                .stream().filter(writtenAs::containsKey).collect(java.util.stream.Collectors.toSet()));
    }
}
