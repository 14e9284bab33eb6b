package org.cordon.xsm.acm;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code xml_pol_version}: the "M.m" of {@code <Version>}, as the compilers parse it. */
public record PolicyVersion(int major, int minor) implements Comparable<PolicyVersion> {

    // Stricter than the schema's VersionFormat (whose '.' matches any character): the tools split on '.'.
    private static final Pattern FORMAT = Pattern.compile("([0-9]{1,8})\\.([0-9]{1,8})");

    /** Parses "M.m"; empty when the text does not have that form. */
    public static Optional<PolicyVersion> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = FORMAT.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        // 8 digits can exceed a signed int; the binary field is a u32, so keep the low 32 bits like C would.
        return Optional.of(new PolicyVersion((int) Long.parseLong(m.group(1)), (int) Long.parseLong(m.group(2))));
    }

    @Override
    public int compareTo(PolicyVersion o) {
        int c = Integer.compareUnsigned(major, o.major);
        return c != 0 ? c : Integer.compareUnsigned(minor, o.minor);
    }

    @Override
    public String toString() {
        return Integer.toUnsignedString(major) + "." + Integer.toUnsignedString(minor);
    }
}
