package org.cordon.xsm.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** cordon install on the fake dom0: where the file goes, and whether the default boot entry will load it. */
class BootInstallerTest {

    static final String PLAIN_XEN = """
            set default="0"
            menuentry 'Debian GNU/Linux, with Xen hypervisor' --class xen $menuentry_id_option 'xen-gnulinux-simple-1' {
            	multiboot2	/boot/xen-4.17-amd64.gz placeholder  dom0_mem=2G ${xen_rm_opts}
            	module2	/boot/vmlinuz-6.1.0-18-amd64 placeholder root=UUID=1 ro quiet
            	module2	--nounzip   /boot/initrd.img-6.1.0-18-amd64
            }
            menuentry 'Debian GNU/Linux, with Xen 4.17-amd64 and Linux 6.1.0-18-amd64 (XSM enabled)' --class xen $menuentry_id_option 'xen-gnulinux-xsm-1' {
            	multiboot2	/boot/xen-4.17-amd64.gz placeholder  dom0_mem=2G flask=enforcing
            	module2	/boot/vmlinuz-6.1.0-18-amd64 placeholder root=UUID=1 ro quiet
            	module2	--nounzip   /boot/initrd.img-6.1.0-18-amd64
            	module2	--nounzip   /boot/xenpolicy-4.17-amd64
            }
            """;

    static final String POLICY_BEFORE_KERNEL = """
            set default="0"
            menuentry 'Xen with policy' --class xen {
            	module2	/boot/xenpolicy-4.17-amd64
            	multiboot2	/boot/xen-4.17-amd64.gz flask=enforcing
            	module2	/boot/vmlinuz-6.1.0-18-amd64 root=UUID=1 ro
            }
            """;

    FakeXen xen(String grub) {
        FakeXen x = new FakeXen("ssh://root@h1", PolicyLoaderTest.BOOT);
        x.file("/boot/grub/grub.cfg", grub.getBytes());
        x.file("/boot/xen-4.17-amd64.gz", new byte[] {0x1f, (byte) 0x8b});
        return x;
    }

    BootInstaller.Report install(FakeXen x, LoadablePolicy p, boolean dryRun) {
        return new BootInstaller(new XenHost(x)).install(p, new BootInstaller.Options(null, false, dryRun));
    }

    @Test
    void replacesTheDefaultEntrysPolicyInPlaceAndKeepsTheOldOne() {
        FakeXen x = xen(PolicyLoaderTest.GRUB);
        x.file("/boot/xenpolicy-4.17-amd64", PolicyLoaderTest.BOOT.binary());
        BootInstaller.Report r = install(x, PolicyLoaderTest.NEXT, false);
        assertEquals(BootInstaller.Outcome.INSTALLED, r.outcome(), r.toString());
        assertEquals("/boot/xenpolicy-4.17-amd64", r.path());
        assertArrayEquals(PolicyLoaderTest.NEXT.binary(), x.files.get("/boot/xenpolicy-4.17-amd64"));
        assertArrayEquals(PolicyLoaderTest.BOOT.binary(), x.files.get("/boot/xenpolicy-4.17-amd64.cordon-prev"));
    }

    @Test
    void installingWhatIsAlreadyThereChangesNothingAndSaysSo() {
        FakeXen x = xen(PolicyLoaderTest.GRUB);
        x.file("/boot/xenpolicy-4.17-amd64", PolicyLoaderTest.BOOT.binary());
        BootInstaller.Report first = install(x, PolicyLoaderTest.NEXT, false);
        assertTrue(first.changed(), first.toString());
        assertFalse(install(x, PolicyLoaderTest.NEXT, true).changed(), "a dry run sees it in place");
        BootInstaller.Report again = install(x, PolicyLoaderTest.NEXT, false);
        assertEquals(BootInstaller.Outcome.INSTALLED, again.outcome(), again.toString());
        assertFalse(again.changed(), again.toString());
        // the backup of what was there before the first install is not overwritten by the policy itself
        assertArrayEquals(PolicyLoaderTest.BOOT.binary(), x.files.get("/boot/xenpolicy-4.17-amd64.cordon-prev"));
        assertTrue(install(x, PolicyLoaderTest.BOOT, true).changed(), "another policy would be copied");
    }

    @Test
    void aPolicyNoDefaultEntryLoadsIsInstalledWithTheFix() {
        FakeXen x = xen(PLAIN_XEN);
        BootInstaller.Report r = install(x, PolicyLoaderTest.NEXT, false);
        assertEquals(BootInstaller.Outcome.NOT_BOOTED, r.outcome(), r.toString());
        assertEquals("/boot/xenpolicy-4.17-amd64", r.path());
        assertTrue(x.files.containsKey("/boot/xenpolicy-4.17-amd64"));
        assertTrue(r.problems().get(0).contains("default boot entry 'Debian GNU/Linux, with Xen hypervisor'"), r.problems().toString());
        assertTrue(r.fixes().get(0).contains("grub-set-default 'xen-gnulinux-xsm-1'"), r.fixes().toString());
    }

    @Test
    void aModuleBeforeXensKernelIsNamedWithItsLine() {
        FakeXen x = xen(POLICY_BEFORE_KERNEL);
        BootInstaller.Report r = install(x, PolicyLoaderTest.NEXT, false);
        assertEquals(BootInstaller.Outcome.NOT_BOOTED, r.outcome());
        assertTrue(r.problems().stream().anyMatch(p -> p.contains("/boot/grub/grub.cfg:3") && p.contains("before its kernel")),
                r.problems().toString());
    }

    @Test
    void aPolicyForAnotherReleaseIsRefusedAndNothingIsWritten() {
        FakeXen x = xen(PolicyLoaderTest.GRUB);
        x.file("/boot/xenpolicy-4.17-amd64", PolicyLoaderTest.BOOT.binary());
        LoadablePolicy other = TestPolicies.build("other", "4.22", List.of("web_t"), List.of(), List.of());
        BootInstaller.Report r = install(x, other, false);
        assertEquals(BootInstaller.Outcome.REFUSED, r.outcome());
        assertTrue(r.problems().get(0).contains("boots Xen 4.17-amd64 but other targets Xen 4.22"), r.problems().toString());
        assertArrayEquals(PolicyLoaderTest.BOOT.binary(), x.files.get("/boot/xenpolicy-4.17-amd64"));
    }

    @Test
    void aDryRunWritesNothing() {
        FakeXen x = xen(PLAIN_XEN);
        BootInstaller.Report r = install(x, PolicyLoaderTest.NEXT, true);
        assertEquals(BootInstaller.Outcome.DRY_RUN, r.outcome());
        assertFalse(x.files.containsKey("/boot/xenpolicy-4.17-amd64"));
    }

    @Test
    void permissiveBootIsAProblem() {
        FakeXen x = xen(PolicyLoaderTest.GRUB.replace("flask=enforcing", "flask=permissive"));
        x.file("/boot/xenpolicy-4.17-amd64", PolicyLoaderTest.BOOT.binary());
        BootInstaller.Report r = install(x, PolicyLoaderTest.NEXT, false);
        assertEquals(BootInstaller.Outcome.NOT_BOOTED, r.outcome());
        assertTrue(r.problems().get(0).contains("flask=permissive"), r.problems().toString());
    }

    @Test
    void grubsNamesForXenImages() {
        assertEquals("4.17-amd64", BootInstaller.xenVersion("/boot/xen-4.17-amd64.gz"));
        assertEquals("4.17", BootInstaller.releaseOf("4.17-amd64"));
        assertEquals("4.17", BootInstaller.releaseOf("4.17.5"));
    }
}
