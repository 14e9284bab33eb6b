package org.cordon.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.cordon.model.Diagnostic;
import org.junit.jupiter.api.Test;

/**
 * The verifier's verdict on samples/cloud-host.cordon. The banks are isolated (every path between
 * them runs through dom0, xenstore or netdrv, the platform's trusted domains). Two things do not
 * hold, and the verifier says why with source positions:
 * dom0 maps bank_a's grants (its {@code comms guests}), so bank_a flows to dom0 directly; and
 * bank_a is built under a build label (it denies introspection), so dom0's domain.create is on
 * the build label, not on the running bank_a.web the test names.
 */
class CloudHostSampleTest {

    @Test
    void verdict() throws Exception {
        List<Diagnostic> ds = new Verifier().verify(Sources.sample("cloud-host.cordon"));
        assertEquals(List.of("71:no-flow", "74:test-failed"),
                ds.stream().map(d -> d.pos().line() + ":" + d.code()).toList(), () -> ds.toString());
        Diagnostic flow = ds.get(0);
        assertTrue(flow.message().endsWith("bank_a.web -> dom0"), flow.message());
        assertEquals(25, flow.related().get(0).pos().line());
        assertTrue(flow.related().get(0).message().contains("grant.map_read"));
        assertTrue(ds.get(1).related().get(0).message().contains("while being built"));
    }
}
