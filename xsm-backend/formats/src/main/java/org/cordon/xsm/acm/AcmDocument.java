package org.cordon.xsm.acm;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * A policy read from XML together with the document's minidom-canonical text, which is what xend hashes
 * into a V4 binary (acm.md §3.6), and the source positions used in error messages.
 */
public record AcmDocument(AcmPolicy policy, String canonicalXml, SourcePositions positions) {

    public AcmDocument {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(canonicalXml, "canonicalXml");
        positions = positions == null ? SourcePositions.NONE : positions;
    }

    /** SHA-1 of the canonical XML in UTF-8: the V4 {@code xml_policy_hash}. */
    public byte[] sha1() {
        return sha1(canonicalXml);
    }

    static byte[] sha1(String text) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-1", e);
        }
    }
}
