package org.cordon.xsm.acm;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Reads V1–V4 binary policies (acm.md §3). The words at offsets 0 and 4 may come in either order; all
 * sections are located through the header's offsets, never assumed positions, and every offset and size
 * is checked before use, so bad input yields an {@link AcmFormatException} naming the offending offset.
 * Fields Xen leaves unset in dumps (component versions, running/aggregate offsets) are not insisted on.
 */
public final class AcmBinaryReader {

    private final byte[] b;

    private AcmBinaryReader(byte[] data) {
        this.b = data;
    }

    public static AcmBinaryPolicy read(byte[] data) {
        return new AcmBinaryReader(data).policy();
    }

    private AcmBinaryPolicy policy() {
        need(0, 8, "header");
        int w0 = u32(0);
        int w1 = u32(4);
        boolean magicFirst;
        int version;
        if (w0 == AcmBinaryWriter.ACM_MAGIC) {
            magicFirst = true;
            version = w1;
        } else if (w1 == AcmBinaryWriter.ACM_MAGIC) {
            magicFirst = false;
            version = w0;
        } else {
            throw new AcmFormatException(0, String.format(
                    "no ACM magic 0x0001debc at offset 0 or 4 (found 0x%08x 0x%08x)", w0, w1));
        }
        int versionOffset = magicFirst ? 4 : 0;
        int headerSize = switch (version) {
            case 1 -> 28;
            case 2 -> 32;
            case 3 -> 40;
            case 4 -> 60;
            default -> throw new AcmFormatException(versionOffset,
                    "unknown policy_version " + Integer.toUnsignedString(version) + " (expected 1 to 4)");
        };
        need(0, headerSize, "V" + version + " header");
        long len = ul(8);
        if (len != b.length) {
            throw new AcmFormatException(8, "len field says " + len + " bytes but the buffer holds " + b.length);
        }
        int p = 12;
        int polrefOff = -1;
        if (version >= 2) {
            polrefOff = u32(p);
            p += 4;
        }
        int primCodeAt = p;
        int primCode = u32(p);
        int primOff = u32(p + 4);
        int secCodeAt = p + 8;
        int secCode = u32(p + 8);
        int secOff = u32(p + 12);
        int major = -1;
        int minor = -1;
        String hash = null;
        if (version >= 3) {
            major = u32(32);
            minor = u32(36);
        }
        if (version >= 4) {
            byte[] h = new byte[20];
            System.arraycopy(b, 40, h, 0, 20);
            hash = HexFormat.of().formatHex(h);
        }
        PolicyCode prim = code(primCode, primCodeAt);
        PolicyCode sec = code(secCode, secCodeAt);
        if (prim != PolicyCode.NULL && prim == sec) {
            throw new AcmFormatException(secCodeAt, "primary and secondary are both " + prim);
        }
        long primOffL = Integer.toUnsignedLong(primOff);
        long secOffL = Integer.toUnsignedLong(secOff);
        if (primOffL < headerSize || primOffL > len) {
            throw new AcmFormatException(primCodeAt + 4, "primary_buffer_offset " + primOffL
                    + " outside " + headerSize + ".." + len);
        }
        if (secOffL < primOffL || secOffL > len) {
            throw new AcmFormatException(secCodeAt + 4, "secondary_buffer_offset " + secOffL
                    + " outside " + primOffL + ".." + len);
        }
        String name = null;
        if (version >= 2) {
            name = policyReference(Integer.toUnsignedLong(polrefOff), headerSize, primOffL);
        }
        // primary runs to the secondary's offset, the secondary to len (as Xen splits them)
        AcmBinaryPolicy.ChwallSection chw = null;
        AcmBinaryPolicy.SteSection ste = null;
        int[][] spans = {{(int) primOffL, (int) secOffL}, {(int) secOffL, (int) len}};
        PolicyCode[] codes = {prim, sec};
        for (int i = 0; i < 2; i++) {
            if (codes[i] == PolicyCode.CHINESE_WALL) {
                chw = chwall(spans[i][0], spans[i][1]);
            } else if (codes[i] == PolicyCode.SIMPLE_TYPE_ENFORCEMENT) {
                ste = ste(spans[i][0], spans[i][1]);
            }
        }
        return new AcmBinaryPolicy(version, magicFirst, (int) len, b.length, headerSize, polrefOff, primCode, primOff,
                secCode, secOff, major, minor, hash, name, chw, ste);
    }

    private PolicyCode code(int value, int at) {
        PolicyCode c = PolicyCode.of(value);
        if (c == null || c == PolicyCode.UNDEFINED) {
            throw new AcmFormatException(at, "unknown policy code " + Integer.toUnsignedString(value)
                    + " (expected 0 NULL, 1 CHWALL or 2 STE)");
        }
        return c;
    }

