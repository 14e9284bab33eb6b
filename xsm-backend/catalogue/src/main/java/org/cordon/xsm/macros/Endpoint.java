package org.cordon.xsm.macros;

/**
 * One end of a grant inside a capability, relative to the rule that uses it
 * ({@code allow S cap T}). Derived types follow Xen's conventions: {@code T_self} is the label a
 * domain has when it acts on itself, {@code T_channel} labels the event channels T creates,
 * {@code T_target} is T as seen by its device model, {@code T_building} T's build label. Cordon adds
 * {@code T_recv_channel}: the label of T's end of a one-way channel on which T only receives, so that
 * a domain that may signal one peer cannot signal another through the same label.
 */
public enum Endpoint {
    SUBJECT, TARGET,
    SUBJECT_SELF, TARGET_SELF,
    SUBJECT_CHANNEL, TARGET_CHANNEL,
    SUBJECT_RECV_CHANNEL, TARGET_RECV_CHANNEL,
    TARGET_TARGET, TARGET_BUILDING,
    /**
     * T_target and T_building as what acts: Xen never checks an access made by them (only a raw rule can name
     * them so, to state exactly what an imported FLASK policy says).
     */
    SUBJECT_TARGET, SUBJECT_BUILDING,
    /** xen_t: target of xen, xen2, version and argo checks. */
    XEN,
    /** xenboot_t: Xen while it builds boot-time domains. */
    XENBOOT,
    /** security_t: the security server. */
    SECURITY,
    /** domio_t: DOMID_IO, target of I/O memory mappings. */
    DOMIO,
    /** domxen_t: DOMID_XEN, target of getdomaininfo on Xen and of migration's reads of Xen pages. */
    DOMXEN;

    /** The principal an endpoint belongs to, for checks done per principal. */
    public Endpoint owner() {
        return switch (this) {
            case SUBJECT_SELF, SUBJECT_CHANNEL, SUBJECT_RECV_CHANNEL, SUBJECT_TARGET, SUBJECT_BUILDING -> SUBJECT;
            case TARGET_SELF, TARGET_CHANNEL, TARGET_RECV_CHANNEL, TARGET_TARGET, TARGET_BUILDING -> TARGET;
            default -> this;
        };
    }
}
