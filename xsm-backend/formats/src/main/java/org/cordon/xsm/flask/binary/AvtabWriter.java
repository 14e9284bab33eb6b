package org.cordon.xsm.flask.binary;

import java.util.List;
import org.cordon.xsm.flask.model.AvEntry;
import org.cordon.xsm.flask.model.PackedAvtab;

/** Access vector entries in the version &ge; 20 layout: four le16 (source, target, class, specified), le32 datum. */
final class AvtabWriter {
    private AvtabWriter() { }

    /** The unconditional table in the binary's order, read off the packed table (millions of entries, no objects). */
    static void writeUnconditional(LeOutput out, List<AvEntry> creationOrder) {
        PackedAvtab p = PackedAvtab.of(creationOrder);
        int[] order = AvtabOrder.permutation(p);
        out.u32(order.length);
        for (int i : order) {
            write(out, p, i);
        }
    }

    private static void write(LeOutput out, PackedAvtab p, int i) {
        out.u16(p.source(i));
        out.u16(p.target(i));
        out.u16(p.tclass(i));
        out.u16(p.specified(i));
        out.u32(p.data(i));
    }

    static void writeList(LeOutput out, List<AvEntry> entries) {
        out.u32(entries.size());
        for (AvEntry e : entries) {
            out.u16(e.source());
            out.u16(e.target());
            out.u16(e.tclass());
            out.u16(e.specified());
            out.u32(e.data());
        }
    }
}