    private String policyReference(long off, int headerSize, long end) {
        if (off < headerSize || off + 4 > end) {
            throw new AcmFormatException(12, "policy_reference_offset " + off + " outside " + headerSize + ".." + end);
        }
        long n = ul((int) off);
        if (n == 0 || off + 4 + n > end) {
            throw new AcmFormatException(off, "policy name length " + n + " does not fit before offset " + end);
        }
        int start = (int) off + 4;
        if (b[start + (int) n - 1] != 0) {
            throw new AcmFormatException(start + n - 1, "policy name is not NUL-terminated");
        }
        return new String(b, start, (int) n, StandardCharsets.ISO_8859_1);
    }

    private AcmBinaryPolicy.ChwallSection chwall(int s, int end) {
        if (end - s < AcmBinaryWriter.CHWALL_HEADER) {
            throw new AcmFormatException(s, "CHWALL section of " + (end - s) + " bytes is shorter than its 36-byte header");
        }
        int code = u32(s + 4);
        if (code != PolicyCode.CHINESE_WALL.code()) {
            throw new AcmFormatException(s + 4, "CHWALL section has policy_code " + Integer.toUnsignedString(code));
        }
        long types = ul(s + 8);
        long ssids = ul(s + 12);
        long sets = ul(s + 16);
        TypeMatrix ssidM = matrix(s, end, s + 20, ul(s + 20), ssids, types, "CHWALL ssid");
        TypeMatrix setM = matrix(s, end, s + 24, ul(s + 24), sets, types, "CHWALL conflict-set");
        return new AcmBinaryPolicy.ChwallSection(s, u32(s), code, (int) types, (int) ssids, (int) sets,
                u32(s + 20), u32(s + 24), u32(s + 28), u32(s + 32), ssidM, setM);
    }

    private AcmBinaryPolicy.SteSection ste(int s, int end) {
        if (end - s < AcmBinaryWriter.STE_HEADER) {
            throw new AcmFormatException(s, "STE section of " + (end - s) + " bytes is shorter than its 20-byte header");
        }
        int code = u32(s + 4);
        if (code != PolicyCode.SIMPLE_TYPE_ENFORCEMENT.code()) {
            throw new AcmFormatException(s + 4, "STE section has policy_code " + Integer.toUnsignedString(code));
        }
        long types = ul(s + 8);
        long ssids = ul(s + 12);
        TypeMatrix m = matrix(s, end, s + 16, ul(s + 16), ssids, types, "STE ssid");
        return new AcmBinaryPolicy.SteSection(s, u32(s), code, (int) types, (int) ssids, u32(s + 16), m);
    }

    /** Reads u16[rows][cols] at section start + rel; the matrix must lie inside the section. */
    private TypeMatrix matrix(int sectionStart, int sectionEnd, int fieldAt, long rel, long rows, long cols,
                              String what) {
        long size = 2 * rows * cols; // rows, cols < 2^32, so this cannot overflow a long
        long at = sectionStart + rel;
        if (rows != 0 && cols != 0 && (size > sectionEnd - sectionStart || at < sectionStart || at + size > sectionEnd)) {
            throw new AcmFormatException(fieldAt, what + " matrix (" + rows + "x" + cols + " u16 at section offset "
                    + rel + ") does not fit in the section ending at " + sectionEnd);
        }
        if (rows > Integer.MAX_VALUE || cols > Integer.MAX_VALUE) {
            throw new AcmFormatException(fieldAt, what + " matrix dimensions " + rows + "x" + cols + " are absurd");
        }
        if (rows * cols == 0) {
            return new TypeMatrix((int) rows, (int) cols, new int[0]);
        }
        int[] cells = new int[(int) (rows * cols)];
        for (int i = 0; i < cells.length; i++) {
            int o = (int) at + 2 * i;
            cells[i] = ((b[o] & 0xff) << 8) | (b[o + 1] & 0xff);
        }
        return new TypeMatrix((int) rows, (int) cols, cells);
    }

    private void need(int off, int n, String what) {
        if (b.length < off + n) {
            throw new AcmFormatException(b.length, "truncated: " + what + " needs " + (off + n) + " bytes, have " + b.length);
        }
    }

    private int u32(int off) {
        need(off, 4, "field");
        return ((b[off] & 0xff) << 24) | ((b[off + 1] & 0xff) << 16) | ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff);
    }

    private long ul(int off) {
        return Integer.toUnsignedLong(u32(off));
    }
}
