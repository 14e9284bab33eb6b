package org.cordon.driver;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.cordon.dsl.load.CordonFrontEnd;
import org.cordon.model.Diagnostic;
import org.cordon.model.DiagnosticCode;
import org.cordon.verifier.upgrade.ReleaseUpgrade;

/**
 * {@code cordon upgrade}: one policy built twice, for the release it targets and for another, every pass of
 * {@code check} each time, and the verifier's readings of the two compared.
 *
 * @param before the build for the policy's own {@code target xen}
 * @param after the build for the new release
 * @param report the comparison, when both builds produced the verifier's reading
 * @param blocking errors of the new build that the old one did not have: statements to change for the new release
 */
public record Upgrade(Build before, Build after, Optional<ReleaseUpgrade.Report> report, List<Diagnostic> blocking) {

    public Upgrade {
        blocking = List.copyOf(blocking);
    }

    public static Upgrade run(List<CordonFrontEnd.Source> sources, String toRelease) {
        Build before = Driver.run(sources, Options.defaults());
        Build after = Driver.run(sources, Options.defaults().withXenRelease(toRelease));
        Set<String> old = before.diagnostics().stream().filter(Upgrade::error).map(Upgrade::key)
                .collect(Collectors.toSet());
        List<Diagnostic> blocking = after.diagnostics().stream().filter(Upgrade::error)
                .filter(d -> !old.contains(key(d))).toList();
        Optional<ReleaseUpgrade.Report> report = before.facts().isPresent() && after.facts().isPresent()
                ? Optional.of(ReleaseUpgrade.compare(before.facts().get(), after.facts().get())) : Optional.empty();
        return new Upgrade(before, after, report, blocking);
    }

    private static boolean error(Diagnostic d) {
        return d.severity() == Diagnostic.Severity.ERROR;
    }

    /** The same finding in both builds: its rule and place (messages name the release). */
    private static String key(Diagnostic d) {
        return d.code().id() + "@" + d.pos();
    }

    /**
     * 2 when the policy does not build for its own release (input errors), 1 when the new build denies something
     * the old one allowed or fails where the old one did not, 0 otherwise.
     */
    public int exitCode() {
        if (before.exitCode() == DiagnosticCode.Category.INPUT_ERROR.exitCode()
                || before.exitCode() == DiagnosticCode.Category.INTERNAL_ERROR.exitCode()) {
            return before.exitCode();
        }
        if (after.internalError().isPresent()) {
            return DiagnosticCode.Category.INTERNAL_ERROR.exitCode();
        }
        boolean safe = blocking.isEmpty() && report.map(ReleaseUpgrade.Report::safe).orElse(false);
        return safe ? 0 : DiagnosticCode.Category.POLICY_VIOLATION.exitCode();
    }
}
