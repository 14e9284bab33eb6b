package org.cordon.xsm.host;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Typed operations on a Xen host: reading its state (version, FLASK mode, domains and labels, booleans) and changing
 * it (load a policy, set booleans, set the mode, label PCI devices) with Xen's own tools — {@code xl} and Debian's
 * {@code flask-*} utilities (found in /usr/lib/xen-VERSION/bin, which is not on PATH).
 */
public final class XenHost implements AutoCloseable {

    /**
     * Runs a Xen tool with the running Xen's tool directory on PATH (Debian's xen-dir names it) and the usual
     * system directories after it.
     */
    public static final String WITH_XEN_TOOLS = "d=$(/usr/lib/xen-common/bin/xen-dir 2>/dev/null) && PATH=\"$d/bin:$PATH\"; "
            + "for d in /usr/lib/xen-*/bin /usr/lib/xen/bin /usr/local/sbin /usr/sbin /sbin; do "
            + "[ -d \"$d\" ] && PATH=\"$PATH:$d\"; done; export PATH; exec \"$@\"";

    static final Duration TOOL = Duration.ofSeconds(120);

    private final HostConnection host;
    private final HostFiles files;

    public XenHost(HostConnection host) {
        this.host = host;
        this.files = new HostFiles(host);
    }

    /** Closes the connection. */
    @Override
    public void close() {
        host.close();
    }

    public HostConnection connection() {
        return host;
    }

    public HostFiles files() {
        return files;
    }

    public String address() {
        return host.address();
    }

    /** Runs {@code tool args…} with the Xen tools on PATH. */
    public CommandResult tool(String... argv) throws HostException {
        List<String> cmd = new ArrayList<>(List.of("sh", "-c", WITH_XEN_TOOLS, "sh"));
        cmd.addAll(List.of(argv));
        CommandResult r = host.run(cmd, TOOL);
        if (r.exit() == 127 && r.stderr().contains("not found")) {
            throw new HostException(HostException.Kind.PROTOCOL, argv[0] + " is not installed on " + host.address()
                    + " (Debian: xen-utils-VERSION)");
        }
        return r;
    }

    /** {@code xl info} as key/value pairs. */
    public Map<String, String> info() throws HostException {
        CommandResult r = tool("xl", "info");
        if (r.exit() != 0) {
            throw new HostException(HostException.Kind.PROTOCOL, "xl info failed on " + host.address() + " (is Xen running "
                    + "and is this dom0?): " + r.message());
        }
        return XenOutputs.xlInfo(r.out());
    }

    public FlaskMode mode() throws HostException {
        return XenOutputs.getenforce(tool("xl", "getenforce"));
    }

    public List<Domain> domains() throws HostException {
        CommandResult r = tool("xl", "list", "-Z");
        if (r.exit() != 0) {
            throw new HostException(HostException.Kind.PROTOCOL, "xl list -Z failed on " + host.address() + ": " + r.message());
        }
        return XenOutputs.xlListZ(r.out());
    }

    /**
     * The domain ids xenstore holds ({@code xenstore-list /local/domain}): these include domains dom0 can no longer see
     * in {@code xl list}, as when Xen dropped their label. Empty when the host has no xenstore-list.
     */
    public Optional<java.util.Set<Integer>> xenstoreDomains() throws HostException {
        CommandResult r;
        try {
            r = tool("xenstore-list", "/local/domain");
        } catch (HostException e) {
            if (e.kind() == HostException.Kind.PROTOCOL) {
                return Optional.empty(); // not installed
            }
            throw e;
        }
        if (r.exit() != 0) {
            throw new HostException(HostException.Kind.PROTOCOL, "xenstore-list /local/domain failed on " + host.address()
                    + ": " + r.message());
        }
        return Optional.of(XenOutputs.domainIds(r.out()));
    }

    public List<FlaskBoolean> booleans() throws HostException {
        CommandResult r = tool("flask-get-bool", "-a");
        if (r.exit() != 0) {
            throw new HostException(HostException.Kind.PROTOCOL, "flask-get-bool -a failed on " + host.address() + ": " + r.message());
        }
        return XenOutputs.booleans(r.out());
    }

