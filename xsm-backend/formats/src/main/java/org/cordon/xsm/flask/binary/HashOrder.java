package org.cordon.xsm.flask.binary;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
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

    /** The items in the table's order; each name is hashed once, not at every comparison of a sort. */
    public static <T> List<T> order(List<T> items, Function<T, String> name, int initialSize) {
        int size = finalSize(initialSize, items.size());
        List<Keyed<T>> keyed = new ArrayList<>(items.size());
        for (T t : items) {
            String n = name.apply(t);
            keyed.add(new Keyed<>(symhash(n, size), n, t));
        }
        keyed.sort(Comparator.<Keyed<T>>comparingInt(Keyed::bucket).thenComparing((a, b) -> strcmp(a.name, b.name)));
        List<T> sorted = new ArrayList<>(keyed.size());
        for (Keyed<T> k : keyed) {
            sorted.add(k.item);
        }
        return sorted;
    }

    private record Keyed<T>(int bucket, String name, T item) { }

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
