package org.cordon.verifier.check;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.cordon.model.PolicyModel;
import org.cordon.model.SourcePos;
import org.cordon.verifier.facts.Condition;
import org.cordon.verifier.facts.Fact;
import org.cordon.verifier.facts.Label;
import org.cordon.verifier.facts.PolicyFacts;
import org.cordon.verifier.switches.SwitchSolver;
import org.cordon.xsm.macros.Grant;
import org.cordon.xsm.macros.XenDuties;

/**
 * Which domain holds which duty, on the verifier's reading of the policy ({@link PolicyFacts}).
 *
 * <p>A domain or VM <em>holds</em> a duty when a statement lets it use one of the duty's permissions on something
 * other than itself: another domain (not while that domain is being built under its build label, except to create
 * it), a device, or Xen. DOMID_IO and DOMID_XEN do not count: mapping I/O memory or reading Xen's pages administers
 * no domain. It also holds the duties of a domain it can act as, along a chain of {@link Step}s, each what Xen checks
 * for it:
 * <ul>
 * <li>it relabels itself to that domain's label ({@code domain.transition} and {@code domain2.relabelself});</li>
 * <li>another domain relabels it to that label ({@code domain.transition}, and the other's
 * {@code domain2.relabelfrom} on it and {@code relabelto} on the label);</li>
 * <li>it makes another domain the device model of a guest ({@code domain2.make_priv_for} on the device model,
 * {@code set_as_target} on the guest, and the device model's {@code domain.set_target} on the guest): it then holds
 * what the device model holds over that guest.</li>
 * </ul>
 * Rules under switches count, each {@link Holding} with the condition under which it holds. The permissions that
 * make a step are the ones {@link EscalationCheck} follows across classes.
 */
public final class DutyHoldings {

    /** A duty, built in or declared, with its permissions ("class.permission") in the policy's Xen release. */
    public record Duty(String name, boolean builtin, String description, Set<String> permissions,
            Optional<SourcePos> pos) {
        public Duty {
            permissions = Set.copyOf(permissions);
        }
    }

    /** How a domain comes to act as another. */
    public enum StepKind { TRANSITION, RELABEL, DELEGATION }

    /**
     * One step of a chain: {@code from} comes to act as {@code to} (for a delegation: over {@code over} only),
     * by the facts Xen checks for it.
     */
    public record Step(StepKind kind, Label from, Label to, Optional<Label> over, List<Fact> facts) {
        public Step {
            facts = List.copyOf(facts);
        }

        public String describe() {
            return switch (kind) {
                case TRANSITION -> from + " relabels itself to " + to;
                case RELABEL -> facts.get(1).source() + " relabels " + from + " to " + to;
                case DELEGATION -> from + " makes " + to + " the device model of " + over.orElseThrow();
            };
        }
    }

    /**
     * One way {@code domain} holds {@code duty}: along {@code chain} (empty: directly) it acts as {@code holder},
     * whom {@code grants} give the duty's permissions.
     */
    public record Holding(Label domain, String duty, List<Step> chain, Label holder, List<Fact> grants) {
        public Holding {
            chain = List.copyOf(chain);
            grants = List.copyOf(grants);
        }

        public boolean direct() {
            return chain.isEmpty();
        }

        /** Under which switches it holds: every step, and some grant. Empty: always. */
        public Optional<Condition> condition() {
            Set<Condition> all = new LinkedHashSet<>();
            chain.forEach(s -> s.facts().forEach(f -> f.origin().guard().ifPresent(all::add)));
            Set<Condition> any = new LinkedHashSet<>();
            for (Fact g : grants) {
                if (g.origin().guard().isEmpty()) {
                    any.clear();
                    break;
                }
                any.add(g.origin().guard().get());
            }
            any.stream().reduce((a, b) -> new Condition.Binary("||", a, b)).ifPresent(all::add);
            return all.stream().reduce((a, b) -> new Condition.Binary("&&", a, b));
        }

