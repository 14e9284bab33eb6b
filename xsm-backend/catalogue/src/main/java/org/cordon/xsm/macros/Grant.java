package org.cordon.xsm.macros;

import java.util.List;

/** {@code allow from to:securityClass { permissions }} in terms of a capability's two ends. */
public record Grant(Endpoint from, Endpoint to, String securityClass, List<String> permissions) {
    public Grant {
        permissions = List.copyOf(permissions);
    }
}
