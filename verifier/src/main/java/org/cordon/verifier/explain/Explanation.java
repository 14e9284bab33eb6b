package org.cordon.verifier.explain;

import java.util.List;
import org.cordon.model.Diagnostic;

/**
 * Why a policy decides one permission of an AVC line as it does: the verdict, what Xen checks the
 * permission for (from the catalogue; empty if unknown), the statements or rules behind the verdict
 * (positioned), and what to do about it.
 */
public record Explanation(AvcRecord avc, String permission, Verdict verdict, String summary, String meaning,
        List<Diagnostic.Related> because, String advice) {

    public enum Verdict {
        /** A statement allows it whatever the switches. */
        ALLOWED,
        /** Allowed under some setting of the switches only. */
        ALLOWED_WHEN,
        /** Nothing allows it. */
        NOT_ALLOWED,
        /** Nothing allows it and a statement of the policy forbids it. */
        FORBIDDEN,
        /** The type rules allow it; the policy's MLS constraints deny it (Bell-LaPadula, on the line's levels). */
        MLS_DENIED,
        /** The line names a type or class the policy does not have. */
        UNKNOWN
    }

    public Explanation {
        because = List.copyOf(because);
    }
}
