package org.cordon.driver.imports;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.cordon.compiler.flask.TypeAssignment;
import org.cordon.compiler.table.StatementTable;
import org.cordon.dsl.load.CordonFrontEnd;
import org.cordon.dsl.load.CordonFormatting;
import org.cordon.driver.Build;
import org.cordon.driver.Driver;
import org.cordon.driver.Options;
import org.cordon.model.Diagnostic;
import org.cordon.model.Principal;
import org.cordon.verifier.flask.FlaskFacts;
import org.cordon.xsm.catalogue.XenCatalogue;
import org.cordon.xsm.flask.BinaryPolicyException;
import org.cordon.xsm.flask.FlaskPolicies;

/**
 * {@code cordon import}: a FLASK policy Cordon did not write, lifted into the Cordon language, with the proof that
 * nothing changed. The passes, in order:
 * <ol>
 * <li>classify ({@link TypePlaces}): what each type is — a domain and its other labels, a device, Xen's own;</li>
 * <li>declare ({@link ImportPlan#declare}): a declaration for each, roles read from what the policy gives;</li>
 * <li>settle ({@link ImportPlan#settle}): the declarations compiled; a role whose grants the input does not give
 * is dropped (a domain lacking declare_domain_common is declared {@code bare}), so that nothing is added — the
 * statement table says what each declaration grants;</li>
 * <li>recognise ({@link ImportPlan#recognise}, settled by {@link ImportPlan#settleCapabilities}): xen.if's patterns
 * between two domains as capabilities;</li>
 * <li>cover ({@link ImportPlan#cover}): what the declarations and capabilities do not grant becomes raw rules, under
 * switches for the booleans;</li>
 * <li>compact ({@link ImportPlan#compact}): rules that differ in one end become one rule over a group;</li>
 * <li>forbid ({@link NeverallowForbids}): the neverallows about domains as forbids; one a grant takes back is
 * dropped (settle-forbids);</li>
 * <li>write ({@link ImportWriter}): the layered, formatted Cordon files;</li>
 * <li>prove: the written policy compiled, translation-validated, and its access tuples compared with the input's
 * under every boolean setting ({@link AccessTuples}). Any difference fails the import.</li>
 * </ol>
 */
public final class FlaskImport {

    /** What an import made: the files (name → text), what it could not carry over, and the proof's differences. */
    public record Result(Map<String, String> files, List<String> warnings, List<String> differences,
            Map<String, String> renamed, int inputTuples, int importedTuples, List<Diagnostic> diagnostics) {
        public boolean proved() {
            return differences.isEmpty() && diagnostics.stream().noneMatch(d -> d.severity() == Diagnostic.Severity.ERROR);
        }
    }

    private FlaskImport() {
    }

    /**
     * Imports {@code facts} for Xen {@code xen}; {@code name} names the policy (a keyword or a name that is no
     * identifier is "imported"); {@code notes} start the notes the import reports.
     */
    public static Result run(String name, FlaskFacts facts, XenCatalogue xen, List<String> notes) {
        return run(name, facts, xen, notes, List.of());
    }

