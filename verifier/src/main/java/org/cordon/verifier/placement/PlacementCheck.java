package org.cordon.verifier.placement;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.cordon.model.Diagnostic;
import org.cordon.model.DiagnosticCode;
import org.cordon.model.PolicyModel;

/**
 * The placement properties of a policy that declares hosts (DESIGN §5.5–5.6): a placement of every
 * VM exists — or the one given by {@code on HOST} is valid — that keeps strong reservations within
 * each host without overcommit, respects burst and shared pools, memory, network and disk,
 * the Chinese Wall and zone scopes ("placement", an error whose related places are the unsat core);
 * and a class that may migrate within a zone has somewhere to go ("migration-scope", a warning).
 * A policy without hosts has nothing to place.
 */
public final class PlacementCheck {

    /** The verdicts and, when there is one, the placement found. */
    public record Outcome(List<Diagnostic> diagnostics, Optional<PlacementResult> result, Optional<Fleet> fleet) {
    }

    private final PlacementSolver solver;

    public PlacementCheck() {
        this(new PlacementSolver());
    }

    public PlacementCheck(PlacementSolver solver) {
        this.solver = solver;
    }

    public Outcome check(PolicyModel model) {
        if (model.hosts().isEmpty()) {
            return new Outcome(List.of(), Optional.empty(), Optional.empty());
        }
        return check(new FleetReader(model).read(), model);
    }

    /** The same on a fleet read from {@code model} and perhaps narrowed (available hosts). */
    public Outcome check(Fleet fleet, PolicyModel model) {
        List<Diagnostic> out = new ArrayList<>(migrationScopes(fleet, model));
        PlacementResult r = solver.solve(fleet);
        if (r instanceof PlacementResult.Infeasible inf) {
            out.add(diagnostic(inf, fleet));
        } else if (r instanceof PlacementResult.Undecided u) {
            out.add(Diagnostic.of(DiagnosticCode.PLACEMENT_UNDECIDED, fleet.hosts().get(0).pos(),
                    "could not decide whether the fleet can be placed: " + u.reason()));
        }
        return new Outcome(out, Optional.of(r), Optional.of(fleet));
    }

    /** A class bound to a zone where it may migrate needs a second available host there. */
    private static List<Diagnostic> migrationScopes(Fleet fleet, PolicyModel model) {
        List<Diagnostic> out = new ArrayList<>();
        for (PolicyModel.VmClass c : model.classes()) {
            for (PolicyModel.Feature f : c.features()) {
                if (f.feature() != PolicyModel.ManagementFeature.MIGRATE || f.zone().isEmpty()) {
                    continue;
                }
                List<String> hosts = fleet.hosts().stream().filter(h -> h.unavailable().isEmpty()
                        && h.zone().equals(f.zone())).map(Fleet.Host::name).toList();
                if (hosts.size() == 1) {
                    out.add(Diagnostic.of(DiagnosticCode.MIGRATION_SCOPE, f.pos(), "class " + c.name() + " may migrate only "
                            + "within zone " + f.zone().get() + ", whose only host is " + hosts.get(0)
                            + ": its VMs have no migration target"));
                }
            }
        }
        return out;
    }

    /**
     * The core as one error: at the first pin, else the first VM, else the first statement; every other
     * statement as a related place, and for each VM the sizes that count against the resources in the core.
     */
    static Diagnostic diagnostic(PlacementResult.Infeasible inf, Fleet fleet) {
        List<Statement> core = new ArrayList<>(inf.core());
        core.sort(Comparator.comparing((Statement s) -> s.pos().file()).thenComparingInt(s -> s.pos().line())
                .thenComparingInt(s -> s.pos().column()));
        Set<Fleet.Resource> resources = EnumSet.noneOf(Fleet.Resource.class);
        for (Statement s : core) {
            if (s.kind() == Statement.Kind.HOST_CAPACITY) {
                fleet.host(s.subject()).ifPresent(h -> h.capacity().forEach((r, st) -> {
                    if (st.equals(s)) {
                        resources.add(r);
                    }
                }));
            }
        }
        Statement anchor = core.stream().filter(s -> s.kind() == Statement.Kind.PIN).findFirst()
                .or(() -> core.stream().filter(s -> s.kind() == Statement.Kind.WORKLOAD).findFirst())
                .orElse(core.get(0));
        boolean given = core.stream().anyMatch(s -> s.kind() == Statement.Kind.PIN);
        List<Diagnostic.Related> related = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        seen.add(anchor.pos() + anchor.text());
        java.util.function.Consumer<Statement> relate = s -> {
            if (seen.add(s.pos() + s.text())) {
                related.add(new Diagnostic.Related(s.text(), s.pos()));
            }
        };
        for (Statement s : core) {
            if (s.kind() != Statement.Kind.WORKLOAD && s.kind() != Statement.Kind.PIN) {
                relate.accept(s);
                continue;
            }
            // a VM counts against the resources in the core by its sizes: name those statements
            Fleet.Vm vm = fleet.vm(s.subject()).orElseThrow();
            List<Statement> sizes = resources.stream().filter(r -> vm.reserved(r) > 0 && vm.sizes().containsKey(r))
                    .map(r -> vm.sizes().get(r)).toList();
            if (s.kind() == Statement.Kind.PIN || sizes.isEmpty()) {
                relate.accept(s);
            }
            sizes.forEach(relate);
        }
        String what = given ? "the placement given by `on` cannot hold" : "no placement of the fleet exists";
        String message = what + ": " + anchor.text() + ", but " + summary(core, anchor, resources)
                + (inf.minimal() ? "" : " (perhaps not all of these are needed: the solver ran out of time paring them down)");
        return Diagnostic.of(DiagnosticCode.PLACEMENT, anchor.pos(), message, related.toArray(new Diagnostic.Related[0]));
    }

    private static String summary(List<Statement> core, Statement anchor, Set<Fleet.Resource> resources) {
        List<String> parts = new ArrayList<>();
        List<String> hosts = core.stream().filter(s -> s.kind() == Statement.Kind.HOST_CAPACITY)
                .map(Statement::subject).distinct().toList();
        if (!hosts.isEmpty()) {
            parts.add("the " + String.join(", ", resources.stream().map(r -> r.word).toList()) + " of "
                    + String.join(", ", hosts));
        }
        List<String> vms = core.stream().filter(s -> s.kind() == Statement.Kind.WORKLOAD && s != anchor
                && !s.subject().equals(anchor.subject())).map(Statement::subject).distinct().toList();
        if (!vms.isEmpty()) {
            parts.add(vms.size() <= 3 ? String.join(", ", vms) : vms.size() + " other VMs");
        }
        for (Statement s : core) {
            if (s == anchor) {
                continue;
            }
            switch (s.kind()) {
                case CONFLICT_SET -> parts.add("conflict set " + s.subject());
                case ZONE_SCOPE -> parts.add("the zone scope of " + s.subject());
                case MIGRATION_DENIED -> parts.add("the migration denial of " + s.subject());
                case PIN -> parts.add("the pin of " + s.subject());
                case HOST_UNAVAILABLE -> parts.add(s.subject() + " being unavailable");
                default -> {
                }
            }
        }
        return String.join(", ", parts) + " leave it no host (" + core.size() + " statements in conflict)";
    }
}
