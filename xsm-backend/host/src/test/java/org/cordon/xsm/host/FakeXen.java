package org.cordon.xsm.host;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.cordon.xsm.flask.BinaryPolicyException;
import org.cordon.xsm.flask.model.AvEntry;
import org.cordon.xsm.flask.model.BoolDef;
import org.cordon.xsm.flask.model.ClassDef;
import org.cordon.xsm.flask.model.Constraint;
import org.cordon.xsm.flask.model.ConstraintExpr;
import org.cordon.xsm.flask.model.FlaskPolicy;
import org.cordon.xsm.flask.model.TypeDef;

/**
 * An in-memory Xen 4.17 dom0 that answers the commands Cordon sends as the real one does (texts and exit statuses
 * from xl and Debian's flask-* tools, recorded on the real Xen under QEMU): the loaded policy (decoded, its classes
 * checked against the hypervisor's as Xen does, booleans preserved by name across loads, contexts of running domains
 * converted and invalidated), FLASK's mode, domains and labels, run-time PCI labels (dropped on every load, duplicates
 * refused), the console ring, dom0's files and boot id. Faults can be injected: a command that fails, a connection
 * that drops before or after a command runs, reconnections that fail.
 */
public final class FakeXen implements HostConnection {

    /** A running domain as Xen holds it: its label may change when a policy is loaded. */
    public static final class Dom {
        public final String name;
        public final int id;
        public String label;

        Dom(String name, int id, String label) {
            this.name = name;
            this.id = id;
            this.label = label;
        }
    }

    private record Fault(Predicate<String> matches, String kind, int exit, String stderr) {
    }

    private final String address;
    public FlaskMode mode = FlaskMode.ENFORCING;
    public String commandline = "console=com1 com1=115200,8n1 loglvl=all guest_loglvl=all noreboot dom0_mem=768M,max:768M flask=enforcing";
    public int major = 4;
    public int minor = 17;
    public String extra = ".5";
    public LoadablePolicy loaded;
    public final Map<String, Boolean> booleans = new LinkedHashMap<>();
    public final List<Dom> domains = new ArrayList<>();
    public final TreeSet<String> pciDevices = new TreeSet<>();
    public final Map<String, String> runtimeLabels = new TreeMap<>();
    public final TreeMap<String, byte[]> files = new TreeMap<>();
    public final TreeSet<String> dirs = new TreeSet<>(List.of("/", "/boot", "/var", "/var/lib", "/proc", "/root", "/tmp"));
    public final List<String> console = new ArrayList<>();
    public final List<String> log = new ArrayList<>();
    private final List<Fault> faults = new ArrayList<>();
    private final List<Map.Entry<String, Runnable>> hooks = new ArrayList<>();
    private boolean connected = true;
    private int reconnectFailures;
    public int loads;

    /** A host booted with {@code boot} as its policy module, dom0 running. */
    /** The boot menu of a Debian dom0 whose default entry boots Xen 4.17 with FLASK enforcing and a policy module. */
    public static final String XSM_GRUB = """
            set default="0"
            menuentry 'Debian GNU/Linux, with Xen 4.17-amd64 (XSM enabled)' --class xen $menuentry_id_option 'xen-xsm' {
            	multiboot2	/boot/xen-4.17-amd64.gz placeholder flask=enforcing
            	module2	/boot/vmlinuz-6.1.0-18-amd64 placeholder root=UUID=1 ro quiet
            	module2	--nounzip   /boot/xenpolicy-4.17-amd64
            }
            """;

