package org.cordon.xsm.flask.binary;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.cordon.xsm.flask.model.Ebitmap;

/** Little-endian output with libsepol's ebitmap encoding. */
final class LeOutput {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 16);

    void u8(int v) { out.write(v); }
    void u16(int v) { out.write(v); out.write(v >>> 8); }
    void u32(long v) { for (int i = 0; i < 4; i++) out.write((int) (v >>> (8 * i))); }
    void u64(long v) { for (int i = 0; i < 8; i++) out.write((int) (v >>> (8 * i))); }
    void bytes(byte[] b) { out.write(b, 0, b.length); }
    void str(String s) { bytes(s.getBytes(StandardCharsets.ISO_8859_1)); }
    int size() { return out.size(); }
    byte[] toByteArray() { return out.toByteArray(); }

    /** mapsize (64), highbit, node count, then (startbit, 64-bit map) per non-empty 64-bit word. */
    void ebitmap(Ebitmap e) {
        long[][] nodes = e.nodes();
        u32(64);
        u32(nodes.length == 0 ? 0 : (nodes[nodes.length - 1][0] + 1) * 64);
        u32(nodes.length);
        for (long[] n : nodes) { u32(n[0] * 64); u64(n[1]); }
    }
}
