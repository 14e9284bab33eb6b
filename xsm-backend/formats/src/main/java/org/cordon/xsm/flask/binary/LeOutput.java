package org.cordon.xsm.flask.binary;

import java.nio.charset.StandardCharsets;
import org.cordon.xsm.flask.model.Ebitmap;

/** Little-endian output with libsepol's ebitmap encoding; a growable array, since avtabs run to megabytes. */
final class LeOutput {
    private byte[] buf = new byte[1 << 16];
    private int size;

    private void ensure(int more) {
        if (size + more > buf.length) {
            buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
        }
    }

    void u8(int v) { ensure(1); buf[size++] = (byte) v; }
    void u16(int v) { ensure(2); buf[size++] = (byte) v; buf[size++] = (byte) (v >>> 8); }
    void u32(long v) { ensure(4); for (int i = 0; i < 4; i++) buf[size++] = (byte) (v >>> (8 * i)); }
    void u64(long v) { ensure(8); for (int i = 0; i < 8; i++) buf[size++] = (byte) (v >>> (8 * i)); }
    void bytes(byte[] b) { ensure(b.length); System.arraycopy(b, 0, buf, size, b.length); size += b.length; }
    void str(String s) { bytes(s.getBytes(StandardCharsets.ISO_8859_1)); }
    int size() { return size; }
    byte[] toByteArray() { return java.util.Arrays.copyOf(buf, size); }

    /** mapsize (64), highbit, node count, then (startbit, 64-bit map) per non-empty 64-bit word. */
    void ebitmap(Ebitmap e) {
        long[][] nodes = e.nodes();
        u32(64);
        u32(nodes.length == 0 ? 0 : (nodes[nodes.length - 1][0] + 1) * 64);
        u32(nodes.length);
        for (long[] n : nodes) { u32(n[0] * 64); u64(n[1]); }
    }
}
