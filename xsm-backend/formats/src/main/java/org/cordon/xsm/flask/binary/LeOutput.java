package org.cordon.xsm.flask.binary;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.cordon.xsm.flask.model.Ebitmap;

/**
 * Little-endian output with libsepol's ebitmap encoding. Written into chunks, joined once at the end: avtabs run
 * to tens of megabytes, and one array doubled as it grew, then copied to its length, held up to three times the
 * policy at once, the largest part of {@code cordon build}'s peak memory.
 */
final class LeOutput {
    private static final int CHUNK = 1 << 20;

    /** The chunks filled so far, each to its own length ({@code lengths}). */
    private final List<byte[]> full = new ArrayList<>();
    private final List<Integer> lengths = new ArrayList<>();
    private byte[] buf = new byte[1 << 16];
    private int pos;
    private int before; // bytes in the full chunks

    private void ensure(int more) {
        if (pos + more > buf.length) {
            full.add(buf);
            lengths.add(pos);
            before += pos;
            buf = new byte[Math.max(CHUNK, more)];
            pos = 0;
        }
    }

    void u8(int v) { ensure(1); buf[pos++] = (byte) v; }
    void u16(int v) { ensure(2); buf[pos++] = (byte) v; buf[pos++] = (byte) (v >>> 8); }
    void u32(long v) { ensure(4); for (int i = 0; i < 4; i++) buf[pos++] = (byte) (v >>> (8 * i)); }
    void u64(long v) { ensure(8); for (int i = 0; i < 8; i++) buf[pos++] = (byte) (v >>> (8 * i)); }
    void bytes(byte[] b) { ensure(b.length); System.arraycopy(b, 0, buf, pos, b.length); pos += b.length; }
    void str(String s) { bytes(s.getBytes(StandardCharsets.ISO_8859_1)); }
    int size() { return before + pos; }

    /** The bytes written; the chunks are let go as they are copied, so the output is held about once. */
    byte[] toByteArray() {
        byte[] all = new byte[size()];
        int at = 0;
        for (int i = 0; i < full.size(); i++) {
            System.arraycopy(full.get(i), 0, all, at, lengths.get(i));
            at += lengths.get(i);
            full.set(i, null);
        }
        System.arraycopy(buf, 0, all, at, pos);
        full.clear();
        lengths.clear();
        buf = all;
        pos = all.length;
        before = 0;
        return all;
    }

    /** mapsize (64), highbit, node count, then (startbit, 64-bit map) per non-empty 64-bit word. */
    void ebitmap(Ebitmap e) {
        long[] nodes = e.nodes();
        u32(64);
        u32(nodes.length == 0 ? 0 : (nodes[nodes.length - 2] + 1) * 64);
        u32(nodes.length / 2);
        for (int i = 0; i < nodes.length; i += 2) { u32(nodes[i] * 64); u64(nodes[i + 1]); }
    }
}
