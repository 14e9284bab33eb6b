package org.cordon.xsm.flask;

/** A binary policy that cannot be read; {@link #offset()} is the byte offset where reading failed. */
public class BinaryPolicyException extends Exception {
    private final long offset;

    public BinaryPolicyException(long offset, String detail) {
        super("offset " + offset + " (0x" + Long.toHexString(offset) + "): " + detail);
        this.offset = offset;
    }

    public long offset() { return offset; }
}
