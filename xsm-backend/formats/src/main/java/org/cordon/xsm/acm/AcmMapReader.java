package org.cordon.xsm.acm;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses {@code .map} files of both compilers by splitting lines on whitespace (acm.md §3.4). Label
 * indices are hex in both; type indices are hex for xensec_xml2bin ("POLICY FILE") and decimal for
 * acmpolicy.py ("POLICFILE"). Errors are {@link AcmFormatException}s whose offset is the 1-based line.
 */
public final class AcmMapReader {

    private AcmMapReader() {
    }

    public static AcmMap read(String text) {
        boolean python = text.lines().anyMatch(l -> l.startsWith("POLICFILE"));
        String name = null;
        String primary = "NULL";
        String secondary = "NULL";
        List<AcmMap.LabelEntry> labels = new ArrayList<>();
        List<AcmMap.TypeEntry> types = new ArrayList<>();
        int lineNo = 0;
        for (String line : text.split("\n", -1)) {
            lineNo++;
            String[] f = line.trim().split("\\s+");
            if (f.length == 0 || f[0].isEmpty()) {
                continue;
            }
            switch (f[0]) {
                case "POLICYREFERENCENAME" -> name = field(f, 1, lineNo);
                case "PRIMARY" -> primary = field(f, 1, lineNo);
                case "SECONDARY" -> secondary = field(f, 1, lineNo);
                case "LABEL->SSID" -> {
                    if (f.length != 5) {
                        throw new AcmFormatException(lineNo, "LABEL->SSID needs kind, component, label, index: " + line);
                    }
                    labels.add(new AcmMap.LabelEntry(f[1], f[2], f[3], number(f[4], 16, lineNo)));
                }
                case "TYPE" -> {
                    if (f.length != 4) {
                        throw new AcmFormatException(lineNo, "TYPE needs component, type, index: " + line);
                    }
                    types.add(new AcmMap.TypeEntry(f[1], f[2], number(f[3], python ? 10 : 16, lineNo)));
                }
                case "MAGIC" -> {
                    if (!"0001debc".equalsIgnoreCase(field(f, 1, lineNo))) {
                        throw new AcmFormatException(lineNo, "MAGIC must be 0001debc: " + line);
                    }
                }
                default -> {
                    // POLICY FILE, BINARY FILE, MAX-*, SSID->TYPE: derivable or informational
                }
            }
        }
        if (name == null) {
            throw new AcmFormatException(lineNo, "no POLICYREFERENCENAME line");
        }
        return new AcmMap(name, primary, secondary, labels, types);
    }

    private static String field(String[] f, int i, int line) {
        if (f.length <= i) {
            throw new AcmFormatException(line, f[0] + " has no value");
        }
        return f[i];
    }

    private static int number(String s, int radix, int line) {
        try {
            return Integer.parseUnsignedInt(s, radix);
        } catch (NumberFormatException e) {
            throw new AcmFormatException(line, "bad index '" + s + "'");
        }
    }
}
