package org.cordon.dsl.load;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.cordon.model.Diagnostic;
import org.cordon.model.DiagnosticCode;
import org.cordon.model.PolicyModel;
import org.cordon.model.PolicyModel.Level;
import org.cordon.model.PolicyModel.LevelRange;
import org.cordon.model.PolicyModel.Role;
import org.cordon.model.Principal;
import org.cordon.model.SourcePos;

/**
 * Part of pass "resolve" for a multi-level policy: the declared sensitivities and categories, every written level
 * checked against them ({@code secret:*} spelt out, categories in declaration order), and every domain and VM given
 * its level: its own, else its class's, else its cluster's (the loader merged those), else the default of its role.
 * Platform domains (control, service, driver, boot) are trusted over the whole range; a device model runs at its
 * guest's level; everything else at the lowest level. A policy that declares no sensitivities has no levels.
 */
final class LevelResolver {

    private final List<Diagnostic> out;
    private final List<String> sensitivities = new ArrayList<>();
    private final List<String> categories = new ArrayList<>();
    private final Map<String, Integer> categoryIndex = new HashMap<>();
    private final boolean multiLevel;
    /** The level each VM and non-device-model domain runs at, for device models to take their guest's. */
    private final Map<String, LevelRange> byPrincipal = new HashMap<>();

    LevelResolver(PolicyModel model, List<Diagnostic> out) {
        this.out = out;
        Optional<PolicyModel.Sensitivities> firstS = Optional.empty();
        Optional<PolicyModel.Categories> firstC = Optional.empty();
        for (PolicyModel.Layer l : model.layers()) {
            for (PolicyModel.Sensitivities s : l.sensitivities()) {
                if (firstS.isPresent()) {
                    out.add(Diagnostic.of(DiagnosticCode.MLS_DECLARATION, s.pos(), "the sensitivities are declared "
                            + "once, lowest first", new Diagnostic.Related("declared here", firstS.get().pos())));
                    continue;
                }
                firstS = Optional.of(s);
                declare(s.names(), sensitivities, "sensitivity", s.pos());
            }
            for (PolicyModel.Categories c : l.categories()) {
                if (firstC.isPresent()) {
                    out.add(Diagnostic.of(DiagnosticCode.MLS_DECLARATION, c.pos(), "the categories are declared once",
                            new Diagnostic.Related("declared here", firstC.get().pos())));
                    continue;
                }
                firstC = Optional.of(c);
                declare(c.names(), categories, "category", c.pos());
            }
        }
        for (int i = 0; i < categories.size(); i++) {
            categoryIndex.put(categories.get(i), i);
        }
        if (firstC.isPresent() && firstS.isEmpty()) {
            out.add(Diagnostic.of(DiagnosticCode.MLS_DECLARATION, firstC.get().pos(),
                    "categories need sensitivities: declare them with `sensitivities low < high`"));
        }
        if (firstS.isPresent() && !sensitivities.isEmpty() && sensitivities.stream().anyMatch(categoryIndex::containsKey)) {
            String both = sensitivities.stream().filter(categoryIndex::containsKey).findFirst().get();
            out.add(Diagnostic.of(DiagnosticCode.MLS_DECLARATION, firstS.get().pos(), "'" + both
                    + "' is both a sensitivity and a category; FLASK keeps the two apart, so give them different names"));
        }
        this.multiLevel = !sensitivities.isEmpty();
    }

    private void declare(List<String> names, List<String> into, String what, SourcePos pos) {
        for (String n : names) {
            if (into.contains(n)) {
                out.add(Diagnostic.of(DiagnosticCode.MLS_DECLARATION, pos, what + " '" + n + "' is declared twice"));
            } else {
                into.add(n);
            }
        }
    }

    boolean multiLevel() {
        return multiLevel;
    }

    /** The lowest level: the lowest sensitivity, no categories. */
    private Level lowest(SourcePos pos) {
        return new Level(sensitivities.get(0), List.of(), false, pos);
    }

    /** The whole range, trusted: what platform domains and Xen's own labels get. */
    LevelRange trustedRange(SourcePos pos) {
        return new LevelRange(lowest(pos), new Level(sensitivities.get(sensitivities.size() - 1), categories, true,
                pos), true, pos);
    }

    /** A domain's level: as written, else its role's default; a device model's is done by {@link #deviceModel}. */
    Optional<LevelRange> domain(PolicyModel.Domain d) {
        Optional<LevelRange> written = written(d.properties().level());
        if (!multiLevel) {
            return Optional.empty();
        }
        LevelRange range = written.orElseGet(() -> d.has(Role.CONTROL) || d.has(Role.SERVICE) || d.has(Role.DRIVER)
                || d.has(Role.BOOT) ? trustedRange(d.pos()) : single(lowest(d.pos()), d.pos()));
        if (!d.has(Role.DEVICE_MODEL)) {
            byPrincipal.put(d.name(), range);
        }
        return Optional.of(range);
    }

