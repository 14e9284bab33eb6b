package org.cordon.xsm.flask.model;

/** role_transition role type:class newRole (values). */
public record RoleTrans(int role, int type, int tclass, int newRole) { }
