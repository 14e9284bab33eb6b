package org.cordon.xsm.macros;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.cordon.xsm.catalogue.XenCatalogue;

/**
 * Cordon's built-in duties: the FLASK permissions each administrative task of a Xen host needs, for
 * {@code separate duties} (no domain holds two of them). A duty is a set of (class, permission) pairs, whatever the
 * target; the verifier decides which targets count. Like the built-in capabilities, a permission that the target
 * Xen release lacks is dropped ({@link #forCatalogue}).
 *
 * <p>Chosen from Xen's catalogue (access_vectors and the hooks that check each permission):
 * <ul>
 * <li>{@code policy_admin}: what changes the security server's decisions. Every FLASK operation is checked in the
 * {@code security} class (no {@code xen} or {@code xen2} permission guards one); its read-only queries
 * ({@code compute_*}, {@code check_context}) are left out: xen.if's create_domain gives {@code check_context} to
 * every domain builder, and a query changes nothing. Relabelling is not a duty of its own: it is how a domain comes
 * to hold another's duties, which the verifier follows.</li>
 * <li>{@code vm_admin}: building, stopping and sizing other domains (xen.if create_domain and manage_domain). Not
 * {@code shutdown}: a stub device model shuts its guest down on the guest's own request (xen.if device_model).</li>
 * <li>{@code introspection}: reading another domain's memory and vCPU state (the management features
 * introspection and debug): foreign mappings, vCPU and HVM context, vm_event and mem_access, attaching a
 * debugger.</li>
 * <li>{@code device_admin}: giving domains devices, IRQs, I/O ports and I/O memory, and setting devices up
 * (xen.if admin_device and delegate_devices). Not {@code resource.setup}, which the control domain needs on Xen
 * itself to boot, nor the {@code use_*} permissions, which the domain given a device holds.</li>
 * </ul>
 */
public final class XenDuties {

    /** A built-in duty: its name, what it is, and its permissions as grants from the holder to a target. */
    public record BuiltinDuty(String name, String description, List<Grant> grants) {
        public BuiltinDuty {
            grants = List.copyOf(grants);
        }
    }

    private static final Map<String, BuiltinDuty> ALL = new LinkedHashMap<>();

    private static void define(String name, String description, String... classPermissions) {
        List<Grant> grants = new ArrayList<>();
        for (String cp : classPermissions) {
            int space = cp.indexOf(' ');
            grants.add(new Grant(Endpoint.SUBJECT, Endpoint.TARGET, cp.substring(0, space),
                    List.of(cp.substring(space + 1).trim().split("\\s+"))));
        }
        ALL.put(name, new BuiltinDuty(name, description, grants));
    }

    static {
        define("policy_admin", "change what the security server enforces: load a policy, switch enforcing, "
                + "set booleans, tune the AVC, add or remove resource labels",
                "security load_policy setenforce setbool setsecparam add_ocontext del_ocontext");
        define("vm_admin", "build, pause, resume, destroy and size other domains",
                "domain create destroy pause unpause resume max_vcpus setdomainmaxmem setaffinity setdomainhandle",
                "domain2 setscheduler setclaim");
        define("introspection", "read another domain's memory and vCPU state, or debug it",
                "mmu map_read",
                "domain getvcpucontext setdebugging",
                "hvm gethvmc",
                "domain2 vm_event mem_access");
        define("device_admin", "assign devices, IRQs, I/O ports and I/O memory to domains and set devices up",
                "resource add remove add_irq remove_irq add_ioport remove_ioport add_iomem remove_iomem stat_device "
                        + "add_device remove_device plug unplug",
                "hvm bind_irq");
    }

    private XenDuties() {
    }

    public static Optional<BuiltinDuty> builtin(String name) {
        return Optional.ofNullable(ALL.get(name));
    }

    /** The built-in duties' names, in the order the language reference lists them. */
    public static List<String> names() {
        return List.copyOf(ALL.keySet());
    }

    /** A built-in duty's permissions that the catalogue has, as "class.permission". */
    public static Set<String> forCatalogue(BuiltinDuty duty, XenCatalogue catalogue) {
        Set<String> out = new LinkedHashSet<>();
        for (Grant g : XenMacros.forCatalogue(duty.grants(), catalogue)) {
            g.permissions().forEach(p -> out.add(g.securityClass() + "." + p));
        }
        return out;
    }
}
