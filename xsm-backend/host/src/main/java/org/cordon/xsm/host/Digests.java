package org.cordon.xsm.host;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 in hex, as sha256sum prints it: how policies are named on hosts and in the history. */
public final class Digests {

    private Digests() {
    }

    public static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** The first 8 hex digits: enough to tell policies apart in file names and tables. */
    public static String short8(String digest) {
        return digest.substring(0, Math.min(8, digest.length()));
    }
}
