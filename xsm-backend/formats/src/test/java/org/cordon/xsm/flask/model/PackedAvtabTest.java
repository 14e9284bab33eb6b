package org.cordon.xsm.flask.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The packed table gives back every field as it was added, to the edges of the binary's 16-bit key fields. */
class PackedAvtabTest {

    @Test
    void everyFieldComesBackAsAddedAcrossGrowth() {
        Random r = new Random(3);
        List<AvEntry> added = new ArrayList<>();
        PackedAvtab.Builder b = new PackedAvtab.Builder();
        for (int i = 0; i < 5_000; i++) {
            // the edges (0 and 0xffff, the enabled flag) as often as the middle
            AvEntry e = new AvEntry(field(r), field(r), field(r), r.nextBoolean() ? AvEntry.ALLOWED | AvEntry.ENABLED
                    : field(r), r.nextInt());
            added.add(e);
            assertEquals(i, b.add(e.source(), e.target(), e.tclass(), e.specified(), e.data()));
            assertEquals(PackedAvtab.key(e.source(), e.target(), e.tclass(), e.specified()), b.key(i));
        }
        PackedAvtab p = b.build();
        assertSame(added, p);
        assertSame(added, PackedAvtab.of(added));
        AvEntry x = added.get(3);
        assertNotEquals(PackedAvtab.key(x.source(), x.target(), x.tclass(), x.specified() ^ 1), b.key(3));
        assertThrows(IllegalArgumentException.class, () -> PackedAvtab.key(x.source() | 0x10000, x.target(), x.tclass(),
                x.specified()), "a wider key is never packed");
        int[] reversed = new int[added.size()];
        for (int i = 0; i < reversed.length; i++) {
            reversed[i] = reversed.length - 1 - i;
        }
        List<AvEntry> backwards = new ArrayList<>(added);
        java.util.Collections.reverse(backwards);
        assertSame(backwards, p.permuted(reversed));
        // data may change until the table is built (the builder's last step; the table shares its arrays)
        b.data(7, 42);
        assertEquals(42, b.build().data(7));
    }

    /** The same entries in the same order; on a difference, the first one only (a table's text runs long). */
    private static void assertSame(List<AvEntry> want, List<AvEntry> got) {
        assertEquals(want.size(), got.size());
        for (int i = 0; i < want.size(); i++) {
            assertEquals(want.get(i), got.get(i), "entry " + i);
        }
    }

    @Test
    void aFieldWiderThanTheBinarysIsRefusedNotCut() {
        PackedAvtab.Builder b = new PackedAvtab.Builder();
        assertThrows(IllegalArgumentException.class, () -> b.add(0x10000, 1, 1, AvEntry.ALLOWED, 0));
        assertThrows(IllegalArgumentException.class, () -> b.add(1, 1, 1, -1, 0));
        assertEquals(0, b.size());
    }

    private static int field(Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> 0;
            case 1 -> 0xffff;
            default -> r.nextInt(0x10000);
        };
    }
}
