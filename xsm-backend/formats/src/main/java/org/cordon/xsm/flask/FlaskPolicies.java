package org.cordon.xsm.flask;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.cordon.xsm.flask.binary.BinaryReader;
import org.cordon.xsm.flask.binary.BinaryWriter;
import org.cordon.xsm.flask.binary.PolicyWriteException;
import org.cordon.xsm.flask.conf.ConfParser;
import org.cordon.xsm.flask.conf.Decompiler;
import org.cordon.xsm.flask.conf.Expander;
import org.cordon.xsm.flask.model.FlaskPolicy;

/**
 * The FLASK toolchain entry points: policy.conf → model → binary ("XenFlask" v24/v30, byte-identical to
 * {@code checkpolicy -t Xen}), binary → model, and model → policy.conf.
 */
public final class FlaskPolicies {
    private FlaskPolicies() { }

    /** Parses and compiles a non-MLS policy.conf file (checkpolicy without -M). */
    public static FlaskPolicy parse(Path file) throws IOException, PolicyConfException {
        return parse(file, false);
    }

    public static FlaskPolicy parse(Path file, boolean mls) throws IOException, PolicyConfException {
        return parse(file.toString(), Files.readString(file, StandardCharsets.ISO_8859_1), mls);
    }

    /** Parses and compiles policy.conf text; {@code name} is used in error positions before any #line marker. */
    public static FlaskPolicy parse(String name, String text) throws PolicyConfException {
        return parse(name, text, false);
    }

    /** Like {@link #parse(String, String)}; {@code mls} corresponds to checkpolicy's -M. */
    public static FlaskPolicy parse(String name, String text, boolean mls) throws PolicyConfException {
        return Expander.compile(ConfParser.parse(name, text), mls);
    }

    /** Compiles policy.conf statements, as {@link #parse(String, String, boolean)} compiles those it parses. */
    public static FlaskPolicy compile(java.util.List<org.cordon.xsm.flask.conf.Ast.Stmt> statements, boolean mls)
            throws PolicyConfException {
        return Expander.compile(statements, mls);
    }

    /** A policy compiled with the origin of every allow entry. */
    public record Traced(FlaskPolicy policy, java.util.List<org.cordon.xsm.flask.conf.AllowOrigin> origins) { }

    /** Parses and compiles non-MLS policy.conf text, recording where every allow entry came from. */
    public static Traced parseTraced(String name, String text) throws PolicyConfException {
        return parseTraced(name, text, false);
    }

    /** Parses and compiles policy.conf text (multi-level when {@code mls}), recording where every allow entry came from. */
    public static Traced parseTraced(String name, String text, boolean mls) throws PolicyConfException {
        java.util.List<org.cordon.xsm.flask.conf.AllowOrigin> origins = new java.util.ArrayList<>();
        FlaskPolicy p = Expander.compile(ConfParser.parse(name, text), mls, origins::add);
        return new Traced(p, origins);
    }

    /**
     * Writes the binary policy. {@code mls} must match how the model was compiled (the model records it);
     * a mismatch is rejected.
     */
    public static byte[] writeBinary(FlaskPolicy model, int version, boolean mls) throws PolicyWriteException {
        if (model.mls() != mls) {
            throw new PolicyWriteException("the model was compiled " + (model.mls() ? "with" : "without")
                    + " MLS; recompile it " + (mls ? "with" : "without") + " MLS");
        }
        return BinaryWriter.write(model, version);
    }

    /** Reads a binary policy ("XenFlask" v24/v30 or legacy "SE Linux" v15–v24). */
    public static FlaskPolicy readBinary(byte[] data) throws BinaryPolicyException {
        return BinaryReader.read(data);
    }

    /** Xen's name for an initial SID number (xenboot = 1 … domDM = 13); "sidN" beyond Xen's list. */
    public static String initialSidName(int sid) {
        return Decompiler.sidName(sid);
    }

    /** Renders the model as policy.conf text that compiles back to the same binary. */
    public static String decompile(FlaskPolicy model) {
        return Decompiler.decompile(model);
    }
}
