package org.cordon.verifier.permmap;

/**
 * Which way information moves when a permission is used, relative to the rule's source (the
 * subject), with setools' perm_map letters.
 */
public enum FlowDirection {
    /** target → source: the subject reads. */
    READ('r'),
    /** source → target: the subject writes. */
    WRITE('w'),
    BOTH('b'),
    /** an authorisation whose data movement another permission carries. */
    NONE('n');

    private final char letter;

    FlowDirection(char letter) {
        this.letter = letter;
    }

    public char letter() {
        return letter;
    }

    public boolean flowsToTarget() {
        return this == WRITE || this == BOTH;
    }

    public boolean flowsToSource() {
        return this == READ || this == BOTH;
    }

    public static FlowDirection ofLetter(String s) {
        for (FlowDirection d : values()) {
            if (s.length() == 1 && s.charAt(0) == d.letter) {
                return d;
            }
        }
        throw new IllegalArgumentException("direction must be one of r, w, b, n: " + s);
    }
}