    /** The hypervisor's console ring ({@code xl dmesg}, not cleared). */
    public String dmesg() throws HostException {
        CommandResult r = tool("xl", "dmesg");
        return r.exit() == 0 ? r.out() : "";
    }

    /** dom0's boot id: it changes with every boot, when Xen forgets every run-time load. */
    public String bootId() throws HostException {
        return files.readText("/proc/sys/kernel/random/boot_id").map(String::strip)
                .orElseThrow(() -> new HostException(HostException.Kind.PROTOCOL, "no /proc/sys/kernel/random/boot_id on "
                        + host.address() + ": is dom0 Linux?"));
    }

    /** The outcome of an operation Xen may refuse: ok, or the tool's message with FLASK's complaints from the console. */
    public record Outcome(boolean ok, String message) {
        static final Outcome OK = new Outcome(true, "");
    }

    /**
     * {@code xl loadpolicy PATH}. Success is exit 0 with "Successfully loaded policy." (flask-loadpolicy exits 0 even
     * when Xen refuses, so it is not used). On failure Xen keeps the policy it had.
     */
    public Outcome loadPolicy(String path) throws HostException {
        String before = dmesg();
        CommandResult r = tool("xl", "loadpolicy", path);
        if (r.exit() == 0 && r.out().contains("Successfully loaded policy.")) {
            return Outcome.OK;
        }
        return refused("xl loadpolicy " + path, r, before);
    }

    /** {@code flask-set-bool NAME 0|1} (committed at once). */
    public Outcome setBoolean(String name, boolean value) throws HostException {
        CommandResult r = tool("flask-set-bool", name, value ? "1" : "0");
        return r.exit() == 0 ? Outcome.OK : refused("flask-set-bool " + name + " " + (value ? 1 : 0), r, null);
    }

    /** {@code xl setenforce 1|0}. */
    public Outcome setMode(FlaskMode mode) throws HostException {
        if (mode == FlaskMode.DISABLED) {
            throw new IllegalArgumentException("FLASK cannot be disabled at run time");
        }
        CommandResult r = tool("xl", "setenforce", mode.setenforceArgument());
        return r.exit() == 0 ? Outcome.OK : refused("xl setenforce " + mode.setenforceArgument(), r, null);
    }

    /** Whether dom0 sees a PCI device (flask-label-pci reads its resources from sysfs). */
    public boolean hasPciDevice(String sbdf) throws HostException {
        return files.exists("/sys/bus/pci/devices/" + sbdf);
    }

    /**
     * {@code flask-label-pci SBDF CONTEXT}: labels the device, its I/O ports, memory ranges and IRQ (read from dom0's
     * sysfs). Xen forgets these labels at every policy load. The same label again is accepted; another is refused
     * as a duplicate.
     */
    public Outcome labelPci(String sbdf, String context) throws HostException {
        String before = dmesg();
        CommandResult r = tool("flask-label-pci", sbdf, context);
        return r.exit() == 0 ? Outcome.OK : refused("flask-label-pci " + sbdf + " " + context, r, before);
    }

    /** The tool's message, with what FLASK printed on the console since {@code before} (when given). */
    private Outcome refused(String what, CommandResult r, String before) throws HostException {
        StringBuilder m = new StringBuilder(what + " failed (exit " + r.exit() + "): " + r.message());
        List<String> complaints = before == null ? List.of() : XenOutputs.flaskComplaints(XenOutputs.since(before, dmesg()), 3);
        if (!complaints.isEmpty()) {
            m.append("; Xen's console: ").append(String.join(" | ", complaints));
        }
        return new Outcome(false, m.toString());
    }

    /** The counts of the last policy Xen read, from its console, when still there. */
    public Optional<XenOutputs.PolicyCounts> lastPolicyRead() throws HostException {
        return XenOutputs.lastPolicyRead(dmesg());
    }
}
