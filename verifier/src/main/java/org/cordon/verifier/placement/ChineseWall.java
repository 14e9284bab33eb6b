package org.cordon.verifier.placement;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Xen ACM's Chinese Wall, exactly as {@code acm_chinesewall_hooks.c} decides it. Xen counts, per
 * type t, the running domains that conflict with t ({@code conflict_aggregate_set}); starting a
 * domain whose label holds a type with a non-zero count is refused. A running domain r adds to
 * that count every type of every conflict set sharing a type with r that r itself does not hold.
 * So r blocks the start of s exactly when some type t of s lies in a conflict set C that meets r's
 * types while r does not hold t. Consequences: equal labels never conflict, and with labels holding
 * several types of one set the relation is not symmetric (order of starts matters).
 */
public final class ChineseWall {

    private final List<Fleet.ConflictSet> sets;
    /** per type, the positions in {@code sets} of the sets holding it: a pair of labels meets few of many sets */
    private final Map<String, List<Integer>> setsOf = new java.util.HashMap<>();

    public ChineseWall(List<Fleet.ConflictSet> sets) {
        this.sets = List.copyOf(sets);
        for (int i = 0; i < this.sets.size(); i++) {
            for (String t : this.sets.get(i).types()) {
                setsOf.computeIfAbsent(t, k -> new ArrayList<>()).add(i);
            }
        }
    }

    /** The conflict set through which a running domain with types {@code running} refuses the start of {@code starting}. */
    public Optional<Fleet.ConflictSet> blocks(Set<String> running, Set<String> starting) {
        for (Fleet.ConflictSet c : sets) {
            if (c.types().stream().noneMatch(running::contains)) {
                continue;
            }
            for (String t : starting) {
                if (c.types().contains(t) && !running.contains(t)) {
                    return Optional.of(c);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The conflict sets that keep two labels off one host when either may start after the other
     * (a host reboot or a restart brings them up in any order): those through which either blocks the other.
     */
    public List<Fleet.ConflictSet> apart(Set<String> a, Set<String> b) {
        // only a set meeting both labels can block either (in the order of the sets, as the cores list them)
        java.util.TreeSet<Integer> meetA = new java.util.TreeSet<>();
        a.forEach(t -> meetA.addAll(setsOf.getOrDefault(t, List.of())));
        java.util.TreeSet<Integer> meetBoth = new java.util.TreeSet<>();
        b.forEach(t -> setsOf.getOrDefault(t, List.of()).stream().filter(meetA::contains).forEach(meetBoth::add));
        List<Fleet.ConflictSet> out = new ArrayList<>();
        for (int i : meetBoth) {
            Fleet.ConflictSet c = sets.get(i);
            if (blocksThrough(c, a, b) || blocksThrough(c, b, a)) {
                out.add(c);
            }
        }
        return out;
    }

    /**
     * Two labels a conflict set keeps apart, as the positions of the VMs holding each (one list per label, the
     * same instance in every pair it is in) and the sets that keep them apart.
     */
    record ApartLabels(List<Integer> a, List<Integer> b, List<Fleet.ConflictSet> why) {
    }

    /** Every pair of labels among {@code vms} that some set keeps apart, labels in the order they first occur. */
    List<ApartLabels> apartLabels(List<Fleet.Vm> vms) {
        Map<Set<String>, List<Integer>> byLabel = new LinkedHashMap<>();
        for (int v = 0; v < vms.size(); v++) {
            byLabel.computeIfAbsent(vms.get(v).wallTypes(), k -> new ArrayList<>()).add(v);
        }
        List<Set<String>> labels = new ArrayList<>(byLabel.keySet());
        List<ApartLabels> out = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            for (int j = i + 1; j < labels.size(); j++) {
                List<Fleet.ConflictSet> why = apart(labels.get(i), labels.get(j));
                if (!why.isEmpty()) {
                    out.add(new ApartLabels(byLabel.get(labels.get(i)), byLabel.get(labels.get(j)), why));
                }
            }
        }
        return out;
    }

    private final Map<List<Set<String>>, Boolean> apartCache = new java.util.HashMap<>();

    /** Whether two labels may not share a host ({@link #apart} is not empty), remembered per pair. */
    public boolean keepsApart(Set<String> a, Set<String> b) {
        if (a.equals(b)) {
            return false;
        }
        return apartCache.computeIfAbsent(List.of(a, b), k -> !apart(a, b).isEmpty());
    }

    private static boolean blocksThrough(Fleet.ConflictSet c, Set<String> running, Set<String> starting) {
        return c.types().stream().anyMatch(running::contains)
                && starting.stream().anyMatch(t -> c.types().contains(t) && !running.contains(t));
    }

    /** Whether {@code starting} may start now beside {@code running}: the running VM and set that refuse it, if any. */
    public Optional<Refusal> admit(Map<String, Set<String>> running, Set<String> starting) {
        for (Map.Entry<String, Set<String>> r : new LinkedHashMap<>(running).entrySet()) {
            Optional<Fleet.ConflictSet> c = blocks(r.getValue(), starting);
            if (c.isPresent()) {
                return Optional.of(new Refusal(r.getKey(), c.get()));
            }
        }
        return Optional.empty();
    }

    /** A start refused: the running domain whose types count against the new one, and the conflict set. */
    public record Refusal(String running, Fleet.ConflictSet set) {
    }
}
