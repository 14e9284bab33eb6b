package org.cordon.xsm.acm;

/** A binary policy or map that is corrupt or truncated; {@link #offset()} is where reading failed. */
public class AcmFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final long offset;

    public AcmFormatException(long offset, String message) {
        super("at byte offset " + offset + " (0x" + Long.toHexString(offset) + "): " + message);
        this.offset = offset;
    }

    /** Byte offset in a binary; line number (1-based) for a map file. */
    public long offset() {
        return offset;
    }
}
