package org.cordon.xsm.acm;

import java.util.List;
import java.util.Optional;

/**
 * A {@code .map} file as read: the label ↔ ssid-index and type ↔ column tables, per component
 * ("CHWALL" or "STE"). The binary carries no names; this is where they live.
 */
public record AcmMap(String policyName, String primary, String secondary,
                     List<LabelEntry> labels, List<TypeEntry> types) {

    /** {@code LABEL->SSID <kind> <component> <label> <index>}; kind is ANY, VM or RES. */
    public record LabelEntry(String kind, String component, String label, int index) {
    }

    /** {@code TYPE <component> <type> <index>}. */
    public record TypeEntry(String component, String type, int index) {
    }

    public AcmMap {
        labels = List.copyOf(labels);
        types = List.copyOf(types);
    }

    /**
     * The ssid index of a label of the given kind (VM, RES or ANY) in {@code component}, if listed. The
     * kind matters: a VM label and a resource label may share a name (the xm-test policies do).
     */
    public Optional<Integer> ssid(String kind, String component, String label) {
        return labels.stream().filter(e -> e.kind().equals(kind) && e.component().equals(component)
                && e.label().equals(label)).map(LabelEntry::index).findFirst();
    }

    /**
     * The ssidref xend would give a VM label: primary index in bits 0–15, secondary in 16–31
     * (acm.md §2.4); a component the label has no row in contributes 0.
     */
    public Optional<Integer> ssidref(String vmLabel) {
        Optional<Integer> p = ssid("VM", primary, vmLabel);
        Optional<Integer> s = ssid("VM", secondary, vmLabel);
        if (p.isEmpty() && s.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of((s.orElse(0) << 16) | p.orElse(0));
    }
}
