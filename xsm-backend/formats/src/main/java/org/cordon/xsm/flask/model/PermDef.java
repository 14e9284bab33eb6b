package org.cordon.xsm.flask.model;

/** A permission: its bit is {@code value - 1}. */
public record PermDef(String name, int value) { }
