package org.cordon.xsm.flask;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Bounded fuzzing of the reader and the parser with random mutations of the vector files: the only failure
 * allowed is our positioned exception. Iterations: {@code cordon.flask.fuzz.iterations} (default 300 each).
 * The class timeout only guards against hangs; it is not a performance assertion.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class FuzzTest {
    private static final int ITERATIONS = Integer.getInteger("cordon.flask.fuzz.iterations", 300);

    private static byte[] mutate(byte[] in, Random r) {
        byte[] b = in.clone();
        switch (r.nextInt(5)) {
            case 0 -> { // flip a few bytes
                for (int i = 0, n = 1 + r.nextInt(8); i < n; i++) b[r.nextInt(b.length)] = (byte) r.nextInt(256);
            }
            case 1 -> { // truncate
                b = java.util.Arrays.copyOf(b, r.nextInt(b.length));
            }
            case 2 -> { // set a 32-bit word to an extreme value
                int at = r.nextInt(Math.max(1, b.length - 4)) & ~3;
                int v = new int[] {0, -1, 0x7fffffff, 0x10000, 64, 65}[r.nextInt(6)];
                for (int i = 0; i < 4 && at + i < b.length; i++) b[at + i] = (byte) (v >>> (8 * i));
            }
            case 3 -> { // duplicate a slice
                int from = r.nextInt(b.length), len = r.nextInt(Math.min(64, b.length - from) + 1);
                byte[] c = new byte[b.length + len];
                System.arraycopy(b, 0, c, 0, from + len);
                System.arraycopy(b, from, c, from + len, b.length - from);
                b = c;
            }
            default -> { // delete a slice
                int from = r.nextInt(b.length), len = r.nextInt(Math.min(64, b.length - from) + 1);
                byte[] c = new byte[b.length - len];
                System.arraycopy(b, 0, c, 0, from);
                System.arraycopy(b, from + len, c, from, b.length - from - len);
                b = c;
            }
        }
        return b;
    }

    @Test
    void readerFailsOnlyWithPositionedErrors() throws Exception {
        String[] bins = {"xen-4.22.0/xenpolicy-4.22.0", "xen-4.22.0/xenpolicy-4.22.0-v24", "ocontexts/xenpolicy-ocon",
                "mls/xenpolicy-mls"};
        Random r = new Random(42);
        int rejected = 0;
        for (String bin : bins) {
            byte[] base = Vectors.bytes(bin);
            for (int i = 0; i < ITERATIONS; i++) {
                byte[] m = mutate(base, r);
                try {
                    var model = FlaskPolicies.readBinary(m);
                    // whatever the reader accepts must also be printable and writable (or refused cleanly)
                    FlaskPolicies.decompile(model);
                    try {
                        FlaskPolicies.writeBinary(model, 30, model.mls());
                    } catch (org.cordon.xsm.flask.binary.PolicyWriteException e) {
                        // refused cleanly
                    }
                } catch (BinaryPolicyException e) {
                    rejected++;
                    assertTrue(e.offset() >= 0 && e.offset() <= m.length, "offset out of range: " + e.getMessage());
                } catch (Throwable t) {
                    fail("reader/decompiler threw " + t + " on a mutation of " + bin, t);
                }
            }
        }
        assertTrue(rejected > 0, "no mutation was rejected");
    }

    @Test
    void parserFailsOnlyWithPositionedErrors() throws Exception {
        String text = new String(Vectors.bytes("xen-4.22.0/policy.conf"), StandardCharsets.ISO_8859_1);
        Random r = new Random(7);
        String[] junk = {"{", "}", ";", ":", "-", "~", "*", "allow", "type", "if", "(", ")", "!", "0x", "#line 5", "\n",
                "self", "\"", "/", "class", "sid", "attribute", "role", "user", "==", "&&", "9999999999999"};
        for (int i = 0; i < ITERATIONS; i++) {
            StringBuilder sb = new StringBuilder(text);
            for (int k = 0, n = 1 + r.nextInt(4); k < n; k++) {
                int at = r.nextInt(sb.length());
                switch (r.nextInt(3)) {
                    case 0 -> sb.insert(at, junk[r.nextInt(junk.length)]);
                    case 1 -> sb.delete(at, Math.min(sb.length(), at + 1 + r.nextInt(40)));
                    default -> sb.setCharAt(at, (char) (32 + r.nextInt(95)));
                }
            }
            try {
                FlaskPolicies.parse("fuzz.conf", sb.toString());
            } catch (PolicyConfException e) {
                assertTrue(e.line() >= 1 && e.column() >= 1, e.getMessage());
                assertTrue(e.getMessage().matches("(?s)[^:]+:\\d+:\\d+: .+"), e.getMessage());
            } catch (Throwable t) {
                fail("parser threw " + t + " on mutation " + i, t);
            }
        }
    }
}
