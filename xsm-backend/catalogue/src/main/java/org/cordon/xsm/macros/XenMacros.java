package org.cordon.xsm.macros;

import static org.cordon.xsm.macros.Endpoint.DOMIO;
import static org.cordon.xsm.macros.Endpoint.DOMXEN;
import static org.cordon.xsm.macros.Endpoint.SUBJECT;
import static org.cordon.xsm.macros.Endpoint.SUBJECT_CHANNEL;
import static org.cordon.xsm.macros.Endpoint.TARGET;
import static org.cordon.xsm.macros.Endpoint.TARGET_CHANNEL;
import static org.cordon.xsm.macros.Endpoint.XEN;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.cordon.xsm.catalogue.XenCatalogue;

/**
 * Cordon's built-in capabilities: the permission bundles of Xen's {@code tools/flask/policy/modules/xen.if}
 * macros (create_domain, manage_domain, migrate_domain_out, domain_comms, ...) and the management
 * features of DESIGN.md §3, each as grants between the two ends of {@code allow S cap T}.
 * Permissions that the target Xen release does not have are dropped, as xen.if of that release does.
 */
public final class XenMacros {

    /** A built-in capability: its name, what it is, and its grants. */
    public record BuiltinCapability(String name, String description, List<Grant> grants) {
    }

    private static final Map<String, BuiltinCapability> ALL = new LinkedHashMap<>();

    private static void define(String name, String description, Grant... grants) {
        ALL.put(name, new BuiltinCapability(name, description, List.of(grants)));
    }

    private static Grant g(Endpoint from, Endpoint to, String cls, String perms) {
        return new Grant(from, to, cls, List.of(perms.trim().split("\\s+")));
    }

    /** What every domain needs on itself to run (xen.if declare_domain_common). */
    public static final List<Grant> DOMAIN_SELF = List.of(
            g(SUBJECT, Endpoint.SUBJECT_SELF, "grant", "query setup"),
            g(SUBJECT, Endpoint.SUBJECT_SELF, "mmu", "adjust physmap map_read map_write stat pinpage updatemp mmuext_op"),
            g(SUBJECT, Endpoint.SUBJECT_SELF, "hvm", "getparam setparam altp2mhvm_op"),
            g(SUBJECT, Endpoint.SUBJECT_SELF, "domain2", "get_vnumainfo"));

    /**
     * What Xen's dom0.te gives the control domain beyond the macros, without which it does not boot
     * (found on a real Xen under QEMU): the machine's memory map (dom0 halts without it), and its
     * own domain settings (xen-init-dom0 fails with "cannot get domain type" without them).
     */
    public static final List<Grant> CONTROL_DOMAIN = List.of(
            g(SUBJECT, XEN, "mmu", "memorymap"),
            g(SUBJECT, XEN, "resource", "setup"),
            g(SUBJECT, Endpoint.SUBJECT_SELF, "domain", "setvcpucontext max_vcpus setaffinity getaffinity getscheduler "
                    + "getdomaininfo getvcpuinfo getvcpucontext setdomainmaxmem setdomainhandle setdebugging hypercall "
                    + "settime setaddrsize getaddrsize trigger getpodtarget setpodtarget getpagingmempool "
                    + "setpagingmempool set_misc_info set_virq_handler"),
            g(SUBJECT, Endpoint.SUBJECT_SELF, "domain2", "set_cpu_policy gettsc settsc setscheduler set_vnumainfo "
                    + "get_vnumainfo psr_cmt_op psr_alloc get_cpu_policy dt_overlay get_domain_state"),
            g(SUBJECT, Endpoint.SUBJECT_SELF, "resource", "add remove"));