    Optional<LevelRange> vm(PolicyModel.Vm vm) {
        Optional<LevelRange> written = written(vm.properties().level());
        if (!multiLevel) {
            return Optional.empty();
        }
        LevelRange range = written.orElseGet(() -> single(lowest(vm.pos()), vm.pos()));
        byPrincipal.put(vm.name(), range);
        return Optional.of(range);
    }

    /**
     * A device model without a level of its own runs at its guest's: it reads and writes the guest's memory, so
     * any other level would have Xen's MLS constraints cut it off. A class of VMs at different levels has no one
     * level to take; that is an error.
     */
    Optional<LevelRange> deviceModel(PolicyModel.Domain d, List<Principal> guests, LevelRange ownOrDefault) {
        if (!multiLevel || d.properties().level().isPresent() || guests.isEmpty()) {
            return Optional.ofNullable(ownOrDefault);
        }
        Set<String> levels = new LinkedHashSet<>();
        LevelRange first = null;
        for (Principal g : guests) {
            LevelRange r = byPrincipal.get(g.name());
            if (r != null) {
                levels.add(r.text());
                first = first == null ? r : first;
            }
        }
        if (first == null) {
            return Optional.of(ownOrDefault);
        }
        if (levels.size() > 1) {
            out.add(Diagnostic.of(DiagnosticCode.MLS_CHANNEL, d.pos(), "device model " + d.name()
                    + " serves guests at different levels (" + String.join(", ", levels) + "); give it a level"));
        }
        // as its guest: a trusted range too when the guest has one (a boot domain is trusted by default)
        return Optional.of(new LevelRange(first.low(), first.high(), first.trusted(), d.pos()));
    }

    private static LevelRange single(Level l, SourcePos pos) {
        return new LevelRange(l, l, false, pos);
    }

    /** Each written level once: a class's level reaches every VM of it, and is reported once. */
    private final Map<SourcePos, Optional<LevelRange>> checked = new HashMap<>();

    /** A written level checked: known names, categories in declaration order, a range whose high dominates its low. */
    private Optional<LevelRange> written(Optional<LevelRange> range) {
        if (range.isEmpty()) {
            return Optional.empty();
        }
        Optional<LevelRange> done = checked.get(range.get().pos());
        if (done == null) {
            done = check(range.get());
            checked.put(range.get().pos(), done);
        }
        return done;
    }

    private Optional<LevelRange> check(LevelRange r) {
        if (!multiLevel) {
            out.add(Diagnostic.of(DiagnosticCode.UNKNOWN_LEVEL, r.pos(), "a level needs the policy's sensitivities: "
                    + "declare them once, lowest first, e.g. `sensitivities unclassified < secret`"));
            return Optional.empty();
        }
        Optional<Level> low = level(r.low());
        Optional<Level> high = r.high() == r.low() ? low : level(r.high());
        if (low.isEmpty() || high.isEmpty()) {
            return Optional.empty();
        }
        if (!dominates(high.get(), low.get())) {
            out.add(Diagnostic.of(DiagnosticCode.MLS_RANGE, r.pos(), "the range's high level " + high.get().text()
                    + " does not dominate its low level " + low.get().text()));
            return Optional.empty();
        }
        LevelRange resolved = new LevelRange(low.get(), high.get(), r.trusted(), r.pos());
        if (r.trusted() && resolved.single()) {
            out.add(Diagnostic.of(DiagnosticCode.MLS_RANGE, r.pos(), "a trusted subject spans a range "
                    + "(`level low .. high trusted`); at one level there is nothing to trust it with"));
        }
        return Optional.of(resolved);
    }

    private Optional<Level> level(Level l) {
        boolean ok = true;
        if (!sensitivities.contains(l.sensitivity())) {
            out.add(Diagnostic.of(DiagnosticCode.UNKNOWN_LEVEL, l.pos(), "no sensitivity is named '" + l.sensitivity()
                    + "'; declared: " + String.join(" < ", sensitivities)));
            ok = false;
        }
        List<String> cats = new ArrayList<>();
        if (l.allCategories()) {
            cats.addAll(categories);
        } else {
            for (String c : l.categories()) {
                if (!categoryIndex.containsKey(c)) {
                    out.add(Diagnostic.of(DiagnosticCode.UNKNOWN_LEVEL, l.pos(), "no category is named '" + c + "'"
                            + (categories.isEmpty() ? "; declare them with `categories a, b`"
                                    : "; declared: " + String.join(", ", categories))));
                    ok = false;
                } else if (!cats.contains(c)) {
                    cats.add(c);
                }
            }
            cats.sort(java.util.Comparator.comparingInt(categoryIndex::get));
        }
        return ok ? Optional.of(new Level(l.sensitivity(), cats, l.allCategories(), l.pos())) : Optional.empty();
    }

    private boolean dominates(Level a, Level b) {
        return sensitivities.indexOf(a.sensitivity()) >= sensitivities.indexOf(b.sensitivity())
                && a.categories().containsAll(b.categories());
    }
}
