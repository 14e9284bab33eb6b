package org.cordon.xsm.macros;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.cordon.xsm.catalogue.XenCatalogues;
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
}
