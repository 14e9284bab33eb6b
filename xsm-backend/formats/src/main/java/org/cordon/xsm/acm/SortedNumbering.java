package org.cordon.xsm.acm;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * acmpolicy.py's numbering (acm.md §3.4): sorted type universes, VM order [{@code __UNLABELED__},
 * bootstrap, other VM labels sorted] giving every VM label a row in both components (all zeros when a
 * list is missing), then the sorted resource labels in STE only; conflict sets sorted by name. Empty
 * {@code <Type/>} names are dropped, as the DEFAULT policies need.
 */
final class SortedNumbering {

    private SortedNumbering() {
    }

    static SsidLayout layout(AcmPolicy p) {
        List<String> chws = sortedNonEmpty(p.chwallTypes());
        List<String> stes = sortedNonEmpty(p.steTypes());

        List<String> vmOrder = new ArrayList<>();
        for (VmLabel l : p.vmLabels()) {
            if (!l.name().equals(AcmPolicy.UNLABELED) && !l.name().equals(p.bootstrapLabel())) {
                vmOrder.add(l.name());
            }
        }
        vmOrder.sort(null);
        if (p.bootstrapLabel() != null) {
            vmOrder.add(0, p.bootstrapLabel());
        }

        List<SsidRow> chwRows = new ArrayList<>();
        List<SsidRow> steRows = new ArrayList<>();
        VmLabel unlabeled = p.vmLabel(AcmPolicy.UNLABELED).orElse(null);
        chwRows.add(new SsidRow(AcmPolicy.NULL_LABEL, SsidRow.Kind.ANY,
                unlabeled == null ? List.of() : DocumentNumbering.columns(unlabeled.chwallTypes(), chws)));
        steRows.add(new SsidRow(AcmPolicy.NULL_LABEL, SsidRow.Kind.ANY,
                unlabeled == null ? List.of() : DocumentNumbering.columns(unlabeled.steTypes(), stes)));
        for (String name : vmOrder) {
            VmLabel l = p.vmLabel(name).orElseThrow(
                    () -> new IllegalArgumentException("Bootstrap label >" + name + "< not found"));
            chwRows.add(new SsidRow(name, SsidRow.Kind.VM, DocumentNumbering.columns(l.chwallTypes(), chws)));
            steRows.add(new SsidRow(name, SsidRow.Kind.VM, DocumentNumbering.columns(l.steTypes(), stes)));
        }
        List<ResourceLabel> res = new ArrayList<>(p.resourceLabels());
        res.removeIf(r -> r.name().equals(AcmPolicy.UNLABELED));
        res.sort((a, b) -> a.name().compareTo(b.name()));
        for (ResourceLabel r : res) {
            steRows.add(new SsidRow(r.name(), SsidRow.Kind.RES,
                    DocumentNumbering.columns(List.of(r.steType()), stes)));
        }

        List<ConflictSet> sets = new ArrayList<>(p.conflictSets());
        sets.sort((a, b) -> a.name().compareTo(b.name())); // stable: equal names keep document order
        List<SsidRow> setRows = new ArrayList<>();
        for (ConflictSet cs : sets) {
            setRows.add(new SsidRow(cs.name(), SsidRow.Kind.ANY, DocumentNumbering.columns(cs.types(), chws)));
        }

        // acmpolicy.py makes CHWALL primary whenever CHWALL types exist; Xen 3.2+ only loads chwall_ste.
        // Without CHWALL types we write an STE-only policy rather than Python's unloadable secondary=15.
        if (chws.isEmpty()) {
            return new SsidLayout(p.name(), DocumentNumbering.version(p), Numbering.SORTED,
                    PolicyCode.SIMPLE_TYPE_ENFORCEMENT, PolicyCode.NULL, null, null, null, stes, steRows);
        }
        return new SsidLayout(p.name(), DocumentNumbering.version(p), Numbering.SORTED,
                PolicyCode.CHINESE_WALL, PolicyCode.SIMPLE_TYPE_ENFORCEMENT,
                chws, chwRows, setRows, stes, steRows);
    }

    private static List<String> sortedNonEmpty(List<String> types) {
        List<String> out = new ArrayList<>(types.stream().filter(Objects::nonNull).filter(t -> !t.isEmpty()).toList());
        out.sort(null);
        return out;
    }
}
