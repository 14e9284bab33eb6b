package org.cordon.dsl.check;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.cordon.model.Diagnostic;
import org.cordon.model.DiagnosticCode;
import org.cordon.model.PolicyModel;
import org.cordon.model.PolicyModel.LevelRange;
import org.cordon.model.Principal;

/**
 * Pass "validate" on a multi-level policy's levels: what Bell-LaPadula would cut before Xen ever sees it. A
 * two-way channel joins equal levels (or a trusted end); a one-way channel runs upward (its receiver's level dominates
 * its sender's, or the receiver is trusted); a device model runs at its guest's level.
 */
final class LevelChecks {

    private final PolicyModel model;
    private final List<Diagnostic> out;
    private final Map<String, LevelRange> levels;

    LevelChecks(PolicyModel model, List<Diagnostic> out) {
        this.model = model;
        this.out = out;
        this.levels = model.levels();
    }

    void check() {
        if (!model.multiLevel()) {
            return;
        }
        model.channels().forEach(this::channel);
        for (PolicyModel.Domain d : model.domains()) {
            // a device model of a group or a role-wide set is reported as device-model-target
            if (d.deviceModelFor().isEmpty() || d.properties().level().isEmpty() || !List.of(
                    PolicyModel.SubjectKind.DOMAIN, PolicyModel.SubjectKind.VM, PolicyModel.SubjectKind.CLASS,
                    PolicyModel.SubjectKind.GROUP)
                    .contains(d.deviceModelFor().get().kind())) {
                continue;
            }
            LevelRange dm = d.properties().level().get();
            for (Principal g : d.deviceModelFor().get().members()) {
                LevelRange guest = levels.get(g.name());
                if (guest != null && !(dm.low().same(guest.low()) && dm.high().same(guest.high()))) {
                    out.add(Diagnostic.of(DiagnosticCode.MLS_CHANNEL, dm.pos(), "device model " + d.name() + " runs at "
                            + dm.text() + " but its guest " + g.name() + " at " + guest.text()
                            + ": it reads and writes the guest's memory, so Xen's MLS constraints would cut it off; "
                            + "leave its level out to take the guest's", new Diagnostic.Related(g.name(), guest.pos())));
                }
            }
        }
    }

    private void channel(PolicyModel.Channel c) {
        for (Principal a : c.left().members()) {
            for (Principal b : c.right().members()) {
                LevelRange la = levels.get(a.name());
                LevelRange lb = levels.get(b.name());
                if (la == null || lb == null || a.equals(b)) {
                    continue;
                }
                Optional<String> problem = Optional.empty();
                if (c.twoWay() && !la.trusted() && !lb.trusted() && !la.low().same(lb.low())) {
                    problem = Optional.of("joins " + a.name() + " at " + la.low().text() + " and " + b.name() + " at "
                            + lb.low().text() + " both ways: information would flow down one way. Make it one-way "
                            + "upward, or route it through a trusted domain");
                } else if (!c.twoWay() && !lb.trusted() && !model.dominates(lb.low(), la.low())) {
                    problem = Optional.of("runs from " + a.name() + " at " + la.low().text() + " to " + b.name()
                            + " at " + lb.low().text() + ", whose level does not dominate it: a write down, which "
                            + "Xen's MLS constraints deny");
                }
                problem.ifPresent(p -> out.add(Diagnostic.of(DiagnosticCode.MLS_CHANNEL, c.pos(), "this channel " + p,
                        new Diagnostic.Related(a.name() + " at " + la.text(), la.pos()),
                        new Diagnostic.Related(b.name() + " at " + lb.text(), lb.pos()))));
                if (problem.isPresent()) {
                    return; // one finding per channel statement
                }
            }
        }
    }
}
