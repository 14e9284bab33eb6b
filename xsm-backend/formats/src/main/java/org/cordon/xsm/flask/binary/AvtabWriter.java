package org.cordon.xsm.flask.binary;

import java.util.List;
import org.cordon.xsm.flask.model.AvEntry;
import org.cordon.xsm.flask.model.PackedAvtab;

/** Access vector entries in the version &ge; 20 layout: four le16 (source, target, class, specified), le32 datum. */
final class AvtabWriter {
    private AvtabWriter() { }

    static void writeUnconditional(LeOutput out, List<AvEntry> creationOrder) {
        writeList(out, AvtabOrder.order(creationOrder));
    }

    static void writeList(LeOutput out, List<AvEntry> entries) {
        out.u32(entries.size());
        if (entries instanceof PackedAvtab p) {
            // millions of entries: read the fields, make no entry objects
            for (int i = 0; i < p.size(); i++) {
                out.u16(p.source(i));
                out.u16(p.target(i));
                out.u16(p.tclass(i));
                out.u16(p.specified(i));
                out.u32(p.data(i));
            }
            return;
        }
        for (AvEntry e : entries) {
            out.u16(e.source());
            out.u16(e.target());
            out.u16(e.tclass());
            out.u16(e.specified());
            out.u32(e.data());
        }
    }
}
