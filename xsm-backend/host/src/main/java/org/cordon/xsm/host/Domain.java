package org.cordon.xsm.host;

/** A running domain and its security label ({@code xl list -Z}: "-" when Xen has none). */
public record Domain(String name, int id, String label) {

    /** The type of a {@code user:role:type[:mls]} label, or null when there is none. */
    public String type() {
        String[] p = label.split(":");
        return p.length >= 3 ? p[2] : null;
    }
}
