package org.cordon.driver.imports;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.cordon.verifier.facts.Fact;
import org.cordon.verifier.flask.FlaskFacts;

/**
 * Pass prove's measure: the (source type, target type, class, permission) tuples a FLASK policy allows, each with the
 * boolean settings under which it is allowed (every setting of the policy's booleans is one bit), so that two
 * policies compare under every setting at once. Types and booleans are renamed into one vocabulary first.
 */
final class AccessTuples {

    /** More booleans than this and settings are not enumerated: the guards are compared as written. */
    static final int MAX_BOOLEANS = 16;

    /** One tuple on one side only, and the settings (described) where that side allows it and the other does not. */
    record Difference(String tuple, boolean onlyInImport, String when) {
        @Override
        public String toString() {
            return (onlyInImport ? "+ " : "- ") + tuple + (when.isEmpty() ? "" : " (when " + when + ")");
        }
    }

    private final List<String> booleans;
    private final Map<String, BitSet> tuples = new TreeMap<>();

    private AccessTuples(List<String> booleans) {
        this.booleans = booleans;
    }

    /**
     * The tuples of {@code facts} with types named by {@code typeName} and booleans by {@code boolName}, the settings
     * enumerated over {@code booleans} (already renamed).
     */
    static AccessTuples of(FlaskFacts facts, List<String> booleans, UnaryOperator<String> typeName,
            UnaryOperator<String> boolName) {
        AccessTuples t = new AccessTuples(booleans);
        int settings = 1 << Math.min(booleans.size(), MAX_BOOLEANS);
        for (Fact f : facts.facts()) {
            String key = typeName.apply(f.source().owner()) + " " + typeName.apply(f.target().owner()) + " : "
                    + f.securityClass() + "." + f.permission();
            BitSet when = new BitSet(settings);
            if (f.origin().guard().isEmpty()) {
                when.set(0, settings);
            } else {
                for (int s = 0; s < settings; s++) {
                    final int setting = s;
                    if (f.origin().guard().get().holds(b -> {
                        int i = booleans.indexOf(boolName.apply(b));
                        return i >= 0 && (setting >>> i & 1) == 1;
                    })) {
                        when.set(s);
                    }
                }
            }
            t.tuples.merge(key, when, (a, b) -> {
                BitSet u = (BitSet) a.clone();
                u.or(b);
                return u;
            });
        }
        return t;
    }

    int size() {
        return tuples.size();
    }

    /** The tuples allowed under every setting. */
    java.util.Set<String> always() {
        int count = 1 << Math.min(booleans.size(), MAX_BOOLEANS);
        java.util.Set<String> out = new java.util.HashSet<>();
        tuples.forEach((k, when) -> {
            if (when.cardinality() == count) {
                out.add(k);
            }
        });
        return out;
    }

    /** What {@code imported} allows that this does not (+) and what this allows that it does not (-). */
    List<Difference> differences(AccessTuples imported) {
        List<Difference> out = new ArrayList<>();
        TreeMap<String, BitSet> all = new TreeMap<>(tuples);
        imported.tuples.forEach(all::putIfAbsent);
        for (String key : all.keySet()) {
            BitSet mine = tuples.getOrDefault(key, new BitSet());
            BitSet theirs = imported.tuples.getOrDefault(key, new BitSet());
            BitSet lost = (BitSet) mine.clone();
            lost.andNot(theirs);
            BitSet gained = (BitSet) theirs.clone();
            gained.andNot(mine);
            if (!lost.isEmpty()) {
                out.add(new Difference(key, false, describe(lost)));
            }
            if (!gained.isEmpty()) {
                out.add(new Difference(key, true, describe(gained)));
            }
        }
        return out;
    }

    /** The settings in words: empty for all of them, else the first one. */
    private String describe(BitSet settings) {
        int count = 1 << Math.min(booleans.size(), MAX_BOOLEANS);
        if (settings.cardinality() == count) {
            return "";
        }
        int s = settings.nextSetBit(0);
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < Math.min(booleans.size(), MAX_BOOLEANS); i++) {
            parts.add(booleans.get(i) + (((s >>> i) & 1) == 1 ? " on" : " off"));
        }
        return String.join(", ", parts) + (settings.cardinality() > 1 ? " and " + (settings.cardinality() - 1)
                + " other setting(s)" : "");
    }
}