    /** create_domain_common: what a builder needs on the domain it builds (grants to TARGET). */
    public static final List<Grant> CREATE_COMMON = List.of(
            g(SUBJECT, TARGET, "domain", "create max_vcpus setdomainmaxmem setaddrsize getdomaininfo hypercall "
                    + "setvcpucontext getscheduler getvcpuinfo getaddrsize getaffinity setaffinity settime "
                    + "setdomainhandle getvcpucontext set_misc_info getpagingmempool setpagingmempool"),
            g(SUBJECT, TARGET, "domain2", "set_cpu_policy settsc setscheduler setclaim set_vnumainfo get_vnumainfo "
                    + "cacheflush psr_cmt_op psr_alloc soft_reset resource_map get_cpu_policy vuart_op "
                    + "set_llc_colors get_domain_state"),
            g(SUBJECT, TARGET, "security", "check_context"),
            g(SUBJECT, TARGET, "shadow", "enable"),
            g(SUBJECT, TARGET, "mmu", "map_read map_write adjust memorymap physmap pinpage mmuext_op updatemp"),
            g(SUBJECT, TARGET, "grant", "setup"),
            g(SUBJECT, TARGET, "hvm", "getparam hvmctl sethvmc setparam nested altp2mhvm altp2mhvm_op dm"));

    /**
     * xen.if device_model(dm, T): what a device model (the subject) has on the guest it serves (the target), which it
     * sees as {@code T_target}; event channels both ways.
     */
    public static final List<Grant> DEVICE_MODEL = List.of(
            g(SUBJECT, TARGET, "domain", "set_target"),
            // create_channel(T, dm, T_channel): the guest's own label acts (Xen's subject is always the current
            // domain's plain label), and its channels bind to the device model
            g(TARGET, TARGET_CHANNEL, "event", "create send status"),
            g(TARGET_CHANNEL, SUBJECT, "event", "bind"),
            // create_channel(dm, T_target, dm_channel): the device model's channels bind to the guest as it sees
            // it, T_target (domain_target_sid in flask_evtchn_unbound and _interdomain)
            g(SUBJECT, SUBJECT_CHANNEL, "event", "create send status"),
            g(SUBJECT_CHANNEL, Endpoint.TARGET_TARGET, "event", "bind"),
            g(SUBJECT, TARGET_CHANNEL, "event", "create"),
            g(SUBJECT, Endpoint.TARGET_TARGET, "domain", "getdomaininfo shutdown"),
            g(SUBJECT, Endpoint.TARGET_TARGET, "mmu", "map_read map_write adjust physmap target_hack"),
            g(SUBJECT, Endpoint.TARGET_TARGET, "hvm", "getparam setparam hvmctl dm"),
            g(SUBJECT, Endpoint.TARGET_TARGET, "domain2", "resource_map"));

    /**
     * What a build meets on {@code T_building} and xen.if does not give (Xen 4.17 under QEMU): libxl relabels T only
     * in domcreate_complete, after the console is up, so the console daemon beside the builder maps T's console ring
     * (unmap: a build failing after that is torn down still labelled so) and binds its event channel, and a failed
     * build is paused and destroyed under its build label.
     */
    public static final List<Grant> BEFORE_RELABEL = List.of(
            g(SUBJECT, Endpoint.TARGET_BUILDING, "grant", "map_read map_write unmap"),
            g(SUBJECT_CHANNEL, Endpoint.TARGET_BUILDING, "event", "bind"),
            g(SUBJECT, Endpoint.TARGET_BUILDING, "domain", "pause destroy"));

    /**
     * What a xenstore service domain (one with {@code comms} over T) meets on {@code T_building}: libxl introduces T
     * to xenstored before it relabels T (libxl__build_post), so xenstored maps T's store ring by grant, binds its store
     * channel and reads T's domain info (xenstored_domain.c introduce_domain, check_domains) under the build label.
     */
    public static final List<Grant> XENSTORE_BEFORE_RELABEL = List.of(
            g(SUBJECT, Endpoint.TARGET_BUILDING, "grant", "map_read map_write unmap"),
            g(SUBJECT_CHANNEL, Endpoint.TARGET_BUILDING, "event", "bind"),
            g(SUBJECT, Endpoint.TARGET_BUILDING, "domain", "getdomaininfo"));

