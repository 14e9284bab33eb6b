package org.cordon.xsm.host;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parsers of what Xen's tools print (4.17 as Debian ships it; the formats are those of tools/xl/xl_info.c,
 * xl_flask.c and tools/flask/utils). Each takes the tool's text and returns a record, or says what it could not read.
 */
public final class XenOutputs {

    private XenOutputs() {
    }

    /** {@code xl info}: "key : value" lines; nested tables (numa_info, cpu_topology) are skipped. */
    public static Map<String, String> xlInfo(String text) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon <= 0 || !line.substring(0, colon).matches("[a-z_0-9]+\\s*")) {
                continue;
            }
            m.putIfAbsent(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
        }
        return m;
    }

    /** The hypervisor version from {@code xl info}'s xen_major, xen_minor and xen_extra. */
    public static XenVersion xenVersion(Map<String, String> info) throws HostException {
        String major = info.get("xen_major");
        String minor = info.get("xen_minor");
        if (major == null || minor == null || !major.matches("\\d+") || !minor.matches("\\d+")) {
            throw new HostException(HostException.Kind.PROTOCOL, "xl info printed no xen_major/xen_minor: is this a Xen dom0?");
        }
        return new XenVersion(number(major, "xen_major"), number(minor, "xen_minor"), info.getOrDefault("xen_extra", ""));
    }

    /**
     * The value of a hypervisor boot option on Xen's command line ({@code xl info}'s xen_commandline), e.g.
     * {@code flask}; the last occurrence wins, as in Xen's parser.
     */
    public static Optional<String> bootOption(String commandline, String name) {
        String found = null;
        for (String w : commandline.strip().split("\\s+")) {
            if (w.startsWith(name + "=")) {
                found = w.substring(name.length() + 1);
            }
        }
        return Optional.ofNullable(found);
    }

    /**
     * {@code xl getenforce}: "Enforcing" (exit status 1: xl returns the mode), "Permissive" (0), or "Flask XSM
     * Disabled" (exit 255) when Xen runs without FLASK. The text decides, never the status.
     */
    public static FlaskMode getenforce(CommandResult r) throws HostException {
        String out = r.out().strip();
        for (FlaskMode m : FlaskMode.values()) {
            if (out.equals(m.text())) {
                return m;
            }
        }
        throw new HostException(HostException.Kind.PROTOCOL, "xl getenforce answered neither Enforcing, Permissive nor "
                + "'Flask XSM Disabled' (exit " + r.exit() + "): " + r.message());
    }

    private static final Pattern LIST_ROW = Pattern.compile(
            "^(.*?)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+([-rbpscwSd?]{6})\\s+([\\d.]+)\\s+(\\S+)\\s*$");

    /**
     * {@code xl list -Z}: a header, then one row per domain ({@code %-40s %5d %5lu %5d  state  time label}). The
     * name may hold spaces, so rows are read from the right.
     */
    public static List<Domain> xlListZ(String text) throws HostException {
        String[] lines = text.split("\n");
        if (lines.length == 0 || !lines[0].startsWith("Name") || !lines[0].contains("Security Label")) {
            throw new HostException(HostException.Kind.PROTOCOL, "xl list -Z printed no 'Security Label' column: "
                    + (lines.length == 0 ? "nothing" : lines[0]));
        }
        List<Domain> out = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            Matcher m = LIST_ROW.matcher(lines[i]);
            if (!m.matches()) {
                throw new HostException(HostException.Kind.PROTOCOL, "cannot read this row of xl list -Z: " + lines[i]);
            }
            out.add(new Domain(m.group(1).strip(), number(m.group(2), "the domain id in this row of xl list -Z: " + lines[i]),
                    m.group(7)));
        }
        return out;
    }

    private static final Pattern BOOL = Pattern.compile("^(\\S+): ([01])(?: \\(pending ([01])\\))?$");

    /** {@code flask-get-bool -a}: "name: 0|1", with " (pending x)" when a value is set but not committed. */
    public static List<FlaskBoolean> booleans(String text) throws HostException {
        List<FlaskBoolean> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            Matcher m = BOOL.matcher(line.strip());
            if (!m.matches()) {
                throw new HostException(HostException.Kind.PROTOCOL, "cannot read this line of flask-get-bool -a: " + line);
            }
            boolean v = m.group(2).equals("1");
            out.add(new FlaskBoolean(m.group(1), v, m.group(3) == null ? v : m.group(3).equals("1")));
        }
        return out;
    }

    /** {@code xenstore-list /local/domain}: one domain id a line. */
    public static java.util.Set<Integer> domainIds(String text) throws HostException {
        java.util.Set<Integer> out = new java.util.TreeSet<>();
        for (String line : text.split("\n")) {
            String id = line.strip();
            if (id.isEmpty()) {
                continue;
            }
            if (!id.matches("\\d{1,5}")) {
                throw new HostException(HostException.Kind.PROTOCOL, "cannot read this line of xenstore-list /local/domain: " + line);
            }
            out.add(Integer.parseInt(id));
        }
        return out;
    }

    /** What Xen's console says about the policies it read ({@code policydb_read}'s counts), for a fingerprint. */
    public record PolicyCounts(int users, int roles, int types, int bools, int classes, int rules) {
    }

    private static final Pattern SYMBOLS = Pattern.compile("Flask:\\s+(\\d+) users, (\\d+) roles, (\\d+) types, (\\d+) bools");
    private static final Pattern CLASSES = Pattern.compile("Flask:\\s+(\\d+) classes, (\\d+) rules");

    /**
     * The counts of the last policy Xen read, from {@code xl dmesg} ("Flask:  4 users, 3 roles, 39 types, 2 bools"
     * then "Flask:  13 classes, 288 rules"); empty when the console ring no longer holds them.
     */
    public static Optional<PolicyCounts> lastPolicyRead(String dmesg) {
        PolicyCounts last = null;
        int[] symbols = null;
        for (String line : dmesg.split("\n")) {
            // a count too large for Xen to have printed is not a count line
            Matcher s = SYMBOLS.matcher(line);
            if (s.find()) {
                symbols = counts(s.group(1), s.group(2), s.group(3), s.group(4));
                continue;
            }
            Matcher c = CLASSES.matcher(line);
            int[] classes = c.find() ? counts(c.group(1), c.group(2)) : null;
            if (classes != null && symbols != null) {
                last = new PolicyCounts(symbols[0], symbols[1], symbols[2], symbols[3], classes[0], classes[1]);
                symbols = null;
            }
        }
        return Optional.ofNullable(last);
    }

    /** Decimal counts, or null when one does not fit an int. */
    private static int[] counts(String... digits) {
        int[] out = new int[digits.length];
        for (int i = 0; i < digits.length; i++) {
            try {
                out[i] = Integer.parseInt(digits[i]);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return out;
    }

    /** A number a host printed, as a protocol problem when it is not one Xen's tools print (too large for an int). */
    private static int number(String digits, String what) throws HostException {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            throw new HostException(HostException.Kind.PROTOCOL, "not a number xl prints: " + digits + " (" + what + ")");
        }
    }

    /**
     * FLASK's own complaints in {@code xl dmesg} (lines with "Flask:" or "flask:" that are not the counts above), the
     * last {@code max}: why Xen refused a policy or a label ("permission privprofile in class xen not found in
     * policy", "Duplicate PCI Device 0x30").
     */
    public static List<String> flaskComplaints(String dmesg, int max) {
        List<String> out = new ArrayList<>();
        for (String line : dmesg.split("\n")) {
            String l = line.replaceFirst("^\\(XEN\\)\\s*", "").strip();
            if ((l.startsWith("Flask:") || l.startsWith("flask:")) && !SYMBOLS.matcher(l).find() && !CLASSES.matcher(l).find()
                    && !l.contains("avtab hash slots") && !l.contains("committed booleans") && !l.contains("Starting in")
                    && !l.contains("Policy loaded, continuing")) {
                out.add(l);
            }
        }
        return out.subList(Math.max(0, out.size() - max), out.size());
    }

    /**
     * The console lines printed after {@code before} was read: the ring may have dropped old lines meanwhile, so the
     * new part starts after the last line {@code before} ended with.
     */
    public static String since(String before, String after) {
        if (after.startsWith(before)) {
            return after.substring(before.length());
        }
        String[] b = before.split("\n");
        String last = b.length == 0 ? "" : b[b.length - 1];
        int at = last.isEmpty() ? -1 : after.lastIndexOf(last + "\n");
        return at < 0 ? after : after.substring(at + last.length() + 1);
    }
}
