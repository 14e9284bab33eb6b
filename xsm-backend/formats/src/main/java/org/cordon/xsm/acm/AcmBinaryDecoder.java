package org.cordon.xsm.acm;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A readable, field-by-field text of a binary policy. The layout follows the vectors' DECODED.txt (one
 * block per file, without its "# path" line) so the two can be compared line by line.
 */
public final class AcmBinaryDecoder {

    private AcmBinaryDecoder() {
    }

    public static String decode(AcmBinaryPolicy p) {
        return decode(p, null);
    }

    /**
     * As {@link #decode(AcmBinaryPolicy)}, and when {@code map} is given each row is followed by the
     * label names and type names the map assigns to it (the binary itself holds no names).
     */
    public static String decode(AcmBinaryPolicy p, AcmMap map) {
        StringBuilder s = new StringBuilder();
        s.append("order=").append(p.magicFirst() ? "magic-first" : "version-first")
                .append(" policy_version=").append(p.policyVersion())
                .append(" len=").append(u(p.length())).append(" (file ").append(p.fileLength()).append(')');
        if (p.policyReferenceOffset() >= 0 || p.policyVersion() >= 2) {
            s.append(" polref_off=").append(u(p.policyReferenceOffset()));
        }
        s.append(" prim=").append(u(p.primaryCode())).append('@').append(u(p.primaryOffset()))
                .append(" sec=").append(u(p.secondaryCode())).append('@').append(u(p.secondaryOffset())).append('\n');
        if (p.policyVersion() >= 3) {
            s.append("  xml_pol_version=").append(u(p.xmlMajor())).append('.').append(u(p.xmlMinor())).append('\n');
        }
        if (p.xmlHashHex() != null) {
            s.append("  xml_policy_hash=").append(p.xmlHashHex()).append('\n');
        }
        s.append("  header_size=").append(p.headerSize()).append('\n');
        if (p.policyNameBytes() != null) {
            s.append("  policy name len=").append(p.policyNameBytes().length())
                    .append(" name=").append(pythonBytes(p.policyNameBytes())).append('\n');
        }
        // components in file order, as they follow the header's primary/secondary offsets
        boolean chwFirst = p.chwall() != null && (p.ste() == null || p.chwall().offset() <= p.ste().offset());
        if (chwFirst) {
            chwall(p.chwall(), map, s);
            ste(p.ste(), map, s);
        } else {
            ste(p.ste(), map, s);
            chwall(p.chwall(), map, s);
        }
        return s.toString();
    }

    private static void chwall(AcmBinaryPolicy.ChwallSection c, AcmMap map, StringBuilder s) {
        if (c == null) {
            return;
        }
        s.append("  CHWALL ver=").append(u(c.version())).append(" types=").append(u(c.maxTypes()))
                .append(" ssidrefs=").append(u(c.maxSsidrefs())).append(" confsets=").append(u(c.maxConflictSets()))
                .append(" ssid_off=").append(u(c.ssidOffset())).append(" cs_off=").append(u(c.conflictSetsOffset()))
                .append(" rt_off=").append(u(c.runningTypesOffset())).append(" ca_off=")
                .append(u(c.conflictAggregateOffset())).append('\n');
        rows(c.ssids(), "ssid", "CHWALL", map, s);
        rows(c.conflictSets(), "cset", "CHWALL", map, s);
    }

    private static void ste(AcmBinaryPolicy.SteSection t, AcmMap map, StringBuilder s) {
        if (t == null) {
            return;
        }
        s.append("  STE ver=").append(u(t.version())).append(" types=").append(u(t.maxTypes()))
                .append(" ssidrefs=").append(u(t.maxSsidrefs())).append(" ssid_off=").append(u(t.ssidOffset()))
                .append('\n');
        rows(t.ssids(), "ssid", "STE", map, s);
    }

    private static void rows(TypeMatrix m, String what, String component, AcmMap map, StringBuilder s) {
        if (m.cols() == 0) {
            return;
        }
        for (int r = 0; r < m.rows(); r++) {
            List<Integer> row = m.row(r);
            s.append("    ").append(what).append(' ').append(r).append(": [")
                    .append(row.stream().map(String::valueOf).collect(Collectors.joining(", "))).append(']');
            if (map != null) {
                names(m, r, what.equals("ssid"), component, map, s);
            }
            s.append('\n');
        }
    }

    private static void names(TypeMatrix m, int r, boolean labelled, String component, AcmMap map, StringBuilder s) {
        s.append("  #");
        if (labelled) {
            final int row = r;
            String labels = map.labels().stream().filter(e -> e.component().equals(component) && e.index() == row)
                    .map(e -> e.kind().strip() + " " + e.label()).collect(Collectors.joining(", "));
            s.append(' ').append(labels.isEmpty() ? "(no label)" : labels);
        }
        s.append(" {").append(m.columnsSet(r).stream().map(c -> map.types().stream()
                .filter(t -> t.component().equals(component) && t.index() == c).map(AcmMap.TypeEntry::type)
                .findFirst().orElse("#" + c)).collect(Collectors.joining(", "))).append('}');
    }

    private static String u(int v) {
        return Integer.toUnsignedString(v);
    }

    /** Python's repr of a bytes object: b'...' with \\xNN for non-printables. */
    static String pythonBytes(String latin1) {
        boolean dq = latin1.indexOf('\'') >= 0 && latin1.indexOf('"') < 0;
        char quote = dq ? '"' : '\'';
        StringBuilder s = new StringBuilder("b").append(quote);
        for (char c : latin1.toCharArray()) {
            if (c == quote || c == '\\') {
                s.append('\\').append(c);
            } else if (c == '\t') {
                s.append("\\t");
            } else if (c == '\n') {
                s.append("\\n");
            } else if (c == '\r') {
                s.append("\\r");
            } else if (c < 0x20 || c >= 0x7f) {
                s.append(String.format("\\x%02x", (int) c));
            } else {
                s.append(c);
            }
        }
        return s.append(quote).toString();
    }
}