    /** A dom0 that booted {@code boot} as the policy module of {@link #XSM_GRUB}'s default entry. */
    public static FakeXen bootedFromGrub(String address, LoadablePolicy boot) {
        FakeXen x = new FakeXen(address, boot);
        x.file("/boot/grub/grub.cfg", XSM_GRUB.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        x.file("/boot/xenpolicy-4.17-amd64", boot.binary());
        x.file("/boot/xen-4.17-amd64.gz", new byte[] {0x1f, (byte) 0x8b});
        return x;
    }

    public FakeXen(String address, LoadablePolicy boot) {
        this.address = address;
        bootWith(boot);
    }

    /** A reboot: the boot policy again, run-time labels and loads forgotten, a new boot id. */
    public void bootWith(LoadablePolicy boot) {
        loaded = boot;
        booleans.clear();
        if (boot != null) {
            boot.booleans().forEach(b -> booleans.put(b.name(), b.state()));
            readConsole(boot);
            console.add("(XEN) Flask:  Starting in enforcing mode.");
        }
        runtimeLabels.clear();
        domains.clear();
        domains.add(new Dom("Domain-0", 0, "system_u:system_r:dom0_t"));
        files.put("/proc/sys/kernel/random/boot_id", (java.util.UUID.randomUUID() + "\n").getBytes(StandardCharsets.UTF_8));
        dirs.add("/proc/sys/kernel/random");
    }

    public Dom domain(String name, int id, String label) {
        Dom d = new Dom(name, id, label);
        domains.add(d);
        return d;
    }

    public FakeXen pci(String... sbdfs) {
        for (String s : sbdfs) {
            pciDevices.add(s);
            dirs.add("/sys/bus/pci/devices/" + s);
        }
        return this;
    }

    public void file(String path, byte[] content) {
        files.put(path, content.clone());
        for (String d = HostFiles.parent(path); !d.equals("/"); d = HostFiles.parent(d)) {
            dirs.add(d);
        }
    }

    public Optional<String> text(String path) {
        return Optional.ofNullable(files.get(path)).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    /** The next command whose line contains {@code part} exits {@code exit} with {@code stderr}, without running. */
    public FakeXen failOnce(String part, int exit, String stderr) {
        faults.add(new Fault(l -> l.contains(part), "fail", exit, stderr));
        return this;
    }

    /** The connection is lost just before the next command containing {@code part} runs. */
    public FakeXen dropBefore(String part) {
        faults.add(new Fault(l -> l.contains(part), "drop-before", 0, ""));
        return this;
    }

    /** The next command containing {@code part} runs, then the connection is lost before its answer arrives. */
    public FakeXen dropAfter(String part) {
        faults.add(new Fault(l -> l.contains(part), "drop-after", 0, ""));
        return this;
    }

    /** Just before the next command containing {@code part} runs, {@code action} happens on the host (a guest is created). */
    public FakeXen before(String part, Runnable action) {
        hooks.add(Map.entry(part, action));
        return this;
    }

    /**
     * {@code xl create} of a guest labelled {@code label}, judged as Xen's flask_domain_create does: the label must be
     * valid in the loaded policy, and dom0 must have domain create on its type after the class's constraints. Read here
     * from the binary's avtab and constraints, not through the loader's code. Returns the domain, or empty when refused.
     */
    public Optional<Dom> create(String name, int id, String label) {
        if (XenContexts.invalid(loaded.policy(), label).isPresent()) {
            return Optional.empty(); // libxl: Invalid init_seclabel
        }
        FlaskPolicy p = loaded.policy();
        int dom0 = typeValue(p, "dom0_t");
        int target = typeValue(p, label.split(":")[2]);
        ClassDef domain = p.classes().stream().filter(c -> c.name().equals("domain")).findFirst().orElseThrow();
        int create = 1 << (domain.perms().stream().filter(d -> d.name().equals("create")).findFirst().orElseThrow().value() - 1);
        int allowed = 0;
        for (AvEntry e : p.avtab()) {
            if (e.tclass() == domain.value() && e.kind() == AvEntry.ALLOWED && e.source() == dom0 && e.target() == target) {
                allowed |= e.data();
            }
        }
        for (Constraint c : domain.constraints()) {
            if ((c.permissions() & allowed) != 0 && !holds(c.expr(), dom0, target)) {
                allowed &= ~c.permissions();
            }
        }
        if ((allowed & create) == 0) {
            console.add("(XEN) avc:  denied  { create } for domid=0 scontext=system_u:system_r:dom0_t tcontext=" + label
                    + " tclass=domain");
            return Optional.empty();
        }
        return Optional.of(domain(name, id, label));
    }

    private static int typeValue(FlaskPolicy p, String name) {
        return p.types().stream().filter(t -> t.name().equals(name)).mapToInt(TypeDef::value).findFirst().orElse(0);
    }

    /** A postfix constraint expression over the source and target types (the only operands the tests' policies use). */
    private static boolean holds(List<ConstraintExpr> expr, int source, int target) {
        java.util.ArrayDeque<Boolean> stack = new java.util.ArrayDeque<>();
        for (ConstraintExpr e : expr) {
            switch (e.exprType()) {
                case ConstraintExpr.NOT -> stack.push(!stack.pop());
                case ConstraintExpr.AND -> stack.push(stack.pop() & stack.pop());
                case ConstraintExpr.OR -> stack.push(stack.pop() | stack.pop());
                case ConstraintExpr.NAMES -> {
                    if ((e.attr() & ConstraintExpr.TYPE) == 0) {
                        throw new IllegalStateException("the fake judges type constraints only: " + e);
                    }
                    int v = (e.attr() & ConstraintExpr.TARGET) != 0 ? target : source;
                    boolean in = e.names().get(v - 1);
                    stack.push(e.op() == ConstraintExpr.EQ ? in : !in);
                }
                default -> throw new IllegalStateException("the fake judges type constraints only: " + e);
            }
        }
        return stack.pop();
    }

    public FakeXen failReconnects(int n) {
        reconnectFailures = n;
        return this;
    }

    public boolean connected() {
        return connected;
    }

    public String loadedDigest() {
        return loaded == null ? null : loaded.digest();
    }

    @Override
    public String address() {
        return address;
    }

    @Override
    public synchronized CommandResult run(List<String> argv, byte[] stdin, Duration timeout) throws HostException {
        String line = ShellWords.join(argv);
        if (!connected) {
            throw new HostException(HostException.Kind.UNREACHABLE, "the connection to " + address + " is closed");
        }
        hooks.stream().filter(h -> line.contains(h.getKey())).findFirst().ifPresent(h -> {
            hooks.remove(h);
            h.getValue().run();
        });
        Fault f = faults.stream().filter(x -> x.matches().test(line)).findFirst().orElse(null);
        if (f != null) {
            faults.remove(f);
            if (f.kind().equals("fail")) {
                log.add(line + "  [injected failure]");
                return CommandResult.of(f.exit(), "", f.stderr());
            }
            if (f.kind().equals("drop-before")) {
                connected = false;
                log.add(line + "  [connection lost before]");
                throw new HostException(HostException.Kind.UNREACHABLE, "the connection to " + address + " was lost while running: " + line);
            }
        }
        log.add(line);
        CommandResult r = exec(argv, stdin);
        if (f != null) {
            connected = false;
            log.add("  [connection lost after]");
            throw new HostException(HostException.Kind.UNREACHABLE, "the connection to " + address + " was lost while running: " + line);
        }
        return r;
    }

    @Override
    public synchronized void reconnect() throws HostException {
        if (reconnectFailures > 0) {
            reconnectFailures--;
            throw new HostException(HostException.Kind.UNREACHABLE, "cannot connect to " + address + ": Connection refused");
        }
        connected = true;
    }

    @Override
    public void close() {
    }

    /** Runs one command line as dom0's shell would (exposed for the SSH server in tests). */
    public synchronized CommandResult exec(List<String> a, byte[] stdin) {
        if (a.size() >= 4 && a.get(0).equals("sh") && a.get(1).equals("-c")) {
            if (a.get(2).equals(XenHost.WITH_XEN_TOOLS)) {
                return tool(a.subList(4, a.size()));
            }
            if (a.get(2).equals(HostFiles.WRITE_STDIN)) {
                String path = a.get(4);
                if (!dirs.contains(HostFiles.parent(path))) {
                    return CommandResult.of(2, "", "sh: 1: cannot create " + path + ": Directory nonexistent\n");
                }
                files.put(path, stdin == null ? new byte[0] : stdin.clone());
                return ok("");
            }
            return CommandResult.of(127, "", "fake dom0: unknown script " + a.get(2));
        }
        List<String> w = new ArrayList<>(a);
        w.remove("--");
        String p = w.get(w.size() - 1);
        switch (w.get(0)) {
            case "test":
                return new CommandResult(w.get(1).equals("-d") ? (dirs.contains(p) ? 0 : 1)
                        : (files.containsKey(p) || dirs.contains(p) ? 0 : 1), new byte[0], "");
            case "cat":
                return files.containsKey(p) ? new CommandResult(0, files.get(p), "")
                        : CommandResult.of(1, "", "cat: " + p + ": No such file or directory\n");
            case "head":
                return files.containsKey(p) ? new CommandResult(0, Arrays.copyOf(files.get(p),
                        Math.min(Integer.parseInt(w.get(2)), files.get(p).length)), "")
                        : CommandResult.of(1, "", "head: cannot open '" + p + "' for reading: No such file or directory\n");
            case "mkdir":
                if (!w.contains("-p")) {
                    // one step: created, or refused because it exists (how two commands tell who came first)
                    if (dirs.contains(p) || files.containsKey(p)) {
                        return CommandResult.of(1, "", "mkdir: cannot create directory '" + p + "': File exists\n");
                    }
                    if (!dirs.contains(HostFiles.parent(p))) {
                        return CommandResult.of(1, "", "mkdir: cannot create directory '" + p + "': No such file or directory\n");
                    }
                    dirs.add(p);
                    return ok("");
                }
                for (String d = p; !d.equals("/"); d = HostFiles.parent(d)) {
                    dirs.add(d);
                }
                return ok("");
            case "rmdir": {
                String prefix = p + "/";
                if (files.keySet().stream().anyMatch(f -> f.startsWith(prefix)) || dirs.stream().anyMatch(d -> d.startsWith(prefix))) {
                    return CommandResult.of(1, "", "rmdir: failed to remove '" + p + "': Directory not empty\n");
                }
                dirs.remove(p);
                return ok("");
            }
            case "mv": {
                String from = w.get(w.size() - 2);
                if (!files.containsKey(from)) {
                    return CommandResult.of(1, "", "mv: cannot stat '" + from + "': No such file or directory\n");
                }
                files.put(p, files.remove(from));
                return ok("");
            }
            case "rm":
                files.remove(p);
                return ok("");
            case "sha256sum":
                return files.containsKey(p) ? ok(Digests.sha256(files.get(p)) + "  " + p + "\n")
                        : CommandResult.of(1, "", "sha256sum: " + p + ": No such file or directory\n");
            case "ls": {
                StringBuilder b = new StringBuilder();
                TreeSet<String> names = new TreeSet<>();
                String prefix = p.endsWith("/") ? p : p + "/";
                files.keySet().stream().filter(f -> f.startsWith(prefix)).forEach(f -> names.add(f.substring(prefix.length()).split("/")[0]));
                dirs.stream().filter(f -> f.startsWith(prefix)).forEach(f -> names.add(f.substring(prefix.length()).split("/")[0]));
                names.forEach(n -> b.append(n).append('\n'));
                return ok(b.toString());
            }
            case "sync":
                return ok("");
            default:
                return CommandResult.of(127, "", "sh: 1: " + w.get(0) + ": not found\n");
        }
    }

    private CommandResult tool(List<String> a) {
        String t = String.join(" ", a);
        if (t.equals("xl info")) {
            return ok(xlInfo());
        }
        if (t.equals("xl getenforce")) {
            return switch (mode) {
                case ENFORCING -> CommandResult.of(1, "Enforcing\n", "");
                case PERMISSIVE -> CommandResult.of(0, "Permissive\n", "");
                case DISABLED -> CommandResult.of(255, "Flask XSM Disabled\n", "");
            };
        }
        if (a.size() == 3 && t.startsWith("xl setenforce ")) {
            if (mode == FlaskMode.DISABLED) {
                return CommandResult.of(255, "", "Flask XSM disabled\n");
            }
            String v = a.get(2);
            mode = v.equals("1") || v.equalsIgnoreCase("enforcing") ? FlaskMode.ENFORCING : FlaskMode.PERMISSIVE;
            return ok("");
        }
        if (t.equals("xenstore-list /local/domain")) {
            StringBuilder b = new StringBuilder();
            domains.forEach(d -> b.append(d.id).append('\n'));
            return ok(b.toString());
        }
        if (t.equals("xl list -Z")) {
            StringBuilder b = new StringBuilder("Name                                        ID   Mem VCPUs\tState\tTime(s)   Security Label\n");
            for (Dom d : domains) {
                if (d.label.endsWith(":unlabeled_t") && mode == FlaskMode.ENFORCING) {
                    continue; // as on the real Xen: nothing lets dom0 getdomaininfo an unlabelled domain
                }
                b.append(String.format("%-40s %5d %5d %5d     %s  %8.1f %16s%n", d.name, d.id, d.id == 0 ? 768 : 128, 1,
                        d.id == 0 ? "r-----" : "-b----", 3.2, d.label));
            }
            return ok(b.toString());
        }
        if (t.equals("xl dmesg")) {
            return ok(String.join("\n", console) + (console.isEmpty() ? "" : "\n"));
        }
        if (a.size() == 3 && t.startsWith("xl loadpolicy ")) {
            return loadpolicy(a.get(2));
        }
        if (t.equals("flask-get-bool -a")) {
            StringBuilder b = new StringBuilder();
            booleans.forEach((k, v) -> b.append(k).append(": ").append(v ? 1 : 0).append('\n'));
            return ok(b.toString());
        }
        if (a.size() == 3 && a.get(0).equals("flask-set-bool")) {
            if (!booleans.containsKey(a.get(1))) {
                return CommandResult.of(2, "", "xc_flask_setbool: Unable to set boolean " + a.get(1) + "=" + a.get(2)
                        + ": No such file or directory (-1)");
            }
            booleans.put(a.get(1), a.get(2).equals("1"));
            StringBuilder b = new StringBuilder("(XEN) Flask: committed booleans { ");
            booleans.forEach((k, v) -> b.append(k).append(':').append(v ? 1 : 0).append(", "));
            console.add(b.substring(0, b.length() - 2) + " }");
            return ok("");
        }
        if (a.size() == 3 && a.get(0).equals("flask-label-pci")) {
            return labelPci(a.get(1), a.get(2));
        }
        return CommandResult.of(127, "", "sh: 1: exec: " + a.get(0) + ": not found\n");
    }

    private CommandResult loadpolicy(String path) {
        byte[] b = files.get(path);
        if (b == null) {
            return CommandResult.of(255, "", "Error occurred opening policy file '" + path + "': No such file or directory\n");
        }
        console.add("(XEN) avc:  granted  { load_policy } for current=d0 scontext=system_u:system_r:dom0_t "
                + "tcontext=system_u:system_r:security_t tclass=security");
        LoadablePolicy p;
        try {
            p = LoadablePolicy.of(path, b, Optional.empty(), false);
        } catch (BinaryPolicyException e) {
            return CommandResult.of(255, "", "Unable to load new Flask policy: Operation not permitted\n");
        }
        // Xen's policydb_read: a running Xen keeps the MLS setting it booted with
        if (loaded != null && loaded.policy().mls() != p.policy().mls()) {
            console.add("(XEN) Flask:  Cannot switch between non-MLS and MLS policies");
            return CommandResult.of(255, "", "Unable to load new Flask policy: Invalid argument\n");
        }
        readConsole(p);
        // Xen's validate_classes, read from the release's own files: not the preflight's ReleaseFit
        String problem = XenClassValidation.firstProblem(p.policy(), major + "." + minor);
        if (problem != null) {
            console.add("(XEN) Flask:  " + problem);
            console.add("(XEN) Flask:  the definition of a class is incorrect");
            return CommandResult.of(255, "", "Unable to load new Flask policy: Operation not permitted\n");
        }
        // Xen keeps the values of booleans that keep their names (security_preserve_bools)
        Map<String, Boolean> next = new LinkedHashMap<>();
        for (BoolDef d : p.booleans()) {
            next.put(d.name(), booleans.getOrDefault(d.name(), d.state()));
        }
        booleans.clear();
        booleans.putAll(next);
        for (Dom d : domains) {
            if (XenContexts.invalid(p.policy(), d.label).isPresent()) {
                console.add("(XEN) Flask:  invalidating context " + d.label);
                d.label = "system_u:system_r:unlabeled_t";
            }
        }
        runtimeLabels.clear();
        loaded = p;
        loads++;
        return ok("Successfully loaded policy.\n");
    }

    private void readConsole(LoadablePolicy p) {
        XenOutputs.PolicyCounts c = p.counts();
        console.add("(XEN) Flask: 128 avtab hash slots, " + c.rules() + " rules.");
        console.add("(XEN) Flask:  " + c.users() + " users, " + c.roles() + " roles, " + c.types() + " types, " + c.bools() + " bools");
        console.add("(XEN) Flask:  " + c.classes() + " classes, " + c.rules() + " rules");
    }

    private CommandResult labelPci(String sbdf, String context) {
        if (!pciDevices.contains(sbdf)) {
            return CommandResult.of(1, "", "Unable to find device " + sbdf + ": No such file or directory\n");
        }
        String[] bdf = sbdf.split("[:.]");
        int n = (Integer.parseInt(bdf[0], 16) << 16) | (Integer.parseInt(bdf[1], 16) << 8)
                | (Integer.parseInt(bdf[2], 16) << 3) | Integer.parseInt(bdf[3]);
        String refused = "xc_flask_add_device: Unable to set context of PCI device " + sbdf + " (0x" + Integer.toHexString(n)
                + ") to " + context + ": -1\n";
        String[] ctx = context.split(":");
        boolean valid = loaded != null && ctx.length >= 3 && loaded.policy().types().stream().anyMatch(x -> x.name().equals(ctx[2]))
                && loaded.policy().users().stream().anyMatch(u -> u.name().equals(ctx[0]));
        if (!valid) {
            return CommandResult.of(2, "", refused);
        }
        // a device the policy labels (pcidevicecon) is refused whatever the label, as Xen 4.17 does: the policy's
        // ocontext has no SID computed yet, so even the same context counts as a duplicate
        boolean declared = loaded.pciLabels().stream().anyMatch(l -> l.sbdf().equals(sbdf));
        String existing = runtimeLabels.get(sbdf);
        if (declared || existing != null && !existing.equals(context)) {
            console.add("(XEN) flask: Duplicate PCI Device 0x" + Integer.toHexString(n));
            return CommandResult.of(2, "", refused);
        }
        runtimeLabels.put(sbdf, context);
        return ok("");
    }

    private String xlInfo() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("host", "dom0");
        m.put("release", "6.1.0-56-amd64");
        m.put("machine", "x86_64");
        m.put("nr_cpus", "2");
        m.put("xen_major", Integer.toString(major));
        m.put("xen_minor", Integer.toString(minor));
        m.put("xen_extra", extra);
        m.put("xen_version", major + "." + minor + extra);
        m.put("xen_caps", "xen-3.0-x86_64 hvm-3.0-x86_32 hvm-3.0-x86_32p hvm-3.0-x86_64 ");
        m.put("xen_scheduler", "credit2");
        m.put("xen_commandline", commandline + " ");
        m.put("xend_config_format", "4");
        StringBuilder b = new StringBuilder();
        m.forEach((k, v) -> b.append(String.format("%-23s: %s%n", k, v)));
        return b.toString();
    }

    private static CommandResult ok(String out) {
        return CommandResult.of(0, out, "");
    }
}
