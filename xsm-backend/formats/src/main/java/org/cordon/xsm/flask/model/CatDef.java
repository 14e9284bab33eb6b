package org.cordon.xsm.flask.model;

/** A category or category alias. */
public record CatDef(String name, int value, boolean alias) { }
