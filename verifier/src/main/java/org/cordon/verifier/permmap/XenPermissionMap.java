package org.cordon.verifier.permmap;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.cordon.xsm.catalogue.XenCatalogue;

/**
 * The information-flow meaning of every FLASK permission of the supported Xen releases, read from
 * the resource {@code xen-permission-map.txt} (one line per permission: class, permission,
 * direction letter, weight, reason). One map covers all releases: a permission means the same
 * wherever it exists.
 */
public final class XenPermissionMap {

    static final String RESOURCE = "xen-permission-map.txt";

    private static volatile XenPermissionMap standard;

    private final Map<String, PermissionFlow> flows;
    /** The same by class, then permission: looked up once per fact, without building a key. */
    private final Map<String, Map<String, PermissionFlow>> byClass = new java.util.HashMap<>();

    private XenPermissionMap(Map<String, PermissionFlow> flows) {
        this.flows = flows;
        flows.values().forEach(f -> byClass.computeIfAbsent(f.securityClass(), k -> new java.util.HashMap<>())
                .put(f.permission(), f));
    }

    /** The map Cordon ships. */
    public static XenPermissionMap standard() {
        if (standard == null) {
            try (InputStream in = XenPermissionMap.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("permission map resource missing: " + RESOURCE);
                }
                standard = parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return standard;
    }

    /** Parses the text form; a malformed or repeated line is an error naming its line number. */
    public static XenPermissionMap parse(String text) {
        Map<String, PermissionFlow> flows = new LinkedHashMap<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\\s+", 5);
            if (f.length < 5) {
                throw new IllegalArgumentException("permission map line " + (i + 1)
                        + ": want 'class permission r|w|b|n weight reason': " + line);
            }
            PermissionFlow flow;
            try {
                flow = new PermissionFlow(f[0], f[1], FlowDirection.ofLetter(f[2]), Integer.parseInt(f[3]), f[4]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("permission map line " + (i + 1) + ": " + e.getMessage(), e);
            }
            if (flows.putIfAbsent(flow.key(), flow) != null) {
                throw new IllegalArgumentException("permission map line " + (i + 1) + ": " + flow.key()
                        + " is classified twice");
            }
        }
        return new XenPermissionMap(flows);
    }

    public Optional<PermissionFlow> flow(String securityClass, String permission) {
        Map<String, PermissionFlow> perms = byClass.get(securityClass);
        return Optional.ofNullable(perms == null ? null : perms.get(permission));
    }

    public Collection<PermissionFlow> all() {
        return flows.values();
    }

    /** Permissions of the catalogue the map does not classify (should be none). */
    public List<String> unclassified(XenCatalogue catalogue) {
        List<String> out = new ArrayList<>();
        for (XenCatalogue.SecurityClass c : catalogue.classes()) {
            for (XenCatalogue.Permission p : c.permissions()) {
                if (!flows.containsKey(c.name() + "." + p.name())) {
                    out.add(c.name() + "." + p.name());
                }
            }
        }
        return out;
    }
}
