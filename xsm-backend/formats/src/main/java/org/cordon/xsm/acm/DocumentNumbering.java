package org.cordon.xsm.acm;

import java.util.ArrayList;
import java.util.List;

/**
 * xensec_xml2bin's numbering (acm.md §3.4): types and rows in document order, row 0 the null label, one
 * row per type list found under the labels, then the bootstrap label's row moved to index 1. A VM label
 * without {@code ChineseWallTypes} has no CHWALL row, so its two indices can differ.
 */
final class DocumentNumbering {

    private DocumentNumbering() {
    }

    static SsidLayout layout(AcmPolicy p) {
        boolean chw = p.chwall() != null;
        boolean ste = p.ste() != null;
        List<String> chwTypes = p.chwallTypes();
        List<String> steTypes = p.steTypes();

        List<SsidRow> chwRows = null;
        List<SsidRow> sets = null;
        if (chw) {
            chwRows = new ArrayList<>();
            chwRows.add(new SsidRow(AcmPolicy.NULL_LABEL, SsidRow.Kind.ANY, List.of()));
            for (VmLabel l : p.vmLabels()) {
                if (l.hasChwall()) {
                    chwRows.add(new SsidRow(l.name(), SsidRow.Kind.VM, columns(l.chwallTypes(), chwTypes)));
                }
            }
            bootstrapFirst(chwRows, p.bootstrapLabel());
            sets = new ArrayList<>();
            for (ConflictSet cs : p.conflictSets()) {
                sets.add(new SsidRow(cs.name(), SsidRow.Kind.ANY, columns(cs.types(), chwTypes)));
            }
        }
        List<SsidRow> steRows = null;
        if (ste) {
            steRows = new ArrayList<>();
            steRows.add(new SsidRow(AcmPolicy.NULL_LABEL, SsidRow.Kind.ANY, List.of()));
            for (VmLabel l : p.vmLabels()) {
                if (l.hasSte()) {
                    steRows.add(new SsidRow(l.name(), SsidRow.Kind.VM, columns(l.steTypes(), steTypes)));
                }
            }
            for (ResourceLabel r : p.resourceLabels()) {
                steRows.add(new SsidRow(r.name(), SsidRow.Kind.RES, columns(List.of(r.steType()), steTypes)));
            }
            bootstrapFirst(steRows, p.bootstrapLabel());
        }
        // xml2bin ignores the priority attribute: CHWALL is primary whenever it exists
        PolicyCode primary = chw ? PolicyCode.CHINESE_WALL : ste ? PolicyCode.SIMPLE_TYPE_ENFORCEMENT : PolicyCode.NULL;
        PolicyCode secondary = chw && ste ? PolicyCode.SIMPLE_TYPE_ENFORCEMENT : PolicyCode.NULL;
        return new SsidLayout(p.name(), version(p), Numbering.DOCUMENT, primary, secondary,
                chw ? chwTypes : null, chwRows, sets, ste ? steTypes : null, steRows);
    }

    static PolicyVersion version(AcmPolicy p) {
        return PolicyVersion.parse(p.header().version())
                .orElseThrow(() -> new IllegalArgumentException("invalid policy version " + p.header().version()));
    }

    /** Column indices (ascending, no duplicates) of {@code types} within {@code universe}. */
    static List<Integer> columns(List<String> types, List<String> universe) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < universe.size(); i++) {
            if (types.contains(universe.get(i))) {
                out.add(i);
            }
        }
        return out;
    }

    private static void bootstrapFirst(List<SsidRow> rows, String bootstrap) {
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).label().equals(bootstrap)) {
                SsidRow b = rows.remove(i);
                rows.add(Math.min(1, rows.size()), b);
                return;
            }
        }
        throw new IllegalArgumentException("Bootstrap label >" + bootstrap + "< not found");
    }
}
