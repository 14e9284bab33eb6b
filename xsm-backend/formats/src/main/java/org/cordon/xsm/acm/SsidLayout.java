package org.cordon.xsm.acm;

import java.util.List;

/**
 * A policy numbered for the binary: type columns and ssid rows per component, conflict-set rows, and
 * which component is primary. Both the binary and the map are written from this, so they always agree.
 * An absent component has {@code null} lists.
 */
public record SsidLayout(String policyName, PolicyVersion version, Numbering numbering,
                         PolicyCode primary, PolicyCode secondary,
                         List<String> chwallTypes, List<SsidRow> chwallRows, List<SsidRow> conflictSets,
                         List<String> steTypes, List<SsidRow> steRows) {

    public SsidLayout {
        chwallTypes = chwallTypes == null ? null : List.copyOf(chwallTypes);
        chwallRows = chwallRows == null ? null : List.copyOf(chwallRows);
        conflictSets = conflictSets == null ? null : List.copyOf(conflictSets);
        steTypes = steTypes == null ? null : List.copyOf(steTypes);
        steRows = steRows == null ? null : List.copyOf(steRows);
    }

    public boolean hasChwall() {
        return chwallRows != null;
    }

    public boolean hasSte() {
        return steRows != null;
    }

    /** Numbers {@code policy} the chosen way; the policy must already pass {@link AcmPolicyValidator}. */
    public static SsidLayout of(AcmPolicy policy, Numbering numbering) {
        return numbering == Numbering.SORTED ? SortedNumbering.layout(policy) : DocumentNumbering.layout(policy);
    }
}
