package org.cordon.xsm.acm;

import java.util.List;

/**
 * One ssid row of a component: the label it stands for ({@code kind} ANY for row 0, VM or RES) and the
 * type-column indices it holds, in ascending order.
 */
public record SsidRow(String label, Kind kind, List<Integer> columns) {

    public enum Kind { ANY, VM, RES }

    public SsidRow {
        columns = List.copyOf(columns);
    }
}
