package org.cordon.xsm.acm;

/**
 * A binary policy as read: header fields as stored, and the components found at the header's offsets.
 * Fields a version lacks are -1 ({@code policyReferenceOffset} in V1, the XML version before V3) or
 * {@code null} ({@code policyNameBytes} before V2, {@code xmlHashHex} before V4, an absent component).
 *
 * @param policyNameBytes the policy-reference bytes including the terminating NUL, one char per byte
 */
public record AcmBinaryPolicy(int policyVersion, boolean magicFirst, int length, int fileLength, int headerSize,
                              int policyReferenceOffset, int primaryCode, int primaryOffset,
                              int secondaryCode, int secondaryOffset, int xmlMajor, int xmlMinor,
                              String xmlHashHex, String policyNameBytes,
                              ChwallSection chwall, SteSection ste) {

    /** The CHINESE_WALL component. */
    public record ChwallSection(int offset, int version, int code, int maxTypes, int maxSsidrefs,
                                int maxConflictSets, int ssidOffset, int conflictSetsOffset,
                                int runningTypesOffset, int conflictAggregateOffset,
                                TypeMatrix ssids, TypeMatrix conflictSets) {
    }

    /** The SIMPLE_TYPE_ENFORCEMENT component. */
    public record SteSection(int offset, int version, int code, int maxTypes, int maxSsidrefs, int ssidOffset,
                             TypeMatrix ssids) {
    }

    /** The policy name without its NUL (decoded as UTF-8), or {@code null} in V1. */
    public String policyName() {
        if (policyNameBytes == null) {
            return null;
        }
        int nul = policyNameBytes.indexOf('\0');
        String raw = nul < 0 ? policyNameBytes : policyNameBytes.substring(0, nul);
        return new String(raw.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1),
                java.nio.charset.StandardCharsets.UTF_8);
    }
}
