package org.cordon.xsm.flask.conf;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps physical lines of a policy.conf to the original file and line announced by m4's {@code #line N "file"}
 * and {@code #line N} markers: the line after a marker is line N of that file.
 */
public final class LineMap {
    private static final Pattern MARKER = Pattern.compile("^#line (\\d+)(?: \"([^\"\\n]*)\")?\\s*$");
    private final List<String> files = new ArrayList<>();
    private final int[] lines;
    private final int[] fileIdx;

    public LineMap(String name, String text) {
        String[] physical = text.split("\n", -1);
        lines = new int[physical.length + 2];
        fileIdx = new int[physical.length + 2];
        files.add(name);
        int cur = 0, logical = 1;
        for (int i = 0; i < physical.length; i++) {
            lines[i + 1] = logical;
            fileIdx[i + 1] = cur;
            Matcher m = MARKER.matcher(physical[i]);
            if (m.matches()) {
                long n = Long.parseLong(m.group(1).length() > 9 ? "999999999" : m.group(1));
                if (m.group(2) != null) {
                    files.add(m.group(2));
                    cur = files.size() - 1;
                }
                // lines count from 1: a marker naming line 0 (m4 never writes one) is taken as line 1 (fuzzing found
                // positions at line 0)
                logical = (int) Math.max(1, n);
            } else {
                logical++;
            }
        }
        lines[physical.length + 1] = logical;
        fileIdx[physical.length + 1] = cur;
    }

    /** File name for a 1-based physical line. */
    public String file(int physicalLine) { return files.get(fileIdx[clamp(physicalLine)]); }

    /** Original line for a 1-based physical line. */
    public int line(int physicalLine) { return lines[clamp(physicalLine)]; }

    private int clamp(int l) { return Math.max(1, Math.min(l, lines.length - 1)); }
}
