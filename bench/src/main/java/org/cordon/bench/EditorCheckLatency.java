package org.cordon.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.cordon.dsl.ide.check.PolicyCheck;
import org.cordon.dsl.load.CordonFrontEnd;
import org.cordon.model.Diagnostic;

/**
 * What the Eclipse plugin runs in its reconciler after each pause in typing: {@code cordon check}'s passes and
 * the verifier ({@link PolicyCheck}) in-process on the edited text, on the same generated policy and edits as
 * {@link LspLatency}. Usage: {@code EditorCheckLatency [CLASSES] [EDITS]}; the first two checks warm the JVM.
 */
public final class EditorCheckLatency {

    private EditorCheckLatency() {
    }

    public static void main(String[] args) {
        int classes = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int edits = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        String text = LspLatency.policy(classes);
        for (int i = 0; i < 2; i++) {
            check(LspLatency.edit(text, i));
        }
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < edits; i++) {
            long t0 = System.nanoTime();
            List<Diagnostic> found = check(LspLatency.edit(text, i));
            ms.add((System.nanoTime() - t0) / 1e6);
            if (i % 2 == 0 && found.stream().noneMatch(d -> d.code().equals("isolation"))) {
                throw new IllegalStateException("the edit should have produced an isolation verdict: " + found);
            }
        }
        ms.sort(Double::compare);
        System.out.printf(Locale.ROOT, "| %d lines, %d classes | %d edits | median %.0f ms | p90 %.0f ms | max %.0f ms |%n",
                text.lines().count(), classes, edits, ms.get(ms.size() / 2), ms.get((int) (ms.size() * 0.9)),
                ms.get(ms.size() - 1));
    }

    private static List<Diagnostic> check(String text) {
        return PolicyCheck.run(List.of(new CordonFrontEnd.Source("big.cordon", text))).diagnostics();
    }
}
