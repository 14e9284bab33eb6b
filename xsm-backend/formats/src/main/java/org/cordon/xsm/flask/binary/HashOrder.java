package org.cordon.xsm.flask.binary;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;
import java.util.function.Function;

/**
 * The order in which libsepol's symbol hash tables list their entries (and so the order of every symbol table
 * in a binary policy): bucket by bucket, each bucket sorted by strcmp. The table doubles from its initial
 * size while size &le; entries before each insert, so the final size depends only on the entry count.
 */
public final class HashOrder {
    /** Initial sizes of the eight symbol tables (commons, classes, roles, types, users, bools, levels, cats). */
    public static final int[] SYMTAB_SIZES = {2, 32, 16, 512, 128, 16, 16, 16};
    public static final int PERM_SYMTAB_SIZE = 32;

    private HashOrder() { }

    public static int finalSize(int initial, int count) {
        int size = initial;
        // before inserting entry k (k = 0..count-1) the table has k entries
        while (count > 0 && size <= count - 1 && size * 2 != 0) size *= 2;
        return size;
    }

    /** libsepol symhash: rotate-left-4 xor each (signed) char, masked to the table size. */
    public static int symhash(String key, int size) {
        int val = 0;
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c > 0xff) {
                return symhash(key.getBytes(StandardCharsets.ISO_8859_1), size);
            }
            val = ((val << 4) | (val >>> 28)) ^ (byte) c;
        }
        return val & (size - 1);
    }

    /** The same over the bytes ISO-8859-1 writes, for a name it cannot write as it is (it becomes '?'s). */
    private static int symhash(byte[] key, int size) {
        int val = 0;
        for (byte b : key) {
            val = ((val << 4) | (val >>> 28)) ^ b;
        }
        return val & (size - 1);
    }

    /**
     * The items in the table's order, items of the same name in the order given. Each name is hashed once, and the
     * items are placed bucket by bucket by counting, as the table holds them: only a bucket's few names are sorted,
     * where a sort of all the items by bucket and name took a tenth of encode-binary at 10,000 lines.
     */
    public static <T> List<T> order(List<T> items, Function<T, String> name, int initialSize) {
        int size = finalSize(initialSize, items.size());
        // read by index below: a list that is not, copied once
        List<T> given = items instanceof RandomAccess ? items : new ArrayList<>(items);
        int n = given.size();
        String[] names = new String[n];
        int[] bucket = new int[n];
        int[] start = new int[size + 1];
        for (int i = 0; i < n; i++) {
            names[i] = name.apply(given.get(i));
            bucket[i] = symhash(names[i], size);
            start[bucket[i] + 1]++;
        }
        for (int b = 0; b < size; b++) {
            start[b + 1] += start[b];
        }
        int[] placed = new int[n];
        int[] next = Arrays.copyOf(start, size);
        for (int i = 0; i < n; i++) {
            placed[next[bucket[i]]++] = i;
        }
        for (int b = 0; b < size; b++) {
            sortBucket(placed, start[b], start[b + 1], names);
        }
        List<T> sorted = new ArrayList<>(n);
        for (int i : placed) {
            sorted.add(given.get(i));
        }
        return sorted;
    }

    /** {@code placed[from, to)} by strcmp of their names, equal names in the order given (an insertion sort). */
    private static void sortBucket(int[] placed, int from, int to, String[] names) {
        if (to - from > 32) { // many names in one bucket: a merge sort, not a square
            Integer[] boxed = new Integer[to - from];
            for (int i = from; i < to; i++) {
                boxed[i - from] = placed[i];
            }
            Arrays.sort(boxed, (x, y) -> strcmp(names[x], names[y]));
            for (int i = from; i < to; i++) {
                placed[i] = boxed[i - from];
            }
            return;
        }
        for (int i = from + 1; i < to; i++) {
            int item = placed[i];
            int j = i - 1;
            while (j >= from && strcmp(names[placed[j]], names[item]) > 0) {
                placed[j + 1] = placed[j];
                j--;
            }
            placed[j + 1] = item;
        }
    }

    /** C's strcmp of the names as ISO-8859-1 writes them: by unsigned byte, then by length. */
    static int strcmp(String a, String b) {
        if (!latin1(a) || !latin1(b)) {
            return strcmp(a.getBytes(StandardCharsets.ISO_8859_1), b.getBytes(StandardCharsets.ISO_8859_1));
        }
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            int d = a.charAt(i) - b.charAt(i);
            if (d != 0) return d;
        }
        return a.length() - b.length();
    }

    private static int strcmp(byte[] x, byte[] y) {
        int n = Math.min(x.length, y.length);
        for (int i = 0; i < n; i++) {
            int d = (x[i] & 0xff) - (y[i] & 0xff);
            if (d != 0) return d;
        }
        return x.length - y.length;
    }

    private static boolean latin1(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0xff) return false;
        }
        return true;
    }
}
