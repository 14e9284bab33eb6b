package org.cordon.xsm.acm;

/** How labels and types become ssid rows and type columns (acm.md §3.4). */
public enum Numbering {
    /**
     * acmpolicy.py (Xen 3.2–4.1), the default: sorted types, {@code __UNLABELED__} at 0, bootstrap at 1,
     * sorted VM labels, then sorted resource labels; a VM label has the same index in both components.
     */
    SORTED,
    /** xensec_xml2bin (Xen ≤ 3.2-dev): document order, bootstrap moved to 1, one row per type list. */
    DOCUMENT
}
