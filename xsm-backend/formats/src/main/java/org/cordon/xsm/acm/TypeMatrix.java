package org.cordon.xsm.acm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** An immutable {@code u16[rows][cols]} matrix read from a binary (cells are 0/1 in tool output). */
public final class TypeMatrix {

    private final int rows;
    private final int cols;
    private final int[] cells;

    public TypeMatrix(int rows, int cols, int[] cells) {
        if (cells.length != rows * cols) {
            throw new IllegalArgumentException("matrix " + rows + "x" + cols + " needs " + rows * cols + " cells");
        }
        this.rows = rows;
        this.cols = cols;
        this.cells = cells.clone();
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    public int get(int row, int col) {
        return cells[row * cols + col];
    }

    public List<Integer> row(int row) {
        List<Integer> out = new ArrayList<>(cols);
        for (int c = 0; c < cols; c++) {
            out.add(get(row, c));
        }
        return out;
    }

    /** Column indices with a non-zero cell. */
    public List<Integer> columnsSet(int row) {
        List<Integer> out = new ArrayList<>();
        for (int c = 0; c < cols; c++) {
            if (get(row, c) != 0) {
                out.add(c);
            }
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TypeMatrix m && m.rows == rows && m.cols == cols && Arrays.equals(m.cells, cells);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * rows + cols) + Arrays.hashCode(cells);
    }

    @Override
    public String toString() {
        return "TypeMatrix[" + rows + "x" + cols + "]";
    }
}
