package org.cordon.verifier.permmap;

/** One permission's information-flow meaning: direction, weight 1..10 (10 = direct copy of data), and why. */
public record PermissionFlow(String securityClass, String permission, FlowDirection direction, int weight,
        String reason) {

    public PermissionFlow {
        if (weight < 1 || weight > 10) {
            throw new IllegalArgumentException(securityClass + "." + permission + ": weight must be 1..10, not " + weight);
        }
    }

    public String key() {
        return securityClass + "." + permission;
    }
}
