package org.cordon.verifier.check;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.cordon.model.Diagnostic;
import org.cordon.model.DiagnosticCode;
import org.cordon.model.PolicyModel;
import org.cordon.verifier.facts.Fact;
import org.cordon.verifier.facts.Label;
import org.cordon.verifier.facts.PolicyFacts;

/**
 * Performance isolation on the FLASK side (DESIGN §5.5): the reservations and caps Cordon writes to
 * xl.cfg and cpupools hold only if no domain can change them afterwards. The control domain's
 * toolstack applies them, so only it may hold the permissions below; any other domain holding one over
 * another domain, or over Xen's host-wide settings, is reported ("resource-control"), as is a VM of a
 * strong class holding one over itself (it would lift its own cap or grow its own reservation). A VM
 * of a weak or hybrid class may tune itself: it shares on demand anyway. Rights on a VM's build label
 * are used before it runs, when its limits are being set, and do not count. Every switch setting counts.
 */
public final class ResourceControlCheck {

    /** Permissions over a domain that change its share of the host: what each changes, and the hypercall. */
    public static final Map<String, String> DOMAIN_SETTINGS = settings(
            "domain.max_vcpus", "the number of vCPUs|XEN_DOMCTL_max_vcpus",
            "domain.setaffinity", "where the vCPUs may run|XEN_DOMCTL_setvcpuaffinity, setnodeaffinity",
            "domain.setdomainmaxmem", "the memory limit|XEN_DOMCTL_max_mem",
            "domain.setpodtarget", "the populate-on-demand memory target|XENMEM_set_pod_target",
            "domain.setpagingmempool", "the host memory taken by paging structures|XEN_DOMCTL_set_paging_mempool_size",
            "domain2.setscheduler", "the scheduler weight and cap|XEN_DOMCTL_SCHEDOP_putinfo",
            "domain2.setclaim", "the host memory claimed ahead|XENMEM_claim_pages",
            "domain2.set_vnumainfo", "the virtual NUMA layout, which decides where memory comes from|XEN_DOMCTL_setvnumainfo",
            "domain2.psr_alloc", "the share of the shared cache and memory bandwidth|XEN_DOMCTL_psr_alloc",
            "domain2.set_llc_colors", "the share of the last-level cache|XEN_DOMCTL_set_llc_colors");

    /** Permissions over Xen that change every domain's share of the host. */
    public static final Map<String, String> HOST_SETTINGS = settings(
            "xen.cpupool_op", "the cpupools: their CPUs and which domains run in them|XEN_SYSCTL_cpupool_op",
            "xen.setscheduler", "a cpupool's scheduler parameters|XEN_SYSCTL_scheduler_op putinfo",
            "xen2.psr_alloc", "the host's cache and memory-bandwidth partitions|XEN_SYSCTL_psr_alloc",
            "xen.pm_op", "CPU frequencies, idle states and core parking|XEN_SYSCTL_pm_op",
            "xen.frequency", "a CPU's frequency|XENPF_change_freq",
            "resource.plug", "which CPUs and memory the host has online|CPU and memory hotplug, target xen");

    /** "what it changes (hypercall)" for a permission of either table. */
    public static String describe(String permission) {
        String v = DOMAIN_SETTINGS.getOrDefault(permission, HOST_SETTINGS.get(permission));
        return v == null ? permission : v.replace("|", " (") + ")";
    }

    private static Map<String, String> settings(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(m);
    }

    private final PolicyFacts facts;

    public ResourceControlCheck(PolicyFacts facts) {
        this.facts = facts;
    }

    public List<Diagnostic> check() {
        Map<String, List<Fact>> byStatement = new LinkedHashMap<>();
        Map<String, String> why = new LinkedHashMap<>();
        for (Fact f : facts.factsOf((cls, p) -> DOMAIN_SETTINGS.containsKey(cls + "." + p)
                || HOST_SETTINGS.containsKey(cls + "." + p), v -> v.source().isDomain() && !control(v.source()))) {
            String perm = f.securityClass() + "." + f.permission();
            Label s = f.source();
            Label t = f.target();
            if (!s.isDomain() || control(s)) {
                continue;
            }
            String problem = null;
            if (HOST_SETTINGS.containsKey(perm) && t.kind() == Label.Kind.XEN) {
                problem = s + " can change " + noun(HOST_SETTINGS, perm) + " for every domain";
            } else if (DOMAIN_SETTINGS.containsKey(perm) && t.isDomain() && t.facet() == Label.Facet.MAIN) {
                if (!t.owner().equals(s.owner())) {
                    problem = s + " can change " + noun(DOMAIN_SETTINGS, perm) + " of " + t;
                } else if (strongClass(t).isPresent()) {
                    problem = s + " can change its own " + noun(DOMAIN_SETTINGS, perm).replaceFirst("^the ", "")
                            + ", though class " + strongClass(t).get() + " is strong";
                }
            }
            if (problem != null) {
                String key = f.origin().pos() + "|" + f.origin().statement();
                byStatement.computeIfAbsent(key, k -> new ArrayList<>()).add(f);
                why.putIfAbsent(key, problem);
            }
        }
        List<Diagnostic> out = new ArrayList<>();
        byStatement.forEach((key, group) -> {
            Fact f = group.get(0);
            List<String> perms = group.stream().map(g -> g.securityClass() + "." + g.permission()).distinct().toList();
            long pairs = group.stream().map(g -> g.source() + ">" + g.target()).distinct().count();
            String more = perms.size() > 1 || pairs > 1 ? " (" + String.join(", ", perms) + (pairs > 1 ? ", over "
                    + pairs + " pairs of domains" : "") + ")" : "";
            out.add(Diagnostic.of(DiagnosticCode.RESOURCE_CONTROL, f.origin().pos(), Counterexamples.statement(f) + " grants "
                    + f.access() + more + ": " + why.get(key) + "; only the control domain's toolstack may set "
                    + "the reservations and caps that performance isolation rests on"));
        });
        return out;
    }

    private static String noun(Map<String, String> table, String perm) {
        String v = table.get(perm);
        return v.substring(0, v.indexOf('|')) + " (" + v.substring(v.indexOf('|') + 1) + ")";
    }

    private boolean control(Label l) {
        return facts.principals().declaration(l).map(d -> d.has(PolicyModel.Role.CONTROL)).orElse(false);
    }

    private Optional<String> strongClass(Label l) {
        return facts.principals().classOf(l).filter(c -> facts.model().classes().stream()
                .anyMatch(k -> k.name().equals(c) && k.isolation() == PolicyModel.Isolation.STRONG));
    }
}
