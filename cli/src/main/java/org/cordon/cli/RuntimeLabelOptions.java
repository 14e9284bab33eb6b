package org.cordon.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.cordon.xsm.host.LoadablePolicy;
import picocli.CommandLine.Option;

/** {@code --label-pci SBDF=CONTEXT}: run-time device labels Xen drops at every load, applied again after each. */
final class RuntimeLabelOptions {

    @Option(names = "--label-pci", paramLabel = "SBDF=CONTEXT",
            description = "a PCI device the policy does not label, labelled at run time (flask-label-pci: the device, its I/O "
                    + "ports, MMIO and IRQ); Xen drops such labels at every load, so they are applied again after it. "
                    + "E.g. 0000:03:00.0=system_u:object_r:nic_dev_t")
    Map<String, String> labels;

    /** The labels; IllegalArgumentException naming a malformed one. */
    List<LoadablePolicy.PciLabel> labels() {
        List<LoadablePolicy.PciLabel> out = new ArrayList<>();
        if (labels == null) {
            return out;
        }
        labels.forEach((sbdf, ctx) -> {
            if (!sbdf.matches("[0-9a-fA-F]{4}:[0-9a-fA-F]{2}:[0-1][0-9a-fA-F]\\.[0-7]")) {
                throw new IllegalArgumentException("--label-pci " + sbdf + "=" + ctx + ": the device must be SEG:BUS:DEV.FN as "
                        + "lspci -D prints it (0000:03:00.0)");
            }
            if (ctx.split(":").length < 3) {
                throw new IllegalArgumentException("--label-pci " + sbdf + "=" + ctx + ": the label must be user:role:type");
            }
            out.add(new LoadablePolicy.PciLabel(sbdf.toLowerCase(Locale.ROOT), ctx));
        });
        return out;
    }
}
