package org.cordon.model;

/** One decision in principal terms: may {@code subject} use {@code securityClass.permission} on {@code target}. */
public record Access(Principal subject, Principal target, String securityClass, String permission) {
    @Override
    public String toString() {
        return subject + " -> " + target + " : " + securityClass + "." + permission;
    }
}