        /** The same holding with only what is in force under a setting of the switches; empty if it is not. */
        public Optional<Holding> under(PolicyFacts facts, Map<String, Boolean> setting) {
            if (!chain.stream().allMatch(s -> s.facts().stream().allMatch(f -> facts.active(f, setting)))) {
                return Optional.empty();
            }
            List<Fact> in = grants.stream().filter(f -> facts.active(f, setting)).toList();
            return in.isEmpty() ? Optional.empty() : Optional.of(new Holding(domain, duty, chain, holder, in));
        }

        /** "directly" or "through X (a relabels itself to X)". */
        public String how() {
            if (chain.isEmpty()) {
                return "directly";
            }
            return "through " + holder + " (" + String.join(", then ", chain.stream().map(Step::describe).toList())
                    + ")";
        }
    }

    /** Permissions that let one domain act as another. */
    private static final String TRANSITION = "domain.transition";
    private static final String RELABELSELF = "domain2.relabelself";
    private static final String RELABELFROM = "domain2.relabelfrom";
    private static final String RELABELTO = "domain2.relabelto";
    private static final String MAKE_PRIV_FOR = "domain2.make_priv_for";
    private static final String SET_AS_TARGET = "domain2.set_as_target";
    private static final String SET_TARGET = "domain.set_target";
    /** Alternative ways (statements) of one step that are kept; more say nothing new in a report. */
    private static final int STEP_VARIANTS = 4;
    /** Routes kept to one domain from one start, whose switch conditions are not weaker than another's. */
    private static final int ROUTES_PER_DOMAIN = 8;

    private final PolicyFacts facts;
    private final Map<String, Duty> duties;
    private final Set<Label> domains;
    /** holder → duty → the facts that give it the duty's permissions on something else. */
    private final Map<Label, Map<String, List<Fact>>> direct = new HashMap<>();
    private final Map<Label, List<Step>> steps = new HashMap<>();
    private final Map<Label, Map<String, List<Holding>>> holdings = new LinkedHashMap<>();
    private SwitchSolver solver;

    private DutyHoldings(PolicyFacts facts, Map<String, Duty> duties) {
        this.facts = facts;
        this.duties = duties;
        this.domains = facts.principals().domains();
    }

    /** Every duty, built in and declared. */
    public static DutyHoldings of(PolicyFacts facts) {
        return of(facts, duties(facts).keySet());
    }

    /** The duties named (names neither built in nor declared are left out). */
    public static DutyHoldings of(PolicyFacts facts, Collection<String> names) {
        Map<String, Duty> all = duties(facts);
        Map<String, Duty> wanted = new LinkedHashMap<>();
        all.forEach((n, d) -> {
            if (names.contains(n)) {
                wanted.put(n, d);
            }
        });
        DutyHoldings h = new DutyHoldings(facts, wanted);
        h.compute();
        return h;
    }

    /** The built-in duties, then the declared ones, with their permissions in the policy's release. */
    public static Map<String, Duty> duties(PolicyFacts facts) {
        Map<String, Duty> out = new LinkedHashMap<>();
        for (String n : XenDuties.names()) {
            XenDuties.BuiltinDuty b = XenDuties.builtin(n).orElseThrow();
            out.put(n, new Duty(n, true, b.description(), XenDuties.forCatalogue(b, facts.catalogue()),
                    Optional.empty()));
        }
        for (PolicyModel.Duty d : facts.model().duties().values()) {
            Set<String> perms = new LinkedHashSet<>();
            for (PolicyModel.PermItem item : d.permissions()) {
                if (item instanceof PolicyModel.PermSet set) {
                    set.permissions().forEach(p -> perms.add(set.securityClass() + "." + p));
                } else if (item instanceof PolicyModel.CapabilityUse use) {
                    for (Grant g : use.grants()) {
                        g.permissions().forEach(p -> perms.add(g.securityClass() + "." + p));
                    }
                }
            }
            out.putIfAbsent(d.name(), new Duty(d.name(), false, "declared", perms, Optional.of(d.pos())));
        }
        return out;
    }

