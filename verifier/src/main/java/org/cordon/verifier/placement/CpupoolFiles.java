package org.cordon.verifier.placement;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A host's cpupools as Xen's tools create them: one {@code xl cpupool-create} configuration per pool besides Pool-0
 * (xlcpupool.cfg(5): name, sched, cpus) and a script that first takes the pool's pCPUs from Pool-0 (cpupool-create
 * takes only free CPUs). Pool-0, where dom0 runs, keeps the lowest pCPUs; the pools get the next ones in name order.
 */
public final class CpupoolFiles {

    /** The scheduler of the pools Cordon creates (Xen's default since 4.12). */
    public static final String SCHEDULER = "credit2";

    private CpupoolFiles() {
    }

    /** File name → text: {@code <pool>.cpupool} per pool and {@code cpupools.sh}. */
    public static Map<String, String> of(PlacementResult.HostPlan plan) {
        Map<String, String> files = new LinkedHashMap<>();
        List<String> script = new ArrayList<>(List.of("#!/bin/sh", "# Cordon: the cpupools of host " + plan.host()
                + " (Pool-0 keeps pCPUs " + range(0, plan.pool0Cpus()) + " for dom0 and the shared VMs)", "set -e"));
        int next = plan.pool0Cpus();
        for (Map.Entry<String, Integer> p : plan.pools().entrySet()) {
            String cpus = range(next, p.getValue());
            next += p.getValue();
            String file = p.getKey() + ".cpupool";
            files.put(file, "# Cordon: cpupool of " + p.getKey() + " on " + plan.host() + "\nname = \"" + p.getKey()
                    + "\"\nsched = \"" + SCHEDULER + "\"\ncpus = \"" + cpus + "\"\n");
            script.add("xl cpupool-cpu-remove Pool-0 " + cpus);
            script.add("xl cpupool-create \"$(dirname \"$0\")/" + file + "\"");
        }
        files.put("cpupools.sh", String.join("\n", script) + "\n");
        return files;
    }

    static String range(int first, int count) {
        return count == 1 ? Integer.toString(first) : first + "-" + (first + count - 1);
    }
}
