package org.cordon.compiler.acm;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.cordon.model.Diagnostic;
import org.cordon.model.DiagnosticCode;
import org.cordon.model.PolicyModel;
import org.cordon.model.PolicyModel.SubjectRef;
import org.cordon.model.Principal;
import org.cordon.model.SourcePos;

/**
 * The statements {@link AcmLowering} cannot carry into ACM at all, each reported as a warning where it is
 * written: management features, caps, forbids, switches, devices, audit rules, what ACM leaves to dom0,
 * and VM pairs of one class that its shared STE type opens. (Losses that depend on how a statement was
 * lowered, such as channel direction or a resource's users, are reported by the lowering itself.)
 */
final class AcmPrecisionLoss {

    private final PolicyModel model;
    private final String bootstrap;
    private final List<Diagnostic> diagnostics = new ArrayList<>();

    AcmPrecisionLoss(PolicyModel model, String bootstrap) {
        this.model = model;
        this.bootstrap = bootstrap;
    }

    List<Diagnostic> check() {
        intraClassSharing();
        unexpressible();
        return diagnostics;
    }

    /** VMs of one class share its STE type; warn where Cordon lets fewer pairs of them talk. */
    private void intraClassSharing() {
        for (PolicyModel.VmClass c : model.classes()) {
            if (c.vms().size() < 2) {
                continue;
            }
            Set<String> covered = new LinkedHashSet<>();
            for (PolicyModel.Channel ch : model.channels()) {
                for (Principal a : principals(ch.left())) {
                    for (Principal b : principals(ch.right())) {
                        covered.add(a.name() + "|" + b.name());
                        covered.add(b.name() + "|" + a.name());
                    }
                }
            }
            List<String> open = new ArrayList<>();
            for (int i = 0; i < c.vms().size(); i++) {
                for (int j = i + 1; j < c.vms().size(); j++) {
                    String a = c.vms().get(i).name();
                    String b = c.vms().get(j).name();
                    if (!covered.contains(a + "|" + b)) {
                        open.add(a + " and " + b);
                    }
                }
            }
            if (!open.isEmpty()) {
                warn(c.pos(), "under ACM all VMs of class " + c.name() + " share its STE type, so "
                        + summarize(open) + " may open event channels and grants to each other without a channel");
            }
        }
    }

    private void unexpressible() {
        for (PolicyModel.Domain d : model.domains()) {
            if (d.name().equals(bootstrap)) {
                warn(d.pos(), "ACM does not restrict the control domain: " + d.name() + " holds every STE type and"
                        + " may use every privileged hypercall, not only those its rules allow");
            }
            caps(d.name(), d.properties(), d.pos());
        }
        for (PolicyModel.VmClass c : model.classes()) {
            for (PolicyModel.Feature f : c.features()) {
                if (!f.allowed()) {
                    warn(f.pos(), "ACM cannot deny management feature " + name(f.feature()) + " on " + c.name()
                            + ": the control domain keeps every privileged operation on it");
                } else if (f.zone().isPresent()) {
                    warn(f.pos(), "ACM cannot bound " + name(f.feature()) + " of " + c.name() + " to zone "
                            + f.zone().get() + "; enforce it at placement time");
                } else if (!f.managers().isEmpty()) {
                    warn(f.pos(), "ACM cannot give " + String.join(", ", f.managers().stream().map(SubjectRef::name)
                            .toList()) + " management feature " + name(f.feature())
                            + " on " + c.name() + ": only dom0 is privileged");
                }
            }
            c.vms().forEach(vm -> caps(vm.name(), vm.properties(), vm.pos()));
        }
        for (PolicyModel.Forbid f : model.forbids()) {
            warn(f.pos(), "ACM has no equivalent of forbid: it does not restrict hypercalls, only event channels,"
                    + " grants, resources and co-residency; this forbid binds the FLASK policy only");
        }
        for (PolicyModel.Switch s : model.switches()) {
            warn(s.pos(), "ACM has no booleans: switch " + s.name() + " is fixed " + (s.defaultOn() ? "on" : "off")
                    + " (its default) in the ACM policy");
        }
        for (PolicyModel.Device d : model.devices()) {
            warn(d.pos(), "ACM does not label devices: " + d.name() + " (PCI, IRQ, I/O port and MMIO access) is"
                    + " not controlled by the ACM policy");
        }
        for (PolicyModel.Rule r : model.rules()) {
            if (r.kind() != PolicyModel.RuleKind.ALLOW) {
                warn(r.pos(), "ACM has no audit control: this " + r.kind().name().toLowerCase(Locale.ROOT) + " rule is dropped");
            }
        }
    }

    private void caps(String who, PolicyModel.VmProperties p, SourcePos pos) {
        List<String> caps = new ArrayList<>();
        p.cpuCapPercent().ifPresent(v -> caps.add("cpu cap"));
        p.cpuWeight().ifPresent(v -> caps.add("cpu weight"));
        p.maxMemoryBytes().ifPresent(v -> caps.add("max memory"));
        p.netBitsPerSecond().ifPresent(v -> caps.add("net rate"));
        p.diskBitsPerSecond().ifPresent(v -> caps.add("disk rate"));
        p.grantFrames().ifPresent(v -> caps.add("grant frames"));
        p.eventChannels().ifPresent(v -> caps.add("event channels"));
        if (!caps.isEmpty()) {
            warn(pos, "ACM has no caps: " + String.join(", ", caps) + " of " + who
                    + " are carried by xl.cfg only, and nothing in ACM keeps a domain from changing them");
        }
    }

    private static String name(PolicyModel.ManagementFeature f) {
        return f.name().toLowerCase(Locale.ROOT);
    }

    private static String summarize(List<String> items) {
        return items.size() <= 3 ? String.join(", ", items)
                : String.join(", ", items.subList(0, 3)) + " (and " + (items.size() - 3) + " more pairs)";
    }

    private Set<Principal> principals(SubjectRef ref) {
        Set<Principal> out = new LinkedHashSet<>();
        ref.members().stream().filter(Principal::isDomain).forEach(out::add);
        return out;
    }

    private void warn(SourcePos pos, String message) {
        diagnostics.add(Diagnostic.of(DiagnosticCode.ACM_PRECISION, pos, message));
    }
}
