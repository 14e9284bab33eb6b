package org.cordon.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.cordon.driver.Build;
import org.cordon.driver.Driver;
import org.cordon.driver.Options;
import org.cordon.dsl.load.CordonFrontEnd;

/**
 * How much of an edit's work is new, for a check that would reuse the rest: the check of a policy and of the same
 * policy edited, and for each pass's product (the statement table, policy.conf's statements, the verifier's type-rule
 * vectors, the binary) how many items each has that the other lacks, once positions are set aside, and how many of the
 * edited policy's items are new only by position (a line added above them). Without a second file, the edit is
 * {@link LspLatency}'s first (a rule added). Usage: {@code EditDelta BEFORE.cordon [AFTER.cordon]}.
 */
public final class EditDelta {

    /** A position as the products print one: file:line:column. */
    private static final Pattern POSITION = Pattern.compile("[A-Za-z0-9_.-]+\\.cordon:[0-9]+:[0-9]+");

    private EditDelta() {
    }

    public static void main(String[] args) throws Exception {
        String before = Files.readString(Path.of(args[0]));
        String after = args.length > 1 ? Files.readString(Path.of(args[1])) : LspLatency.edit(before, 0);
        String name = Path.of(args[0]).getFileName().toString();
        Build a = check(name, before);
        Build b = check(name, after);
        System.out.println("| product | before | after | only before | only after | new only by position |");
        System.out.println("|---|---|---|---|---|---|");
        row("statement table entries", a.table().orElseThrow().entries(), b.table().orElseThrow().entries());
        row("policy.conf statements", a.flask().orElseThrow().conf(), b.flask().orElseThrow().conf());
        row("type-rule vectors", a.facts().orElseThrow().typeRuleVectors(), b.facts().orElseThrow().typeRuleVectors());
        byte[] x = a.binary().orElseThrow();
        byte[] y = b.binary().orElseThrow();
        int mismatch = Arrays.mismatch(x, y);
        int same = mismatch < 0 ? x.length : mismatch;
        System.out.printf("%nbinary: %,d -> %,d bytes, the same up to byte %,d; types %,d -> %,d%n", x.length, y.length,
                same, a.types().orElseThrow().types().size(), b.types().orElseThrow().types().size());
    }

    private static Build check(String name, String text) {
        Build b = Driver.run(List.of(new CordonFrontEnd.Source(name, text)), Options.defaults());
        if (b.hasErrorsOutside("verify")) {
            throw new IllegalArgumentException(name + " does not compile: " + b.diagnostics());
        }
        return b;
    }

    /** One product's items before and after the edit, compared ({@link #delta}). */
    record Delta(int before, int after, int onlyBefore, int onlyAfter, int byPosition) {
    }

    private static void row(String product, List<?> before, List<?> after) {
        Delta d = delta(before, after);
        System.out.printf("| %s | %,d | %,d | %,d | %,d | %,d |%n", product, d.before(), d.after(), d.onlyBefore(),
                d.onlyAfter(), d.byPosition());
    }

    /**
     * Items counted by their text without positions, repeats counted: how many each side has that the other lacks;
     * and how many of the items after are new only by position (their text with positions is not before's, without
     * positions it is).
     */
    static Delta delta(List<?> before, List<?> after) {
        // each item's text made once: a product has hundreds of thousands
        List<String> was = before.stream().map(Object::toString).toList();
        List<String> is = after.stream().map(Object::toString).toList();
        Map<String, Integer> wasCounts = counts(was);
        Map<String, Integer> isCounts = counts(is);
        Set<String> exact = new HashSet<>(was);
        int onlyAfter = missing(isCounts, wasCounts);
        int changed = (int) is.stream().filter(text -> !exact.contains(text)).count();
        return new Delta(was.size(), is.size(), missing(wasCounts, isCounts), onlyAfter, changed - onlyAfter);
    }

    private static Map<String, Integer> counts(List<String> texts) {
        Map<String, Integer> out = new HashMap<>();
        texts.forEach(text -> out.merge(POSITION.matcher(text).replaceAll("@"), 1, Integer::sum));
        return out;
    }

    /** How many of {@code of}'s items {@code in} lacks, counting repeats. */
    private static int missing(Map<String, Integer> of, Map<String, Integer> in) {
        int n = 0;
        for (Map.Entry<String, Integer> e : of.entrySet()) {
            n += Math.max(0, e.getValue() - in.getOrDefault(e.getKey(), 0));
        }
        return n;
    }
}
