package org.cordon.xsm.flask.model;

/** allow role newRole (values). */
public record RoleAllow(int role, int newRole) { }
