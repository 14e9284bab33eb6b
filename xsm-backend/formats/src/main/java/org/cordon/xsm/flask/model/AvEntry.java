package org.cordon.xsm.flask.model;

/**
 * An access-vector table entry: allow/auditallow/dontaudit (data = permission mask; for dontaudit the mask of
 * permissions still audited) or a type rule (data = new type's value). {@code specified} carries
 * {@link #ENABLED} for conditional entries whose branch is currently active.
 */
public record AvEntry(int source, int target, int tclass, int specified, int data) {
    public static final int ALLOWED = 0x1, AUDITALLOW = 0x2, AUDITDENY = 0x4,
            TRANSITION = 0x10, MEMBER = 0x20, CHANGE = 0x40, ENABLED = 0x8000;
    public static final int AV = ALLOWED | AUDITALLOW | AUDITDENY, TYPE = TRANSITION | MEMBER | CHANGE;

    public int kind() { return specified & ~ENABLED; }
}
