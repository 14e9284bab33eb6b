package org.cordon.xsm.flask.model;

/** Xen object contexts (device labels), one record per kind in binary section order. */
public sealed interface Ocontext {
    Context context();

    /** pirqcon: a physical IRQ. */
    record Pirq(int irq, Context context) implements Ocontext { }
    /** ioportcon: an I/O port range. */
    record IoPort(long low, long high, Context context) implements Ocontext { }
    /** iomemcon: a range of page frame numbers (64-bit from policy version 30). */
    record IoMem(long low, long high, Context context) implements Ocontext { }
    /** pcidevicecon: a PCI device as SBDF. */
    record PciDevice(int sbdf, Context context) implements Ocontext { }
    /** devicetreecon: a device tree path (policy version 30). */
    record DeviceTree(String path, Context context) implements Ocontext { }
}
