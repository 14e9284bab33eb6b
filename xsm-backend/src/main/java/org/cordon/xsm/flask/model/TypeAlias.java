package org.cordon.xsm.flask.model;

/** An alias name for the type with value {@code value}. */
public record TypeAlias(String name, int value) { }
