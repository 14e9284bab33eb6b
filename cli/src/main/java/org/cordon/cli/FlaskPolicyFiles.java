package org.cordon.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.cordon.xsm.flask.BinaryPolicyException;
import org.cordon.xsm.flask.FlaskPolicies;
import org.cordon.xsm.flask.PolicyConfException;
import org.cordon.verifier.flask.FlaskFacts;

/** Reads a FLASK policy a user names: a binary (by its magic number) or policy.conf text; errors reported, null returned. */
final class FlaskPolicyFiles {

    /** The FLASK binary magic, little-endian 0xf97cff8c. */
    private static final byte[] MAGIC = {(byte) 0x8c, (byte) 0xff, 0x7c, (byte) 0xf9};

    private FlaskPolicyFiles() {
    }

    private static final java.util.regex.Pattern MLS = java.util.regex.Pattern.compile("(?m)^\\s*sensitivity\\s");

    static boolean isBinary(byte[] data) {
        return data.length >= 4 && data[0] == MAGIC[0] && data[1] == MAGIC[1] && data[2] == MAGIC[2]
                && data[3] == MAGIC[3];
    }

    /** The policy's facts; from policy.conf each positioned at its rule. Null after reporting an error. */
    static FlaskFacts factsOrReport(Path file, PrintWriter err) {
        FlaskPolicies.Traced t = readOrReport(file, err);
        return t == null ? null : FlaskFacts.of(file.toString(), t.policy(), t.origins());
    }

    /** The policy, with the origins of its allow entries when it is policy.conf text. Null after reporting an error. */
    static FlaskPolicies.Traced readOrReport(Path file, PrintWriter err) {
        try {
            byte[] data = Files.readAllBytes(file);
            if (isBinary(data)) {
                return new FlaskPolicies.Traced(FlaskPolicies.readBinary(data), java.util.List.of());
            }
            String text = new String(data, StandardCharsets.ISO_8859_1);
            // a multi-level policy.conf declares its sensitivities (checkpolicy needs -M for it)
            return FlaskPolicies.parseTraced(file.toString(), text, MLS.matcher(text).find());
        } catch (NoSuchFileException e) {
            err.println("cordon: " + file + ": no such file");
        } catch (BinaryPolicyException e) {
            err.println(file + ": not a readable FLASK binary policy: " + e.getMessage());
        } catch (PolicyConfException e) {
            // positioned file:line:col, like checkpolicy's own errors
            err.println(e.getMessage());
        } catch (IOException e) {
            err.println("cordon: " + file + ": " + e.getMessage());
        }
        return null;
    }
}
