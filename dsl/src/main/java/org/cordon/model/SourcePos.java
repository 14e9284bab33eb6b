package org.cordon.model;

/** Where a statement came from: file, 1-based line and column, and the character range. */
public record SourcePos(String file, int line, int column, int offset, int length) {

    public static final SourcePos NONE = new SourcePos("<builtin>", 0, 0, 0, 0);

    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