    /**
     * Likewise, with the input's policy.conf statements ({@code conf}, empty for a binary): its neverallows become
     * forbids where they are about domains, and its constraints are noted with their lines.
     */
    public static Result run(String name, FlaskFacts facts, XenCatalogue xen, List<String> notes,
            List<org.cordon.xsm.flask.conf.Ast.Stmt> conf) {
        List<String> warnings = new ArrayList<>(notes);
        Set<String> reserved = CordonFrontEnd.reservedWords();
        TypePlaces places = TypePlaces.classify(facts, xen, reserved);
        places.unplaced().forEach(t -> warnings.add("type " + t + " is neither a domain, a device nor one of Xen's "
                + "labels: its accesses are not imported"));
        if (facts.policy().mls()) {
            warnings.add("the policy is multi-level: its sensitivities, categories and constraints are not imported "
                    + "(the access tuples are)");
        }
        if (facts.booleans().size() > AccessTuples.MAX_BOOLEANS) {
            warnings.add("more than " + AccessTuples.MAX_BOOLEANS + " booleans: the proof compares settings of the "
                    + "first " + AccessTuples.MAX_BOOLEANS + " only");
        }
        String policy = reserved.contains(name) || !name.matches("[A-Za-z_][A-Za-z0-9_]*") ? "imported" : name;
        ImportPlan plan = ImportPlan.declare(policy, facts, places, xen, reserved);

        // settle: drop roles whose grants the input does not give
        Build skeleton = null;
        Map<String, String> rename = Map.of();
        for (int round = 0; round < 4; round++) {
            skeleton = compile(ImportWriter.write(plan), "encode-binary");
            if (skeleton.hasErrors() || skeleton.types().isEmpty()) {
                return failed(plan, warnings, skeleton);
            }
            rename = rename(places, plan, skeleton.types().get(), facts);
            Set<String> dropped = plan.settle(skeleton.table().orElseThrow(), skeleton.types().get(),
                    inputTuples(facts, rename));
            if (dropped.isEmpty()) {
                break;
            }
            dropped.forEach(d -> warnings.add(d));
        }
        // a _target label exists in Cordon only where a device model serves its domain: one whose role was dropped
        // leaves its guests' _target labels unsayable
        for (TypePlaces.Domain d : List.copyOf(places.domains().values())) {
            String target = d.facets().get(org.cordon.model.PolicyModel.Facet.TARGET);
            if (target != null && plan.domains.values().stream().noneMatch(dm -> dm.roles.contains("device_model")
                    && dm.serves.contains(d.name()))) {
                places.forget(target);
                warnings.add(target + " is " + d.name() + " as a device model sees it, but no domain can be declared "
                        + "its device model (the input does not give one what Cordon's device_model grants): its "
                        + "accesses are not imported");
            }
        }
        AccessTuples input = tuples(facts, rename, plan);
        // recognise: xen.if's patterns as capabilities, each kept only if all it grants the input grants
        plan.recognise(places, tuples(facts, UnaryOperator.identity(), plan).always());
        Set<String> always = input.always();
        // the residual is read from the last compilation, so one is made after the last capability dropped
        boolean settled = plan.capabilities.isEmpty();
        for (int round = 0; !settled; round++) {
            if (round == 4) {
                plan.capabilities.clear(); // still settling: raw rules say it all
            }
            skeleton = compile(ImportWriter.write(plan), "encode-binary");
            if (skeleton.hasErrors() || skeleton.types().isEmpty()) {
                return failed(plan, warnings, skeleton);
            }
            settled = !plan.settleCapabilities(skeleton.table().orElseThrow(), skeleton.types().get(), always);
        }
        AccessTuples declared = tuples(facts(skeleton), UnaryOperator.identity(), plan);
        plan.cover(facts, places, rename, declared);
        plan.compact(facts, places);
        plan.attributes(facts, places);
        plan.forbids.addAll(NeverallowForbids.read(conf, facts, places, plan, warnings));
        warnings.addAll(plan.notes());

        Map<String, String> files = ImportWriter.write(plan);
        Build full = compile(files, "validate-binary");
        // settle-forbids: a forbid that a grant of the import takes back is an error there; drop it, say so
        for (int round = 0; round < 3 && full.hasErrors() && !plan.forbids.isEmpty(); round++) {
            Set<String> clashing = clashingForbids(full, files);
            if (clashing.isEmpty()) {
                break;
            }
            plan.forbids.removeIf(f -> {
                boolean drop = clashing.contains(f.text(plan));
                if (drop) {
                    warnings.add(f.at() + ": neverallow not imported as `" + f.text(plan) + "`: the forbid would also "
                            + "cover labels the policy grants (Cordon's forbid is about what Xen checks, on every label "
                            + "of a domain)");
                }
                return drop;
            });
            files = ImportWriter.write(plan);
            full = compile(files, "validate-binary");
        }
        if (full.hasErrors() && !plan.forbids.isEmpty()) {
            plan.forbids.forEach(f -> warnings.add(f.at() + ": neverallow not imported as `" + f.text(plan) + "`"));
            plan.forbids.clear();
            files = ImportWriter.write(plan);
            full = compile(files, "validate-binary");
        }
        if (full.hasErrors() || full.binary().isEmpty()) {
            return failed(plan, warnings, full);
        }
        AccessTuples imported = tuples(facts(full), UnaryOperator.identity(), plan);
        List<String> differences = input.differences(imported).stream().map(Object::toString).toList();
        Map<String, String> formatted = new LinkedHashMap<>();
        files.forEach((file, text) -> formatted.put(file, CordonFormatting.format(file, text).orElse(text)));
        Map<String, String> renamed = new LinkedHashMap<>();
        rename.forEach((in, out) -> {
            if (!in.equals(out)) {
                renamed.put(in, out);
            }
        });
        return new Result(formatted, warnings, differences, renamed, input.size(), imported.size(),
                full.diagnostics());
    }