    public Map<String, Duty> duties() {
        return duties;
    }

    /** Every domain and VM, in declaration order. */
    public Set<Label> domains() {
        return domains;
    }

    /** The ways a domain holds each duty it holds (under some setting of the switches), shortest chains first. */
    public Map<String, List<Holding>> of(Label domain) {
        return holdings.getOrDefault(domain, Map.of());
    }

    /**
     * How a domain holds a duty at its simplest: the first way (shortest chain) in force with the switches at their
     * defaults, else under the setting with the fewest switches changed ({@code note} says which, as
     * " (with switches maint on)"); only what is in force then. Empty when it never holds it (every way needs a
     * switch both on and off).
     */
    public record Held(Holding holding, Map<String, Boolean> setting, String note) {
    }

    /** Each duty a domain holds under some setting of the switches, at its simplest ({@link Held}). */
    public Map<String, Held> held(Label domain) {
        Map<String, Held> out = new LinkedHashMap<>();
        of(domain).forEach((duty, ways) -> held(ways).ifPresent(h -> out.put(duty, h)));
        return out;
    }

    private Optional<Held> held(List<Holding> ways) {
        Map<String, Boolean> defaults = facts.switchDefaults();
        Optional<Holding> now = firstUnder(ways, defaults);
        if (now.isPresent()) {
            return Optional.of(new Held(now.get(), defaults, ""));
        }
        return anyOf(ways).flatMap(solver()::setting).flatMap(s -> firstUnder(ways, s)
                .map(h -> new Held(h, s, note(s))));
    }

    /** The first of the ways in force under a setting, with only its grants in force then. */
    Optional<Holding> firstUnder(List<Holding> ways, Map<String, Boolean> setting) {
        return ways.stream().map(h -> h.under(facts, setting)).flatMap(Optional::stream).findFirst();
    }

    /** " (with switches maint on)" for a setting other than the defaults, "" for the defaults. */
    String note(Map<String, Boolean> setting) {
        String changes = SettingGraphs.describeChanges(setting, facts.switchDefaults());
        return changes.isEmpty() ? "" : " (with switches " + changes + ")";
    }

    /** How many switches a setting changes from their defaults. */
    int changes(Map<String, Boolean> setting) {
        return (int) setting.entrySet().stream()
                .filter(e -> !e.getValue().equals(facts.switchDefaults().getOrDefault(e.getKey(), false))).count();
    }

    synchronized SwitchSolver solver() {
        if (solver == null) {
            solver = new SwitchSolver(facts.switchDefaults());
        }
        return solver;
    }

    /** The condition under which some of the ways holds; empty: always. */
    static Optional<Condition> anyOf(List<Holding> ways) {
        List<Condition> any = new ArrayList<>();
        for (Holding h : ways) {
            Optional<Condition> c = h.condition();
            if (c.isEmpty()) {
                return Optional.empty();
            }
            any.add(c.get());
        }
        return any.stream().reduce((a, b) -> new Condition.Binary("||", a, b));
    }

    /** Both conditions (empty: always). */
    static Optional<Condition> and(Optional<Condition> a, Optional<Condition> b) {
        if (a.isEmpty()) {
            return b;
        }
        return b.isEmpty() ? a : Optional.of(new Condition.Binary("&&", a.get(), b.get()));
    }

    // ---- computing them ----------------------------------------------------------------------------------------

