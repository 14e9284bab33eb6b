package org.cordon.xsm.catalogue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The catalogues Cordon ships, one per supported Xen release. */
public final class XenCatalogues {

    /** Xen releases with a catalogue, oldest first. */
    public static final List<String> SUPPORTED = List.of("4.17", "4.22");

    private static final Map<String, XenCatalogue> CACHE = new ConcurrentHashMap<>();

    private XenCatalogues() {
    }

    /** The catalogue for a Xen release such as "4.17" or "4.17.7"; empty when Cordon has none. */
    public static Optional<XenCatalogue> forVersion(String xenVersion) {
        String[] parts = xenVersion.split("\\.");
        if (parts.length < 2) {
            return Optional.empty();
        }
        String key = parts[0] + "." + parts[1];
        if (!SUPPORTED.contains(key)) {
            return Optional.empty();
        }
        return Optional.of(CACHE.computeIfAbsent(key, XenCatalogues::load));
    }

    private static XenCatalogue load(String key) {
        String resource = "xen-" + key + ".catalogue";
        try (InputStream in = XenCatalogues.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("catalogue resource missing: " + resource);
            }
            return CatalogueFormat.read(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
