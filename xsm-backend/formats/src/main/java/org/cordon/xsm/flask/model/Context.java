package org.cordon.xsm.flask.model;

/** A security context by values (user, role, type) and MLS range. */
public record Context(int user, int role, int type, MlsRange range) { }
