package org.cordon.xsm.flask;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.cordon.xsm.flask.model.FlaskPolicy;
import org.junit.jupiter.api.Test;

/** The public entry points the CLI uses, end to end on the 4.22 default policy. */
class FacadeTest {
    @Test
    void parseWriteReadDecompile() throws Exception {
        Path conf = Vectors.file("xen-4.22.0/policy.conf");
        FlaskPolicy model = FlaskPolicies.parse(conf);
        byte[] v30 = FlaskPolicies.writeBinary(model, 30, false);
        assertArrayEquals(Vectors.bytes("xen-4.22.0/xenpolicy-4.22.0"), v30);
        FlaskPolicy read = FlaskPolicies.readBinary(v30);
        assertEquals(32 + 7, read.types().size());
        assertEquals(13, read.classes().size());
        assertEquals(2, read.bools().size());
        assertEquals("xenboot", FlaskPolicies.initialSidName(1));
        assertEquals("domDM", FlaskPolicies.initialSidName(13));
        String text = FlaskPolicies.decompile(read);
        assertArrayEquals(v30, FlaskPolicies.writeBinary(FlaskPolicies.parse("decompiled.conf", text), 30, false));
        // checkpolicy -U allow sets config bit 0x4
        byte[] allow = FlaskPolicies.writeBinary(model.withHandleUnknown(FlaskPolicy.HANDLE_ALLOW), 30, false);
        assertEquals(4, allow[20] & 0x7);
    }
}
