package org.cordon.xsm.flask.binary;

/** The model cannot be written at the requested version (e.g. a 64-bit iomemcon at version 24). */
public class PolicyWriteException extends Exception {
    public PolicyWriteException(String message) { super(message); }
}