    /**
     * xen.if create_domain_build_label: what a builder needs to build T under its build label — create_domain_common
     * on {@code T_building}, T's event channels, relabel from {@code T_building} to T — and what xen.if lacks:
     * {@link #BEFORE_RELABEL}. Nothing of a denied feature's core is added on T.
     */
    public static final List<Grant> CREATE_WITH_BUILD_LABEL = createWithBuildLabel();

    private static List<Grant> createWithBuildLabel() {
        List<Grant> out = new ArrayList<>();
        for (Grant gr : CREATE_COMMON) {
            out.add(new Grant(gr.from(), Endpoint.TARGET_BUILDING, gr.securityClass(), gr.permissions()));
        }
        out.add(g(SUBJECT, TARGET_CHANNEL, "event", "create"));
        out.add(g(SUBJECT, Endpoint.TARGET_BUILDING, "domain2", "relabelfrom"));
        out.add(g(SUBJECT, TARGET, "domain2", "relabelto"));
        out.addAll(BEFORE_RELABEL);
        return List.copyOf(out);
    }

    static {
        List<Grant> create = new ArrayList<>(CREATE_COMMON);
        create.add(g(SUBJECT, TARGET_CHANNEL, "event", "create"));
        define("create", "build the domain (xen.if create_domain)", create.toArray(Grant[]::new));
        define("manage", "pause, unpause, shut down, destroy, tune (xen.if manage_domain)",
                g(SUBJECT, DOMXEN, "domain", "getdomaininfo"),
                g(SUBJECT, TARGET, "domain", "getdomaininfo getvcpuinfo getaffinity getaddrsize pause unpause "
                        + "trigger shutdown destroy setaffinity setdomainmaxmem getscheduler resume setpodtarget "
                        + "getpodtarget getpagingmempool setpagingmempool"),
                g(SUBJECT, TARGET, "domain2", "set_vnumainfo dt_overlay get_domain_state"));
        define("migrate", "save or migrate the domain out (xen.if migrate_domain_out)",
                g(SUBJECT, DOMXEN, "mmu", "map_read"),
                g(SUBJECT, TARGET, "hvm", "gethvmc getparam"),
                g(SUBJECT, TARGET, "mmu", "stat pageinfo map_read"),
                g(SUBJECT, TARGET, "domain", "getaddrsize getvcpucontext pause destroy"),
                g(SUBJECT, TARGET, "domain2", "gettsc"),
                g(SUBJECT, TARGET, "shadow", "enable disable logdirty"));
        define("event_comms", "event channels both ways (xen.if domain_event_comms)",
                g(SUBJECT, SUBJECT_CHANNEL, "event", "create send status"),
                g(SUBJECT_CHANNEL, TARGET, "event", "bind"),
                g(TARGET, TARGET_CHANNEL, "event", "create send status"),
                g(TARGET_CHANNEL, SUBJECT, "event", "bind"));
        define("comms", "event channels and grant mappings both ways (xen.if domain_comms)",
                g(SUBJECT, SUBJECT_CHANNEL, "event", "create send status"),
                g(SUBJECT_CHANNEL, TARGET, "event", "bind"),
                g(TARGET, TARGET_CHANNEL, "event", "create send status"),
                g(TARGET_CHANNEL, SUBJECT, "event", "bind"),
                g(SUBJECT, TARGET, "grant", "map_read map_write copy unmap"),
                g(TARGET, SUBJECT, "grant", "map_read map_write copy unmap"));
        define("delegate_devices", "pass devices through to the domain (xen.if delegate_devices)",
                g(SUBJECT, TARGET, "resource", "add remove"));
        define("introspect", "read the domain's memory and vCPU state (management feature introspection)",
                g(SUBJECT, TARGET, "mmu", "map_read stat pageinfo"),
                g(SUBJECT, TARGET, "domain", "getvcpucontext"),
                g(SUBJECT, TARGET, "hvm", "gethvmc"),
                g(SUBJECT, TARGET, "domain2", "vm_event mem_access"));
        define("intervene", "write the domain's memory and vCPU state (management feature intervention)",
                g(SUBJECT, TARGET, "mmu", "map_write"),
                g(SUBJECT, TARGET, "domain", "setvcpucontext"),
                g(SUBJECT, TARGET, "hvm", "sethvmc setparam"),
                g(SUBJECT, TARGET, "domain2", "mem_access"));
        define("power", "pause, unpause, shut down, destroy (management feature power)",
                g(SUBJECT, TARGET, "domain", "pause unpause shutdown destroy resume trigger"));
        define("rollback", "save and restore snapshots (management feature rollback)",
                g(SUBJECT, TARGET, "domain", "pause unpause getvcpucontext setvcpucontext"),
                g(SUBJECT, TARGET, "hvm", "gethvmc sethvmc"),
                g(SUBJECT, TARGET, "mmu", "map_read map_write"),
                g(SUBJECT, TARGET, "domain2", "soft_reset"));
        define("replicate", "continuous replication such as Remus/COLO (management feature replicate)",
                g(SUBJECT, TARGET, "domain", "pause unpause getvcpucontext"),
                g(SUBJECT, TARGET, "hvm", "gethvmc"),
                g(SUBJECT, TARGET, "mmu", "map_read stat pageinfo"),
                g(SUBJECT, TARGET, "shadow", "enable disable logdirty"));
        define("backup", "copy the domain's memory image (management feature copy/backup)",
                g(SUBJECT, TARGET, "domain", "pause unpause getvcpucontext"),
                g(SUBJECT, TARGET, "hvm", "gethvmc"),
                g(SUBJECT, TARGET, "mmu", "map_read stat pageinfo"));
        define("debug", "attach a debugger (management feature debug)",
                g(SUBJECT, TARGET, "domain", "setdebugging getvcpucontext setvcpucontext pause unpause"),
                g(SUBJECT, TARGET, "mmu", "map_read map_write"));
        define("version_info", "version queries except command line and build id (guest_features.te)",
                g(SUBJECT, XEN, "version", "xen_extraversion xen_compile_info xen_capabilities xen_changeset "
                        + "xen_pagesize xen_guest_handle"));
        define("io_memory", "map I/O memory through DOMID_IO (part of xen.if use_device_*)",
                g(SUBJECT, DOMIO, "mmu", "map_read map_write"));
    }

