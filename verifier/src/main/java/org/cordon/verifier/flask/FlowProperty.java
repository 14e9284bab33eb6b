package org.cordon.verifier.flask;

import java.util.List;
import org.cordon.model.SourcePos;

/**
 * A flow property over a FLASK policy's types and attributes: {@code isolated A, B, …} (no flow
 * between any two, either way) or {@code no flow A -> B} (directed), each except through its
 * mediators and the policy-wide trusted types.
 */
public record FlowProperty(boolean isolated, List<String> subjects, List<String> mediators, SourcePos pos) {

    public FlowProperty {
        subjects = List.copyOf(subjects);
        mediators = List.copyOf(mediators);
    }

    public static FlowProperty isolated(List<String> subjects, List<String> mediators, SourcePos pos) {
        return new FlowProperty(true, subjects, mediators, pos);
    }

    public static FlowProperty noFlow(String from, String to, List<String> mediators, SourcePos pos) {
        return new FlowProperty(false, List.of(from, to), mediators, pos);
    }

    @Override
    public String toString() {
        String via = mediators.isEmpty() ? "" : " except via " + String.join(", ", mediators);
        return (isolated ? "isolated " + String.join(", ", subjects) : "no flow " + subjects.get(0) + " -> "
                + subjects.get(1)) + via;
    }
}
