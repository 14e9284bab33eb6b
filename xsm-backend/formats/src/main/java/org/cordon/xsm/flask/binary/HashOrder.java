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
        for (byte b : key.getBytes(StandardCharsets.ISO_8859_1)) {
            val = ((val << 4) | (val >>> 28)) ^ b;
        }
        return val & (size - 1);
    }

    public static <T> List<T> order(List<T> items, Function<T, String> name, int initialSize) {
        int size = finalSize(initialSize, items.size());
        List<T> sorted = new ArrayList<>(items);
        Comparator<T> byBucket = Comparator.comparingInt(t -> symhash(name.apply(t), size));
        sorted.sort(byBucket.thenComparing((a, b) -> strcmp(name.apply(a), name.apply(b))));
        return sorted;
    }

    static int strcmp(String a, String b) {
        byte[] x = a.getBytes(StandardCharsets.ISO_8859_1), y = b.getBytes(StandardCharsets.ISO_8859_1);
        int n = Math.min(x.length, y.length);
        for (int i = 0; i < n; i++) {
            int d = (x[i] & 0xff) - (y[i] & 0xff);
            if (d != 0) return d;
        }
        return x.length - y.length;
    }
}
