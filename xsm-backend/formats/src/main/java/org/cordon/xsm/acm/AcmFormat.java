package org.cordon.xsm.acm;

/** Binary policy layouts Cordon writes (acm.md §3.2). The reader also understands V1 and V2. */
public enum AcmFormat {
    /** Xen 3.3–4.1, the default: magic first, policy_version 4, 60-byte header with the XML's SHA-1. */
    V4(4, true, 60),
    /** Xen 3.2 (and xensec_xml2bin from 2007-08-31): magic first, policy_version 3, 40-byte header. */
    V3_MAGIC_FIRST(3, true, 40),
    /** Xen 3.1: policy_version 3 first, then the magic; otherwise as {@link #V3_MAGIC_FIRST}. */
    V3_VERSION_FIRST(3, false, 40);

    private final int policyVersion;
    private final boolean magicFirst;
    private final int headerSize;

    AcmFormat(int policyVersion, boolean magicFirst, int headerSize) {
        this.policyVersion = policyVersion;
        this.magicFirst = magicFirst;
        this.headerSize = headerSize;
    }

    public int policyVersion() {
        return policyVersion;
    }

    public boolean magicFirst() {
        return magicFirst;
    }

    public int headerSize() {
        return headerSize;
    }
}
