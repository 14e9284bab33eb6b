package org.cordon.xsm.host;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The boot configuration files on a host and the FLASK policy the default Xen entry loads. */
public final class BootFiles {

    /** Where GRUB's configuration usually is (Debian, then Fedora/RHEL). */
    public static final List<String> GRUB_CONFIGS = List.of("/boot/grub/grub.cfg", "/boot/grub2/grub.cfg");
    /** The EFI system partition's vendor directories, each of which may hold xen.efi and xen.cfg. */
    public static final String EFI_DIR = "/boot/efi/EFI";

    /** FLASK's magic number (0xf97cff8c) as it starts a binary policy, little-endian. */
    static final byte[] FLASK_MAGIC = {(byte) 0x8c, (byte) 0xff, (byte) 0x7c, (byte) 0xf9};

    private BootFiles() {
    }

    /** A boot configuration read from the host, with the grubenv beside it (for {@code saved_entry}). */
    public record Found(BootConfig config, Map<String, String> grubenv) {
    }

    /** The boot configurations present on the host ({@code explicit}, when given, instead of the usual places). */
    public static List<Found> locate(HostFiles files, String explicit) throws HostException {
        List<String> candidates = new ArrayList<>();
        if (explicit != null) {
            candidates.add(explicit);
        } else {
            candidates.addAll(GRUB_CONFIGS);
            for (String vendor : files.list(EFI_DIR)) {
                candidates.add(EFI_DIR + "/" + vendor + "/xen.cfg");
            }
        }
        List<Found> out = new ArrayList<>();
        for (String c : candidates) {
            Optional<String> text = files.readText(c);
            if (text.isEmpty()) {
                if (explicit != null) {
                    throw new HostException(HostException.Kind.SETUP, "boot configuration " + c + " not found on the host");
                }
                continue;
            }
            boolean efi = c.endsWith(".cfg") && !c.endsWith("grub.cfg");
            BootConfig cfg = efi ? BootConfig.xenEfi(c, text.get()) : BootConfig.grub(c, text.get());
            Map<String, String> env = efi ? Map.of()
                    : files.readText(HostFiles.parent(c) + "/grubenv").map(BootConfig::grubenv).orElse(Map.of());
            out.add(new Found(cfg, env));
        }
        return out;
    }

    /**
     * Where a module path of a boot entry is on the running system. GRUB paths are relative to the partition they
     * are on: with a separate /boot, "/xenpolicy-4.17" is /boot/xenpolicy-4.17. xen.cfg names files beside itself.
     */
    public static List<String> hostPaths(BootConfig cfg, String path) {
        if (cfg.kind() == BootConfig.Kind.XEN_EFI) {
            return List.of(path.startsWith("/") ? path : HostFiles.parent(cfg.file()) + "/" + path);
        }
        String p = path.replaceFirst("^\\([^)]*\\)", "");
        return p.startsWith("/boot/") ? List.of(p) : List.of(p, "/boot" + p);
    }

    /** A policy module of a boot entry: the line, and the file on the host. */
    public record PolicyModule(BootConfig.Module module, String hostPath) {
    }

    /** The modules of an entry that are FLASK policies (found by their magic, as Xen finds them). */
    public static List<PolicyModule> policyModules(HostFiles files, BootConfig cfg, BootConfig.Entry e) throws HostException {
        List<PolicyModule> out = new ArrayList<>();
        for (BootConfig.Module m : e.modules()) {
            for (String p : hostPaths(cfg, m.path())) {
                Optional<byte[]> head = files.head(p, 4);
                if (head.isPresent()) {
                    if (java.util.Arrays.equals(head.get(), FLASK_MAGIC)) {
                        out.add(new PolicyModule(m, p));
                    }
                    break;
                }
            }
        }
        return out;
    }

    /** The policy the host booted with, when its default boot entry is a Xen entry with a policy module. */
    public record BootPolicy(String path, byte[] binary, String entry, String config) {
    }

    public static Optional<BootPolicy> bootPolicy(HostFiles files) throws HostException {
        for (Found f : locate(files, null)) {
            Optional<BootConfig.Entry> e = f.config().defaultEntry(f.grubenv());
            if (e.isEmpty() || !e.get().xen()) {
                continue;
            }
            for (PolicyModule m : policyModules(files, f.config(), e.get())) {
                Optional<byte[]> b = files.read(m.hostPath());
                if (b.isPresent()) {
                    return Optional.of(new BootPolicy(m.hostPath(), b.get(), e.get().title(), f.config().file()));
                }
            }
        }
        return Optional.empty();
    }

}
