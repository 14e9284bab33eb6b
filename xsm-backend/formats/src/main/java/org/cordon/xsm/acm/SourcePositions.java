package org.cordon.xsm.acm;

import java.util.HashMap;
import java.util.Map;

/**
 * Where the parts of a policy came from in its XML, keyed by the paths {@link AcmPolicyValidator} reports
 * against ("vm[2].ste[0]", "bootstrap", ...). Kept outside the model so that equal policies stay equal.
 */
public final class SourcePositions {

    /** A 1-based line and column (as reported by the SAX locator). */
    public record Position(int line, int column) {
    }

    public static final SourcePositions NONE = new SourcePositions(Map.of());

    private final Map<String, Position> byKey;

    private SourcePositions(Map<String, Position> byKey) {
        this.byKey = byKey;
    }

    public Position get(String key) {
        return byKey.get(key);
    }

    /** Collects positions while a document is read. */
    static final class Builder {
        private final Map<String, Position> map = new HashMap<>();

        void put(String key, Position pos) {
            if (pos != null) {
                map.putIfAbsent(key, pos);
            }
        }

        SourcePositions build() {
            return new SourcePositions(Map.copyOf(map));
        }
    }
}
