package org.cordon.compiler.host;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.cordon.compiler.flask.TypeAssignment;
import org.cordon.compiler.flask.MlsLowering;
import org.cordon.compiler.flask.TypeAssignment.DomainType;
import org.cordon.model.PolicyModel;
import org.cordon.model.Principal;
import org.cordon.model.SourcePos;

/**
 * Pass "lower-host": one {@code xl.cfg} fragment per guest with the labels the FLASK lowering chose
 * ({@code seclabel}, {@code init_seclabel} for build-labelled guests,
 * {@code device_model_stubdomain_seclabel} where a stub domain serves it) and the reservations,
 * caps and DoS limits the policy declares. A fragment is meant to be merged into the guest's own
 * configuration, which keeps its kernel, disks and network.
 */
public final class XlConfigLowering {

    /** One fragment: the VM or domain it configures, its file name ({@code <name>.cfg}) and its text. */
    public record XlFragment(String name, String fileName, String text) {
    }

    private XlConfigLowering() {
    }

    public static List<XlFragment> lower(PolicyModel model, TypeAssignment types) {
        List<XlFragment> out = new ArrayList<>();
        Map<Principal, PolicyModel.Domain> deviceModels = deviceModels(model);
        for (PolicyModel.VmClass c : model.classes()) {
            for (PolicyModel.Vm vm : c.vms()) {
                Principal p = new Principal(vm.name(), Principal.Kind.VM);
                String what = "VM " + vm.name() + " of class " + c.name() + " (isolation "
                        + c.isolation().name().toLowerCase(Locale.ROOT) + ")";
                out.add(fragment(model, vm.name(), what, vm.pos(), types.of(p), vm.properties(), deviceModels.get(p)));
            }
        }
        for (PolicyModel.Domain d : model.domains()) {
            if (!configured(d)) {
                continue;
            }
            Principal p = new Principal(d.name(), Principal.Kind.DOMAIN);
            String roles = String.join(" ", d.roles().stream().map(r -> r.name().toLowerCase(Locale.ROOT)).toList());
            out.add(fragment(model, d.name(), "domain " + d.name() + " (" + roles + ")", d.pos(), types.of(p),
                    d.properties(), deviceModels.get(p)));
        }
        return out;
    }

    /**
     * The file name of each fragment {@link #lower} makes, in its order: known once the model is, before the types
     * are (compile creates the files while the later passes run).
     */
    public static List<String> fileNames(PolicyModel model) {
        List<String> out = new ArrayList<>();
        for (PolicyModel.VmClass c : model.classes()) {
            for (PolicyModel.Vm vm : c.vms()) {
                out.add(fileName(vm.name()));
            }
        }
        for (PolicyModel.Domain d : model.domains()) {
            if (configured(d)) {
                out.add(fileName(d.name()));
            }
        }
        return out;
    }

    /** Whether a domain gets a fragment: the control domain is built by Xen, device models by libxl for their guest. */
    private static boolean configured(PolicyModel.Domain d) {
        return !d.has(PolicyModel.Role.CONTROL) && !d.has(PolicyModel.Role.DEVICE_MODEL);
    }

    private static String fileName(String guest) {
        return guest.replace('.', '-') + ".cfg";
    }

    private static XlFragment fragment(PolicyModel model, String name, String what, SourcePos pos, DomainType type,
            PolicyModel.VmProperties props, PolicyModel.Domain deviceModel) {
        StringBuilder b = new StringBuilder(512);
        b.append("# Cordon: ").append(what).append(", declared at ").append(pos).append('\n');
        b.append("# policy ").append(model.name()).append(" version ").append(model.version()).append(" for Xen ")
                .append(model.xenVersion()).append(". Merge into the guest's xl.cfg.\n");
        b.append("seclabel = \"").append(context(type.name(), props.level())).append("\"\n");
        if (type.buildLabel()) {
            b.append("# built under its build label, relabelled before it first runs\n");
            b.append("init_seclabel = \"").append(context(type.type(PolicyModel.Facet.BUILDING), props.level())).append("\"\n");
        }
        if (deviceModel != null) {
            b.append("device_model_stubdomain_override = 1\n");
            b.append("device_model_stubdomain_seclabel = \"").append(context(deviceModel.name() + "_t",
                    deviceModel.properties().level())).append("\"\n");
        }
        props.vcpus().ifPresent(v -> b.append("vcpus = ").append(v).append('\n'));
        props.memoryBytes().ifPresent(m -> b.append("memory = ").append(mib(m)).append('\n'));
        props.maxMemoryBytes().ifPresent(m -> b.append("maxmem = ").append(mib(m)).append('\n'));
        props.cpuWeight().ifPresent(w -> b.append("cpu_weight = ").append(w).append('\n'));
        props.cpuCapPercent().ifPresent(c -> b.append("cap = ").append(c).append('\n'));
        props.grantFrames().ifPresent(g -> b.append("max_grant_frames = ").append(g).append('\n'));
        props.eventChannels().ifPresent(e -> b.append("max_event_channels = ").append(e).append('\n'));
        props.netBitsPerSecond().ifPresent(n -> b.append("# network: add rate=").append(rate(n))
                .append(" to each vif spec, e.g. vif = [ 'bridge=xenbr0,rate=").append(rate(n)).append("' ]\n"));
        props.host().ifPresent(h -> b.append("# placed on host ").append(h).append('\n'));
        return new XlFragment(name, fileName(name), b.toString());
    }

    /**
     * Each guest's device model: the first domain that serves it, as the domains are declared. Found once, not once a
     * fragment, which scanned every domain for each of a large fleet's VMs.
     */
    private static Map<Principal, PolicyModel.Domain> deviceModels(PolicyModel model) {
        Map<Principal, PolicyModel.Domain> out = new HashMap<>();
        for (PolicyModel.Domain d : model.domains()) {
            d.deviceModelFor().ifPresent(guest -> guest.members().forEach(p -> out.putIfAbsent(p, d)));
        }
        return out;
    }

    /** The label, with the level or range a multi-level policy gives the domain. */
    private static String context(String type, Optional<PolicyModel.LevelRange> level) {
        return MlsLowering.context("system_u", "system_r", type, level);
    }

    private static long mib(long bytes) {
        return Math.max(1, bytes / (1L << 20));
    }

    /** xl's vif rate syntax: a number and Gb/Mb/Kb/b per second. */
    static String rate(long bitsPerSecond) {
        if (bitsPerSecond % 1_000_000_000L == 0) {
            return bitsPerSecond / 1_000_000_000L + "Gb/s";
        }
        if (bitsPerSecond % 1_000_000L == 0) {
            return bitsPerSecond / 1_000_000L + "Mb/s";
        }
        if (bitsPerSecond % 1_000L == 0) {
            return bitsPerSecond / 1_000L + "Kb/s";
        }
        return bitsPerSecond + "b/s";
    }
}
