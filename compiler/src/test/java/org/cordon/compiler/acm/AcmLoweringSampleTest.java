package org.cordon.compiler.acm;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.file.Path;
import java.util.List;
import org.cordon.dsl.load.CordonFrontEnd;
import org.cordon.model.PolicyModel;
import org.cordon.xsm.acm.AcmPolicies;
import org.junit.jupiter.api.Test;

class AcmLoweringSampleTest {

    static PolicyModel sample() throws Exception {
        Path root = Path.of(System.getProperty("cordon.root", "."));
        CordonFrontEnd.Result r = new CordonFrontEnd().run(List.of(
                CordonFrontEnd.Source.of(root.resolve("samples/cloud-host.cordon"))));
        assertFalse(r.hasErrors(), () -> r.diagnostics().toString());
        assertNotNull(r.model());
        return r.model();
    }

    @Test
    void dump() throws Exception {
        AcmLowering.Result res = AcmLowering.lower(sample());
        System.out.println(AcmPolicies.writeXml(res.policy()));
        res.diagnostics().forEach(d -> System.out.println("DIAG " + d.severity() + " " + d.pos() + " " + d.message()));
    }
}
