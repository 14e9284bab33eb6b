package org.cordon.xsm.acm;

import java.util.List;

/**
 * {@code SimpleTypeEnforcement}: the STE type universe in document order. {@code primary} records the
 * {@code priority="PrimaryPolicyComponent"} attribute, which no compiler honours (see acm.md §1.2).
 */
public record SteComponent(List<String> types, boolean primary) {
    public SteComponent {
        types = List.copyOf(types);
    }
}
