package org.cordon.xsm.acm;

import java.util.List;
import java.util.Objects;

/**
 * {@code VirtualMachineLabel}. An empty type list means the element was absent (the schema requires at
 * least one {@code Type} when it is present); {@code from} is the old name on an update, or {@code null}.
 */
public record VmLabel(String name, String from, List<String> steTypes, List<String> chwallTypes) {
    public VmLabel {
        Objects.requireNonNull(name, "name");
        steTypes = List.copyOf(steTypes);
        chwallTypes = List.copyOf(chwallTypes);
    }

    public boolean hasSte() {
        return !steTypes.isEmpty();
    }

    public boolean hasChwall() {
        return !chwallTypes.isEmpty();
    }
}
