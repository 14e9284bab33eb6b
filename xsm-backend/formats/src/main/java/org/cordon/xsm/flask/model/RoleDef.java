package org.cordon.xsm.flask.model;

/** A role with the roles it dominates and its (expanded) types, both as 0-based value bits. */
public record RoleDef(String name, int value, int bounds, Ebitmap dominates, Ebitmap types) { }
