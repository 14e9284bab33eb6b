package org.cordon.xsm.acm;

/** One problem found in a policy; {@code line}/{@code column} are 0 when the position is unknown. */
public record AcmProblem(String message, int line, int column) {

    public static AcmProblem at(String message, SourcePositions.Position pos) {
        return pos == null ? new AcmProblem(message, 0, 0) : new AcmProblem(message, pos.line(), pos.column());
    }

    @Override
    public String toString() {
        return line > 0 ? line + ":" + column + ": " + message : message;
    }
}
