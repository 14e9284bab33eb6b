package org.cordon.xsm.acm;

import java.util.List;

/** {@code ChineseWall}: the CHWALL type universe and the conflict sets, both in document order. */
public record ChwallComponent(List<String> types, List<ConflictSet> conflictSets, boolean primary) {
    public ChwallComponent {
        types = List.copyOf(types);
        conflictSets = List.copyOf(conflictSets);
    }
}
