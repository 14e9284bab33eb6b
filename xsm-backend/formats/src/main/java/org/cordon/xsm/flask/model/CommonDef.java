package org.cordon.xsm.flask.model;

import java.util.List;

/** A common permission set that classes may inherit. Perms are ordered by value. */
public record CommonDef(String name, int value, List<PermDef> perms) {
    public CommonDef { perms = List.copyOf(perms); }
}
