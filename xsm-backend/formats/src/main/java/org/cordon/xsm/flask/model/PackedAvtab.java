package org.cordon.xsm.flask.model;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;

/**
 * An access vector table as five ints per entry (source, target, class, specifier, data) instead of an object
 * each: a policy in xen.if's pattern expands to millions of entries, and an object apiece was most of the
 * compiler's memory and of its garbage collector's time. Read as a list it gives {@link AvEntry} values.
 */
public final class PackedAvtab extends AbstractList<AvEntry> implements RandomAccess {

    private static final int FIELDS = 5;

    private final int[] fields;
    private final int size;

    private PackedAvtab(int[] fields, int size) {
        this.fields = fields;
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

    public int source(int i) {
        return fields[i * FIELDS];
    }

    public int target(int i) {
        return fields[i * FIELDS + 1];
    }

    public int tclass(int i) {
        return fields[i * FIELDS + 2];
    }

    public int specified(int i) {
        return fields[i * FIELDS + 3];
    }

    public int data(int i) {
        return fields[i * FIELDS + 4];
    }

    @Override
    public AvEntry get(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException(i);
        }
        int o = i * FIELDS;
        return new AvEntry(fields[o], fields[o + 1], fields[o + 2], fields[o + 3], fields[o + 4]);
    }

    @Override
    public int size() {
        return size;
    }

    /** The entries in the order {@code order} gives (a permutation of the indexes). */
    public PackedAvtab permuted(int[] order) {
        int[] out = new int[order.length * FIELDS];
        for (int i = 0; i < order.length; i++) {
            System.arraycopy(fields, order[i] * FIELDS, out, i * FIELDS, FIELDS);
        }
        return new PackedAvtab(out, order.length);
    }

    /** Entries added one by one, each found again by its index; data may change until {@link #build()}. */
    public static final class Builder {
        private int[] fields = new int[FIELDS * 1024];
        private int size;

        /** Adds an entry; returns its index. */
        public int add(int source, int target, int tclass, int specified, int data) {
            if ((size + 1) * FIELDS > fields.length) {
                fields = Arrays.copyOf(fields, fields.length * 2);
            }
            int o = size * FIELDS;
            fields[o] = source;
            fields[o + 1] = target;
            fields[o + 2] = tclass;
            fields[o + 3] = specified;
            fields[o + 4] = data;
            return size++;
        }

        public int size() {
            return size;
        }

        public int data(int i) {
            return fields[i * FIELDS + 4];
        }

        /** Whether entry {@code i} has this key (source, target, class, specifier). */
        public boolean hasKey(int i, int source, int target, int tclass, int specified) {
            int o = i * FIELDS;
            return fields[o] == source && fields[o + 1] == target && fields[o + 2] == tclass && fields[o + 3] == specified;
        }

        public void data(int i, int data) {
            fields[i * FIELDS + 4] = data;
        }

        /** The table as it is now; it shares the builder's arrays, so nothing may be added or changed after. */
        public PackedAvtab build() {
            return new PackedAvtab(fields, size);
        }
    }
}
