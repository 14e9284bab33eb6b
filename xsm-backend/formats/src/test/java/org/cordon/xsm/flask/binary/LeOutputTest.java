package org.cordon.xsm.flask.binary;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The chunked output gives the bytes one little-endian buffer would, across chunk edges and past a chunk's size. */
class LeOutputTest {

    @Test
    void valuesAcrossChunkEdgesAndLargeArraysComeOutInOrder() {
        LeOutput out = new LeOutput();
        ByteBuffer expected = ByteBuffer.allocate(32 << 20).order(ByteOrder.LITTLE_ENDIAN);
        Random r = new Random(7);
        for (int i = 0; i < 600_000; i++) {
            switch (r.nextInt(5)) {
                case 0 -> { int v = r.nextInt(); out.u8(v); expected.put((byte) v); }
                case 1 -> { int v = r.nextInt(); out.u16(v); expected.putShort((short) v); }
                case 2 -> { int v = r.nextInt(); out.u32(v & 0xffffffffL); expected.putInt(v); }
                case 3 -> { long v = r.nextLong(); out.u64(v); expected.putLong(v); }
                default -> {
                    // now and then an array larger than a chunk
                    byte[] b = new byte[r.nextInt(20_000) == 0 ? (1 << 20) + r.nextInt(1000) : r.nextInt(40)];
                    r.nextBytes(b);
                    out.bytes(b);
                    expected.put(b);
                }
            }
            assertEquals(expected.position(), out.size());
        }
        byte[] want = java.util.Arrays.copyOf(expected.array(), expected.position());
        assertArrayEquals(want, out.toByteArray());
        // asked again, and written on after, it still holds everything
        assertArrayEquals(want, out.toByteArray());
        out.u32(0x01020304);
        byte[] more = out.toByteArray();
        assertEquals(want.length + 4, more.length);
        assertArrayEquals(new byte[] {4, 3, 2, 1}, java.util.Arrays.copyOfRange(more, want.length, more.length));
    }
}
