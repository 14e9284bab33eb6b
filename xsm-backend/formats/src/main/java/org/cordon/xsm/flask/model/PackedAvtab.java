package org.cordon.xsm.flask.model;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;

/**
 * An access vector table as one long and one int per entry instead of an object each: the key's four 16-bit fields
 * (source, target, class, specifier: the binary's le16s) packed into the long, the data beside it. A policy in
 * xen.if's pattern expands to millions of entries, and an object apiece was most of the compiler's memory and of its
 * garbage collector's time; five ints apiece, two fifths more than this. Read as a list it gives {@link AvEntry}
 * values.
 */
public final class PackedAvtab extends AbstractList<AvEntry> implements RandomAccess {

    private final long[] keys;
    private final int[] data;
    private final int size;

    private PackedAvtab(long[] keys, int[] data, int size) {
        this.keys = keys;
        this.data = data;
        this.size = size;
    }

    /** The entries of any list, packed (as they are when the list already is). */
    public static PackedAvtab of(List<AvEntry> entries) {
        if (entries instanceof PackedAvtab p) {
            return p;
        }
        Builder b = new Builder();
        for (AvEntry e : entries) {
            b.add(e.source(), e.target(), e.tclass(), e.specified(), e.data());
        }
        return b.build();
    }

    /** Whether a key fits the binary's four 16-bit fields (a policy's type and class spaces end at 0xffff). */
    private static boolean fits(int source, int target, int tclass, int specified) {
        return ((source | target | tclass | specified) & ~0xffff) == 0;
    }

    /**
     * An entry's key as the table holds it: the four fields in 16 bits each, source highest. IllegalArgumentException
     * when one does not fit: the binary cannot say it (the policy.conf compiler refuses such a policy before: more
     * than 0xffff types or classes).
     */
    public static long key(int source, int target, int tclass, int specified) {
        if (!fits(source, target, tclass, specified)) {
            throw new IllegalArgumentException("an access vector key is four 16-bit fields, not " + source + ", "
                    + target + ", " + tclass + ", " + specified);
        }
        return ((long) source << 48) | ((long) target << 32) | ((long) tclass << 16) | specified;
    }

    public int source(int i) {
        return (int) (keys[i] >>> 48);
    }

    public int target(int i) {
        return (int) (keys[i] >>> 32) & 0xffff;
    }

    public int tclass(int i) {
        return (int) (keys[i] >>> 16) & 0xffff;
    }

    public int specified(int i) {
        return (int) keys[i] & 0xffff;
    }

    public int data(int i) {
        return data[i];
    }

    @Override
    public AvEntry get(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException(i);
        }
        return new AvEntry(source(i), target(i), tclass(i), specified(i), data[i]);
    }

    @Override
    public int size() {
        return size;
    }

    /** The entries in the order {@code order} gives (a permutation of the indexes). */
    public PackedAvtab permuted(int[] order) {
        long[] k = new long[order.length];
        int[] d = new int[order.length];
        for (int i = 0; i < order.length; i++) {
            k[i] = keys[order[i]];
            d[i] = data[order[i]];
        }
        return new PackedAvtab(k, d, order.length);
    }

    /** Entries added one by one, each found again by its index; data may change until {@link #build()}. */
    public static final class Builder {
        private long[] keys = new long[1024];
        private int[] data = new int[1024];
        private int size;

        /**
         * Adds an entry; returns its index. IllegalArgumentException when a field does not fit
         * ({@link PackedAvtab#key}).
         */
        public int add(int source, int target, int tclass, int specified, int data) {
            long k = PackedAvtab.key(source, target, tclass, specified);
            if (size == keys.length) {
                keys = Arrays.copyOf(keys, size * 2);
                this.data = Arrays.copyOf(this.data, size * 2);
            }
            keys[size] = k;
            this.data[size] = data;
            return size++;
        }

        public int size() {
            return size;
        }

        public int data(int i) {
            return data[i];
        }

        /** Entry {@code i}'s key, as {@link PackedAvtab#key} packs it. */
        public long key(int i) {
            return keys[i];
        }

        public void data(int i, int data) {
            this.data[i] = data;
        }

        /** The table as it is now; it shares the builder's arrays, so nothing may be added or changed after. */
        public PackedAvtab build() {
            return new PackedAvtab(keys, data, size);
        }
    }
}
