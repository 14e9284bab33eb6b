package org.cordon.xsm.acm;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes the binary policy ({@code .bin}) from an {@link SsidLayout}: header, policy reference, primary
 * and secondary component, all big-endian, every section zero-padded to 8 bytes (acm.md §3.3). The header
 * itself is not padded; V3's 40 bytes already are a multiple of 8 and V4's 60 are left as they are.
 */
public final class AcmBinaryWriter {

    public static final int ACM_MAGIC = 0x0001DEBC;
    static final int CHWALL_HEADER = 36;
    static final int STE_HEADER = 20;

    private AcmBinaryWriter() {
    }

    /**
     * @param xmlHash the 20-byte SHA-1 stored by {@link AcmFormat#V4}; ignored (may be {@code null}) for V3
     */
    public static byte[] write(SsidLayout layout, AcmFormat format, byte[] xmlHash) {
        if (format == AcmFormat.V4 && (xmlHash == null || xmlHash.length != 20)) {
            throw new IllegalArgumentException("V4 needs the 20-byte SHA-1 of the policy XML");
        }
        byte[] polref = padded(policyReference(layout.policyName()));
        byte[] primary = padded(component(layout, layout.primary()));
        byte[] secondary = padded(component(layout, layout.secondary()));
        int header = format.headerSize();
        int primaryOff = header + polref.length;
        int secondaryOff = primaryOff + primary.length;
        int len = secondaryOff + secondary.length;

        ByteBuffer b = ByteBuffer.allocate(len); // big-endian by default, zero-filled
        b.putInt(format.magicFirst() ? ACM_MAGIC : format.policyVersion());
        b.putInt(format.magicFirst() ? format.policyVersion() : ACM_MAGIC);
        b.putInt(len);
        b.putInt(header);
        b.putInt(layout.primary().code());
        b.putInt(primaryOff);
        b.putInt(layout.secondary().code());
        b.putInt(secondaryOff);
        b.putInt(layout.version().major());
        b.putInt(layout.version().minor());
        if (format == AcmFormat.V4) {
            b.put(xmlHash);
        }
        b.put(polref).put(primary).put(secondary);
        return b.array();
    }

    private static byte[] policyReference(String name) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(4 + n.length + 1);
        b.putInt(n.length + 1).put(n).put((byte) 0);
        return b.array();
    }

    private static byte[] component(SsidLayout l, PolicyCode code) {
        return switch (code) {
            case CHINESE_WALL -> chwall(l);
            case SIMPLE_TYPE_ENFORCEMENT -> ste(l);
            default -> new byte[0];
        };
    }

    private static byte[] chwall(SsidLayout l) {
        int t = l.chwallTypes().size();
        int s = l.chwallRows().size();
        int c = l.conflictSets().size();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer h = ByteBuffer.allocate(CHWALL_HEADER);
        h.putInt(1).putInt(PolicyCode.CHINESE_WALL.code()).putInt(t).putInt(s).putInt(c)
                .putInt(CHWALL_HEADER).putInt(CHWALL_HEADER + 2 * t * s)
                .putInt(0).putInt(0); // running-types and aggregate offsets: Xen fills them, tools write 0
        out.writeBytes(h.array());
        out.writeBytes(matrix(l.chwallRows(), t));
        out.writeBytes(matrix(l.conflictSets(), t));
        return out.toByteArray();
    }

    private static byte[] ste(SsidLayout l) {
        int t = l.steTypes().size();
        int s = l.steRows().size();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer h = ByteBuffer.allocate(STE_HEADER);
        h.putInt(1).putInt(PolicyCode.SIMPLE_TYPE_ENFORCEMENT.code()).putInt(t).putInt(s).putInt(STE_HEADER);
        out.writeBytes(h.array());
        out.writeBytes(matrix(l.steRows(), t));
        return out.toByteArray();
    }

    /** u16[rows][types], 1 where the row holds the type. */
    private static byte[] matrix(List<SsidRow> rows, int types) {
        ByteBuffer b = ByteBuffer.allocate(2 * types * rows.size());
        for (SsidRow r : rows) {
            int base = b.position();
            for (int col : r.columns()) {
                b.putShort(base + 2 * col, (short) 1);
            }
            b.position(base + 2 * types);
        }
        return b.array();
    }

    private static byte[] padded(byte[] section) {
        int len = (section.length + 7) & ~7;
        return len == section.length ? section : java.util.Arrays.copyOf(section, len);
    }
}
