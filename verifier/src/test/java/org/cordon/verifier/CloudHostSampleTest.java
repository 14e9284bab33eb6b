package org.cordon.verifier;

import org.cordon.model.Diagnostic;
import org.junit.jupiter.api.Test;

class CloudHostSampleTest {

    @Test
    void print() throws Exception {
        for (Diagnostic d : new Verifier().verify(Sources.sample("cloud-host.cordon"))) {
            System.out.println(d.pos() + " " + d.code() + ": " + d.message());
            d.related().forEach(r -> System.out.println("    " + r.pos() + " " + r.message()));
        }
    }
}
