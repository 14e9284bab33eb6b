package org.cordon.xsm.flask.model;

/** A type or attribute (value = its number). {@code bounds} is the bounding type's value or 0. */
public record TypeDef(String name, int value, boolean attribute, int bounds) { }
