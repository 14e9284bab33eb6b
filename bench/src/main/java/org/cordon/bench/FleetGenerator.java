package org.cordon.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A fleet as Cordon source, for the placement benchmark: hosts spread over zones, VMs in classes
 * (strong, weak, and weak classes inside hybrid clusters), conflict sets over disjoint groups of
 * strong classes, some classes bound to a zone. Seeded, so every run places the same fleet.
 * {@code pins} (VM → host) turns it into a given placement. The fleets are 100 hosts, 1,000 VMs,
 * 20 conflict sets, 3 zones, and ten times that in 10 zones (1,000 hosts, 10,000 VMs, 200 conflict sets).
 */
final class FleetGenerator {

    record Shape(int hosts, int vms, int conflictSets, int zones, int vmsPerClass, long seed) {
    }

    private FleetGenerator() {
    }

    static String cordon(Shape s, Map<String, String> pins) {
        Random rnd = new Random(s.seed());
        StringBuilder b = new StringBuilder("policy fleet version 1\ntarget xen 4.22\n\nlayer platform {\n"
                + "  domain dom0 : control singleton\n  allow dom0 create, manage, comms guests\n"
                + "  export dom0\n}\n\nlayer tenants over platform {\n");
        for (int z = 0; z < s.zones(); z++) {
            b.append("  zone z").append(z).append('\n');
        }
        for (int h = 0; h < s.hosts(); h++) {
            b.append("  host h").append(h).append(" { cpus 24 memory 128 GiB net 10 Gbit/s disk 4 TiB zone z")
                    .append(h % s.zones()).append(" }\n");
        }
        int classes = s.vms() / s.vmsPerClass();
        // 6 in 10 classes strong, 2 weak, 2 weak inside hybrid clusters of four
        int clustered = classes / 5 / 4 * 4;
        int strongCount = classes * 6 / 10;
        List<String> strong = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            boolean inCluster = c >= classes - clustered;
            int inside = c - (classes - clustered);
            if (inCluster && inside % 4 == 0) {
                b.append("  cluster k").append(inside / 4).append(" isolation hybrid {\n");
            }
            String indent = inCluster ? "    " : "  ";
            String name = "t" + c;
            b.append(indent).append("class ").append(name).append(" isolation ")
                    .append(c < strongCount ? "strong" : "weak").append(" {\n");
            for (int v = 0; v < s.vmsPerClass(); v++) {
                String vm = name + ".v" + v;
                b.append(indent).append("  vm v").append(v).append(" { vcpus ").append(1 + rnd.nextInt(4))
                        .append(" memory ").append(2 + rnd.nextInt(15)).append(" GiB net ")
                        .append(50 + 50 * rnd.nextInt(10)).append(" Mbit/s disk ").append(20 + 10 * rnd.nextInt(10))
                        .append(" GiB");
                if (rnd.nextInt(4) == 0) {
                    b.append(" cpu cap ").append(50 + 10 * rnd.nextInt(5)).append('%');
                }
                if (pins.containsKey(vm)) {
                    b.append(" on ").append(pins.get(vm));
                }
                b.append(" }\n");
            }
            if (rnd.nextInt(3) == 0) {
                b.append(indent).append("  features { migrate within z").append(rnd.nextInt(s.zones())).append(" }\n");
            }
            b.append(indent).append("}\n");
            if (inCluster && inside % 4 == 3) {
                b.append("  }\n");
            }
            if (c < strongCount) {
                strong.add(name);
            }
        }
        // disjoint conflict sets over the strong classes, as many members each as fit
        int per = Math.max(2, strong.size() / Math.max(1, s.conflictSets()));
        for (int k = 0; k < s.conflictSets() && (k + 1) * per <= strong.size(); k++) {
            b.append("  conflict c").append(k).append(" { ")
                    .append(String.join(", ", strong.subList(k * per, (k + 1) * per))).append(" }\n");
        }
        return b.append("}\n").toString();
    }
}
