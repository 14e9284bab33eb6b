package org.cordon.xsm.flask.model;

/** An initial SID number and its context. */
public record InitialSid(int sid, Context context) { }
