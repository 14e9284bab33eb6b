package org.cordon.xsm.flask.model;

/** A sensitivity or sensitivity alias with the level (categories) defined for it. */
public record SensDef(String name, boolean alias, MlsLevel level) { }
