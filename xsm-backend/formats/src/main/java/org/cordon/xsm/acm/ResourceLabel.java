package org.cordon.xsm.acm;

import java.util.Objects;

/** {@code ResourceLabel}: a name and exactly one STE type (schema 3.1+). */
public record ResourceLabel(String name, String from, String steType) {
    public ResourceLabel {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(steType, "steType");
    }
}
