package org.cordon.xsm.host;

/** FLASK's state as {@code xl getenforce} prints it. */
public enum FlaskMode {
    ENFORCING("Enforcing"),
    PERMISSIVE("Permissive"),
    /** Xen runs without FLASK (dummy or SILO XSM, or flask=disabled): {@code Flask XSM Disabled} */
    DISABLED("Flask XSM Disabled");

    private final String text;

    FlaskMode(String text) {
        this.text = text;
    }

    /** The word xl prints. */
    public String text() {
        return text;
    }

    /** The argument {@code xl setenforce} takes. */
    public String setenforceArgument() {
        return this == ENFORCING ? "1" : "0";
    }
}
