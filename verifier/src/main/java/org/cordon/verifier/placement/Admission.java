package org.cordon.verifier.placement;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a VM may start now on a host where others run: the check a FLASK host needs at start time, since FLASK
 * itself has no Chinese Wall. The wall is ACM's exactly ({@link ChineseWall#admit}: a running VM blocks the start when
 * a conflict set holds one of its types and a type of the new VM it does not hold itself); then the host's capacity
 * with the new VM's reservations (its pool's pCPUs, memory, rates) added to the running VMs'.
 */
public final class Admission {

    /** The answer; when refused, why and the statement that refuses it. */
    public record Verdict(boolean admitted, String reason, Optional<Statement> statement) {
    }

    private Admission() {
    }

    /** IllegalArgumentException names an unknown host or VM, or a VM listed twice. */
    public static Verdict admit(Fleet fleet, String hostName, List<String> running, String vmName) {
        Fleet.Host host = fleet.host(hostName).orElseThrow(() -> new IllegalArgumentException("no host " + hostName
                + " in the policy (it has: " + String.join(", ", fleet.hosts().stream().map(Fleet.Host::name).toList()) + ")"));
        Fleet.Vm vm = vm(fleet, vmName);
        Map<String, Set<String>> types = new LinkedHashMap<>();
        List<Fleet.Vm> here = new ArrayList<>();
        for (String r : running) {
            Fleet.Vm v = vm(fleet, r);
            if (types.put(r, v.wallTypes()) != null || r.equals(vmName)) {
                throw new IllegalArgumentException("VM " + r + " is listed twice (or is the VM to start)");
            }
            here.add(v);
        }
        ChineseWall wall = new ChineseWall(fleet.conflictSets());
        Optional<ChineseWall.Refusal> refused = wall.admit(types, vm.wallTypes());
        if (refused.isPresent()) {
            Fleet.ConflictSet c = refused.get().set();
            return new Verdict(false, vmName + " may not start on " + hostName + " while " + refused.get().running()
                    + " runs there: " + c.statement().text() + " (Chinese Wall: " + refused.get().running() + " holds "
                    + String.join(", ", types.get(refused.get().running()).stream().filter(c.types()::contains).toList())
                    + ", " + vmName + " holds " + String.join(", ", vm.wallTypes().stream().filter(c.types()::contains)
                            .filter(t -> !types.get(refused.get().running()).contains(t)).toList()) + ")",
                    Optional.of(c.statement()));
        }
        if (host.unavailable().isPresent()) {
            return new Verdict(false, hostName + " is not available", host.unavailable());
        }
        // capacity: the running VMs' reservations, then the new one's (the wall was checked above, start by start)
        HostLoad load = new HostLoad(host, new ChineseWall(List.of()));
        here.forEach(load::add);
        Set<Fleet.Resource> before = load.overloaded();
        load.add(vm);
        for (Fleet.Resource r : load.overloaded()) {
            if (!before.contains(r)) {
                long cap = host.capacity(r).orElseThrow() - (r == Fleet.Resource.CPU ? 1 : 0);
                return new Verdict(false, vmName + " does not fit on " + hostName + ": with it, the VMs there would take "
                        + load.used(r) + " " + unit(r) + " of " + r.word + ", and " + cap + " are there" + (r == Fleet.Resource.CPU
                                ? " (Pool-0 keeps one pCPU for dom0)" : ""), Optional.ofNullable(host.capacity().get(r)));
            }
        }
        return new Verdict(true, vmName + " may start on " + hostName, Optional.empty());
    }

    private static String unit(Fleet.Resource r) {
        return switch (r) {
            case CPU -> "pCPUs";
            case MEMORY, DISK -> "MiB";
            case NET, DISK_RATE -> "Kbit/s";
        };
    }

    private static Fleet.Vm vm(Fleet fleet, String name) {
        return fleet.vm(name).orElseThrow(() -> new IllegalArgumentException("no VM " + name + " in the policy (VMs: "
                + String.join(", ", fleet.vms().stream().map(Fleet.Vm::name).limit(20).toList())
                + (fleet.vms().size() > 20 ? ", …" : "") + ")"));
    }
}
