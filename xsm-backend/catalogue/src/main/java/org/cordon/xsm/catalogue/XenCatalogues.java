package org.cordon.xsm.catalogue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The catalogues Cordon ships, one per supported Xen release line. Each was generated from the newest point
 * release of its line (the tag its hook model names); point releases within a line do not change the FLASK
 * classes, so "4.20" and "4.20.4" are the same release here.
 */
public final class XenCatalogues {

    /** Xen releases with a catalogue, oldest first. 4.15 is left out: its declaration files equal 4.16's. */
    public static final List<String> SUPPORTED = List.of("4.14", "4.16", "4.17", "4.18", "4.19", "4.20", "4.21", "4.22");

    private static final Map<String, XenCatalogue> CACHE = new ConcurrentHashMap<>();

    private XenCatalogues() {
    }

    /** The newest supported release's catalogue. */
    public static XenCatalogue newest() {
        return forVersion(SUPPORTED.get(SUPPORTED.size() - 1)).orElseThrow();
    }

    /** The catalogue for a Xen release such as "4.17" or "4.17.7"; empty when Cordon has none. */
    public static Optional<XenCatalogue> forVersion(String xenVersion) {
        return release(xenVersion).map(key -> CACHE.computeIfAbsent(key, XenCatalogues::load));
    }

    /** The supported release line a version belongs to: "4.20.4" and "4.20" are "4.20"; empty when unsupported. */
    public static Optional<String> release(String xenVersion) {
        int[] v = parse(xenVersion);
        if (v == null) {
            return Optional.empty();
        }
        String key = v[0] + "." + v[1];
        return SUPPORTED.contains(key) ? Optional.of(key) : Optional.empty();
    }

    /** The supported release before this one ("4.17" before "4.18"); empty for the oldest or an unsupported one. */
    public static Optional<String> previous(String xenVersion) {
        return release(xenVersion).map(SUPPORTED::indexOf).filter(i -> i > 0).map(i -> SUPPORTED.get(i - 1));
    }

    /**
     * The supported releases closest to a version Cordon has no catalogue for: the one below and the one above
     * ("4.15" gives 4.14 and 4.16, "4.23" gives 4.22); all of them when the version does not read as major.minor.
     */
    public static List<String> nearest(String xenVersion) {
        int[] v = parse(xenVersion);
        if (v == null) {
            return SUPPORTED;
        }
        String below = null;
        String above = null;
        for (String s : SUPPORTED) {
            int[] r = parse(s);
            int cmp = r[0] != v[0] ? Integer.compare(r[0], v[0]) : Integer.compare(r[1], v[1]);
            if (cmp < 0) {
                below = s;
            } else if (cmp > 0 && above == null) {
                above = s;
            }
        }
        if (below == null) {
            return List.of(above);
        }
        return above == null ? List.of(below) : List.of(below, above);
    }

    /** What to tell a user whose policy targets a release Cordon has no catalogue for. */
    public static String unsupported(String xenVersion) {
        List<String> near = nearest(xenVersion);
        return "Cordon has no catalogue for Xen " + xenVersion + "; the nearest supported "
                + (near.size() == 1 ? "release is " + near.get(0) : "releases are " + String.join(" and ", near))
                + " (supported: " + String.join(", ", SUPPORTED) + ")";
    }

    /** major and minor of "4.20", "4.20.4", "4.20-rc"; null when the text does not start that way. */
    private static int[] parse(String version) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,4})\\.(\\d{1,4})(?:[.\\-+~].*)?")
                .matcher(version.strip());
        return m.matches() ? new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))} : null;
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
