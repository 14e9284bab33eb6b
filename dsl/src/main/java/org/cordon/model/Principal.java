package org.cordon.model;

/**
 * Something that runs or is acted on: a named domain, a VM, one of Xen's own principals (the hypervisor, Xen while
 * it builds boot domains, DOMID_IO, DOMID_XEN) or a device. Rules, forbids and assertions mean sets of these.
 */
public record Principal(String name, Kind kind) implements Comparable<Principal> {

    /** SID: the label of one of Xen's initial SIDs no statement names otherwise (irq_t for IRQs no device labels). */
    public enum Kind { DOMAIN, VM, XEN, XENBOOT, DOMIO, DOMXEN, DEVICE, SID }

    /** The initial SIDs a {@code sid} reference may name besides xenboot, with the type Xen gives each: NAME_t. */
    public static final java.util.List<String> SIDS = java.util.List.of("unlabeled", "irq", "ioport", "iomem", "device");

    public static final Principal XEN = new Principal("xen", Kind.XEN);
    public static final Principal XENBOOT = new Principal("xenboot", Kind.XENBOOT);
    public static final Principal DOMIO = new Principal("domio", Kind.DOMIO);
    public static final Principal DOMXEN = new Principal("domxen", Kind.DOMXEN);

    public boolean isDomain() {
        return kind == Kind.DOMAIN || kind == Kind.VM;
    }

    public static Principal device(String name) {
        return new Principal(name, Kind.DEVICE);
    }

    /** {@code sid NAME}: xen, xenboot, domio and domxen are Xen's own principals, the others that SID's label. */
    public static Principal sid(String name) {
        return switch (name) {
            case "xen" -> XEN;
            case "xenboot" -> XENBOOT;
            case "domio" -> DOMIO;
            case "domxen" -> DOMXEN;
            default -> new Principal(name, Kind.SID);
        };
    }

    @Override
    public int compareTo(Principal o) {
        return name.compareTo(o.name);
    }

    @Override
    public String toString() {
        return name;
    }
}