    private void compute() {
        // the permissions of a step are escalating ones, as EscalationCheck follows them across classes
        Set<String> wanted = new HashSet<>(EscalationCheck.ESCALATING);
        duties.values().forEach(d -> wanted.addAll(d.permissions()));
        Map<String, List<Fact>> byPermission = new HashMap<>();
        for (Fact f : facts.factsOf((cls, perm) -> wanted.contains(cls + "." + perm))) {
            String perm = f.securityClass() + "." + f.permission();
            byPermission.computeIfAbsent(perm, k -> new ArrayList<>()).add(f);
            Label holder = f.source().main();
            if (!domains.contains(holder) || !counts(f, holder)) {
                continue;
            }
            for (Duty d : duties.values()) {
                if (d.permissions().contains(perm)) {
                    direct.computeIfAbsent(holder, k -> new LinkedHashMap<>())
                            .computeIfAbsent(d.name(), k -> new ArrayList<>()).add(f);
                }
            }
        }
        steps(byPermission);
        for (Label d : domains) {
            routes(d);
        }
    }

    /** Whether a grant of one of a duty's permissions counts towards {@code holder}'s duties. */
    private static boolean counts(Fact f, Label holder) {
        Label t = f.target();
        if (t.main().equals(holder) || t.kind() == Label.Kind.DOMIO || t.kind() == Label.Kind.DOMXEN) {
            return false;
        }
        // a domain being built does not run yet: building it is what its builder's create stands for
        return t.facet() != Label.Facet.BUILDING || (f.securityClass() + "." + f.permission()).equals("domain.create");
    }

    private boolean isDomain(Label l) {
        return l.facet() == Label.Facet.MAIN && domains.contains(l);
    }

    private record Pair(Label source, Label target) {
    }

    private Map<Pair, List<Fact>> byPair(List<Fact> facts) {
        Map<Pair, List<Fact>> out = new HashMap<>();
        for (Fact f : facts) {
            if (isDomain(f.source()) && isDomain(f.target())) {
                out.computeIfAbsent(new Pair(f.source(), f.target()), k -> new ArrayList<>()).add(f);
            }
        }
        return out;
    }

    private void steps(Map<String, List<Fact>> byPermission) {
        Map<Pair, List<Fact>> relabelself = byPair(byPermission.getOrDefault(RELABELSELF, List.of()));
        Map<Pair, List<Fact>> relabelto = byPair(byPermission.getOrDefault(RELABELTO, List.of()));
        Map<Pair, List<Fact>> setAsTarget = byPair(byPermission.getOrDefault(SET_AS_TARGET, List.of()));
        Map<Label, List<Fact>> relabelfromOf = new HashMap<>();
        byPair(byPermission.getOrDefault(RELABELFROM, List.of())).forEach((p, fs) ->
                relabelfromOf.computeIfAbsent(p.target(), k -> new ArrayList<>()).addAll(fs));
        Map<Label, List<Fact>> makePrivFor = new HashMap<>();
        byPair(byPermission.getOrDefault(MAKE_PRIV_FOR, List.of())).forEach((p, fs) ->
                makePrivFor.computeIfAbsent(p.target(), k -> new ArrayList<>()).addAll(fs));
        Map<String, Integer> variants = new HashMap<>();
        // Xen's flask_relabel_domain: transition from the old label to the new, and relabelself (the domain
        // itself) or relabelfrom and relabelto (another domain, never the relabelled one)
        byPair(byPermission.getOrDefault(TRANSITION, List.of())).forEach((p, transitions) -> {
            if (p.source().equals(p.target())) {
                return;
            }
            for (Fact t : transitions) {
                for (Fact self : relabelself.getOrDefault(p, List.of())) {
                    step(new Step(StepKind.TRANSITION, p.source(), p.target(), Optional.empty(), List.of(t, self)),
                            variants);
                }
                for (Fact from : relabelfromOf.getOrDefault(p.source(), List.of())) {
                    if (from.source().equals(p.source())) {
                        continue;
                    }
                    for (Fact to : relabelto.getOrDefault(new Pair(from.source(), p.target()), List.of())) {
                        step(new Step(StepKind.RELABEL, p.source(), p.target(), Optional.empty(),
                                List.of(t, from, to)), variants);
                    }
                }
            }
        });
        // Xen's flask_set_target: the caller's make_priv_for on the device model and set_as_target on the guest,
        // the device model's set_target on the guest
        byPair(byPermission.getOrDefault(SET_TARGET, List.of())).forEach((p, setTargets) -> {
            if (p.source().equals(p.target())) {
                return;
            }
            for (Fact st : setTargets) {
                for (Fact priv : makePrivFor.getOrDefault(p.source(), List.of())) {
                    for (Fact as : setAsTarget.getOrDefault(new Pair(priv.source(), p.target()), List.of())) {
                        step(new Step(StepKind.DELEGATION, priv.source(), p.source(), Optional.of(p.target()),
                                List.of(priv, as, st)), variants);
                    }
                }
            }
        });
    }

