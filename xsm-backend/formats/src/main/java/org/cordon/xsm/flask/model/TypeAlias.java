package org.cordon.xsm.flask.model;

/**
 * An alias name for the type with value {@code value}. {@code bounds} is what the binary stores for the alias
 * entry: libsepol gives it the parent of its primary's dotted name ("a.b" is bounded by "a"), otherwise 0.
 */
public record TypeAlias(String name, int value, int bounds) { }
