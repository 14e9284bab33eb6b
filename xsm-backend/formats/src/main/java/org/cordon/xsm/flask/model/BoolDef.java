package org.cordon.xsm.flask.model;

/** A boolean and its default state. */
public record BoolDef(String name, int value, boolean state) { }
