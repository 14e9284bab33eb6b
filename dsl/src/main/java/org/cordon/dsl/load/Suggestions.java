package org.cordon.dsl.load;

import java.util.Comparator;
import java.util.List;

/** "did you mean …?" for a name that is not there: the nearest candidates by edit distance or prefix. */
public final class Suggestions {

    private Suggestions() {
    }

    /** {@code "; did you mean a, b?"}, or "" when nothing is near. */
    public static String of(String word, List<String> candidates) {
        List<String> near = candidates.stream()
                .filter(c -> distance(word, c) <= Math.max(2, word.length() / 3) || c.startsWith(word) || word.startsWith(c))
                .sorted(Comparator.comparingInt(c -> distance(word, c)))
                .limit(3).toList();
        return near.isEmpty() ? "" : "; did you mean " + String.join(", ", near) + "?";
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