    private XenMacros() {
    }

    public static Optional<BuiltinCapability> builtin(String name) {
        return Optional.ofNullable(ALL.get(name));
    }

    public static List<String> names() {
        return List.copyOf(ALL.keySet());
    }

    /**
     * The grants of a capability with the permissions the catalogue lacks removed (empty grants dropped); the grants
     * themselves, unmodifiable, when the catalogue has all of them (the common case: asked for every statement and
     * every VM's own rights, the copies were 3% of a profile of checking a 10,000-line policy).
     */
    public static List<Grant> forCatalogue(List<Grant> grants, XenCatalogue catalogue) {
        List<Grant> out = null; // made at the first grant that does not stay as it is
        for (int i = 0; i < grants.size(); i++) {
            Grant grant = grants.get(i);
            Grant kept = inCatalogue(grant, catalogue);
            if (kept != grant && out == null) {
                out = new ArrayList<>(grants.subList(0, i));
            }
            if (out != null && kept != null) {
                out.add(kept);
            }
        }
        return List.copyOf(out == null ? grants : out);
    }

    /** The grant itself when the catalogue has its class and every permission, else what is left of it, or null. */
    private static Grant inCatalogue(Grant grant, XenCatalogue catalogue) {
        Optional<XenCatalogue.SecurityClass> cls = catalogue.securityClass(grant.securityClass());
        if (cls.isEmpty()) {
            return null;
        }
        // asked for every statement, where the catalogue almost always has them all: no list unless one is missing,
        // and no stream (at 10,000 lines the streams and Optionals here were two fifths of what validate allocated)
        XenCatalogue.SecurityClass c = cls.get();
        boolean all = true;
        for (String p : grant.permissions()) {
            if (!c.has(p)) {
                all = false;
                break;
            }
        }
        if (all) {
            return grant.permissions().isEmpty() ? null : grant;
        }
        List<String> perms = grant.permissions().stream().filter(c::has).toList();
        return perms.isEmpty() ? null : new Grant(grant.from(), grant.to(), grant.securityClass(), perms);
    }

