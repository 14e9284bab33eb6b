package org.cordon.xsm.macros;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.stream.Stream;
import org.cordon.xsm.catalogue.XenCatalogues;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The built-in bundles as each release's tools/flask/policy defines them, read by hand from xen.if and dom0.te at
 * the release tags (git show RELEASE-x:tools/flask/policy/modules/xen.if). Dropping the permissions a release lacks
 * is all the per-release difference there is, except where a row says otherwise.
 */
class XenMacrosReleasesTest {

    static Stream<Arguments> facts() {
        return Stream.of(
                // create_domain_common grants hvm nested in 4.14; 4.16 removed the permission (commit 3600118a52)
                Arguments.of("4.14", "create", "hvm", "nested", true),
                Arguments.of("4.16", "create", "hvm", "nested", false),
                // 4.17 added domain getpagingmempool/setpagingmempool to create_domain_common and manage_domain
                Arguments.of("4.16", "create", "domain", "getpagingmempool", false),
                Arguments.of("4.17", "create", "domain", "setpagingmempool", true),
                Arguments.of("4.17", "control", "domain", "getpagingmempool", true),
                // 4.18: create_domain_common adds domain2 vuart_op
                Arguments.of("4.17", "create", "domain2", "vuart_op", false),
                Arguments.of("4.18", "create", "domain2", "vuart_op", true),
                // 4.19: dom0.te gives dom0 domain2 dt_overlay on itself
                Arguments.of("4.18", "control", "domain2", "dt_overlay", false),
                Arguments.of("4.19", "control", "domain2", "dt_overlay", true),
                // 4.20: create_domain_common adds domain2 set_llc_colors
                Arguments.of("4.19", "create", "domain2", "set_llc_colors", false),
                Arguments.of("4.20", "create", "domain2", "set_llc_colors", true),
                // 4.21: create_domain_common and dom0.te add domain2 get_domain_state
                Arguments.of("4.20", "create", "domain2", "get_domain_state", false),
                Arguments.of("4.21", "create", "domain2", "get_domain_state", true),
                Arguments.of("4.21", "control", "domain2", "get_domain_state", true),
                Arguments.of("4.22", "control", "domain2", "get_domain_state", true));
    }

    @ParameterizedTest(name = "Xen {0}: {1} grants {2} {3}: {4}")
    @MethodSource("facts")
    void bundlesFollowTheRelease(String release, String bundle, String cls, String perm, boolean granted) {
        var grants = XenMacros.forCatalogue(bundle.equals("create") ? XenMacros.CREATE_COMMON : XenMacros.CONTROL_DOMAIN,
                XenCatalogues.forVersion(release).orElseThrow());
        boolean has = grants.stream().anyMatch(g -> g.securityClass().equals(cls) && g.permissions().contains(perm));
        assertEquals(granted, has);
    }

    /** What a release lacks goes: a permission, a whole class, a grant left empty; what it has stays as it is. */
    @Test
    void forCatalogueDropsOnlyWhatTheReleaseLacks() {
        var xen417 = XenCatalogues.forVersion("4.17").orElseThrow();
        Grant kept = new Grant(Endpoint.SUBJECT, Endpoint.TARGET, "domain", List.of("pause", "unpause"));
        List<Grant> known = List.of(kept);
        assertSame(known, XenMacros.forCatalogue(known, xen417), "all known: the same list");
        List<Grant> mixed = List.of(kept,
                new Grant(Endpoint.SUBJECT, Endpoint.TARGET, "domain2", List.of("vuart_op", "soft_reset")),
                new Grant(Endpoint.SUBJECT, Endpoint.TARGET, "no_such_class", List.of("x")),
                new Grant(Endpoint.SUBJECT, Endpoint.TARGET, "domain", List.of()),
                new Grant(Endpoint.SUBJECT, Endpoint.TARGET, "domain2", List.of("vuart_op")));
        List<Grant> out = XenMacros.forCatalogue(mixed, xen417);
        assertEquals(List.of(kept, new Grant(Endpoint.SUBJECT, Endpoint.TARGET, "domain2", List.of("soft_reset"))), out);
        assertThrows(UnsupportedOperationException.class, () -> out.add(kept));
        assertEquals(List.of(), XenMacros.forCatalogue(List.of(mixed.get(3)), xen417), "an empty grant goes");
    }
}
