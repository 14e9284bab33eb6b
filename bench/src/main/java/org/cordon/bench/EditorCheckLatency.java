package org.cordon.bench;

import java.util.ArrayList;
import java.util.List;
import org.cordon.driver.Driver;
import org.cordon.dsl.load.CordonFrontEnd;
import org.cordon.model.Diagnostic;

/**
 * What the Eclipse plugin runs in its reconciler after each pause in typing: {@code cordon check}'s passes and
 * the verifier ({@link Driver}) in-process on the edited text, on the same generated policy and edits as
 * {@link LspLatency}. Usage: {@code EditorCheckLatency [CLASSES] [EDITS] [WARMUP]}; the first {@code WARMUP}
 * checks (default 2) are the JIT compiler's and are reported apart.
 */
public final class EditorCheckLatency {

    private EditorCheckLatency() {
    }

    public static void main(String[] args) {
        int classes = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int edits = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        String text = LspLatency.policy(classes);
        List<Double> first = new ArrayList<>();
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < warmup + edits; i++) {
            long t0 = System.nanoTime();
            List<Diagnostic> found = check(LspLatency.edit(text, i));
            (i < warmup ? first : ms).add((System.nanoTime() - t0) / 1e6);
            if (i % 2 == 0 && found.stream().noneMatch(d -> d.code().id().equals("isolation"))) {
                throw new IllegalStateException("the edit should have produced an isolation verdict: " + found);
            }
        }
        long lines = text.lines().count();
        System.out.println(LspLatency.row(lines, classes, "first " + first.size() + " checks", first));
        System.out.println(LspLatency.row(lines, classes, "then " + ms.size() + " checks", ms));
    }

    private static List<Diagnostic> check(String text) {
        return Driver.check(List.of(new CordonFrontEnd.Source("big.cordon", text))).diagnostics();
    }
}
