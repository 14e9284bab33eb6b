package org.cordon.xsm.acm;

import java.util.List;
import java.util.Objects;

/** {@code Conflict}: CHWALL types of which running domains may hold only one. */
public record ConflictSet(String name, List<String> types) {
    public ConflictSet {
        Objects.requireNonNull(name, "name");
        types = List.copyOf(types);
    }
}