    private void step(Step s, Map<String, Integer> variants) {
        String key = s.kind() + "|" + s.from() + "|" + s.to() + "|" + s.over();
        if (variants.merge(key, 1, Integer::sum) <= STEP_VARIANTS) {
            steps.computeIfAbsent(s.from(), k -> new ArrayList<>()).add(s);
        }
    }

    /** A chain from a start domain so far: where it is, over which guest only, and the switches it needs. */
    private record Route(Label at, Optional<Label> over, List<Step> chain, Set<Condition> guards) {
    }

    /** Every domain the start can act as, shortest chains first, and what they give it. */
    private void routes(Label start) {
        Map<String, List<Holding>> out = new LinkedHashMap<>();
        Map<String, List<Set<Condition>>> kept = new HashMap<>();
        ArrayDeque<Route> todo = new ArrayDeque<>();
        todo.add(new Route(start, Optional.empty(), List.of(), Set.of()));
        while (!todo.isEmpty()) {
            Route r = todo.poll();
            Map<String, List<Fact>> grants = direct.getOrDefault(r.at(), Map.of());
            for (String duty : duties.keySet()) {
                List<Fact> g = grants.getOrDefault(duty, List.of());
                if (r.over().isPresent()) {
                    Label over = r.over().get();
                    g = g.stream().filter(f -> f.target().main().equals(over)).toList();
                }
                if (!g.isEmpty()) {
                    out.computeIfAbsent(duty, k -> new ArrayList<>()).add(new Holding(start, duty, r.chain(), r.at(), g));
                }
            }
            for (Step s : steps.getOrDefault(r.at(), List.of())) {
                if (s.to().equals(start) || r.chain().stream().anyMatch(c -> c.to().equals(s.to()))) {
                    continue; // a domain met again on the chain adds nothing
                }
                Optional<Label> over = r.over();
                if (s.over().isPresent()) {
                    if (over.isPresent() && !over.equals(s.over())) {
                        continue; // the device model of one guest gives nothing over another
                    }
                    over = s.over();
                }
                Set<Condition> guards = new LinkedHashSet<>(r.guards());
                s.facts().forEach(f -> f.origin().guard().ifPresent(guards::add));
                List<Set<Condition>> seen = kept.computeIfAbsent(s.to() + "|" + over, k -> new ArrayList<>());
                if (seen.size() >= ROUTES_PER_DOMAIN || seen.stream().anyMatch(guards::containsAll)) {
                    continue; // an earlier chain to it needs no more switches than this one
                }
                seen.add(guards);
                List<Step> chain = new ArrayList<>(r.chain());
                chain.add(s);
                todo.add(new Route(s.to(), over, chain, guards));
            }
        }
        if (!out.isEmpty()) {
            // in the duties' order, whether held directly or through a chain
            Map<String, List<Holding>> ordered = new LinkedHashMap<>();
            duties.keySet().stream().filter(out::containsKey).forEach(n -> ordered.put(n, out.get(n)));
            holdings.put(start, ordered);
        }
    }
}
