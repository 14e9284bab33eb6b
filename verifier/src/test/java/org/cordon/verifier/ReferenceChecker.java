package org.cordon.verifier;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.cordon.model.PolicyModel;
import org.cordon.model.PolicyModel.Role;
import org.cordon.model.PolicyModel.SubjectRef;
import org.cordon.verifier.permmap.PermissionFlow;
import org.cordon.verifier.permmap.XenPermissionMap;
import org.cordon.xsm.catalogue.XenCatalogue;

/**
 * The brute-force oracle for the flow assertions: for every (source, target, class, permission)
 * over all principals and the whole catalogue, ask every allow rule whether it grants the tuple;
 * then breadth-first search over principal names. Deliberately naive and separate from the
 * verifier's expansion, graph and JGraphT. Covers models of domains, VMs and plain
 * {@code class.perm} rules under switches (every setting tried, defaults first; a pair failing under
 * the defaults is reported with its shortest flow there, any other with its shortest flow under any
 * setting); channels, capabilities and devices are out of its scope.
 */
final class ReferenceChecker {

    /** One failed assertion: its line, the length of the shortest flow, and whether the defaults fail it. */
    record Failure(int line, String code, int hops, boolean byDefault) implements Comparable<Failure> {
        @Override
        public int compareTo(Failure o) {
            // by line, code and verdict first, then hops: pairs at one line compare in hop order
            return java.util.Comparator.comparingInt(Failure::line).thenComparing(Failure::code)
                    .thenComparing(Failure::byDefault).thenComparingInt(Failure::hops).compare(this, o);
        }
    }

    private static final Set<Role> TRUSTED = EnumSet.of(Role.CONTROL, Role.SERVICE, Role.DRIVER, Role.DEVICE_MODEL,
            Role.BOOT);

    private final PolicyModel model;
    private final XenCatalogue catalogue;
    private final XenPermissionMap map;
    private final List<String> principals = new ArrayList<>();
    private final Map<String, Set<String>> next = new HashMap<>();
    private final Set<String> trusted = new LinkedHashSet<>();
    private final Map<String, Failure> reported = new java.util.LinkedHashMap<>();
    private boolean atDefaults;
    private Map<String, Boolean> setting = Map.of();

    ReferenceChecker(PolicyModel model, XenCatalogue catalogue, XenPermissionMap map) {
        this.model = model;
        this.catalogue = catalogue;
        this.map = map;
        model.domains().forEach(d -> {
            principals.add(d.name());
            if (d.roles().stream().anyMatch(TRUSTED::contains)) {
                trusted.add(d.name());
            }
        });
        model.vms().forEach(v -> principals.add(v.name()));
        principals.add("xen");
    }

    /** Defaults first, then every other setting in binary order of the sorted switch names. */
    private List<Map<String, Boolean>> settings() {
        Map<String, Boolean> defaults = new HashMap<>();
        model.switches().forEach(s -> defaults.put(s.name(), s.defaultOn()));
        List<String> names = defaults.keySet().stream().sorted().toList();
        List<Map<String, Boolean>> out = new ArrayList<>(List.of(defaults));
        for (int bits = 0; bits < (1 << names.size()); bits++) {
            Map<String, Boolean> m = new HashMap<>();
            for (int i = 0; i < names.size(); i++) {
                m.put(names.get(i), (bits >> i & 1) == 1);
            }
            if (!m.equals(defaults)) {
                out.add(m);
            }
        }
        return out;
    }

    private Set<String> members(SubjectRef r) {
        Set<String> out = new LinkedHashSet<>();
        switch (r.kind()) {
            case BUILTIN -> {
                switch (r.name()) {
                    case "xen" -> out.add("xen");
                    case "guests" -> {
                        model.domains().stream().filter(d -> d.has(Role.GUEST)).forEach(d -> out.add(d.name()));
                        model.vms().forEach(v -> out.add(v.name()));
                    }
                    case "domains" -> {
                        model.domains().forEach(d -> out.add(d.name()));
                        model.vms().forEach(v -> out.add(v.name()));
                    }
                    default -> {
                    }
                }
            }
            case CLASS -> model.vms().stream().filter(v -> v.vmClass().equals(r.name())).forEach(v -> out.add(v.name()));
            default -> out.add(r.name());
        }
        return out;
    }

    private static boolean matches(String pattern, String perm) {
        return pattern.equals("*") || (pattern.endsWith("*")
                ? perm.startsWith(pattern.substring(0, pattern.length() - 1)) : perm.equals(pattern));
    }

