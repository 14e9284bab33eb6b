package org.cordon.verifier.explain;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One access-vector-cache line as Xen prints it to {@code xl dmesg}:
 * {@code (XEN) avc:  denied  { map_read map_write } for source=d0 target=d5
 * scontext=system_u:system_r:dom0_t tcontext=system_u:system_r:nomigrate_t tclass=mmu}.
 * Only the decision, permissions, the two contexts' types and the class matter to a policy; the
 * rest ({@code source=}, {@code irq=}, ...) is kept as {@code detail} for the reader.
 */
public record AvcRecord(boolean denied, List<String> permissions, String sourceType, String targetType,
        String securityClass, String detail, String line) {

    private static final Pattern AVC = Pattern.compile(
            "avc:\\s+(denied|granted)\\s+\\{([^}]*)\\}\\s+for\\s+(.*?)\\s*scontext=(\\S+)\\s+tcontext=(\\S+)\\s+tclass=(\\S+)");

    public AvcRecord {
        permissions = List.copyOf(permissions);
    }

    /** The record in a line, or empty when the line holds none (other dmesg output). */
    public static Optional<AvcRecord> parse(String line) {
        Matcher m = AVC.matcher(line);
        if (!m.find()) {
            return Optional.empty();
        }
        List<String> perms = List.of(m.group(2).trim().split("\\s+"));
        return Optional.of(new AvcRecord(m.group(1).equals("denied"), perms, type(m.group(4)), type(m.group(5)),
                m.group(6), m.group(3).trim(), line.strip()));
    }

    /** The type field of a context user:role:type[:level]. */
    private static String type(String context) {
        String[] parts = context.split(":");
        return parts.length >= 3 ? parts[2] : context;
    }
}
