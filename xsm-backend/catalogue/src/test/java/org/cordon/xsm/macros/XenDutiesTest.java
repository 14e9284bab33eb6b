package org.cordon.xsm.macros;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.cordon.xsm.catalogue.XenCatalogue;
import org.cordon.xsm.catalogue.XenCatalogues;
import org.junit.jupiter.api.Test;

/** The built-in duties: their names, and every permission they name in every release Cordon supports. */
class XenDutiesTest {

    @Test
    void theFourDutiesOfTheLanguageReference() {
        assertEquals(List.of("policy_admin", "vm_admin", "introspection", "device_admin"), XenDuties.names());
        // a duty name is no capability name: `separate duties` and rules name different things
        assertTrue(XenDuties.names().stream().noneMatch(n -> XenMacros.builtin(n).isPresent()));
    }

    @Test
    void everyReleaseHasEveryPermissionOfEveryDuty() {
        for (String release : XenCatalogues.SUPPORTED) {
            XenCatalogue c = XenCatalogues.forVersion(release).orElseThrow();
            for (String name : XenDuties.names()) {
                XenDuties.BuiltinDuty d = XenDuties.builtin(name).orElseThrow();
                Set<String> all = new TreeSet<>();
                d.grants().forEach(g -> g.permissions().forEach(p -> all.add(g.securityClass() + "." + p)));
                assertEquals(all, new TreeSet<>(XenDuties.forCatalogue(d, c)), release + " " + name);
            }
        }
    }

    @Test
    void policyAdministrationIsWhatChangesTheSecurityServerNotItsQueries() {
        Set<String> p = XenDuties.forCatalogue(XenDuties.builtin("policy_admin").orElseThrow(), XenCatalogues.newest());
        assertTrue(p.contains("security.load_policy") && p.contains("security.setenforce") && p.contains("security.setbool"));
        // create_domain gives every builder check_context: a query, which would make every builder a policy admin
        assertTrue(p.stream().noneMatch(x -> x.equals("security.check_context") || x.startsWith("security.compute_")), p.toString());
    }
}
