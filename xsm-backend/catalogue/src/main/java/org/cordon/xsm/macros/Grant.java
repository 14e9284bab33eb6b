package org.cordon.xsm.macros;

import java.util.List;

/** {@code allow from to:securityClass { permissions }} in terms of a capability's two ends. */
public record Grant(Endpoint from, Endpoint to, String securityClass, List<String> permissions) {
    public Grant {
        permissions = List.copyOf(permissions);
    }

    /** Whether it goes from a label of one end to a label of the other (either way round), not within one end. */
    public boolean acrossTheEnds() {
        Endpoint f = from.owner();
        Endpoint t = to.owner();
        return (f == Endpoint.SUBJECT || f == Endpoint.TARGET) && (t == Endpoint.SUBJECT || t == Endpoint.TARGET)
                && f != t;
    }
}