    private boolean granted(String s, String t, String cls, String perm) {
        // what the control role implies towards Xen (dom0.te: the memory map, resource setup)
        boolean control = model.domains().stream().anyMatch(d -> d.name().equals(s) && d.has(Role.CONTROL));
        if (control && t.equals("xen") && (cls + "." + perm).matches("mmu\\.memorymap|resource\\.setup")) {
            return true;
        }
        for (PolicyModel.Rule r : model.rules()) {
            boolean inForce = r.condition().map(c -> setting.get(c) != r.whenOff()).orElse(true);
            if (r.kind() != PolicyModel.RuleKind.ALLOW || !inForce || !members(r.subject()).contains(s)
                    || !members(r.target()).contains(t)) {
                continue;
            }
            for (PolicyModel.PermItem item : r.permissions()) {
                if (item instanceof PolicyModel.PermSet set && set.securityClass().equals(cls)
                        && set.patterns().stream().anyMatch(p -> matches(p, perm))) {
                    return true;
                }
            }
        }
        return false;
    }

    private void enumerate() {
        next.clear();
        for (String s : principals) {
            for (String t : principals) {
                for (XenCatalogue.SecurityClass c : catalogue.classes()) {
                    for (XenCatalogue.Permission p : c.permissions()) {
                        if (s.equals(t) || !granted(s, t, c.name(), p.name())) {
                            continue;
                        }
                        PermissionFlow f = map.flow(c.name(), p.name()).orElseThrow();
                        if (f.direction().flowsToTarget()) {
                            next.computeIfAbsent(s, k -> new LinkedHashSet<>()).add(t);
                        }
                        if (f.direction().flowsToSource()) {
                            next.computeIfAbsent(t, k -> new LinkedHashSet<>()).add(s);
                        }
                    }
                }
            }
        }
    }

    /** Fewest hops from any source to any other target, never stepping on an avoided name in between. */
    private Optional<Integer> shortest(Set<String> sources, Set<String> targets, Set<String> avoid) {
        Integer best = null;
        for (String s : sources) {
            Map<String, Integer> dist = new HashMap<>();
            dist.put(s, 0);
            ArrayDeque<String> queue = new ArrayDeque<>(List.of(s));
            while (!queue.isEmpty()) {
                String u = queue.poll();
                for (String v : next.getOrDefault(u, Set.of())) {
                    boolean blocked = avoid.contains(v) && !sources.contains(v) && !targets.contains(v);
                    if (!blocked && !dist.containsKey(v)) {
                        dist.put(v, dist.get(u) + 1);
                        queue.add(v);
                    }
                }
            }
            for (String t : targets) {
                if (!t.equals(s) && dist.containsKey(t) && (best == null || dist.get(t) < best)) {
                    best = dist.get(t);
                }
            }
        }
        return Optional.ofNullable(best);
    }

    List<Failure> check() {
        List<Failure> out = new ArrayList<>();
        atDefaults = true;
        for (Map<String, Boolean> s : settings()) {
            setting = s;
            enumerate();
            checkAssertions(out);
            atDefaults = false;
        }
        return new ArrayList<>(reported.values());
    }

    private void report(List<Failure> out, PolicyModel.Assertion a, String pair, String code, int hops) {
        reported.merge(a.pos() + pair, new Failure(a.pos().line(), code, hops, atDefaults),
                (old, now) -> !old.byDefault() && now.hops() < old.hops() ? now : old);
    }

    private void checkAssertions(List<Failure> out) {
        for (PolicyModel.Assertion a : model.assertions()) {
            if (a instanceof PolicyModel.Isolated i) {
                for (int x = 0; x < i.subjects().size(); x++) {
                    for (int y = x + 1; y < i.subjects().size(); y++) {
                        Set<String> sx = members(i.subjects().get(x));
                        Set<String> sy = members(i.subjects().get(y));
                        String pair = x + "," + y;
                        if (reported.containsKey(a.pos() + pair) && reported.get(a.pos() + pair).byDefault()) {
                            continue;
                        }
                        shortest(sx, sy, trusted).or(() -> shortest(sy, sx, trusted))
                                .ifPresent(n -> report(out, a, pair, "isolation", n));
                    }
                }
            } else if (a instanceof PolicyModel.NoFlow n) {
                Set<String> via = new LinkedHashSet<>();
                n.mediators().forEach(m -> via.addAll(members(m)));
                if (!reported.containsKey(a.pos() + "flow") || !reported.get(a.pos() + "flow").byDefault()) {
                    shortest(members(n.source()), members(n.target()), via)
                            .ifPresent(h -> report(out, a, "flow", "no-flow", h));
                }
            }
        }
    }
}
