package org.cordon.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.cordon.model.Diagnostic;
import org.junit.jupiter.api.Test;

/**
 * The verifier's verdict on samples/cloud-host.cordon: the banks are isolated (every path between
 * them runs through dom0, xenstore or netdrv, the platform's trusted domains, which the no-flow
 * assertion names), and dom0 manages bank_a without reading its memory. The verdicts on altered
 * samples are in samples/src/test (SampleVerdictsTest).
 */
class CloudHostSampleTest {

    @Test
    void verdict() throws Exception {
        List<Diagnostic> ds = new Verifier().verify(Sources.sample("cloud-host.cordon"));
        assertEquals(List.of(), ds.stream().map(d -> d.pos().line() + ":" + d.code().id()).toList(), () -> ds.toString());
    }
}
