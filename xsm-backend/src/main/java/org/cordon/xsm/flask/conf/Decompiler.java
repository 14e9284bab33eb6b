package org.cordon.xsm.flask.conf;

import org.cordon.xsm.flask.model.FlaskPolicy;

public final class Decompiler {
    private Decompiler() { }
    public static String decompile(FlaskPolicy p) { return ""; }
}