    /** The forbids (as written) on the lines an error of the build points at, or relates to. */
    private static Set<String> clashingForbids(Build b, Map<String, String> files) {
        Set<String> out = new java.util.HashSet<>();
        for (Diagnostic d : b.diagnostics()) {
            if (d.severity() != Diagnostic.Severity.ERROR) {
                continue;
            }
            List<org.cordon.model.SourcePos> places = new ArrayList<>();
            places.add(d.pos());
            d.related().forEach(r -> places.add(r.pos()));
            for (org.cordon.model.SourcePos p : places) {
                String text = files.get(p.file());
                if (text == null || p.line() < 1) {
                    continue;
                }
                String[] lines = text.split("\n", -1);
                if (p.line() <= lines.length && lines[p.line() - 1].strip().startsWith("forbid ")) {
                    String line = lines[p.line() - 1].strip();
                    int comment = line.indexOf("  //");
                    out.add(comment < 0 ? line : line.substring(0, comment));
                }
            }
        }
        return out;
    }

    private static Result failed(ImportPlan plan, List<String> warnings, Build b) {
        return new Result(ImportWriter.write(plan), warnings, List.of(), Map.of(), 0, 0, b.diagnostics());
    }

    private static Build compile(Map<String, String> files, String goal) {
        List<CordonFrontEnd.Source> sources = new ArrayList<>();
        files.forEach((file, text) -> sources.add(new CordonFrontEnd.Source(file, text)));
        return Driver.run(sources, Options.defaults().withGoals(goal));
    }

    private static FlaskFacts facts(Build b) {
        try {
            return FlaskFacts.of("imported", FlaskPolicies.readBinary(b.binary().orElseThrow()));
        } catch (BinaryPolicyException e) {
            throw new IllegalStateException("Cordon's own binary could not be read back", e);
        }
    }

    private static Set<String> inputTuples(FlaskFacts facts, Map<String, String> rename) {
        Set<String> out = new java.util.HashSet<>();
        facts.facts().forEach(f -> out.add(ImportPlan.key(rename.getOrDefault(f.source().owner(), f.source().owner()),
                rename.getOrDefault(f.target().owner(), f.target().owner()), f.securityClass(), f.permission())));
        return out;
    }

    private static AccessTuples tuples(FlaskFacts facts, Map<String, String> rename, ImportPlan plan) {
        return tuples(facts, t -> rename.getOrDefault(t, t), plan);
    }

    private static AccessTuples tuples(FlaskFacts facts, UnaryOperator<String> typeName, ImportPlan plan) {
        return AccessTuples.of(facts, plan.switches(), typeName, b -> plan.switchName(b));
    }

    /**
     * Each input type → the type Cordon writes for its place: the compiled domain types (a singleton's self label is
     * its own), devices' {@code NAME_dev_t}, Xen's fixed names for its own labels.
     */
    private static Map<String, String> rename(TypePlaces places, ImportPlan plan, TypeAssignment types,
            FlaskFacts facts) {
        Map<String, String> out = new HashMap<>();
        Map<String, String> sids = places.sidTypes();
        Map<String, String> fixed = Map.of("xen", "xen_t", "security", "security_t", "domio", "domio_t",
                "domxen", "domxen_t", "xenboot", "xenboot_t", "unlabeled", "unlabeled_t", "irq", "irq_t",
                "ioport", "ioport_t", "iomem", "iomem_t", "device", "device_t");
        fixed.forEach((sid, type) -> Optional.ofNullable(sids.get(sid)).ifPresent(in -> out.putIfAbsent(in, type)));
        for (TypePlaces.Domain d : places.domains().values()) {
            TypeAssignment.DomainType t = types.of(new Principal(d.name(), Principal.Kind.DOMAIN));
            d.facets().forEach((facet, in) -> out.put(in, t.type(facet)));
        }
        places.devices().forEach((in, device) -> out.put(in, device + "_dev_t"));
        facts.types().forEach(t -> out.putIfAbsent(t, t));
        return out;
    }

    /** The label of an input type as a raw rule writes it, for the plan's rules. */
    static String written(TypePlaces places, String type) {
        return places.place(type).map(TypePlaces.Place::written).orElse(null);
    }

    /** Statement kinds whose grants a declaration brings with it. */
    static final Set<StatementTable.Kind> DECLARED = Set.of(StatementTable.Kind.DOMAIN, StatementTable.Kind.BOOT,
            StatementTable.Kind.CONTROL, StatementTable.Kind.BUILD_LABEL, StatementTable.Kind.DEVICE_MODEL);
}