    /**
     * The permissions that make a management feature possible and that nothing else needs: a class
     * that denies the feature forbids exactly these to every other domain. (The whole capability
     * would also forbid, say, pause, which manage needs for ordinary administration.)
     */
    public static List<Grant> featureCore(String feature) {
        return switch (feature) {
            case "INTROSPECTION" -> List.of(g(SUBJECT, TARGET, "mmu", "map_read"),
                    g(SUBJECT, TARGET, "domain", "getvcpucontext"), g(SUBJECT, TARGET, "hvm", "gethvmc"),
                    g(SUBJECT, TARGET, "domain2", "vm_event mem_access"));
            case "INTERVENTION" -> List.of(g(SUBJECT, TARGET, "mmu", "map_write"),
                    g(SUBJECT, TARGET, "domain", "setvcpucontext"), g(SUBJECT, TARGET, "hvm", "sethvmc"),
                    g(SUBJECT, TARGET, "domain2", "mem_access"));
            case "POWER" -> List.of(g(SUBJECT, TARGET, "domain", "pause unpause shutdown destroy resume trigger"));
            case "ROLLBACK" -> List.of(g(SUBJECT, TARGET, "hvm", "sethvmc"), g(SUBJECT, TARGET, "domain", "setvcpucontext"),
                    g(SUBJECT, TARGET, "domain2", "soft_reset"));
            case "MIGRATE" -> List.of(g(SUBJECT, TARGET, "shadow", "logdirty"), g(SUBJECT, TARGET, "mmu", "map_read"),
                    g(SUBJECT, TARGET, "hvm", "gethvmc"));
            case "REPLICATE" -> List.of(g(SUBJECT, TARGET, "shadow", "logdirty"), g(SUBJECT, TARGET, "mmu", "map_read"));
            case "COPY" -> List.of(g(SUBJECT, TARGET, "mmu", "map_read"), g(SUBJECT, TARGET, "hvm", "gethvmc"));
            case "DEBUG" -> List.of(g(SUBJECT, TARGET, "domain", "setdebugging"));
            default -> throw new IllegalArgumentException(feature);
        };
    }

    /**
     * Whether building a domain (create_domain_common) needs one of the feature's core permissions on it: then a class
     * that denies the feature is built under a build label, so its builder holds them only on {@code T_building}.
     */
    public static boolean createNeedsCore(String feature) {
        for (Grant core : featureCore(feature)) {
            for (Grant c : CREATE_COMMON) {
                if (c.to() == TARGET && c.securityClass().equals(core.securityClass())
                        && c.permissions().stream().anyMatch(core.permissions()::contains)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Management feature name (as in a class's {@code features} block) → its capability. */
    public static String featureCapability(String feature) {
        return switch (feature) {
            case "INTROSPECTION" -> "introspect";
            case "INTERVENTION" -> "intervene";
            case "POWER" -> "power";
            case "ROLLBACK" -> "rollback";
            case "MIGRATE" -> "migrate";
            case "REPLICATE" -> "replicate";
            case "COPY" -> "backup";
            case "DEBUG" -> "debug";
            default -> throw new IllegalArgumentException(feature);
        };
    }
}
