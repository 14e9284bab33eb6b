package org.cordon.verifier.facts;

/** One allowed (source, target, class, permission) tuple and the statement that allows it. */
public record Fact(Label source, Label target, String securityClass, String permission, Origin origin) {

    public String access() {
        return source + " -> " + target + " : " + securityClass + "." + permission;
    }
}
