package org.cordon.xsm.flask.model;

/** A user with its roles (0-based role value bits) and MLS range / default level (zero when not MLS). */
public record UserDef(String name, int value, int bounds, Ebitmap roles, MlsRange range, MlsLevel defaultLevel) { }
