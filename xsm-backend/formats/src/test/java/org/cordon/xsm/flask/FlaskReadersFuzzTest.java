package org.cordon.xsm.flask;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.cordon.xsm.flask.binary.PolicyWriteException;
import org.cordon.xsm.flask.model.FlaskPolicy;

/**
 * Coverage-guided fuzzing (Jazzer) of the two FLASK readers, with oracles beyond "no exception". In the test command
 * these run the regression corpus (src/test/resources/…/FlaskReadersFuzzTestInputs/: every input that ever failed,
 * and a few seeds); {@code tests/fuzz/run.sh} runs the long campaigns.
 */
// each input within a bound: a hang is a finding (the campaign script gives libFuzzer the same bound per input)
@org.junit.jupiter.api.Timeout(value = 30, unit = java.util.concurrent.TimeUnit.SECONDS)
class FlaskReadersFuzzTest {

    /**
     * The binary reader: a rejected input fails with a BinaryPolicyException positioned inside it; an accepted Xen
     * binary decompiles, and Cordon's writer gives back the bytes it read, at the version it read, up to the order of
     * symbol tables (see below).
     */
    @FuzzTest(maxDuration = "30s")
    void binaryReaderAcceptsOnlyWhatItWritesBack(byte[] data) throws Exception {
        FlaskPolicy p;
        try {
            p = FlaskPolicies.readBinary(data);
        } catch (BinaryPolicyException e) {
            assertTrue(e.offset() >= 0 && e.offset() <= data.length, "offset outside the input: " + e.getMessage());
            return;
        }
        FlaskPolicies.decompile(p);
        if (!p.target().equals("XenFlask")) {
            return; // a legacy "SE Linux" binary: Cordon writes Xen's format only
        }
        int version = ByteBuffer.wrap(data, 16, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        byte[] again;
        try {
            again = FlaskPolicies.writeBinary(p, version, p.mls());
        } catch (PolicyWriteException e) {
            throw new AssertionError("accepted a binary Cordon cannot write back: " + e.getMessage(), e);
        }
        if (!java.util.Arrays.equals(data, again)) {
            // checkpolicy writes symbol tables and the rule table in the order of its hash tables, which Xen does not
            // read: symbols carry their values, rules their keys. A binary whose tables are in another order (a renamed
            // symbol or a changed rule key moves) is the same policy: the same statements, in another order, and its
            // encoding is then a fixpoint.
            FlaskPolicy q = FlaskPolicies.readBinary(again);
            assertEquals(statements(p), statements(q), "re-encoding changed the policy");
            assertArrayEquals(again, FlaskPolicies.writeBinary(q, version, q.mls()), "the encoding is not a fixpoint");
        }
    }

    /** The policy as its decompiled statements, in no order. */
    private static java.util.List<String> statements(FlaskPolicy p) {
        return FlaskPolicies.decompile(p).lines().sorted().toList();
    }

    /**
     * The policy.conf parser and expander: a rejected text fails with a PolicyConfException positioned inside it; an
     * accepted one compiles to a binary that its decompiled text compiles to again.
     */
    @FuzzTest(maxDuration = "30s")
    void policyConfRoundTripsThroughTheDecompiler(byte[] data) throws Exception {
        String text = new String(data, StandardCharsets.ISO_8859_1);
        FlaskPolicy p;
        try {
            p = FlaskPolicies.parse("fuzz.conf", text);
        } catch (PolicyConfException e) {
            // positions follow m4's #line markers (as checkpolicy's do): with markers, the line is the marked file's
            long lines = text.lines().count();
            boolean marked = text.contains("#line");
            assertTrue(e.line() >= 1 && (marked || e.line() <= lines + 1) && e.column() >= 1 && e.file() != null,
                    "position outside the input (" + lines + " lines): " + e.getMessage());
            return;
        }
        byte[] bin;
        try {
            bin = FlaskPolicies.writeBinary(p, 30, false);
        } catch (PolicyWriteException e) {
            return; // refused with a message: a policy Xen's format cannot hold
        }
        FlaskPolicy again = FlaskPolicies.parse("decompiled.conf", FlaskPolicies.decompile(p));
        assertArrayEquals(bin, FlaskPolicies.writeBinary(again, 30, false), "the decompiled text compiles differently");
    }
}
