package org.cordon.xen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.cordon.cli.Cordon;

/** Cordon sources the scenarios load, compiled by {@code cordon compile} itself, and guest configurations. */
final class Policies {

    /** The harness's policy for Xen 4.17 (tests/xen/policies/harness.cordon). */
    static final String HARNESS = "tests/xen/policies/harness.cordon";
    /** Xen's default policy in Cordon, written for Xen 4.22. */
    static final String XEN_DEFAULT_SAMPLE = "samples/xen-default.cordon";

    private Policies() {
    }

    /** Compiles a source (relative to the repository root) into {@code out}; returns {@code out}. */
    static Path compile(String source, Path out) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = Cordon.execute(new String[] {"compile", XenHost.root().resolve(source).toString(), "-o", out.toString()},
                new PrintWriter(o, true), new PrintWriter(e, true));
        assertEquals(0, code, "cordon compile " + source + ":\n" + o + e);
        return out;
    }

    /**
     * A PV guest's xl.cfg: the harness's small busybox guest, merged with the fragment {@code cordon compile}
     * wrote for the VM ({@code xl/<guest>.cfg}: its seclabel and build label).
     */
    static String guestConfig(String name, Path fragment) throws IOException {
        return guestConfig(name, Files.readString(fragment));
    }

    /** A fragment's label lines only: the harness's guests are small whatever the VM reserves. */
    static String labels(Path fragment) throws IOException {
        return Files.readString(fragment).lines().filter(l -> l.startsWith("seclabel") || l.startsWith("init_seclabel"))
                .collect(Collectors.joining("\n"));
    }

    static String guestConfig(String name, String fragment) {
        return """
                name = "%s"
                type = "pv"
                kernel = "/root/domU/vmlinuz"
                ramdisk = "/root/domU/initrd.cpio"
                extra = "console=hvc0"
                memory = 128
                vcpus = 1
                vif = []
                disk = []
                on_crash = "destroy"
                """.formatted(name) + fragment + "\n";
    }
}
