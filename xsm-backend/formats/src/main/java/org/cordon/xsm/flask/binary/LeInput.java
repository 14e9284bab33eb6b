package org.cordon.xsm.flask.binary;

import java.nio.charset.StandardCharsets;
import org.cordon.xsm.flask.BinaryPolicyException;
import org.cordon.xsm.flask.model.Ebitmap;

/** Bounds-checked little-endian input; every failure names the byte offset. */
final class LeInput {
    private final byte[] data;
    private int pos;

    LeInput(byte[] data) { this.data = data; }

    int pos() { return pos; }
    int remaining() { return data.length - pos; }
    boolean atEnd() { return pos == data.length; }

    BinaryPolicyException error(String msg) { return new BinaryPolicyException(pos, msg); }
    BinaryPolicyException error(int at, String msg) { return new BinaryPolicyException(at, msg); }

    private void need(int n, String what) throws BinaryPolicyException {
        if (n < 0 || remaining() < n) throw error("truncated: " + what + " needs " + n + " bytes, " + remaining() + " left");
    }

    int u16(String what) throws BinaryPolicyException {
        need(2, what);
        int v = (data[pos] & 0xff) | (data[pos + 1] & 0xff) << 8;
        pos += 2;
        return v;
    }

    int u32(String what) throws BinaryPolicyException {
        need(4, what);
        int v = (data[pos] & 0xff) | (data[pos + 1] & 0xff) << 8 | (data[pos + 2] & 0xff) << 16 | (data[pos + 3] & 0xff) << 24;
        pos += 4;
        return v;
    }

    long u64(String what) throws BinaryPolicyException {
        need(8, what);
        long lo = u32(what) & 0xffffffffL;
        long hi = u32(what) & 0xffffffffL;
        return lo | hi << 32;
    }

    /** A count whose items take at least {@code minItemSize} bytes each, so absurd counts fail early. */
    int count(String what, int minItemSize) throws BinaryPolicyException {
        int at = pos;
        int n = u32(what);
        if (n < 0 || (long) n * minItemSize > remaining()) {
            throw error(at, what + " count " + Integer.toUnsignedString(n) + " exceeds the remaining data");
        }
        return n;
    }

    String str(int len, String what) throws BinaryPolicyException {
        if (len < 0 || len > remaining()) throw error("truncated: " + what + " of length " + Integer.toUnsignedString(len));
        String s = new String(data, pos, len, StandardCharsets.ISO_8859_1);
        pos += len;
        return s;
    }

    Ebitmap ebitmap(String what) throws BinaryPolicyException {
        int at = pos;
        int mapsize = u32(what);
        int highbit = u32(what);
        int count = u32(what);
        if (mapsize != 64) throw error(at, what + ": ebitmap map size " + mapsize + " is not 64");
        if ((highbit & 63) != 0) throw error(at, what + ": ebitmap high bit " + highbit + " is not a multiple of 64");
        if (count < 0 || (long) count * 12 > remaining()) throw error(at, "truncated or corrupt " + what + ": ebitmap node count exceeds the remaining data");
        if (count == 0 && highbit != 0) throw error(at, what + ": empty ebitmap with high bit " + highbit);
        // checked and counted first, then read again into an array of the bits' number: nodes mostly hold one bit
        int nodesAt = pos;
        int nbits = 0;
        long last = -64;
        for (int i = 0; i < count; i++) {
            int nodeAt = pos;
            long start = u32(what) & 0xffffffffL;
            long map = u64(what);
            if ((start & 63) != 0 || start <= last || start + 64 > (highbit & 0xffffffffL)) {
                throw error(nodeAt, what + ": ebitmap node start " + start + " out of order or range");
            }
            if (start >= (1 << 20)) throw error(nodeAt, what + ": ebitmap bit " + start + " is implausibly large");
            if (map == 0) throw error(nodeAt, what + ": empty ebitmap node");
            last = start;
            nbits += Long.bitCount(map);
        }
        if (count > 0 && last + 64 != (highbit & 0xffffffffL)) throw error(at, what + ": ebitmap high bit does not match its last node");
        pos = nodesAt;
        int[] bits = new int[nbits];
        int k = 0;
        for (int i = 0; i < count; i++) {
            int start = u32(what);
            for (long map = u64(what); map != 0; map &= map - 1) bits[k++] = start + Long.numberOfTrailingZeros(map);
        }
        return Ebitmap.of(bits);
    }
}
