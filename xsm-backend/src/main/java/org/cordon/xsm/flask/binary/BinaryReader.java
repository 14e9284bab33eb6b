package org.cordon.xsm.flask.binary;

import org.cordon.xsm.flask.BinaryPolicyException;
import org.cordon.xsm.flask.model.FlaskPolicy;

public final class BinaryReader {
    private BinaryReader() { }
    public static FlaskPolicy read(byte[] data) throws BinaryPolicyException { throw new BinaryPolicyException(0, "todo"); }
}
