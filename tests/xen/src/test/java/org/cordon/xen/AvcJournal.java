package org.cordon.xen;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.cordon.verifier.explain.AvcRecord;

/**
 * The AVC lines a scenario made Xen print, judged decision by decision against the loaded policy and
 * written to a log: a {@code # policy=… mode=… booleans=… step=…} header, then Xen's own lines. That
 * file is the test data for {@code cordon explain} (see {@link RecordedAvcTest}).
 */
final class AvcJournal {

    private final Path file;
    private final List<PolicyOracle.Verdict> disagreements = new ArrayList<>();
    private int judged;

    AvcJournal(Path file) throws IOException {
        this.file = file;
        Files.createDirectories(file.getParent());
        Files.writeString(file, "");
    }

    /** The header that names what was in force, in the form RecordedAvcTest reads back. */
    static String header(String policy, String mode, Map<String, Boolean> booleans, String step) {
        String bools = new TreeMap<>(booleans).entrySet().stream().map(e -> e.getKey() + ":" + (e.getValue() ? 1 : 0))
                .collect(Collectors.joining(","));
        return "# policy=" + policy + " mode=" + mode + " booleans=" + bools + " step=" + step.replace(' ', '_');
    }

    /**
     * Judges every AVC line among {@code dmesg} and records them; returns the records. Disagreements are
     * collected (reported by {@link #assertAgreement()}) so that a scenario still runs to the end.
     */
    List<AvcRecord> judge(List<String> dmesg, PolicyOracle oracle, String policy, String mode,
            Map<String, Boolean> booleans, String step) throws IOException {
        List<AvcRecord> records = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        for (String line : dmesg) {
            AvcRecord.parse(line).ifPresent(avc -> {
                records.add(avc);
                lines.add(line.strip());
                for (PolicyOracle.Verdict v : oracle.judge(avc, booleans)) {
                    judged++;
                    if (!v.agrees()) {
                        disagreements.add(v);
                    }
                }
            });
        }
        if (!lines.isEmpty()) {
            Files.writeString(file, header(policy, mode, booleans, step) + "\n" + String.join("\n", lines) + "\n",
                    StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        }
        return records;
    }

    int judged() {
        return judged;
    }

    void assertAgreement() {
        assertTrue(disagreements.isEmpty(), "Xen and the compiled policy disagree on " + disagreements.size()
                + " of " + judged + " decisions:\n" + disagreements.stream().map(Object::toString)
                .collect(Collectors.joining("\n")));
    }
}
