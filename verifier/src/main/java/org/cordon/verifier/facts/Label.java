package org.cordon.verifier.facts;

import org.cordon.model.Principal;

/**
 * What an access is checked against, in the verifier's own terms: a principal, one of its
 * facets, or a device. Xen's {@code _self} and {@code _target} types are the domain itself here
 * (acting on oneself, or a device model seeing its guest); its event channels (those it may signal on, and
 * the ends of one-way channels it only receives on) and its build label stay apart because information only
 * crosses them by permission (send, bind, transition).
 */
public final class Label implements Comparable<Label> {

    /** SID: the label of an initial SID no statement names otherwise (irq_t: IRQs no device labels). */
    public enum Kind { DOMAIN, VM, XEN, XENBOOT, DOMIO, DOMXEN, DEVICE, SID }

    /** What of a domain: itself, the event channels it may signal on, those it only receives on, its build label. */
    public enum Facet { MAIN, CHANNEL, RECV_CHANNEL, BUILDING }

    private final String owner;
    private final Kind kind;
    private final Facet facet;
    /** Labels key every map of the flow graph and its searches: the hash is worked out once. */
    private final int hash;
    /**
     * This label's event channels, made once (every grant over a domain's channels asks for them); a race
     * between two threads only makes an equal label twice.
     */
    private Label channel;

    public Label(String owner, Kind kind, Facet facet) {
        this.owner = java.util.Objects.requireNonNull(owner);
        this.kind = java.util.Objects.requireNonNull(kind);
        this.facet = java.util.Objects.requireNonNull(facet);
        this.hash = (owner.hashCode() * 31 + kind.ordinal()) * 31 + facet.ordinal();
    }

    public String owner() {
        return owner;
    }

    public Kind kind() {
        return kind;
    }

    public Facet facet() {
        return facet;
    }

    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof Label l && hash == l.hash && kind == l.kind && facet == l.facet
                && owner.equals(l.owner);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    public static final Label XEN = new Label("xen", Kind.XEN, Facet.MAIN);
    public static final Label XENBOOT = new Label("xenboot", Kind.XENBOOT, Facet.MAIN);
    public static final Label DOMIO = new Label("domio", Kind.DOMIO, Facet.MAIN);
    public static final Label DOMXEN = new Label("domxen", Kind.DOMXEN, Facet.MAIN);

    public static Label of(Principal p) {
        return switch (p.kind()) {
            case DOMAIN -> new Label(p.name(), Kind.DOMAIN, Facet.MAIN);
            case VM -> new Label(p.name(), Kind.VM, Facet.MAIN);
            case XEN -> XEN;
            case XENBOOT -> XENBOOT;
            case DOMIO -> DOMIO;
            case DOMXEN -> DOMXEN;
            case DEVICE -> device(p.name());
            case SID -> new Label(p.name(), Kind.SID, Facet.MAIN);
        };
    }

    public static Label device(String name) {
        return new Label(name, Kind.DEVICE, Facet.MAIN);
    }

    public Label channel() {
        Label c = channel;
        if (c == null) {
            c = facet == Facet.CHANNEL ? this : new Label(owner, kind, Facet.CHANNEL);
            channel = c;
        }
        return c;
    }

    public Label recvChannel() {
        return new Label(owner, kind, Facet.RECV_CHANNEL);
    }

    public Label building() {
        return new Label(owner, kind, Facet.BUILDING);
    }

    public Label main() {
        return facet == Facet.MAIN ? this : new Label(owner, kind, Facet.MAIN);
    }

    public boolean isDomain() {
        return kind == Kind.DOMAIN || kind == Kind.VM;
    }

    @Override
    public int compareTo(Label o) {
        return toString().compareTo(o.toString());
    }

    @Override
    public String toString() {
        return switch (facet) {
            case MAIN -> kind == Kind.DEVICE ? "device " + owner : kind == Kind.SID ? "sid " + owner : owner;
            case CHANNEL -> owner + "'s event channels";
            case RECV_CHANNEL -> owner + "'s receive-only event channels";
            case BUILDING -> owner + " while being built";
        };
    }
}
