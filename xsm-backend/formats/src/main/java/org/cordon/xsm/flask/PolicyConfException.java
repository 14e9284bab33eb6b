package org.cordon.xsm.flask;

/**
 * A policy.conf that cannot be compiled. The message reads {@code file:line:col: message}, with the file and
 * line taken from {@code #line} markers when present, so it points at the original source.
 */
public class PolicyConfException extends Exception {
    private final String file;
    private final int line;
    private final int column;
    private final String detail;

    public PolicyConfException(String file, int line, int column, String detail) {
        super(file + ":" + line + ":" + column + ": " + detail);
        this.file = file;
        this.line = line;
        this.column = column;
        this.detail = detail;
    }

    public String file() { return file; }
    public int line() { return line; }
    public int column() { return column; }
    public String detail() { return detail; }
}
