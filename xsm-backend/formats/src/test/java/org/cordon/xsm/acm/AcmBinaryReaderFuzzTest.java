package org.cordon.xsm.acm;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bounded, seeded mutation fuzzing of the binary reader: whatever the bytes, the reader either returns a
 * policy that decodes, or throws our positioned {@link AcmFormatException}; nothing else. Every loop in
 * the reader is bounded by the input length, so there is nothing to time.
 */
class AcmBinaryReaderFuzzTest {

    private static final int MUTATIONS_PER_VECTOR = 400;

    static Stream<String> vectors() {
        return Stream.of("v4/acme.bin", "v4/client_v1.bin", "v4/default-ul.bin", "v3-xml2bin-3.1/client_v1.bin",
                "v3-xml2bin-3.2dev/xm-test.bin", "accepted-oddities/nochw.bin");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void mutationsOnlyEverRaiseAcmFormatException(String vector) {
        byte[] original = AcmVectors.bytes(AcmVectors.file(vector));
        Random rnd = new Random(vector.hashCode()); // fixed seed per vector: reproducible
        int rejected = 0;
        for (int i = 0; i < MUTATIONS_PER_VECTOR; i++) {
            byte[] b = mutate(original, rnd);
            try {
                AcmBinaryPolicy p = AcmBinaryReader.read(b);
                AcmBinaryDecoder.decode(p);
            } catch (AcmFormatException e) {
                rejected++;
                assertTrue(e.offset() >= 0 && e.offset() <= b.length, e::getMessage);
            } catch (RuntimeException | Error e) {
                fail("mutation " + i + " of " + vector + " raised " + e + " for bytes " + hex(b), e);
            }
        }
        assertTrue(rejected > 0, "the mutations should hit some corruption");
    }

    private static byte[] mutate(byte[] original, Random rnd) {
        byte[] b = original.clone();
        switch (rnd.nextInt(6)) {
            case 0 -> b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
            case 1 -> b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
            case 2 -> { // a header or section word set to an interesting value
                int at = rnd.nextInt(b.length / 4) * 4;
                int[] values = {0, 1, 2, 7, 8, 0x7fffffff, 0x80000000, 0xffffffff, b.length, b.length + 8, rnd.nextInt()};
                ByteBuffer.wrap(b).putInt(at, values[rnd.nextInt(values.length)]);
            }
            case 3 -> b = Arrays.copyOf(b, rnd.nextInt(b.length));
            case 4 -> { // grow and fix up len so the deeper checks run
                b = Arrays.copyOf(b, b.length + 1 + rnd.nextInt(64));
                ByteBuffer.wrap(b).putInt(8, b.length);
            }
            default -> {
                for (int k = 0; k < 4; k++) {
                    b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
                }
            }
        }
        return b;
    }

    private static String hex(byte[] b) {
        return java.util.HexFormat.of().formatHex(b);
    }
}
