package org.cordon.xsm.acm;

import java.util.Objects;

/** {@code PolicyHeader/FromPolicy}: the policy (name and version) an update replaces. */
public record FromPolicy(String policyName, String version) {
    public FromPolicy {
        Objects.requireNonNull(policyName, "policyName");
        Objects.requireNonNull(version, "version");
    }
}
