package org.cordon.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.cordon.testing.Prerequisites;
import org.junit.jupiter.api.Test;

/**
 * The packages as a user gets them: lintian on the .deb, then install-test.sh, which installs the .deb into a clean
 * Debian root (debootstrap) and unpacks the archive there, and runs cordon, man and the completion in it.
 */
class PackageInstallIT {

    private static final Path ROOT = Path.of(System.getProperty("cordon.root", ".."));
    private static final Path DEB = Path.of(System.getProperty("cordon.deb", "target/cordon.deb"));
    private static final Path ARCHIVE = Path.of(System.getProperty("cordon.archive", "target/cordon.tar.gz"));

    private static Commands.Run run(List<String> cmd, int minutes) throws IOException, InterruptedException {
        return Commands.run(null, cmd, minutes);
    }

    @Test
    void lintianFindsNothingToReport() throws Exception {
        Prerequisites.require(Prerequisites.onPath("lintian"), "lintian (Debian's package checker)", "apt-get install lintian; .ci/run does");
        Commands.Run r = run(List.of("lintian", "--fail-on", "error,warning", DEB.toString()), 10);
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().lines().noneMatch(l -> l.startsWith("E:") || l.startsWith("W:")), r.output());
    }

    @Test
    void theDebInstallsIntoACleanDebianAndTheArchiveRunsBesideIt() throws Exception {
        // debootstrap and chroot need root: as root, or through sudo without a password (as tests/xen/setup.sh does)
        boolean root = run(List.of("id", "-u"), 1).output().strip().equals("0");
        boolean sudo = !root && Prerequisites.onPath("sudo") && run(List.of("sudo", "-n", "true"), 1).exit() == 0;
        Prerequisites.require(root || sudo, "root, or sudo without a password (debootstrap and chroot make a clean Debian "
                + "to install into)", "run the build as root, as CI does");
        Prerequisites.require(Prerequisites.onPath("debootstrap"), "debootstrap", "apt-get install debootstrap; .ci/run does");
        List<String> cmd = new java.util.ArrayList<>(root ? List.of() : List.of("sudo", "-n"));
        cmd.addAll(List.of("bash", ROOT.resolve("packaging/install-test.sh").toAbsolutePath().toString(),
                DEB.toAbsolutePath().toString(), ARCHIVE.toAbsolutePath().toString()));
        Commands.Run r = run(cmd, 30);
        System.out.println(r.output());
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().contains("install-test: all passed"), r.output());
    }
}
