package org.cordon.xsm.acm;

/** {@code primary_policy_code} / {@code secondary_policy_code} values (acm.md §2.3). */
public enum PolicyCode {
    NULL(0), CHINESE_WALL(1), SIMPLE_TYPE_ENFORCEMENT(2), UNDEFINED(15);

    private final int code;

    PolicyCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The code's enum, or {@code null} for a value Xen does not know. */
    public static PolicyCode of(int code) {
        for (PolicyCode c : values()) {
            if (c.code == code) {
                return c;
            }
        }
        return null;
    }

    /** The name used in {@code .map} files. */
    public String mapName() {
        return switch (this) {
            case CHINESE_WALL -> "CHWALL";
            case SIMPLE_TYPE_ENFORCEMENT -> "STE";
            default -> "NULL";
        };
    }
}
