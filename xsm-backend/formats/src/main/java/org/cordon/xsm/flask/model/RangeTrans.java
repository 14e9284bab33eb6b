package org.cordon.xsm.flask.model;

/** range_transition source target:class range (values); MLS policies only. */
public record RangeTrans(int source, int target, int tclass, MlsRange range) { }
