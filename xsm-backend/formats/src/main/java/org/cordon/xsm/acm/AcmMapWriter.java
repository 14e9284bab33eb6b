package org.cordon.xsm.acm;

import java.util.List;

/**
 * Writes the {@code .map} file, the only place label names live (acm.md §3.4). {@link Numbering#DOCUMENT}
 * layouts get xensec_xml2bin's exact text; {@link Numbering#SORTED} layouts get acmpolicy.py's variant
 * ({@code POLICFILE}, {@code %-20s}, decimal type indices). {@code policyFile}/{@code binaryFile} are the
 * paths the tool was run with; they are copied verbatim.
 */
public final class AcmMapWriter {

    private AcmMapWriter() {
    }

    public static String write(SsidLayout l, String policyFile, String binaryFile) {
        return l.numbering() == Numbering.DOCUMENT ? xml2bin(l, policyFile, binaryFile) : python(l, policyFile, binaryFile);
    }

    private static String xml2bin(SsidLayout l, String policyFile, String binaryFile) {
        StringBuilder m = new StringBuilder();
        m.append(String.format("POLICYREFERENCENAME    %s\n", l.policyName()));
        m.append(String.format("MAGIC                  %08x\n", AcmBinaryWriter.ACM_MAGIC));
        m.append(String.format("POLICY FILE            %s\n", policyFile));
        m.append(String.format("BINARY FILE            %s\n", binaryFile));
        if (l.hasChwall()) {
            m.append(String.format("MAX-CHWALL-TYPES       %08x\n", l.chwallTypes().size()));
            m.append(String.format("MAX-CHWALL-SSIDS       %08x\n", l.chwallRows().size()));
            m.append(String.format("MAX-CHWALL-LABELS      %08x\n", l.chwallRows().size()));
        }
        if (l.hasSte()) {
            m.append(String.format("MAX-STE-TYPES          %08x\n", l.steTypes().size()));
            m.append(String.format("MAX-STE-SSIDS          %08x\n", l.steRows().size()));
            m.append(String.format("MAX-STE-LABELS         %08x\n", l.steRows().size()));
        }
        m.append('\n');
        m.append(String.format("PRIMARY                %s\n", l.primary().mapName()));
        m.append(String.format("SECONDARY              %s\n", l.secondary().mapName()));
        m.append('\n');
        if (l.hasChwall()) {
            labelLines(m, l.chwallRows(), "CHWALL", "%-25s %8x");
        }
        if (l.hasSte()) {
            labelLines(m, l.steRows(), "STE   ", "%-25s %8x");
        }
        if (l.hasChwall()) {
            typeLines(m, l.chwallRows(), l.chwallTypes(), "SSID->TYPE CHWALL      ");
        }
        if (l.hasSte()) {
            typeLines(m, l.steRows(), l.steTypes(), "SSID->TYPE STE         ");
        }
        if (l.hasChwall()) {
            universe(m, l.chwallTypes(), "TYPE CHWALL            %-25s %8x\n");
        }
        if (l.hasSte()) {
            universe(m, l.steTypes(), "TYPE STE               %-25s %8x\n");
        }
        return m.toString();
    }

    private static String python(SsidLayout l, String policyFile, String binaryFile) {
        StringBuilder m = new StringBuilder();
        int chwTypes = l.hasChwall() ? l.chwallTypes().size() : 0;
        int chwSsids = l.hasChwall() ? l.chwallRows().size() : 1;
        m.append(String.format("POLICYREFERENCENAME    %s\n", l.policyName()));
        m.append(String.format("MAGIC                  %08x\n", AcmBinaryWriter.ACM_MAGIC));
        m.append(String.format("POLICFILE              %s\n", policyFile));
        m.append(String.format("BINARYFILE             %s\n", binaryFile));
        m.append(String.format("MAX-CHWALL-TYPES       %08x\n", chwTypes));
        m.append(String.format("MAX-CHWALL-SSIDS       %08x\n", chwSsids));
        m.append(String.format("MAX-CHWALL-LABELS      %08x\n", chwSsids));
        m.append(String.format("MAX-STE-TYPES          %08x\n", l.steTypes().size()));
        m.append(String.format("MAX-STE-SSIDS          %08x\n", l.steRows().size()));
        m.append(String.format("MAX-STE-LABELS         %08x\n", l.steRows().size()));
        m.append('\n');
        if (l.hasChwall()) {
            m.append("PRIMARY                CHWALL\n");
            m.append(l.steTypes().isEmpty() ? "SECONDARY             NULL\n" : "SECONDARY              STE\n");
        } else {
            if (!l.steTypes().isEmpty()) {
                m.append("PRIMARY                STE\n");
            }
            m.append("SECONDARY             NULL\n");
        }
        m.append('\n');
        if (l.hasChwall() && l.chwallRows().size() > 1) {
            m.append("LABEL->SSID ANY CHWALL __NULL_LABEL__       0\n");
            for (int i = 1; i < l.chwallRows().size(); i++) {
                m.append(String.format("LABEL->SSID VM  CHWALL %-20s %x\n", l.chwallRows().get(i).label(), i));
            }
            m.append('\n');
        }
        if (l.steRows().size() > 1) {
            m.append("LABEL->SSID ANY STE    __NULL_LABEL__       00000000\n");
            for (int i = 1; i < l.steRows().size(); i++) {
                SsidRow r = l.steRows().get(i);
                m.append(String.format("LABEL->SSID %s STE    %-20s %x\n", r.kind() == SsidRow.Kind.RES ? "RES" : "VM ",
                        r.label(), i));
            }
            m.append('\n');
        }
        if (l.hasChwall() && l.chwallRows().size() > 1) {
            typeLines(m, l.chwallRows(), l.chwallTypes(), "SSID->TYPE CHWALL      ");
        }
        if (l.steRows().size() > 1) {
            typeLines(m, l.steRows(), l.steTypes(), "SSID->TYPE STE         ");
        }
        if (l.hasChwall()) {
            universe(m, l.chwallTypes(), "TYPE CHWALL            %-20s %d\n");
        }
        if (!l.steTypes().isEmpty()) {
            universe(m, l.steTypes(), "TYPE STE               %-20s %d\n");
        }
        m.append('\n');
        return m.toString();
    }

    private static void labelLines(StringBuilder m, List<SsidRow> rows, String comp, String fmt) {
        for (int i = 0; i < rows.size(); i++) {
            SsidRow r = rows.get(i);
            String kind = switch (r.kind()) {
                case VM -> "VM ";
                case RES -> "RES";
                case ANY -> "ANY";
            };
            m.append("LABEL->SSID ").append(kind).append(' ').append(comp).append(' ')
                    .append(String.format(fmt, r.label(), i)).append('\n');
        }
        m.append('\n');
    }

    private static void typeLines(StringBuilder m, List<SsidRow> rows, List<String> types, String prefix) {
        for (int i = 0; i < rows.size(); i++) {
            m.append(prefix).append(String.format("%08x", i));
            for (int col : rows.get(i).columns()) {
                m.append(' ').append(types.get(col));
            }
            m.append('\n');
        }
        m.append('\n');
    }

    private static void universe(StringBuilder m, List<String> types, String fmt) {
        for (int i = 0; i < types.size(); i++) {
            m.append(String.format(fmt, types.get(i), i));
        }
        m.append('\n');
    }
}
