package org.cordon.verifier.flask;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing (Jazzer) of the context reader behind {@code cordon explain} on a multi-level policy and the
 * MLS judging of real-Xen AVC lines: whatever two contexts an AVC line carries, the constraints decide or the contexts
 * are refused with IllegalArgumentException (which explain reports as unreadable), never another exception.
 */
// each input within a bound: a hang is a finding (the campaign script gives libFuzzer the same bound per input)
@org.junit.jupiter.api.Timeout(value = 30, unit = java.util.concurrent.TimeUnit.SECONDS)
class BinaryMlsFuzzTest {

    private static BinaryMls mls;

    @FuzzTest(maxDuration = "30s")
    void contextsDecideOrAreRefused(FuzzedDataProvider data) throws Exception {
        if (mls == null) {
            mls = BinaryMlsTest.vector();
        }
        String s = data.consumeString(200);
        String t = data.consumeString(200);
        String cls = data.pickValue(new String[] {"domain", "domain2", "mmu", "grant", "event", "xen"});
        String perm = data.consumeRemainingAsString();
        try {
            mls.allows(s, t, cls, perm);
        } catch (IllegalArgumentException refused) {
            // a context the policy cannot read
        }
    }
}
