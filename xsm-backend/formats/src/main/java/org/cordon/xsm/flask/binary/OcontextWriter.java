package org.cordon.xsm.flask.binary;

import java.util.List;
import java.util.function.BiConsumer;
import org.cordon.xsm.flask.model.Context;
import org.cordon.xsm.flask.model.FlaskPolicy;
import org.cordon.xsm.flask.model.InitialSid;
import org.cordon.xsm.flask.model.Ocontext;

/**
 * Xen's object-context sections in order ISID, PIRQ, IOPORT, IOMEM, PCIDEVICE and (version 30) DEVICETREE.
 * Version 24 has no device tree section (checkpolicy drops those labels) and only 32-bit iomem bounds.
 */
final class OcontextWriter {
    private OcontextWriter() { }

    static void write(LeOutput out, FlaskPolicy p, int version, BiConsumer<LeOutput, Context> ctx)
            throws PolicyWriteException {
        out.u32(p.initialSids().size());
        for (InitialSid s : p.initialSids()) { out.u32(s.sid()); ctx.accept(out, s.context()); }
        out.u32(p.pirqs().size());
        for (Ocontext.Pirq o : p.pirqs()) { out.u32(o.irq()); ctx.accept(out, o.context()); }
        out.u32(p.ioports().size());
        for (Ocontext.IoPort o : p.ioports()) { out.u32(o.low()); out.u32(o.high()); ctx.accept(out, o.context()); }
        List<Ocontext.IoMem> iomems = p.iomems();
        out.u32(iomems.size());
        for (Ocontext.IoMem o : iomems) {
            if (version >= 30) {
                out.u64(o.low());
                out.u64(o.high());
            } else {
                if (Long.compareUnsigned(o.high(), 0xFFFFFFFFL) > 0) {
                    throw new PolicyWriteException(String.format(
                            "policy version %d cannot represent iomemcon 0x%x-0x%x: page frame numbers above "
                                    + "0xffffffff (addresses over 16TB) need policy version 30",
                            version, o.low(), o.high()));
                }
                out.u32(o.low());
                out.u32(o.high());
            }
            ctx.accept(out, o.context());
        }
        out.u32(p.pciDevices().size());
        for (Ocontext.PciDevice o : p.pciDevices()) { out.u32(o.sbdf()); ctx.accept(out, o.context()); }
        if (version >= 30) {
            out.u32(p.deviceTrees().size());
            for (Ocontext.DeviceTree o : p.deviceTrees()) {
                out.u32(o.path().length());
                out.str(o.path());
                ctx.accept(out, o.context());
            }
        }
    }
}
