package org.cordon.xsm.acm;

import java.util.Objects;

/**
 * {@code PolicyHeader}. Only {@code name} and {@code version} reach the binary; the optional
 * fields ({@code null} when absent) are kept so that a written policy says what the source said.
 */
public record PolicyHeader(String name, String url, String reference, String date, String namespaceUrl,
                           String version, FromPolicy fromPolicy) {
    public PolicyHeader {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
    }

    /** A header with only the two required fields. */
    public static PolicyHeader of(String name, String version) {
        return new PolicyHeader(name, null, null, null, null, version, null);
    }
}
