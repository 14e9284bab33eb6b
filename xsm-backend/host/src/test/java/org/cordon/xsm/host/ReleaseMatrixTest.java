package org.cordon.xsm.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.cordon.xsm.catalogue.XenCatalogues;
import org.cordon.xsm.host.LoadReport.Outcome;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every supported release as the host's Xen against a policy for every supported release: {@code cordon load} and
 * {@code install} take the policy for the host's release and refuse the others, naming both releases, and leave the
 * host as it was.
 */
class ReleaseMatrixTest {

    private static final java.util.Map<String, LoadablePolicy> POLICIES = new ConcurrentHashMap<>();

    /** A small policy with the release's classes and initial SIDs (built once per release). */
    static LoadablePolicy policy(String release) {
        return POLICIES.computeIfAbsent(release, r -> TestPolicies.build("for-" + r, r, List.of("web_t"), List.of(),
                List.of()));
    }

    static Stream<Arguments> pairs() {
        return XenCatalogues.SUPPORTED.stream().flatMap(host -> XenCatalogues.SUPPORTED.stream()
                .map(target -> Arguments.of(host, target)));
    }

    private static FakeXen host(String release) {
        String[] v = release.split("\\.");
        FakeXen x = new FakeXen("ssh://root@h1", policy(release));
        x.major = Integer.parseInt(v[0]);
        x.minor = Integer.parseInt(v[1]);
        x.extra = ".1";
        x.domain("web", 3, "system_u:system_r:web_t");
        x.file("/boot/grub/grub.cfg", PolicyLoaderTest.GRUB.replace("4.17", release).getBytes());
        x.file("/boot/xen-" + release + "-amd64.gz", new byte[] {0x1f, (byte) 0x8b});
        x.file("/boot/xenpolicy-" + release + "-amd64", policy(release).binary());
        return x;
    }

    @ParameterizedTest(name = "host Xen {0}, policy for Xen {1}: load")
    @MethodSource("pairs")
    void loadTakesOnlyThePolicyForTheHostsRelease(String hostRelease, String target) {
        FakeXen x = host(hostRelease);
        LoadablePolicy p = policy(target);
        LoadReport r = new PolicyLoader(new XenHost(x), HostHistory.DEFAULT_DIR, PolicyLoader.Progress.NONE,
                Clock.systemUTC()).load(p, PolicyLoaderTest.opts().withRuntimeLabels(List.of()));
        if (hostRelease.equals(target)) {
            assertEquals(Outcome.LOADED, r.outcome(), r.toString());
            assertEquals(p.digest(), x.loadedDigest());
        } else {
            assertEquals(Outcome.REFUSED, r.outcome(), r.toString());
            String all = String.join("\n", r.problems());
            assertTrue(all.contains("for-" + target + " targets Xen " + target + " but ssh://root@h1 runs Xen "
                    + hostRelease + ".1: compile it for " + hostRelease), all);
            assertEquals(policy(hostRelease).digest(), x.loadedDigest());
        }
    }

    @ParameterizedTest(name = "host Xen {0}, policy for Xen {1}: install")
    @MethodSource("pairs")
    void installTakesOnlyThePolicyForTheBootedRelease(String hostRelease, String target) {
        FakeXen x = host(hostRelease);
        LoadablePolicy p = policy(target);
        BootInstaller.Report r = new BootInstaller(new XenHost(x)).install(p, new BootInstaller.Options(null, false, false));
        String file = "/boot/xenpolicy-" + hostRelease + "-amd64";
        if (hostRelease.equals(target)) {
            assertEquals(BootInstaller.Outcome.INSTALLED, r.outcome(), r.toString());
        } else {
            assertEquals(BootInstaller.Outcome.REFUSED, r.outcome(), r.toString());
            assertTrue(r.problems().get(0).contains("boots Xen " + hostRelease + "-amd64 but for-" + target
                    + " targets Xen " + target), r.problems().toString());
            assertArrayEquals(policy(hostRelease).binary(), x.files.get(file));
        }
    }

    @ParameterizedTest(name = "host Xen {0}, policy for Xen {1}: the preflight's class check agrees with Xen's own")
    @MethodSource("pairs")
    void preflightClassCheckAgreesWithXensValidation(String hostRelease, String target) {
        // two readings: ReleaseFit with Cordon's catalogue (the preflight), and validate_classes redone from Xen's
        // own declaration files (the fake Xen); the first complaint, in Xen's words, must be the same
        LoadablePolicy p = policy(target);
        String xen = XenClassValidation.firstProblem(p.policy(), hostRelease);
        List<String> preflight = org.cordon.xsm.flask.model.ReleaseFit.problems(p.policy(),
                XenCatalogues.forVersion(hostRelease).orElseThrow());
        assertEquals(xen == null, preflight.isEmpty(), xen + " / " + preflight);
        if (xen != null) {
            assertEquals(xen, preflight.get(0));
        }
    }

    @ParameterizedTest(name = "a binary without a recorded target is taken as the release of its classes: {0}")
    @MethodSource("org.cordon.xsm.host.ReleaseMatrixTest#releases")
    void aBinaryWithoutATargetIsReadAsTheReleaseOfItsClasses(String release) throws Exception {
        LoadablePolicy bare = LoadablePolicy.of("bare", policy(release).binary(), Optional.empty(), true);
        assertEquals(Optional.of(release), bare.targetXen());
    }

    static Stream<String> releases() {
        return XenCatalogues.SUPPORTED.stream();
    }

    @ParameterizedTest(name = "a host running Xen {0}, which Cordon has no catalogue for, is refused")
    @MethodSource("org.cordon.xsm.host.ReleaseMatrixTest#unsupported")
    void aHostOnAReleaseWithoutACatalogueIsRefused(String release) {
        FakeXen x = host("4.16");
        String[] v = release.split("\\.");
        x.major = Integer.parseInt(v[0]);
        x.minor = Integer.parseInt(v[1]);
        LoadablePolicy p = new LoadablePolicy("p", policy("4.16").binary(), policy("4.16").digest(),
                policy("4.16").policy(), Optional.of(release), true);
        LoadReport r = new PolicyLoader(new XenHost(x), HostHistory.DEFAULT_DIR, PolicyLoader.Progress.NONE,
                Clock.systemUTC()).load(p, PolicyLoaderTest.opts().withRuntimeLabels(List.of()));
        assertEquals(Outcome.REFUSED, r.outcome(), r.toString());
        assertTrue(String.join("\n", r.problems()).contains("which Cordon has no catalogue for"), r.problems().toString());
        assertEquals(policy("4.16").digest(), x.loadedDigest());
    }

    static Stream<String> unsupported() {
        return Stream.of("4.15", "4.23");
    }
}
