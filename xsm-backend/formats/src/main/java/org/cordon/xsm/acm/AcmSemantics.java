package org.cordon.xsm.acm;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a policy permits, as the hypervisor decides it (acm.md §2): STE sharing between two labels and
 * the Chinese Wall start-up check. Labels are looked up by name among VM labels first, then resource
 * labels (which have STE types only). Empty {@code <Type/>} names carry no meaning and are ignored.
 */
public final class AcmSemantics {

    private final AcmPolicy policy;

    public AcmSemantics(AcmPolicy policy) {
        this.policy = policy;
    }

    /** STE: event channels, grants and resource use are allowed iff the STE type sets intersect. */
    public boolean canShare(String labelA, String labelB) {
        Set<String> a = steTypes(labelA);
        a.retainAll(steTypes(labelB));
        return !a.isEmpty();
    }

    /**
     * CHWALL, exactly as Xen checks domain creation: {@code starting} is refused while a domain labelled
     * {@code running} runs iff some conflict set C shares a type with {@code running} and {@code starting}
     * holds a type of C that {@code running} does not hold.
     */
    public boolean blocksStart(String running, String starting) {
        Set<String> r = chwallTypes(running);
        Set<String> s = chwallTypes(starting);
        for (ConflictSet cs : policy.conflictSets()) {
            if (cs.types().stream().noneMatch(r::contains)) {
                continue;
            }
            for (String t : cs.types()) {
                if (!r.contains(t) && s.contains(t)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Whether the two labels conflict: Xen refuses one of them while the other runs, in at least one
     * start order. The check is order-dependent in general (a label holding two types of one set blocks
     * a later label with one of them, but not the other way round), so this reports either direction.
     */
    public boolean conflicts(String labelA, String labelB) {
        return blocksStart(labelA, labelB) || blocksStart(labelB, labelA);
    }

    private Set<String> steTypes(String label) {
        var vm = policy.vmLabel(label);
        if (vm.isPresent()) {
            return nonEmpty(vm.get().steTypes());
        }
        var res = policy.resourceLabel(label);
        if (res.isPresent()) {
            return nonEmpty(List.of(res.get().steType()));
        }
        throw new IllegalArgumentException("no label " + label + " in policy " + policy.name());
    }

    private Set<String> chwallTypes(String label) {
        var vm = policy.vmLabel(label);
        if (vm.isPresent()) {
            return nonEmpty(vm.get().chwallTypes());
        }
        if (policy.resourceLabel(label).isPresent()) {
            return Set.of(); // resources have no CHWALL part (their CHWALL ssid is NULL_SSIDREF)
        }
        throw new IllegalArgumentException("no label " + label + " in policy " + policy.name());
    }

    private static Set<String> nonEmpty(List<String> types) {
        Set<String> out = new HashSet<>(types);
        out.remove("");
        return out;
    }
}
