package org.cordon.dsl.gen;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.cordon.dsl.load.CordonFrontEnd.Source;
import org.cordon.xsm.catalogue.XenCatalogue;
import org.cordon.xsm.catalogue.XenCatalogues;
import org.cordon.xsm.macros.Endpoint;
import org.cordon.xsm.macros.Grant;
import org.cordon.xsm.macros.XenMacros;

/**
 * Random Cordon policies for property tests: every construct of the language, in one or more files, deterministic
 * per seed and {@link Shape}. Without deliberate conflicts ({@link Shape#conflictRate()} 0, the presets) a policy
 * is one the front end accepts: names are unique and exported where a higher layer uses them, permissions exist in
 * the chosen release, no rule or channel grants what a forbid at or below its layer covers, no rule grants a
 * feature's core that a class denies, placed VMs fit their hosts. With conflicts, {@link Generated#conflicts()}
 * says what was planted and which stage should reject it.
 *
 * <p>How validity is kept by construction: forbids only name permissions that nothing in Cordon grants implicitly
 * (no built-in capability, channel, device, device model or build label grants them), so only explicit raw
 * permission items and user capabilities can clash with them; each rule item's accesses are computed in principal
 * terms (as the statement table does) and an item that clashes is dropped.
 *
 * <p>Other modules' tests get it from the dsl test-jar:
 * <pre>{@code
 * <dependency>
 *   <groupId>org.cordon</groupId>
 *   <artifactId>cordon-dsl</artifactId>
 *   <version>${project.version}</version>
 *   <type>test-jar</type>
 *   <scope>test</scope>
 * </dependency>
 * }</pre>
 * and use it as {@code for (long seed …) { Generated g = RandomPolicy.generate(seed, Shape.medium()); … }}; on a
 * failure, {@code RandomPolicy.shrink(g.sources(), stillFails)} gives a small policy for the report, and
 * {@code g.toString()} the seed, the description and every file.
 */
public final class RandomPolicy {

    private RandomPolicy() {
    }

    // =====================================================================================================
    // API
    // =====================================================================================================

    /** A deliberate conflict; {@code frontEndCode} is the diagnostic code the front end should report, if any. */
    public enum Conflict {
        /** A rule in a layer at or above a forbid grants what the forbid covers. */
        FORBIDDEN_RULE("forbidden", "validate (statement table)"),
        /** An event channel in a higher layer, and a lower layer forbids {@code event.send} between its ends. */
        FORBIDDEN_CHANNEL_EVENT("forbidden", "validate (statement table)"),
        /**
         * An Argo-only channel in a higher layer, and a lower layer forbids {@code argo.send}: the statement table
         * knows what each channel kind grants.
         */
        FORBIDDEN_CHANNEL_ARGO("forbidden", "validate (statement table)"),
        /** A rule grants part of a management feature that the target class denies. */
        FEATURE_DENIED_RULE("feature-denied", "validate (statement table)"),
        /**
         * A class allows a feature whose capability holds the core of another feature it denies (rollback allowed,
         * intervention denied): the statement table holds both decisions.
         */
        FEATURE_ALLOWED_AND_DENIED("feature-denied", "validate (statement table)"),
        /** A higher layer names what a lower layer declares but does not export. */
        NOT_EXPORTED("not-exported", "the language's passes"),
        /** A lower layer names what a higher layer declares. */
        LAYER_UPWARD("layer-upward", "the language's passes"),
        /** Strong classes placed on a host that cannot hold their cpupools. */
        STRONG_OVERCOMMIT(null, "place"),
        GROUP_CYCLE("group-cycle", "the language's passes"),
        CAPABILITY_CYCLE("capability-cycle", "the language's passes"),
        TWO_CONTROL("two-control", "the language's passes"),
        DUPLICATE_NAME("duplicate", "the language's passes"),
        /** A permission the chosen Xen release does not have. */
        UNKNOWN_PERMISSION("unknown-permission", "the language's passes"),
        BAD_PROPERTY("bad-property", "the language's passes"),
        HOST_WITHOUT_CAPACITY("host-capacity", "the language's passes"),
        DEVICE_MODEL_TARGET("device-model-target", "the language's passes"),
        /** A capability that acts on domains given a Xen principal as target. */
        CAPABILITY_TARGET("capability-target", "the language's passes"),
        IOMEM_ALIGN("iomem-align", "the language's passes");

        private final String frontEndCode;
        private final String detectedBy;

        Conflict(String frontEndCode, String detectedBy) {
            this.frontEndCode = frontEndCode;
            this.detectedBy = detectedBy;
        }

        /**
         * The code pass "validate" (or an earlier pass) reports for this conflict; empty when only a later pass
         * ({@link #detectedBy()}) sees it.
         */
        public Optional<String> frontEndCode() {
            return Optional.ofNullable(frontEndCode);
        }

        /** Which pass rejects it. */
        public String detectedBy() {
            return detectedBy;
        }
    }

    /** One planted conflict: its kind and where it is (file and a line of it). */
    public record Planted(Conflict kind, String detail) {
    }

    /**
     * Knobs of the generator. Counts are maxima per layer unless said otherwise; probabilities are in [0, 1].
     *
     * @param minLayers, maxLayers   layers stacked with {@code over} (1..4)
     * @param domains                domains per layer
     * @param classes                classes per layer (outside clusters)
     * @param vmsPerClass            VMs per class (at least one)
     * @param clusters               clusters per layer (1..3 classes each)
     * @param groups                 groups per layer
     * @param capabilities           user capabilities per layer
     * @param rules                  layer-level rules per layer (classes and switches add a few)
     * @param forbids                forbids per layer
     * @param channels               layer-level channels per layer (classes and clusters add their own)
     * @param devices                devices per layer
     * @param switches               switches per layer
     * @param assertions             assertions per policy
     * @param tests                  tests per policy
     * @param fleet                  chance of zones, hosts, resources, placements and conflict sets
     * @param multiFile              chance that layers go to files of their own
     * @param softNames              chance that a domain or VM is named by a soft keyword ({@code flow}, {@code dt} ...)
     * @param conflictRate           chance that the policy gets deliberate conflicts
     * @param maxConflicts           how many conflicts at most when it does (at least one)
     * @param conflictKinds          which conflicts may be planted
     */
    public record Shape(int minLayers, int maxLayers, int domains, int classes, int vmsPerClass, int clusters,
            int groups, int capabilities, int rules, int forbids, int channels, int devices, int switches,
            int assertions, int tests, double fleet, double multiFile, double softNames, double conflictRate,
            int maxConflicts, Set<Conflict> conflictKinds) {

        public Shape {
            if (minLayers < 1 || maxLayers > 4 || minLayers > maxLayers) {
                throw new IllegalArgumentException("layers must be within 1..4");
            }
            conflictKinds = conflictKinds.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(conflictKinds));
        }

        /** A few statements per layer, 1–2 layers: quick to check, easy to read. */
        public static Shape small() {
            return new Shape(1, 2, 3, 2, 2, 1, 1, 1, 4, 1, 1, 1, 1, 1, 1, 0.5, 0.3, 0.05, 0, 1,
                    EnumSet.allOf(Conflict.class));
        }

        /** 1–4 layers with everything in some quantity. */
        public static Shape medium() {
            return new Shape(1, 4, 4, 3, 3, 2, 2, 2, 8, 2, 2, 2, 2, 3, 2, 0.7, 0.5, 0.05, 0, 1,
                    EnumSet.allOf(Conflict.class));
        }

        /** Bigger policies (2–4 layers, many rules), for performance-minded properties. */
        public static Shape large() {
            return new Shape(2, 4, 8, 6, 5, 3, 4, 4, 20, 3, 5, 4, 3, 6, 4, 0.9, 0.5, 0.02, 0, 1,
                    EnumSet.allOf(Conflict.class));
        }

        /** This shape with deliberate conflicts planted at the given rate (1 to 3 of them). */
        public Shape withConflicts(double rate) {
            return new Shape(minLayers, maxLayers, domains, classes, vmsPerClass, clusters, groups, capabilities,
                    rules, forbids, channels, devices, switches, assertions, tests, fleet, multiFile, softNames, rate,
                    Math.max(maxConflicts, 3), conflictKinds);
        }

        /** This shape planting only the given kinds of conflict. */
        public Shape withConflictKinds(Set<Conflict> kinds) {
            return new Shape(minLayers, maxLayers, domains, classes, vmsPerClass, clusters, groups, capabilities,
                    rules, forbids, channels, devices, switches, assertions, tests, fleet, multiFile, softNames,
                    conflictRate, maxConflicts, kinds);
        }
    }

    /**
     * A generated policy: its sources (one carries the header), a short description, and the conflicts planted
     * (empty: the front end accepts it).
     */
    public record Generated(long seed, Shape shape, String xenVersion, List<Source> sources, String description,
            List<Planted> conflicts) {

        public boolean hasConflicts() {
            return !conflicts.isEmpty();
        }

        /** Whether some planted conflict is one the front end reports. */
        public boolean frontEndShouldReject() {
            return conflicts.stream().anyMatch(p -> p.kind().frontEndCode().isPresent());
        }

        /** Every source, each under a {@code // ==== name} line: for failure messages. */
        public String text() {
            return RandomPolicy.text(sources);
        }

        @Override
        public String toString() {
            return "seed " + seed + ": " + description + "\n" + text();
        }
    }

    /** The policy for {@code seed} and {@code shape}; the same arguments give the same policy. */
    public static Generated generate(long seed, Shape shape) {
        return new Builder(seed, shape).build();
    }

    /** Sources as one printable text, each under a {@code // ==== name} line. */
    public static String text(List<Source> sources) {
        StringBuilder b = new StringBuilder();
        for (Source s : sources) {
            b.append("// ==== ").append(s.name()).append('\n').append(s.text());
            if (!s.text().endsWith("\n")) {
                b.append('\n');
            }
        }
        return b.toString();
    }

    // =====================================================================================================
    // Shrinker
    // =====================================================================================================

    /** At most this many calls of the predicate per {@link #shrink}. */
    public static final int SHRINK_BUDGET = 3000;

    private static final java.util.regex.Pattern LAYER_HEAD =
            java.util.regex.Pattern.compile("^\\s*layer (\\S+)(?: over (\\S+))? \\{");
    private static final java.util.regex.Pattern INLINE_BLOCK = java.util.regex.Pattern.compile(" ?\\{[^{}]*\\}");

    /**
     * A smaller policy for which {@code stillFails} still holds. Repeats, until nothing changes or
     * {@link #SHRINK_BUDGET} calls of the predicate are spent: drop a whole file; drop a brace-balanced block (a line
     * that opens more braces than it closes, through the line that closes them; a layer's block also relinks the
     * layer above it to the one below); unwrap a block (keep its inside: a class out of its cluster); drop a line;
     * drop a `{ … }` group within a line; drop one item of a comma-separated list. The predicate must hold for
     * {@code policy} itself; it is never called with an empty list of sources.
     */
    public static List<Source> shrink(List<Source> policy, Predicate<List<Source>> stillFails) {
        List<List<String>> files = new ArrayList<>();
        for (Source s : policy) {
            files.add(new ArrayList<>(List.of(s.text().split("\n", -1))));
        }
        int[] budget = {SHRINK_BUDGET};
        Predicate<List<List<String>>> test = candidate -> {
            if (budget[0] <= 0) {
                return false;
            }
            budget[0]--;
            List<Source> sources = toSources(policy, candidate);
            return !sources.isEmpty() && stillFails.test(sources);
        };
        boolean progress = true;
        while (progress && budget[0] > 0) {
            progress = false;
            for (int f = 0; f < files.size() && files.size() > 1; f++) {
                if (files.get(f) == null) {
                    continue;
                }
                List<List<String>> candidate = new ArrayList<>(files);
                candidate.set(f, null);
                if (test.test(candidate)) {
                    files = candidate;
                    progress = true;
                }
            }
            // later statements depend on earlier ones more often than the other way round: work from the end
            for (int pass = 0; pass < 4; pass++) {
                for (int f = 0; f < files.size(); f++) {
                    for (int i = files.get(f) == null ? -1 : files.get(f).size() - 1; i >= 0 && budget[0] > 0; i--) {
                        List<String> lines = files.get(f);
                        if (i >= lines.size() || lines.get(i).isBlank()) {
                            continue;
                        }
                        for (List<List<String>> candidate : edits(files, f, i, pass)) {
                            if (test.test(candidate)) {
                                files = candidate;
                                progress = true;
                                break;
                            }
                        }
                    }
                }
            }
        }
        return toSources(policy, files);
    }

    /** The candidate edits of line {@code i} of file {@code f} in one of the passes (block, unwrap, line, in-line). */
    private static List<List<List<String>>> edits(List<List<String>> files, int f, int i, int pass) {
        List<String> lines = files.get(f);
        List<List<List<String>>> out = new ArrayList<>();
        int end = blockEnd(lines, i);
        switch (pass) {
            case 0 -> {
                if (end > i) {
                    List<List<String>> c = replace(files, f, i, end, List.of());
                    java.util.regex.Matcher m = LAYER_HEAD.matcher(lines.get(i));
                    if (m.find()) {
                        relink(c, m.group(1), m.group(2));
                    }
                    out.add(c);
                }
            }
            case 1 -> {
                if (end > i + 1) {
                    out.add(replace(files, f, i, end, lines.subList(i + 1, end)));
                }
            }
            case 2 -> {
                if (end == i) {
                    out.add(replace(files, f, i, i, List.of()));
                }
            }
            default -> {
                String line = lines.get(i);
                java.util.regex.Matcher m = INLINE_BLOCK.matcher(line);
                while (m.find()) {
                    out.add(replace(files, f, i, i, List.of(line.substring(0, m.start()) + line.substring(m.end()))));
                }
                // one item of a comma-separated list: "a, b, c" → "a, c"
                java.util.regex.Matcher item = java.util.regex.Pattern.compile("(?<=[\\s=:,])[^\\s,{}:=]+(, )|(, )[^\\s,{}]+(?=\\s*(\\}|$))")
                        .matcher(line);
                while (item.find()) {
                    out.add(replace(files, f, i, i, List.of(line.substring(0, item.start()) + line.substring(item.end()))));
                }
            }
        }
        return out;
    }

    private static List<List<String>> replace(List<List<String>> files, int f, int from, int to, List<String> with) {
        List<String> lines = files.get(f);
        List<String> shorter = new ArrayList<>(lines.subList(0, from));
        shorter.addAll(with);
        shorter.addAll(lines.subList(to + 1, lines.size()));
        List<List<String>> out = new ArrayList<>(files);
        out.set(f, shorter);
        return out;
    }

    /** After layer {@code removed} goes, the layer over it goes over {@code below} (or over nothing). */
    private static void relink(List<List<String>> files, String removed, String below) {
        String quoted = java.util.regex.Pattern.quote(removed);
        for (int f = 0; f < files.size(); f++) {
            if (files.get(f) == null) {
                continue;
            }
            List<String> lines = new ArrayList<>(files.get(f));
            for (int i = 0; i < lines.size(); i++) {
                lines.set(i, lines.get(i).replaceAll(" over " + quoted + " \\{", below == null ? " {"
                        : " over " + java.util.regex.Matcher.quoteReplacement(below) + " {"));
            }
            files.set(f, lines);
        }
    }

    private static List<Source> toSources(List<Source> original, List<List<String>> files) {
        List<Source> out = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            if (files.get(i) != null) {
                out.add(new Source(original.get(i).name(), String.join("\n", files.get(i))));
            }
        }
        return out;
    }

    /** The last line of the block that line {@code start} opens, or {@code start} if it opens none. */
    private static int blockEnd(List<String> lines, int start) {
        int depth = 0;
        for (int i = start; i < lines.size(); i++) {
            String code = lines.get(i).replaceAll("\"[^\"]*\"", "\"\"").replaceAll("//.*", "");
            for (char c : code.toCharArray()) {
                if (c == '{') {
                    depth++;
                } else if (c == '}') {
                    depth--;
                }
            }
            if (i == start && depth <= 0) {
                return start;
            }
            if (depth <= 0) {
                return i;
            }
        }
        return start;
    }

    // =====================================================================================================
    // The generator
    // =====================================================================================================

    private enum K { DOMAIN, VM, CLASS, CLUSTER, GROUP, BUILTIN }

    /** Something a rule can name. */
    private static final class Ent {
        final String ref;
        final K kind;
        final int layer;
        final List<Ent> members = new ArrayList<>();
        Ent parent;
        Props props;
        boolean guest;
        boolean buildLabel;
        ClassG cls;

        Ent(String ref, K kind, int layer) {
            this.ref = ref;
            this.kind = kind;
            this.layer = layer;
        }

        @Override
        public String toString() {
            return ref;
        }
    }

    /** A user capability. */
    private static final class CapG {
        final String name;
        final int layer;
        final List<String> items = new ArrayList<>();
        /** The grants of the items (endpoint terms), built-ins and nested capabilities expanded. */
        final List<Grant> grants = new ArrayList<>();
        /** Whether some built-in capability inside acts on the target domain (so Xen principals are no target). */
        boolean onDomains;
        /** Whether it only holds forbid-pool permissions (so forbids may use it). */
        boolean poolOnly;

        CapG(String name, int layer) {
            this.name = name;
            this.layer = layer;
        }
    }

    private static final class Props {
        Integer vcpus;
        Long memMiB;
        Long maxMiB;
        Integer cap;
        Integer weight;
        String net;
        String disk;
        Integer frames;
        Integer events;
        String host;
        /** A level or range, written last; a multi-level policy's. */
        String level;
        /** The order the properties are written in. */
        final List<String> order = new ArrayList<>();
    }

    private static final class VmG {
        final String name;
        final Props props;
        final Ent ent;

        VmG(String name, Props props, Ent ent) {
            this.name = name;
            this.props = props;
            this.ent = ent;
        }
    }

    private static final class ClassG {
        final String name;
        final String isolation;
        final int layer;
        final Props defaults;
        final List<VmG> vms = new ArrayList<>();
        final List<String> items = new ArrayList<>();
        final Map<String, String> features = new LinkedHashMap<>();
        final Set<String> denied = new LinkedHashSet<>();
        final Set<String> allowed = new LinkedHashSet<>();
        final Ent ent;

        ClassG(String name, String isolation, int layer, Props defaults, Ent ent) {
            this.name = name;
            this.isolation = isolation;
            this.layer = layer;
            this.defaults = defaults;
            this.ent = ent;
        }
    }

    private static final class ClusterG {
        final String name;
        final String isolation;
        final List<ClassG> classes = new ArrayList<>();
        final List<String> items = new ArrayList<>();
        /** The cluster writes its classes' level (a multi-level policy). */
        boolean level;

        ClusterG(String name, String isolation) {
            this.name = name;
            this.isolation = isolation;
        }
    }

    private static final class SwitchG {
        final String header;
        final List<String> on = new ArrayList<>();
        List<String> off;

        SwitchG(String header) {
            this.header = header;
        }
    }

    /**
     * A host. Its capacities are written when the policy is rendered, from what every VM and domain of the policy
     * needs (twice over), so that any placement fits, the pins of {@code on} included.
     */
    private static final class HostG {
        final String name;
        final int baseCpus;
        final long baseMemGiB;
        final String zone;
        final int layer;
        final boolean net;
        final boolean disk;
        final boolean diskRate;
        final List<String> order = new ArrayList<>();
        int cpus;

        HostG(String name, int baseCpus, long baseMemGiB, String zone, int layer, boolean net, boolean disk,
                boolean diskRate) {
            this.name = name;
            this.baseCpus = baseCpus;
            this.baseMemGiB = baseMemGiB;
            this.zone = zone;
            this.layer = layer;
            this.net = net;
            this.disk = disk;
            this.diskRate = diskRate;
        }
    }

    private static final class LayerG {
        final String name;
        final int index;
        /** Statements: a String (one or more lines), a ClassG, ClusterG or SwitchG rendered at the end. */
        final List<Object> body = new ArrayList<>();
        final Set<String> exported = new LinkedHashSet<>();
        final List<String> exportList = new ArrayList<>();
        final List<String> trailer = new ArrayList<>();

        LayerG(String name, int index) {
            this.name = name;
            this.index = index;
        }
    }

    /** A forbid's accesses in principal terms, for the checks of later rules. */
    private record ForbidG(int layer, Set<String> from, Set<String> to, Set<String> perms) {
    }

    /** A granting rule item as written: for the checks of conflicts planted after it. */
    private record RuleRec(int layer, Ent subject, Ent target, List<Grant> grants, boolean create) {
    }

    /** One access pattern of a rule item: principals at each end and permissions ("cls.perm"). */
    private record Acc(Set<String> from, Set<String> to, Set<String> perms) {
    }

    private static final String[] SOFT_NAMES = {"channels", "frames", "weight", "pages", "dt", "isolated", "flow",
        "via", "except", "control", "service", "driver", "singleton", "boot", "build_label", "features"};
    private static final String[] FEATURES = {"introspection", "intervention", "power", "rollback", "migrate",
        "replicate", "copy", "debug"};
    private static final Map<String, String> FEATURE_SYNONYMS = Map.of("migrate", "migration", "replicate",
            "replication", "copy", "backup");
    private static final String[] DOMAIN_CLASSES = {"domain", "domain2", "hvm", "mmu", "shadow", "event", "grant",
        "resource", "argo"};
    private static final String[] XEN_CLASSES = {"xen", "xen2", "security", "version", "argo", "resource", "mmu"};
    private static final List<String> BUILTIN_CAPS = XenMacros.names();
    /**
     * The grammar's keywords (other than the soft ones): a permission prefix like {@code version.xen*} cannot be
     * written, since {@code xen} lexes as a keyword where the grammar wants a name.
     */
    static final Set<String> KEYWORDS = Set.of("B", "GiB", "KiB", "MiB", "TiB", "admin", "allow", "argo", "assert",
            "auditallow", "by", "cap", "capability", "channel", "class", "cluster", "conflict", "cpu", "cpus",
            "default", "deny", "device", "device_model", "disk", "domain", "domains", "domio", "domxen", "dontaudit",
            "else", "event", "export", "for", "forbid", "grant", "group", "guests", "host", "hybrid", "iomem", "iommu",
            "ioport", "irq", "isolation", "kind", "layer", "max", "memory", "net", "no", "nointremap", "off", "on",
            "over", "pci", "policy", "rate", "readonly", "resource", "strong", "switch", "target", "test", "user",
            "uses", "vcpus", "version", "vm", "weak", "within", "xen", "zone");

    private static final class Builder {
        final long seed;
        final Shape shape;
        final Random r;
        final String xen;
        final XenCatalogue cat;
        final List<LayerG> layers = new ArrayList<>();
        final List<Ent> ents = new ArrayList<>();
        final Map<String, Ent> byRef = new LinkedHashMap<>();
        final List<ClassG> classes = new ArrayList<>();
        final List<CapG> caps = new ArrayList<>();
        final List<HostG> hosts = new ArrayList<>();
        final List<String> zones = new ArrayList<>();
        final Map<String, Integer> zoneHosts = new LinkedHashMap<>();
        final List<String> resources = new ArrayList<>();
        final List<ForbidG> forbids = new ArrayList<>();
        final List<String> topLevel = new ArrayList<>();
        final Set<String> usedNames = new HashSet<>();
        final Set<String> pool;
        /** Which label Xen checks each permission against: raw items name the labels Xen checks them on. */
        final org.cordon.xsm.catalogue.XenHooks hooks;
        final Ent xenE;
        final Ent domioE;
        final Ent domxenE;
        final Ent guestsE;
        final Ent domainsE;
        final List<Planted> planted = new ArrayList<>();
        final List<RuleRec> granting = new ArrayList<>();
        Ent control;
        /**
         * Multi-level security and duties, drawn from a generator of their own so that the other draws stay as they
         * were. Levels: every untrusted subject runs at one level (so channels never cross levels), the platform
         * domains are trusted, and the control domain is now and then cleared for less than the guests' level (the
         * constraints then cut). Duties: a declared one, kept apart from one or two built-in ones.
         */
        final Random m;
        final boolean mls;
        final String guestLevel;
        int counter = 1;
        int fleetLayer = -1;
        int irq = 16;
        int pciBus = 1;
        long ioport = 0x200;
        long iomemPage = 0xfe000;
        long iomemFrame = 0x100000;
        int tests;

        Builder(long seed, Shape shape) {
            this.seed = seed;
            this.shape = shape;
            this.r = new Random(seed * 0x9E3779B97F4A7C15L + 17);
            // half the policies for the newest release, the others spread over the older ones
            List<String> older = XenCatalogues.SUPPORTED.subList(0, XenCatalogues.SUPPORTED.size() - 1);
            this.xen = r.nextBoolean() ? XenCatalogues.newest().xenVersion()
                    : older.get(r.nextInt(older.size()));
            this.cat = XenCatalogues.forVersion(xen).orElseThrow();
            this.hooks = org.cordon.xsm.catalogue.XenHooks.forVersion(xen).orElseThrow();
            this.pool = forbidPool(cat);
            xenE = builtin("xen");
            domioE = builtin("domio");
            domxenE = builtin("domxen");
            guestsE = builtin("guests");
            domainsE = builtin("domains");
            this.m = new Random(seed * 31 + 0x5EC);
            this.mls = m.nextDouble() < 0.3;
            this.guestLevel = new String[] {"lo", "hi", "hi:ca", "hi:ca, cb", "hi:*"}[m.nextInt(5)];
        }

        boolean mlsChance(double p) {
            return m.nextDouble() < p;
        }

        private Ent builtin(String name) {
            Ent e = new Ent(name, K.BUILTIN, -1);
            ents.add(e);
            return e;
        }

        // ---- randomness helpers --------------------------------------------------------------------

        boolean chance(double p) {
            return r.nextDouble() < p;
        }

        int upTo(int max) {
            return max <= 0 ? 0 : r.nextInt(max + 1);
        }

        int between(int lo, int hi) {
            return lo + r.nextInt(hi - lo + 1);
        }

        <T> T pick(List<T> list) {
            return list.get(r.nextInt(list.size()));
        }

        <T> T pick(T[] list) {
            return list[r.nextInt(list.length)];
        }

        <T> List<T> some(List<T> list, int min, int max) {
            List<T> copy = new ArrayList<>(list);
            java.util.Collections.shuffle(copy, r);
            int n = Math.min(copy.size(), between(Math.min(min, copy.size()), Math.min(max, copy.size())));
            return new ArrayList<>(copy.subList(0, n));
        }

        String name(String prefix) {
            String n;
            do {
                n = prefix + counter++;
            } while (!usedNames.add(n));
            return n;
        }

        /** A name for a domain or VM: now and then a soft keyword, unique among the declarations. */
        String softOr(String prefix, Set<String> taken) {
            if (chance(shape.softNames())) {
                String s = pick(SOFT_NAMES);
                if (!taken.contains(s) && usedNames.add(s)) {
                    taken.add(s);
                    return s;
                }
            }
            String n = name(prefix);
            taken.add(n);
            return n;
        }

        // ---- build ----------------------------------------------------------------------------------

        Generated build() {
            int n = between(shape.minLayers(), shape.maxLayers());
            String[] layerPrefixes = {"hv", "plat", "ten", "apps"};
            for (int i = 0; i < n; i++) {
                layers.add(new LayerG(name(layerPrefixes[i]), i));
            }
            if (chance(shape.fleet())) {
                fleetLayer = r.nextInt(n);
            }
            // phase 1: what exists, layer by layer (exports decided at each layer's end)
            for (LayerG l : layers) {
                declare(l);
            }
            // phase 2: forbids, now that guests and domains are known
            for (LayerG l : layers) {
                for (int i = upTo(shape.forbids()); i > 0; i--) {
                    forbid(l);
                }
            }
            // phase 3: rules, channels, switches
            for (LayerG l : layers) {
                behaviour(l);
            }
            assertionsAndTests();
            plantConflicts();
            return new Generated(seed, shape, xen, render(), describe(), List.copyOf(planted));
        }

        // ---- phase 1 ---------------------------------------------------------------------------------

        void declare(LayerG l) {
            if (mls && l.index == 0) {
                l.body.add("sensitivities lo < hi");
                l.body.add(mlsChance(0.5) ? "categories ca, cb" : "categories ca,cb");
            }
            // duties, drawn from the same generator as the levels: a declared one, kept apart from a built-in one
            if (l.index == 0 && mlsChance(0.25)) {
                l.body.add("duty job1 = domain.{pause unpause}, mmu.*");
                String[] builtin = {"policy_admin", "vm_admin", "introspection", "device_admin"};
                int a = m.nextInt(builtin.length);
                int b = (a + 1 + m.nextInt(builtin.length - 1)) % builtin.length;
                topLevel.add("separate duties job1, " + builtin[a] + (mlsChance(0.3) ? ", " + builtin[b] : ""));
            }
            if (l.index == fleetLayer) {
                fleet(l);
            }
            // domains: the control domain (most policies), then the others
            if (control == null && (l.index == 0 && chance(0.9) || chance(0.3))) {
                String roles = pick(new String[] {"control singleton", "control", "singleton control",
                    "control singleton boot"});
                control = domain(l, name("dom"), roles, false, false);
            }
            int nd = upTo(shape.domains());
            for (int i = 0; i < nd; i++) {
                otherDomain(l);
            }
            // classes and clusters
            int nc = upTo(shape.classes());
            if (l.index == layers.size() - 1 && classes.isEmpty()) {
                nc = Math.max(nc, 1);
            }
            for (int i = 0; i < nc; i++) {
                l.body.add(vmClass(l, null));
            }
            for (int i = upTo(shape.clusters()); i > 0; i--) {
                cluster(l);
            }
            // device models now that there are VMs and classes to serve
            if (chance(0.5)) {
                deviceModel(l);
            }
            for (int i = upTo(shape.groups()); i > 0; i--) {
                group(l);
            }
            for (int i = upTo(shape.capabilities()); i > 0; i--) {
                capability(l);
            }
            for (int i = upTo(shape.devices()); i > 0; i--) {
                device(l);
            }
            if (l.index == fleetLayer && chance(0.7)) {
                conflictSet(l);
            }
            exports(l);
        }

        Ent domain(LayerG l, String name, String roles, boolean guest, boolean buildLabel) {
            Ent e = new Ent(name, K.DOMAIN, l.index);
            e.guest = guest;
            e.buildLabel = buildLabel;
            register(e);
            String props = "";
            Props p = null;
            if (chance(0.3)) {
                p = props(l, guest, null, false);
                e.props = p;
            }
            if (mls) {
                boolean platform = roles.contains("control") || roles.contains("service") || roles.contains("driver")
                        || roles.contains("boot");
                String level = null;
                if (!platform && !roles.contains("device_model")) {
                    level = guestLevel; // an untrusted domain at the guests' level: its channels join equals
                } else if (roles.contains("control") && mlsChance(0.3)) {
                    level = "lo .. hi trusted"; // no categories: guests in one are above its clearance
                } else if (platform && !roles.contains("device_model") && mlsChance(0.3)) {
                    level = "lo .. hi:* trusted";
                }
                if (level != null) {
                    p = p == null ? new Props() : p;
                    p.level = level;
                }
            }
            if (p != null) {
                props = render(p);
                if (!props.isEmpty()) {
                    props = " { " + props + " }";
                }
            }
            l.body.add("domain " + name + " : " + roles + props);
            return e;
        }

        void otherDomain(LayerG l) {
            int kind = r.nextInt(5);
            StringBuilder roles = new StringBuilder();
            String prefix;
            boolean guest = false;
            boolean bl = false;
            switch (kind) {
                case 0 -> {
                    roles.append("service");
                    prefix = "svc";
                }
                case 1 -> {
                    roles.append("driver");
                    prefix = "drv";
                }
                case 2, 3 -> {
                    roles.append("guest");
                    prefix = "gst";
                    guest = true;
                }
                default -> {
                    roles.append(pick(new String[] {"service", "driver", "guest"}));
                    guest = roles.toString().equals("guest");
                    prefix = "mon";
                }
            }
            if (chance(0.3)) {
                roles.append(" singleton");
            }
            if (chance(0.25)) {
                roles.append(" build_label");
                bl = true;
            }
            if (chance(0.15)) {
                roles.append(" boot");
            }
            if (chance(0.08)) {
                roles.append(" bare"); // without declare_domain_common's rights on itself
            }
            domain(l, softOr(prefix, new HashSet<>()), roles.toString(), guest, bl);
        }

        void deviceModel(LayerG l) {
            // a domain, a VM or a class, visible here, in no class that denies a feature
            List<Ent> targets = visible(l.index, e -> (e.kind == K.DOMAIN && e != control)
                    || (e.kind == K.VM && e.parent.cls.denied.isEmpty())
                    || (e.kind == K.CLASS && e.cls.denied.isEmpty()));
            if (targets.isEmpty()) {
                return;
            }
            Ent t = pick(targets);
            if (mls && t.kind == K.DOMAIN && !t.guest) {
                return; // a device model takes its guest's level: a platform domain's is a trusted range
            }
            String roles = "device_model for " + t.ref + (chance(0.3) ? " singleton" : "");
            if (chance(0.2)) {
                roles = "service " + roles;
            }
            domain(l, name("dm"), roles, false, false);
        }

        void register(Ent e) {
            ents.add(e);
            byRef.put(e.ref, e);
        }

        ClassG vmClass(LayerG l, ClusterG cluster) {
            String isolation = cluster == null ? pick(new String[] {null, "strong", "strong", "weak", "hybrid"})
                    : pick(new String[] {null, null, "weak", "strong", "hybrid"});
            String name = name(pick(new String[] {"bank", "tenant", "web", "lab", "hpc"}));
            Ent ce = new Ent(name, K.CLASS, l.index);
            Props defaults = chance(0.3) ? props(l, true, null, true) : new Props();
            ClassG c = new ClassG(name, isolation, l.index, defaults, ce);
            ce.cls = c;
            register(ce);
            classes.add(c);
            int nv = between(1, Math.max(1, shape.vmsPerClass()));
            Set<String> taken = new HashSet<>();
            for (int i = 0; i < nv; i++) {
                String vn = softOr(pick(new String[] {"web", "db", "app", "cache", "worker"}), taken);
                Props p = chance(0.6) ? props(l, true, defaults, false) : new Props();
                Ent ve = new Ent(name + "." + vn, K.VM, l.index);
                ve.parent = ce;
                ve.guest = true;
                ce.members.add(ve);
                register(ve);
                c.vms.add(new VmG(vn, p, ve));
                if (p.host != null) {
                    placement.put(ve.ref, p.host);
                }
            }
            if (mls && (cluster == null || !cluster.level)) {
                // the guests' level, written on the class or on each VM
                if (mlsChance(0.7)) {
                    c.defaults.level = guestLevel;
                } else {
                    c.vms.forEach(vm -> vm.props.level = guestLevel);
                }
            } else if (mls && mlsChance(0.2)) {
                c.vms.get(0).props.level = guestLevel; // the same as the cluster's: a VM's own wins
            }
            features(l, c);
            for (VmG vm : c.vms) {
                vm.ent.buildLabel = c.denied.contains("introspection") || c.denied.contains("intervention");
            }
            if (!resources.isEmpty() && visibleFleet(l) && chance(0.4)) {
                c.items.add("uses " + String.join(", ", some(resources, 1, 2)));
            }
            return c;
        }

        void features(LayerG l, ClassG c) {
            if (!chance(0.45)) {
                return;
            }
            List<String> fs = some(List.of(FEATURES), 1, 4);
            Set<String> pins = hostsOf(c.ent);
            List<Ent> managers = visible(l.index, e -> e.kind == K.DOMAIN);
            for (String f : fs) {
                String word = FEATURE_SYNONYMS.containsKey(f) && chance(0.3) ? FEATURE_SYNONYMS.get(f) : f;
                int how = r.nextInt(4);
                Optional<String> zone = zoneWithTwoHosts(l, pins);
                if (f.equals("migrate") && zone.isPresent() && chance(0.5)) {
                    how = 3; // zones that allow it are rare: take them
                }
                if (how == 0 || how == 3 && !(f.equals("migrate") && zone.isPresent())) {
                    // deny, unless an allowed feature's capability holds this one's core
                    if (c.allowed.stream().noneMatch(a -> clash(a, f))) {
                        c.denied.add(f);
                        c.features.put(f, word + " deny");
                        continue;
                    }
                }
                if (c.denied.stream().anyMatch(d -> clash(f, d))) {
                    continue;
                }
                c.allowed.add(f);
                if (how == 3 && f.equals("migrate") && zone.isPresent()) {
                    c.features.put(f, word + " within " + zone.get());
                } else if (how == 2 && !managers.isEmpty()) {
                    c.features.put(f, word + " allow by " + String.join(", ", refs(some(managers, 1, 2))));
                } else {
                    c.features.put(f, word + " allow");
                }
            }
        }

        /** Whether allowing feature {@code allowed} grants part of the core of feature {@code denied}. */
        boolean clash(String allowed, String denied) {
            Set<String> capPerms = perms(XenMacros.forCatalogue(XenMacros.builtin(XenMacros.featureCapability(
                    allowed.toUpperCase())).orElseThrow().grants(), cat));
            Set<String> core = perms(XenMacros.forCatalogue(XenMacros.featureCore(denied.toUpperCase()), cat));
            return capPerms.stream().anyMatch(core::contains);
        }

        /** A zone with two hosts or more that holds every host in {@code pins}. */
        Optional<String> zoneWithTwoHosts(LayerG l, Set<String> pins) {
            if (!visibleFleet(l)) {
                return Optional.empty();
            }
            return zoneHosts.entrySet().stream().filter(e -> e.getValue() >= 2)
                    .filter(e -> hosts.stream().filter(h -> pins.contains(h.name)).allMatch(h -> e.getKey().equals(h.zone)))
                    .map(Map.Entry::getKey).findFirst();
        }

        boolean visibleFleet(LayerG l) {
            return fleetLayer >= 0 && fleetLayer <= l.index;
        }

        void cluster(LayerG l) {
            ClusterG k = new ClusterG(name("pool"), pick(new String[] {null, "hybrid", "hybrid", "strong", "weak"}));
            if (mls && mlsChance(0.4)) {
                k.level = true;
                k.items.add("level " + guestLevel);
            }
            Ent ke = new Ent(k.name, K.CLUSTER, l.index);
            int n = between(1, 3);
            for (int i = 0; i < n; i++) {
                ClassG c = vmClass(l, k);
                c.ent.parent = ke;
                ke.members.add(c.ent);
                k.classes.add(c);
            }
            register(ke);
            if (k.classes.size() >= 2 && chance(0.7)) {
                k.items.add(channelText(k.classes.get(0).name, k.classes.get(1).name));
            }
            if (!resources.isEmpty() && visibleFleet(l) && chance(0.5)) {
                k.items.add("uses " + String.join(", ", some(resources, 1, 2)));
            }
            l.body.add(k);
        }

        void group(LayerG l) {
            List<Ent> cands = visible(l.index, e -> e.kind != K.BUILTIN || chance(0.3));
            if (cands.isEmpty()) {
                return;
            }
            // groups of groups come from the visible (earlier) groups, so there is no cycle
            Ent g = new Ent(name("grp"), K.GROUP, l.index);
            List<Ent> members = some(cands, 1, 3);
            g.members.addAll(members);
            register(g);
            l.body.add("group " + g.ref + " = " + String.join(", ", refs(members)));
        }

        void capability(LayerG l) {
            CapG c = new CapG(name("cap"), l.index);
            int n = between(1, 3);
            boolean poolOnly = chance(0.4);
            for (int i = 0; i < n; i++) {
                int form = r.nextInt(poolOnly ? 3 : 5);
                if (form == 3) {
                    String b = pick(BUILTIN_CAPS);
                    c.items.add(b);
                    c.grants.addAll(XenMacros.forCatalogue(XenMacros.builtin(b).orElseThrow().grants(), cat));
                    c.onDomains |= actsOnDomains(b);
                } else if (form == 4) {
                    List<CapG> earlier = caps.stream().filter(x -> capVisible(x, l.index)).toList();
                    if (earlier.isEmpty()) {
                        continue;
                    }
                    CapG x = pick(earlier);
                    c.items.add(x.name);
                    c.grants.addAll(x.grants);
                    c.onDomains |= x.onDomains;
                } else {
                    String[] item = poolOnly ? poolItem() : rawItem(r.nextBoolean() ? DOMAIN_CLASSES : XEN_CLASSES);
                    if (item == null) {
                        continue;
                    }
                    c.items.add(item[0]);
                    c.grants.add(new Grant(Endpoint.SUBJECT, Endpoint.TARGET, item[1], List.of(item[2].split(" "))));
                }
            }
            if (c.items.isEmpty()) {
                String[] item = poolItem();
                c.items.add(item[0]);
                c.grants.add(new Grant(Endpoint.SUBJECT, Endpoint.TARGET, item[1], List.of(item[2].split(" "))));
            }
            c.poolOnly = pool.containsAll(perms(c.grants));
            caps.add(c);
            l.body.add("capability " + c.name + " = " + String.join(", ", c.items));
        }

        boolean capVisible(CapG c, int layer) {
            return c.layer == layer || c.layer < layer && layers.get(c.layer).exported.contains(c.name);
        }

        void device(LayerG l) {
            String name = name(pick(new String[] {"nic", "uart", "gpu", "disk", "gpio"}));
            List<String> res = new ArrayList<>();
            int n = between(1, 3);
            for (int i = 0; i < n; i++) {
                switch (r.nextInt(6)) {
                    case 0 -> {
                        int bus = pciBus++;
                        String addr = String.format("%02x:%02x.%d", bus & 0xff, r.nextInt(0x20), r.nextInt(8));
                        res.add("pci " + (chance(0.5) ? String.format("%04x:", bus >> 8) : "") + addr);
                    }
                    case 1 -> res.add("irq " + irq++);
                    case 2 -> {
                        long lo = ioport;
                        long len = between(1, 16);
                        ioport += len + 16;
                        res.add("ioport " + (chance(0.7) ? hex(lo) + (len > 1 ? "-" + hex(lo + len - 1) : "")
                                : lo + (len > 1 ? "-" + (lo + len - 1) : "")));
                    }
                    case 3 -> {
                        long pages = between(1, 4);
                        long lo = iomemPage * 4096;
                        iomemPage += pages + 1;
                        res.add("iomem " + hex(lo) + (pages > 1 || chance(0.5) ? "-" + hex(lo + pages * 4096 - 1) : ""));
                    }
                    case 4 -> {
                        long frames = between(1, 16);
                        long lo = iomemFrame;
                        iomemFrame += frames + 1;
                        res.add("iomem pages " + hex(lo) + (frames > 1 ? "-" + hex(lo + frames - 1) : ""));
                    }
                    default -> res.add("dt \"/soc/" + name + "@" + Integer.toHexString(between(0x1000, 0xffff)) + "\"");
                }
            }
            StringBuilder b = new StringBuilder("device " + name + " " + String.join(" ", res));
            if (chance(0.6)) {
                b.append(" iommu ").append(pick(new String[] {"on", "nointremap", "off"}));
            }
            List<Ent> domains = visible(l.index, e -> e.kind == K.DOMAIN);
            List<Ent> users = visible(l.index, e -> (e.kind == K.DOMAIN || e.kind == K.VM
                    || e.kind == K.CLASS || e.kind == K.GROUP && chance(0.3)) && acts(e));
            boolean admin = !domains.isEmpty() && chance(0.8);
            if (admin) {
                Ent a = control != null && visible(control, l.index) && chance(0.7) ? control : pick(domains);
                b.append(" admin ").append(a.ref);
            }
            if (!users.isEmpty() && (!admin || chance(0.6))) {
                b.append(" user ").append(pick(users).ref);
            }
            if (!admin && users.isEmpty()) {
                return; // neither admin nor user: a warning, not what a valid policy should carry
            }
            l.body.add(b.toString());
            deviceNames.put(name, l.index);
            if (!users.isEmpty() && chance(0.25)) {
                // raw rules on the device's label, and on the labels of Xen's initial SIDs
                Ent u = pick(users);
                l.body.add("allow " + u.ref + " -> " + name + " : resource.use_iommu");
                if (chance(0.5)) {
                    l.body.add("allow " + u.ref + " -> sid " + pick(new String[] {"irq", "ioport", "iomem", "device"})
                            + " : resource.use_iommu");
                }
                if (chance(0.5)) {
                    l.body.add("allow sid xen -> sid irq : resource.remove_irq");
                }
                if (chance(0.4)) {
                    // a label given at run time (flask-label-pci): no resources
                    String label = name("audio");
                    l.body.add("device " + label);
                    l.body.add("allow " + u.ref + " -> " + label + " : resource.use_iommu");
                }
            }
        }

        final Map<String, Integer> deviceNames = new LinkedHashMap<>();

        void fleet(LayerG l) {
            int nz = upTo(2);
            for (int i = 0; i < nz; i++) {
                String z = name("zone");
                zones.add(z);
                zoneHosts.put(z, 0);
                l.body.add("zone " + z);
            }
            int nh = between(1, 3);
            for (int i = 0; i < nh; i++) {
                int cpus = pick(new Integer[] {32, 64, 128, 256});
                long memGiB = pick(new Integer[] {128, 256, 512, 1024});
                String zone = !zones.isEmpty() && chance(0.7) ? pick(zones) : null;
                boolean disk = chance(0.5);
                HostG h = new HostG(name("h"), cpus, memGiB, zone, l.index, chance(0.5), disk, disk && chance(0.5));
                hosts.add(h);
                h.order.addAll(List.of("cpus", "memory"));
                if (h.net) {
                    h.order.add("net");
                }
                if (h.disk) {
                    h.order.add("disk");
                }
                if (zone != null) {
                    h.order.add("zone");
                    zoneHosts.merge(zone, 1, Integer::sum);
                }
                java.util.Collections.shuffle(h.order, r);
                l.body.add(h);
            }
            for (int i = upTo(2); i > 0; i--) {
                String res = name("store");
                resources.add(res);
                l.body.add("resource " + res + (chance(0.6) ? " kind " + pick(new String[] {"storage", "fabric",
                    "cache"}) : "") + (chance(0.5) ? " readonly" : ""));
            }
        }

        void conflictSet(LayerG l) {
            // members never share a host: each is pinned to one host at most, the pins differ, there are hosts
            // enough for one each, and none is bound to a zone by `migrate within`
            List<Ent> cands = visible(l.index, e -> (e.kind == K.CLASS || e.kind == K.VM && chance(0.3))
                    && hostsOf(e).size() <= 1 && !zoneBound(e));
            List<Ent> chosen = new ArrayList<>();
            Set<String> usedHosts = new HashSet<>();
            for (Ent e : some(cands, 2, 3)) {
                Set<String> hs = hostsOf(e);
                if (chosen.size() < hosts.size() && hs.stream().noneMatch(usedHosts::contains)
                        && chosen.stream().noneMatch(c -> related(c, e))) {
                    chosen.add(e);
                    usedHosts.addAll(hs);
                }
            }
            if (chosen.size() < 2) {
                return;
            }
            l.body.add("conflict " + name("wall") + " { " + String.join(", ", refs(chosen)) + " }");
        }

        boolean zoneBound(Ent e) {
            Ent c = e.kind == K.VM ? e.parent : e;
            return c.cls != null && c.cls.features.values().stream().anyMatch(v -> v.contains(" within "));
        }

        boolean related(Ent a, Ent b) {
            return a == b || a.parent == b || b.parent == a;
        }

        final Map<String, String> placement = new LinkedHashMap<>();

        Set<String> hostsOf(Ent e) {
            Set<String> out = new HashSet<>();
            if (e.kind == K.VM) {
                Optional.ofNullable(placement.get(e.ref)).ifPresent(out::add);
            } else {
                e.members.forEach(m -> out.addAll(hostsOf(m)));
            }
            return out;
        }

        void exports(LayerG l) {
            if (l.index == layers.size() - 1) {
                return;
            }
            List<String> names = new ArrayList<>();
            for (Ent e : ents) {
                if (e.layer == l.index && e.kind != K.VM && e.kind != K.BUILTIN && chance(e == control ? 0.95 : 0.6)) {
                    names.add(e.ref);
                } else if (e.layer == l.index && e.kind == K.VM && chance(0.1)) {
                    names.add(e.ref);
                }
            }
            caps.stream().filter(c -> c.layer == l.index && chance(0.6)).forEach(c -> names.add(c.name));
            deviceNames.forEach((d, i) -> {
                if (i == l.index && chance(0.5)) {
                    names.add(d);
                }
            });
            if (l.index == fleetLayer) {
                hosts.forEach(h -> names.add(h.name));
                names.addAll(zones);
                names.addAll(resources);
            }
            java.util.Collections.shuffle(names, r);
            for (String n : names) {
                l.exported.add(n);
                Ent e = byRef.get(n);
                if (e != null && e.kind == K.CLASS) {
                    e.members.forEach(vm -> l.exported.add(vm.ref));
                }
            }
            // one or two export statements
            int split = names.size() > 2 && chance(0.3) ? names.size() / 2 : names.size();
            if (split > 0) {
                l.exportList.add("export " + String.join(", ", names.subList(0, split)));
            }
            if (split < names.size()) {
                l.exportList.add("export " + String.join(", ", names.subList(split, names.size())));
            }
        }

        boolean visible(Ent e, int layer) {
            if (e.kind == K.BUILTIN) {
                return true;
            }
            if (e.layer == layer) {
                return true;
            }
            return e.layer < layer && layers.get(e.layer).exported.contains(e.ref);
        }

        /** Whether {@code e} names only domains (no xen, domio or domxen), so it can act in a statement. */
        boolean acts(Ent e) {
            Set<String> p = principals(e);
            return !p.contains("xen") && !p.contains("domio") && !p.contains("domxen");
        }

        List<Ent> visible(int layer, Predicate<Ent> filter) {
            List<Ent> out = new ArrayList<>();
            for (Ent e : ents) {
                if (visible(e, layer) && filter.test(e)) {
                    out.add(e);
                }
            }
            return out;
        }

        // ---- properties ------------------------------------------------------------------------------

        /** Properties of a VM (over {@code defaults}, its class's), a guest or other domain, or a class. */
        Props props(LayerG l, boolean placeable, Props defaults, boolean classDefaults) {
            Props p = new Props();
            List<String> all = new ArrayList<>(List.of("vcpus", "memory", "cap", "weight", "net", "disk", "frames",
                    "events", "on"));
            for (String k : some(all, 1, 5)) {
                switch (k) {
                    case "vcpus" -> p.vcpus = between(1, 8);
                    case "memory" -> {
                        p.memMiB = pick(new Integer[] {256, 512, 1024, 2048, 4096, 8192, 16384}).longValue();
                        if (chance(0.4)) {
                            p.maxMiB = p.memMiB * between(1, 4);
                        }
                    }
                    case "cap" -> p.cap = between(10, 100);
                    case "weight" -> p.weight = between(1, 65535);
                    case "net" -> p.net = pick(new String[] {"100 Mbit/s", "1 Gbit/s", "500000 Kbit/s", "10 Mbit/s"});
                    case "disk" -> p.disk = pick(new String[] {"20 GiB", "100 GiB", "1 TiB", "512 MiB",
                        "1073741824 B", "2097152 KiB"}) + (chance(0.5) ? " rate " + pick(new String[] {"200 Mbit/s",
                            "1 Gbit/s", "64000 Kbit/s"}) : "");
                    case "frames" -> p.frames = between(1, 256);
                    case "events" -> p.events = pick(new Integer[] {1, 64, 1023, 4096, 131071});
                    default -> {
                    }
                }
                p.order.add(k);
            }
            // effective values against the class's defaults: max memory not below memory, a cap that binds
            if (defaults != null) {
                // memory and max memory are separate properties: a VM's `memory 4 GiB` keeps its class's max
                long mem = p.memMiB != null ? p.memMiB : defaults.memMiB != null ? defaults.memMiB : -1;
                Long max = p.maxMiB != null ? p.maxMiB : defaults.maxMiB;
                if (mem > 0 && max != null && max < mem) {
                    p.memMiB = mem;
                    p.maxMiB = mem * 2;
                    if (!p.order.contains("memory")) {
                        p.order.add("memory");
                    }
                }
            }
            int vcpus = p.vcpus != null ? p.vcpus : defaults != null && defaults.vcpus != null ? defaults.vcpus : 1;
            Integer cap = p.cap != null ? p.cap : defaults != null ? defaults.cap : null;
            if (cap != null && cap > 100 * vcpus) {
                p.cap = 100 * vcpus;
                if (!p.order.contains("cap")) {
                    p.order.add("cap");
                }
            }
            if (classDefaults && p.cap != null && p.cap > 100) {
                p.cap = 100; // VMs without vcpus of their own have one
            }
            if (placeable && p.order.contains("on") && !classDefaults && visibleFleet(l) && !hosts.isEmpty()) {
                HostG h = pick(hosts);
                if (hostVisible(h, l)) {
                    p.host = h.name;
                }
            }
            p.order.remove("on");
            if (p.host != null) {
                p.order.add(r.nextInt(p.order.size() + 1), "on");
            }
            return p;
        }

        boolean hostVisible(HostG h, LayerG l) {
            return h.layer == l.index || h.layer < l.index && layers.get(h.layer).exported.contains(h.name);
        }

        String render(Props p) {
            List<String> out = new ArrayList<>();
            for (String k : p.order) {
                switch (k) {
                    case "vcpus" -> out.add("vcpus " + p.vcpus);
                    case "memory" -> out.add("memory " + size(p.memMiB) + (p.maxMiB != null ? " max " + size(p.maxMiB)
                            : ""));
                    case "cap" -> out.add("cpu cap " + p.cap + "%");
                    case "weight" -> out.add("cpu weight " + p.weight);
                    case "net" -> out.add("net " + p.net);
                    case "disk" -> out.add("disk " + p.disk);
                    case "frames" -> out.add("grant frames " + p.frames);
                    case "events" -> out.add("event channels " + p.events);
                    case "on" -> out.add("on " + p.host);
                    default -> {
                    }
                }
            }
            if (p.level != null) {
                out.add("level " + p.level);
            }
            return String.join("  ", out);
        }

        String size(long mib) {
            if (mib % 1024 == 0 && chance(0.7)) {
                return mib / 1024 + " GiB";
            }
            return chance(0.1) ? mib * 1024 + " KiB" : mib + " MiB";
        }

        // ---- phase 2: forbids --------------------------------------------------------------------------

        void forbid(LayerG l) {
            List<Ent> subjects = visible(l.index, e -> (e.kind != K.BUILTIN || e == guestsE || e == domainsE)
                    && acts(e));
            List<Ent> targets = visible(l.index, e -> true);
            if (subjects.isEmpty()) {
                return;
            }
            Ent s = pick(subjects);
            Ent t = pick(targets);
            boolean xenTarget = t == xenE;
            List<String> items = new ArrayList<>();
            Set<String> perms = new LinkedHashSet<>();
            for (int i = between(1, 3); i > 0; i--) {
                List<CapG> poolCaps = caps.stream().filter(c -> c.poolOnly && capVisible(c, l.index)
                        && c.grants.stream().allMatch(g -> g.permissions().stream()
                                .allMatch(p -> fits(g.securityClass(), p, xenTarget)))).toList();
                if (!poolCaps.isEmpty() && chance(0.2)) {
                    CapG c = pick(poolCaps);
                    items.add(c.name);
                    perms.addAll(perms(c.grants));
                } else {
                    String[] item = poolItem(xenTarget);
                    items.add(item[0]);
                    for (String p : item[2].split(" ")) {
                        perms.add(item[1] + "." + p);
                    }
                }
            }
            forbids.add(new ForbidG(l.index, principals(s), principals(t), perms));
            l.body.add("forbid " + s.ref + " -> " + t.ref + " : " + String.join(", ", items));
        }

        // ---- phase 3: rules, channels, switches --------------------------------------------------------

        void behaviour(LayerG l) {
            int n = upTo(shape.rules());
            if (control != null && visible(control, l.index) && chance(0.8)) {
                List<Ent> built = visible(l.index, e -> e.layer == l.index && (e.kind == K.CLASS || e.kind == K.DOMAIN)
                        && e != control);
                for (Ent e : some(built, 0, 3)) {
                    rule(l, l.body, "allow", control, e, true);
                }
            }
            for (int i = 0; i < n; i++) {
                randomRule(l, l.body);
            }
            // rules and channels inside this layer's classes
            for (ClassG c : classes) {
                if (c.layer != l.index) {
                    continue;
                }
                if (c.vms.size() >= 2 && chance(0.6)) {
                    VmG a = c.vms.get(0);
                    VmG b = c.vms.get(1);
                    boolean qualified = chance(0.3);
                    c.items.add(channelText(qualified ? a.ent.ref : a.name, qualified ? b.ent.ref : b.name));
                }
                if (chance(0.3)) {
                    List<String> sink = new ArrayList<>();
                    randomRule(l, sink);
                    c.items.addAll(sink);
                }
            }
            for (int i = upTo(shape.channels()); i > 0; i--) {
                List<Ent> ends = visible(l.index, e -> (e.kind == K.DOMAIN || e.kind == K.VM || e.kind == K.CLASS
                        || e.kind == K.CLUSTER || e.kind == K.GROUP && chance(0.2)) && acts(e));
                if (ends.size() >= 2) {
                    List<Ent> two = some(ends, 2, 2);
                    l.body.add(channelText(two.get(0).ref, two.get(1).ref));
                }
            }
            for (int i = upTo(shape.switches()); i > 0; i--) {
                SwitchG s = new SwitchG("switch " + name("sw") + " default " + (r.nextBoolean() ? "on" : "off"));
                for (int j = upTo(3); j > 0; j--) {
                    randomRule(l, s.on);
                }
                if (chance(0.5)) {
                    s.off = new ArrayList<>();
                    for (int j = upTo(2); j > 0; j--) {
                        randomRule(l, s.off);
                    }
                }
                l.body.add(s);
            }
            if (chance(0.3)) {
                l.body.add(r.nextBoolean() ? "// " + pick(new String[] {"who may do what", "platform rights",
                    "tenants' reach"}) : "/* generated: seed " + seed + " */");
            }
        }

        String channelText(String a, String b) {
            List<String> kinds = new ArrayList<>();
            int mask = r.nextInt(8); // every subset of event, grant, argo; 0 writes none (event, grant by default)
            if ((mask & 1) != 0) {
                kinds.add("event");
            }
            if ((mask & 2) != 0) {
                kinds.add("grant");
            }
            if ((mask & 4) != 0) {
                kinds.add("argo");
            }
            java.util.Collections.shuffle(kinds, r);
            return "channel " + a + (r.nextBoolean() ? " <-> " : " -> ") + b
                    + (kinds.isEmpty() ? "" : " : " + String.join(", ", kinds));
        }

        void randomRule(LayerG l, List<? super String> sink) {
            List<Ent> subjects = visible(l.index, e -> (e.kind != K.BUILTIN || e == guestsE || e == domainsE)
                    && acts(e));
            List<Ent> targets = visible(l.index, e -> true);
            if (subjects.isEmpty()) {
                return;
            }
            String kind = pick(new String[] {"allow", "allow", "allow", "auditallow", "dontaudit"});
            rule(l, sink, kind, pick(subjects), pick(targets), chance(0.5));
        }

        /** Writes a rule whose items clash with no forbid and no denied feature (or none, if every item would). */
        void rule(LayerG l, List<? super String> sink, String kind, Ent s, Ent t, boolean capabilityForm) {
            boolean xenTarget = t == xenE || t == domioE || t == domxenE;
            List<String> items = new ArrayList<>();
            boolean grants = !kind.equals("dontaudit");
            if (capabilityForm) {
                for (int i = between(1, 3); i > 0; i--) {
                    String cap;
                    List<Grant> gs;
                    List<CapG> user = caps.stream().filter(c -> capVisible(c, l.index)).toList();
                    if (!user.isEmpty() && chance(0.3)) {
                        CapG c = pick(user);
                        if (xenTarget && c.onDomains) {
                            continue;
                        }
                        cap = c.name;
                        gs = c.grants;
                    } else {
                        cap = xenTarget ? pick(new String[] {"version_info", "io_memory"}) : pick(BUILTIN_CAPS);
                        gs = XenMacros.forCatalogue(XenMacros.builtin(cap).orElseThrow().grants(), cat);
                    }
                    if (items.contains(cap) || grants && clashes(l.index, s, t, gs, cap.equals("create"))) {
                        continue;
                    }
                    items.add(cap);
                    if (grants) {
                        granting.add(new RuleRec(l.index, s, t, gs, cap.equals("create")));
                    }
                }
                if (!items.isEmpty()) {
                    sink.add(kind + " " + s.ref + " " + String.join(", ", items) + " " + t.ref);
                }
                return;
            }
            for (int i = between(1, 3); i > 0; i--) {
                List<CapG> user = caps.stream().filter(c -> capVisible(c, l.index) && !(xenTarget && c.onDomains))
                        .toList();
                if (!user.isEmpty() && chance(0.15)) {
                    CapG c = pick(user);
                    if (!items.contains(c.name) && !(grants && clashes(l.index, s, t, c.grants, false))) {
                        items.add(c.name);
                        if (grants) {
                            granting.add(new RuleRec(l.index, s, t, c.grants, false));
                        }
                    }
                    continue;
                }
                // DOMID_IO and DOMID_XEN are domains to Xen's checks; only xen itself takes xen's permissions
                String[] item = rawItem(t == xenE ? XEN_CLASSES : DOMAIN_CLASSES, t == xenE);
                Grant g = new Grant(Endpoint.SUBJECT, Endpoint.TARGET, item[1], List.of(item[2].split(" ")));
                if (grants && clashes(l.index, s, t, List.of(g), false)) {
                    continue;
                }
                items.add(item[0]);
                if (grants) {
                    granting.add(new RuleRec(l.index, s, t, List.of(g), false));
                }
            }
            if (!items.isEmpty()) {
                sink.add(kind + " " + s.ref + " -> " + t.ref + " : " + String.join(", ", items));
            }
        }

        /**
         * Whether grants from {@code s} to {@code t} meet a forbid (of any layer: a forbid above cannot take back what
         * a layer below grants either) or a denied feature.
         */
        boolean clashes(int layer, Ent s, Ent t, List<Grant> grants, boolean create) {
            for (Acc a : accesses(s, t, grants, create)) {
                for (ForbidG f : forbids) {
                    if (meets(a.from(), f.from()) && meets(a.to(), f.to())
                            && meets(a.perms(), f.perms())) {
                        return true;
                    }
                }
                for (ClassG c : classes) {
                    if (c.denied.isEmpty()) {
                        continue;
                    }
                    Set<String> members = principals(c.ent);
                    Set<String> core = new HashSet<>();
                    c.denied.forEach(f -> core.addAll(perms(XenMacros.forCatalogue(XenMacros.featureCore(
                            f.toUpperCase()), cat))));
                    if (meets(a.perms(), core) && a.to().stream().anyMatch(members::contains)
                            && a.from().stream().anyMatch(p -> !members.contains(p))) {
                        return true;
                    }
                }
            }
            return false;
        }

        /** The accesses of grants between the principals of two references, as the statement table has them. */
        List<Acc> accesses(Ent s, Ent t, List<Grant> grants, boolean create) {
            Set<String> ss = principals(s);
            Set<String> ts = principals(t);
            List<Acc> out = new ArrayList<>();
            if (create) {
                Set<String> labelled = new LinkedHashSet<>();
                for (String p : ts) {
                    Ent e = byRef.get(p);
                    if (e != null && e.buildLabel) {
                        labelled.add(p);
                    }
                }
                if (!labelled.isEmpty()) {
                    out.add(new Acc(ss, labelled, Set.of("domain2.relabelto", "event.create")));
                    ts = new LinkedHashSet<>(ts);
                    ts.removeAll(labelled);
                }
            }
            for (Grant g : grants) {
                Set<String> from = end(g.from(), ss, ts);
                Set<String> to = end(g.to(), ss, ts);
                Set<String> perms = new LinkedHashSet<>();
                g.permissions().forEach(p -> perms.add(g.securityClass() + "." + p));
                out.add(new Acc(from, to, perms));
            }
            return out;
        }

        Set<String> end(Endpoint e, Set<String> s, Set<String> t) {
            return switch (e.owner()) {
                case SUBJECT -> s;
                case TARGET -> t;
                case DOMIO -> Set.of("domio");
                case DOMXEN -> Set.of("domxen");
                default -> Set.of("xen");
            };
        }

        static boolean meets(Set<String> a, Set<String> b) {
            for (String x : a) {
                if (b.contains(x)) {
                    return true;
                }
            }
            return false;
        }

        Set<String> principals(Ent e) {
            Set<String> out = new LinkedHashSet<>();
            principals(e, out, new HashSet<>());
            return out;
        }

        void principals(Ent e, Set<String> out, Set<Ent> visiting) {
            if (!visiting.add(e)) {
                return;
            }
            switch (e.kind) {
                case DOMAIN, VM -> out.add(e.ref);
                case CLASS, CLUSTER, GROUP -> e.members.forEach(m -> principals(m, out, visiting));
                case BUILTIN -> {
                    if (e == guestsE) {
                        ents.stream().filter(x -> (x.kind == K.DOMAIN || x.kind == K.VM) && x.guest)
                                .forEach(x -> out.add(x.ref));
                    } else if (e == domainsE) {
                        ents.stream().filter(x -> x.kind == K.DOMAIN || x.kind == K.VM).forEach(x -> out.add(x.ref));
                    } else {
                        out.add(e.ref);
                    }
                }
                default -> {
                }
            }
        }

        // ---- permissions --------------------------------------------------------------------------

        /**
         * A raw permission item over one of {@code classes} (those the release has): {text, class, permissions
         * it names separated by spaces}. Forms: {@code cls.perm}, {@code cls.*}, {@code cls.prefix*},
         * {@code cls.{a b}}.
         */
        String[] rawItem(String[] classes) {
            return rawItem(classes, null);
        }

        /**
         * Whether Xen checks {@code cls.perm} against the kind of label a statement names (a domain, or xen), so that
         * a valid policy gets no unchecked-label warning; event channels are a channel's business.
         */
        boolean fits(String cls, String perm, boolean xenTarget) {
            var c = hooks.check(cls, perm).orElse(null);
            if (c == null || !c.checked() || c.subject() != org.cordon.xsm.catalogue.XenHooks.Kind.DOMAIN) {
                return false;
            }
            return xenTarget ? c.object() == org.cordon.xsm.catalogue.XenHooks.Kind.XEN
                    || c.object() == org.cordon.xsm.catalogue.XenHooks.Kind.SECURITY
                    : c.object() == org.cordon.xsm.catalogue.XenHooks.Kind.DOMAIN
                            || c.object() == org.cordon.xsm.catalogue.XenHooks.Kind.NEW_LABEL;
        }

        /** A raw item of one of {@code classes}; when {@code xenTarget} is given, only of permissions that fit it. */
        String[] rawItem(String[] classes, Boolean xenTarget) {
            List<XenCatalogue.SecurityClass> known = new ArrayList<>();
            for (String c : classes) {
                cat.securityClass(c).filter(k -> xenTarget == null || k.permissions().stream()
                        .anyMatch(p -> fits(k.name(), p.name(), xenTarget))).ifPresent(known::add);
            }
            XenCatalogue.SecurityClass cls = pick(known);
            List<String> all = cls.permissions().stream().map(XenCatalogue.Permission::name).toList();
            List<String> names = xenTarget == null ? all
                    : all.stream().filter(p -> fits(cls.name(), p, xenTarget)).toList();
            if (names.size() != all.size()) {
                // only some permissions of the class fit: name them, no class.* or prefixes
                List<String> ps = some(names, 1, 3);
                return ps.size() == 1 ? new String[] {cls.name() + "." + ps.get(0), cls.name(), ps.get(0)}
                        : new String[] {cls.name() + ".{" + String.join(" ", ps) + "}", cls.name(),
                            String.join(" ", ps)};
            }
            switch (r.nextInt(5)) {
                case 0 -> {
                    return new String[] {cls.name() + ".*", cls.name(), String.join(" ", names)};
                }
                case 1 -> {
                    String prefix = prefix(pick(names), 2, 4);
                    if (prefix != null) {
                        List<String> matched = names.stream().filter(x -> x.startsWith(prefix)).toList();
                        return new String[] {cls.name() + "." + prefix + "*", cls.name(), String.join(" ", matched)};
                    }
                    String p = pick(names);
                    return new String[] {cls.name() + "." + p, cls.name(), p};
                }
                case 2 -> {
                    List<String> ps = some(names, 1, 3);
                    return new String[] {cls.name() + ".{" + String.join(" ", ps) + "}", cls.name(),
                        String.join(" ", ps)};
                }
                default -> {
                    String p = pick(names);
                    return new String[] {cls.name() + "." + p, cls.name(), p};
                }
            }
        }

        /** A prefix of {@code perm} of {@code min..max} characters that is no keyword, or null. */
        String prefix(String perm, int min, int max) {
            int len = Math.min(perm.length(), between(min, max));
            for (int l = len; l >= 1; l--) {
                String p = perm.substring(0, l);
                if (!KEYWORDS.contains(p) && Character.isLetter(p.charAt(0))) {
                    return p;
                }
            }
            return null;
        }

        /** A raw item of forbid-pool permissions only (see {@link #forbidPool}). */
        String[] poolItem() {
            return poolItem(null);
        }

        /** A raw item of forbid-pool permissions; when {@code xenTarget} is given, only ones that fit it. */
        String[] poolItem(Boolean xenTarget) {
            Map<String, List<String>> byClass = new LinkedHashMap<>();
            for (String p : pool) {
                int dot = p.indexOf('.');
                if (xenTarget == null || fits(p.substring(0, dot), p.substring(dot + 1), xenTarget)) {
                    byClass.computeIfAbsent(p.substring(0, dot), k -> new ArrayList<>()).add(p.substring(dot + 1));
                }
            }
            String cls = pick(new ArrayList<>(byClass.keySet()));
            List<String> names = byClass.get(cls);
            List<String> all = cat.securityClass(cls).orElseThrow().permissions().stream()
                    .map(XenCatalogue.Permission::name).toList();
            int form = r.nextInt(4);
            if (form == 0 && names.size() == all.size()) {
                return new String[] {cls + ".*", cls, String.join(" ", names)};
            }
            if (form == 1) {
                String prefix = prefix(pick(names), 3, 5);
                List<String> matched = prefix == null ? List.of()
                        : all.stream().filter(x -> x.startsWith(prefix)).toList();
                if (prefix != null && names.containsAll(matched)) {
                    return new String[] {cls + "." + prefix + "*", cls, String.join(" ", matched)};
                }
            }
            if (form == 2) {
                List<String> ps = some(names, 1, 3);
                return new String[] {cls + ".{" + String.join(" ", ps) + "}", cls, String.join(" ", ps)};
            }
            String p = pick(names);
            return new String[] {cls + "." + p, cls, p};
        }

        static boolean actsOnDomains(String builtin) {
            return XenMacros.builtin(builtin).orElseThrow().grants().stream()
                    .anyMatch(g -> g.to().owner() == Endpoint.TARGET || g.from().owner() == Endpoint.TARGET);
        }

        // ---- assertions and tests -----------------------------------------------------------------

        void assertionsAndTests() {
            int top = layers.size() - 1;
            List<Ent> subjects = visible(top, e -> e.kind == K.CLASS || e.kind == K.CLUSTER || e.kind == K.DOMAIN
                    || e.kind == K.VM);
            // assertions and tests name what they like: visibility binds rules, not claims
            List<Ent> any = ents.stream().filter(e -> e.kind == K.CLASS || e.kind == K.CLUSTER || e.kind == K.DOMAIN
                    || e.kind == K.VM || e.kind == K.GROUP).toList();
            if (any.size() < 2) {
                return;
            }
            for (int i = upTo(shape.assertions()); i > 0; i--) {
                String a;
                if (r.nextBoolean()) {
                    a = "assert isolated " + String.join(", ", refs(some(any, 2, 3)));
                } else {
                    List<Ent> two = some(any, 2, 2);
                    a = "assert no flow " + two.get(0).ref + " -> " + two.get(1).ref;
                    if (chance(0.6)) {
                        List<Ent> via = new ArrayList<>(any);
                        via.removeAll(two);
                        if (!via.isEmpty()) {
                            a += " except via " + String.join(", ", refs(some(via, 1, 2)));
                        }
                    }
                }
                place(a);
            }
            for (int i = upTo(shape.tests()); i > 0; i--) {
                StringBuilder b = new StringBuilder("test \"" + pick(new String[] {"who reads", "no escape",
                    "management", "isolation holds"}) + " " + (++tests) + "\" {\n");
                List<Ent> ends = subjects.isEmpty() ? any : subjects;
                for (int j = between(1, 3); j > 0; j--) {
                    Ent s = pick(ends);
                    Ent t = chance(0.2) ? xenE : pick(ends);
                    String item = chance(0.2) && t != xenE ? pick(new String[] {"create", "manage", "comms"})
                            : rawItem(t == xenE ? XEN_CLASSES : DOMAIN_CLASSES)[0];
                    b.append("  ").append(r.nextBoolean() ? "allow " : "deny ").append(s.ref).append(" -> ")
                            .append(t.ref).append(" : ").append(item).append('\n');
                }
                place(b.append("}").toString());
            }
        }

        /** A statement at top level (of the header's file) or inside a random layer. */
        void place(String statement) {
            if (r.nextBoolean()) {
                topLevel.add(statement);
            } else {
                pick(layers).trailer.add(statement);
            }
        }

        // ---- deliberate conflicts -------------------------------------------------------------------

        void plantConflicts() {
            if (shape.conflictKinds().isEmpty() || !chance(shape.conflictRate())) {
                return;
            }
            List<Conflict> kinds = new ArrayList<>(new TreeSet<>(shape.conflictKinds()));
            int n = between(1, Math.max(1, shape.maxConflicts()));
            for (int i = 0; i < n * 4 && planted.size() < n; i++) {
                plant(pick(kinds));
            }
        }

        LayerG top() {
            return layers.get(layers.size() - 1);
        }

        /** A domain or VM visible in layer {@code l}, declared there if there is none. */
        Ent someDomain(LayerG l) {
            List<Ent> ds = visible(l.index, e -> e.kind == K.DOMAIN || e.kind == K.VM);
            if (!ds.isEmpty()) {
                return pick(ds);
            }
            return domain(l, name("gst"), "guest", true, false);
        }

        void plant(Conflict kind) {
            LayerG low = layers.get(0);
            LayerG high = top();
            switch (kind) {
                case FORBIDDEN_RULE -> {
                    String[] item = poolItem(null);
                    String perm = item[1] + "." + item[2].split(" ")[0];
                    Ent d = someDomain(high);
                    // a forbid between domains is about pairs of different domains
                    List<Ent> others = visible(high.index, e -> (e.kind == K.DOMAIN || e.kind == K.VM) && e != d);
                    Ent other = others.isEmpty() ? domain(high, name("gst"), "guest", true, false) : pick(others);
                    low.body.add("forbid domains -> " + (item[1].startsWith("xen") || item[1].equals("security")
                            || item[1].equals("version") ? "xen" : "domains") + " : " + perm);
                    String target = item[1].startsWith("xen") || item[1].equals("security") || item[1].equals("version")
                            ? "xen" : other.ref;
                    high.body.add("allow " + d.ref + " -> " + target + " : " + item[0]);
                    planted.add(new Planted(kind, "layer " + high.name + ": rule " + d.ref + " -> " + target + " : "
                            + item[0] + " against `forbid ... : " + perm + "` in layer " + low.name));
                }
                case FORBIDDEN_CHANNEL_EVENT, FORBIDDEN_CHANNEL_ARGO -> {
                    boolean argo = kind == Conflict.FORBIDDEN_CHANNEL_ARGO;
                    Ent a = someDomain(high);
                    List<Ent> others = visible(high.index, e -> (e.kind == K.DOMAIN || e.kind == K.VM) && e != a);
                    Ent b = others.isEmpty() ? domain(high, name("gst"), "guest", true, false) : pick(others);
                    String perm = argo ? "argo.send" : "event.send";
                    String ch = "channel " + a.ref + (r.nextBoolean() ? " <-> " : " -> ") + b.ref + " : "
                            + (argo ? "argo" : r.nextBoolean() ? "event" : "event, grant");
                    if (!argo || forbidClean(new ForbidG(low.index, principals(domainsE), principals(domainsE),
                            Set.of(perm)))) {
                        low.body.add("forbid domains -> domains : " + perm);
                        planted.add(new Planted(kind, "layer " + high.name + ": `" + ch + "` against `forbid domains "
                                + "-> domains : " + perm + "` in layer " + low.name));
                    } else if (forbidClean(new ForbidG(high.index, principals(a), principals(b), Set.of(perm)))
                            && forbidClean(new ForbidG(high.index, principals(b), principals(a), Set.of(perm)))) {
                        // earlier rules grant argo.send elsewhere: forbid it between the channel's ends only
                        high.body.add("forbid " + a.ref + " -> " + b.ref + " : " + perm);
                        high.body.add("forbid " + b.ref + " -> " + a.ref + " : " + perm);
                        planted.add(new Planted(kind, "layer " + high.name + ": `" + ch + "` against forbids of "
                                + perm + " between its ends in the same layer"));
                    } else {
                        return;
                    }
                    high.body.add(ch);
                }
                case FEATURE_DENIED_RULE -> {
                    ClassG c = visibleClass(high);
                    if (c == null) {
                        return;
                    }
                    String f = pick(FEATURES);
                    Ent d = control != null && visible(control, high.index) ? control : null;
                    if (c.allowed.contains(f) || d == null || c.ent.members.contains(d)) {
                        return;
                    }
                    boolean had = c.denied.contains(f);
                    if (!denyCleanly(c, f)) {
                        return;
                    }
                    if (!had) {
                        c.features.put(f, f + " deny");
                    }
                    String cap = XenMacros.featureCapability(f.toUpperCase());
                    high.body.add("allow " + d.ref + " " + cap + " " + c.name);
                    planted.add(new Planted(kind, "layer " + high.name + ": allow " + d.ref + " " + cap + " " + c.name
                            + ", which denies " + f));
                }
                case FEATURE_ALLOWED_AND_DENIED -> {
                    ClassG c = pick(classes);
                    if (c.features.containsKey("rollback") || c.features.containsKey("intervention")
                            || c.allowed.stream().anyMatch(a -> clash(a, "intervention")) || !denyCleanly(c, "intervention")) {
                        return;
                    }
                    c.allowed.add("rollback");
                    // an allowed feature with no manager (no control domain, none named) grants nothing
                    List<Ent> managers = visible(high.index, e -> e.kind == K.DOMAIN);
                    c.features.put("rollback", control != null ? "rollback allow"
                            : managers.isEmpty() ? null : "rollback allow by " + pick(managers).ref);
                    if (c.features.get("rollback") == null) {
                        c.features.remove("rollback");
                        c.allowed.remove("rollback");
                        return;
                    }
                    c.features.put("intervention", "intervention deny");
                    planted.add(new Planted(kind, "class " + c.name + ": rollback allowed, intervention denied"));
                }
                case NOT_EXPORTED, LAYER_UPWARD -> {
                    if (layers.size() < 2) {
                        return;
                    }
                    LayerG a = kind == Conflict.NOT_EXPORTED ? low : high;
                    LayerG b = kind == Conflict.NOT_EXPORTED ? high : low;
                    String hidden = name("hid");
                    a.body.add("domain " + hidden + " : service");
                    Ent d = control != null && visible(control, b.index) ? control : null;
                    String rule = d == null ? "allow " + hidden + " -> xen : xen.readconsole"
                            : "allow " + d.ref + " manage " + hidden;
                    b.body.add(rule);
                    planted.add(new Planted(kind, "layer " + b.name + ": `" + rule + "` names " + hidden
                            + " of layer " + a.name));
                }
                case STRONG_OVERCOMMIT -> {
                    if (hosts.isEmpty()) {
                        return;
                    }
                    HostG h = hosts.get(0);
                    LayerG l = layers.get(h.layer);
                    String c = name("big");
                    String vm = name("vm");
                    // the host's size is known when it is rendered: all its pCPUs leave none for Pool-0
                    l.body.add((java.util.function.Supplier<String>) () -> "class " + c + " isolation strong {\n  vm "
                            + vm + " { vcpus " + h.cpus + "  memory 1 GiB  on " + h.name + " }\n}");
                    planted.add(new Planted(kind, "class " + c + " needs every pCPU of " + h.name));
                }
                case GROUP_CYCLE -> {
                    String a = name("grp");
                    String b = name("grp");
                    Ent d = someDomain(high);
                    high.body.add("group " + a + " = " + d.ref + ", " + b);
                    high.body.add("group " + b + " = " + a);
                    planted.add(new Planted(kind, "groups " + a + " and " + b));
                }
                case CAPABILITY_CYCLE -> {
                    String a = name("cap");
                    String b = name("cap");
                    high.body.add("capability " + a + " = xen.readconsole, " + b);
                    high.body.add("capability " + b + " = " + a);
                    planted.add(new Planted(kind, "capabilities " + a + " and " + b));
                }
                case TWO_CONTROL -> {
                    if (control == null) {
                        control = domain(low, name("dom"), "control singleton", false, false);
                    }
                    String d = name("dom");
                    high.body.add("domain " + d + " : control");
                    planted.add(new Planted(kind, "domain " + d + " is a second control domain"));
                }
                case DUPLICATE_NAME -> {
                    Ent e = pick(ents.stream().filter(x -> x.kind == K.DOMAIN || x.kind == K.CLASS).toList());
                    high.body.add("domain " + e.ref + " : service");
                    planted.add(new Planted(kind, "domain " + e.ref + " declared again in layer " + high.name));
                }
                case UNKNOWN_PERMISSION -> {
                    // a permission of another release that this one lacks, or a misspelt one
                    Ent d = someDomain(high);
                    List<String> elsewhere = otherReleasesPermissions();
                    String item = !elsewhere.isEmpty() && r.nextBoolean() ? pick(elsewhere.toArray(new String[0]))
                            : "domain.pauze";
                    high.body.add("allow " + d.ref + " -> " + d.ref + " : " + item);
                    planted.add(new Planted(kind, "`" + item + "` for Xen " + xen));
                }
                case BAD_PROPERTY -> {
                    String c = name("odd");
                    high.body.add("class " + c + " {\n  vm " + name("vm") + " { " + pick(new String[] {
                        "memory 4 GiB max 2 GiB", "vcpus 0", "cpu weight 70000", "event channels 200000",
                        "grant frames 0", "cpu cap 0%", "memory 512 KiB"}) + " }\n}");
                    planted.add(new Planted(kind, "class " + c));
                }
                case HOST_WITHOUT_CAPACITY -> {
                    String h = name("h");
                    high.body.add("host " + h + " { " + pick(new String[] {"cpus 8", "memory 64 GiB", "net 1 Gbit/s",
                        ""}) + " }");
                    planted.add(new Planted(kind, "host " + h));
                }
                case DEVICE_MODEL_TARGET -> {
                    String d = name("dm");
                    String t = pick(new String[] {"guests", "domains", "xen"});
                    high.body.add("domain " + d + " : device_model for " + t);
                    planted.add(new Planted(kind, "domain " + d + " serves " + t));
                }
                case CAPABILITY_TARGET -> {
                    Ent d = someDomain(high);
                    String cap = pick(new String[] {"manage", "create", "comms", "migrate"});
                    String t = pick(new String[] {"xen", "domio", "domxen"});
                    high.body.add("allow " + d.ref + " " + cap + " " + t);
                    planted.add(new Planted(kind, "allow " + d.ref + " " + cap + " " + t));
                }
                case IOMEM_ALIGN -> {
                    String d = name("bad");
                    Ent a = someDomain(high);
                    high.body.add("device " + d + " iomem 0xfed00100-0xfed01fff admin " + a.ref);
                    planted.add(new Planted(kind, "device " + d));
                }
                default -> throw new IllegalStateException(kind.toString());
            }
        }

        /** Whether no rule written so far grants what {@code f} would forbid. */
        boolean forbidClean(ForbidG f) {
            forbids.add(f);
            try {
                return granting.stream().noneMatch(rec -> clashes(rec.layer(), rec.subject(), rec.target(), rec.grants(),
                        rec.create()));
            } finally {
                forbids.remove(forbids.size() - 1);
            }
        }

        /** Denies {@code feature} in {@code c} unless a rule written so far would then grant part of it. */
        boolean denyCleanly(ClassG c, String feature) {
            if (c.denied.contains(feature)) {
                return true;
            }
            c.denied.add(feature);
            for (RuleRec rec : granting) {
                if (clashes(rec.layer(), rec.subject(), rec.target(), rec.grants(), rec.create())) {
                    c.denied.remove(feature);
                    return false;
                }
            }
            return true;
        }

        ClassG visibleClass(LayerG l) {
            List<ClassG> cs = classes.stream().filter(c -> visible(c.ent, l.index)).toList();
            return cs.isEmpty() ? null : pick(cs);
        }

        /** class.perm of the other supported releases that this policy's release does not have. */
        private List<String> otherReleasesPermissions() {
            java.util.Set<String> out = new java.util.TreeSet<>();
            for (String v : XenCatalogues.SUPPORTED) {
                XenCatalogues.forVersion(v).orElseThrow().classes().forEach(c -> c.permissions().forEach(p -> {
                    if (!cat.has(c.name(), p.name())) {
                        out.add(c.name() + "." + p.name());
                    }
                }));
            }
            return List.copyOf(out);
        }

        // ---- rendering ----------------------------------------------------------------------------

        List<Source> render() {
            String header = "policy " + name("gen") + (chance(0.7) ? " version " + pick(new String[] {"1", "1.4",
                "2.0.1"}) : "") + (chance(0.5) ? "\n" : " ") + "target xen " + (chance(0.2)
                    ? hooks.xenTag().replace("RELEASE-", "") : xen) + "\n";
            List<String> layerTexts = new ArrayList<>();
            for (LayerG l : layers) {
                StringBuilder b = new StringBuilder();
                b.append("layer ").append(l.name);
                if (l.index > 0) {
                    b.append(" over ").append(layers.get(l.index - 1).name);
                }
                b.append(" {\n");
                List<String> statements = new ArrayList<>();
                for (Object o : l.body) {
                    statements.add(renderStatement(o));
                }
                if (!l.exportList.isEmpty()) {
                    int at = chance(0.7) ? statements.size() : r.nextInt(statements.size() + 1);
                    statements.addAll(at, l.exportList);
                }
                statements.addAll(l.trailer);
                for (String s : statements) {
                    for (String line : s.split("\n")) {
                        b.append("  ").append(line).append('\n');
                    }
                }
                b.append("}\n");
                layerTexts.add(b.toString());
            }
            String tail = topLevel.isEmpty() ? "" : String.join("\n", topLevel) + "\n";
            List<Source> out = new ArrayList<>();
            if (layers.size() > 1 && chance(shape.multiFile())) {
                // one file per layer; the header goes with one of them, the top-level statements with another
                int headerAt = r.nextInt(layers.size());
                int tailAt = r.nextInt(layers.size());
                for (int i = 0; i < layers.size(); i++) {
                    String text = (i == headerAt ? header + "\n" : "") + layerTexts.get(i)
                            + (i == tailAt ? "\n" + tail : "");
                    out.add(new Source(layers.get(i).name + ".cordon", text));
                }
                java.util.Collections.shuffle(out, r);
            } else {
                // one file; layers in stack order, or now and then in another (the stack is resolved by `over`)
                List<String> ordered = new ArrayList<>(layerTexts);
                if (chance(0.2)) {
                    java.util.Collections.shuffle(ordered, r);
                }
                out.add(new Source("policy.cordon", header + "\n" + String.join("\n", ordered) + "\n" + tail));
            }
            return out;
        }

        String renderStatement(Object o) {
            if (o instanceof String s) {
                return s;
            }
            if (o instanceof java.util.function.Supplier<?> s) {
                return (String) s.get();
            }
            if (o instanceof HostG h) {
                return renderHost(h);
            }
            if (o instanceof ClassG c) {
                return renderClass(c);
            }
            if (o instanceof ClusterG k) {
                StringBuilder b = new StringBuilder("cluster " + k.name + (k.isolation == null ? ""
                        : " isolation " + k.isolation) + " {\n");
                for (ClassG c : k.classes) {
                    for (String line : renderClass(c).split("\n")) {
                        b.append("  ").append(line).append('\n');
                    }
                }
                k.items.forEach(i -> b.append("  ").append(i).append('\n'));
                return b.append("}").toString();
            }
            SwitchG s = (SwitchG) o;
            StringBuilder b = new StringBuilder(s.header + " {\n");
            s.on.forEach(x -> b.append("  ").append(x).append('\n'));
            b.append("}");
            if (s.off != null) {
                b.append(" else {\n");
                s.off.forEach(x -> b.append("  ").append(x).append('\n'));
                b.append("}");
            }
            return b.toString();
        }

        long[] needs;

        /** What every VM and domain needs together: vCPUs, MiB, net bit/s, disk bytes, disk bit/s. */
        long[] needs() {
            if (needs == null) {
                needs = new long[5];
                for (ClassG c : classes) {
                    for (VmG vm : c.vms) {
                        need(vm.props, c.defaults);
                    }
                }
                ents.stream().filter(e -> e.kind == K.DOMAIN).forEach(e -> need(e.props, null));
            }
            return needs;
        }

        void need(Props own, Props defaults) {
            Props d = defaults == null ? new Props() : defaults;
            Props p = own == null ? new Props() : own;
            needs[0] += p.vcpus != null ? p.vcpus : d.vcpus != null ? d.vcpus : 1;
            long mem = p.memMiB != null ? p.memMiB : d.memMiB != null ? d.memMiB : 1024;
            long max = p.maxMiB != null ? p.maxMiB : d.maxMiB != null ? d.maxMiB : 0;
            needs[1] += Math.max(Math.max(mem, max), 1024);
            String net = p.net != null ? p.net : d.net;
            needs[2] += net == null ? 0 : quantity(net);
            String disk = p.disk != null ? p.disk : d.disk;
            if (disk != null) {
                String[] parts = disk.split(" rate ");
                needs[3] += quantity(parts[0]);
                needs[4] += parts.length > 1 ? quantity(parts[1]) : 0;
            }
        }

        String renderHost(HostG h) {
            long[] n = needs();
            h.cpus = (int) Math.max(h.baseCpus, 2 * n[0] + 4);
            long memGiB = Math.max(h.baseMemGiB, 2 * n[1] / 1024 + 16);
            List<String> props = new ArrayList<>();
            for (String k : h.order) {
                switch (k) {
                    case "cpus" -> props.add("cpus " + h.cpus);
                    case "memory" -> props.add("memory " + (memGiB % 1024 == 0 && chance(0.5) ? memGiB / 1024 + " TiB"
                            : memGiB + " GiB"));
                    case "net" -> props.add("net " + Math.max(10, 2 * n[2] / 1_000_000_000L + 1) + " Gbit/s");
                    case "disk" -> props.add("disk " + Math.max(2, 2 * n[3] / (1L << 40) + 1) + " TiB"
                            + (h.diskRate ? " rate " + Math.max(4000, 2 * n[4] / 1_000_000L + 1) + " Mbit/s" : ""));
                    default -> props.add("zone " + h.zone);
                }
            }
            return "host " + h.name + " { " + String.join("  ", props) + " }";
        }

        String renderClass(ClassG c) {
            StringBuilder b = new StringBuilder("class " + c.name + (c.isolation == null ? "" : " isolation "
                    + c.isolation) + " {\n");
            String defaults = render(c.defaults);
            if (!defaults.isEmpty()) {
                b.append("  ").append(defaults).append('\n');
            }
            for (VmG vm : c.vms) {
                String p = render(vm.props);
                b.append("  vm ").append(vm.name).append(p.isEmpty() ? (chance(0.2) ? " { }" : "")
                        : " { " + p + " }").append('\n');
            }
            if (!c.features.isEmpty()) {
                b.append("  features { ").append(String.join("  ", c.features.values())).append(" }\n");
            }
            c.items.forEach(i -> b.append("  ").append(i).append('\n'));
            return b.append("}").toString();
        }

        String describe() {
            long domains = ents.stream().filter(e -> e.kind == K.DOMAIN).count();
            long vms = ents.stream().filter(e -> e.kind == K.VM).count();
            return "Xen " + xen + ", " + layers.size() + " layer(s), " + domains + " domain(s), " + classes.size()
                    + " class(es) with " + vms + " VM(s), " + forbids.size() + " forbid(s), " + caps.size()
                    + " capability(ies), " + hosts.size() + " host(s)"
                    + (planted.isEmpty() ? "; no deliberate conflict"
                            : "; conflicts: " + planted.stream().map(p -> p.kind() + " (" + p.detail() + ")").toList());
        }
    }

    // ---- static helpers ---------------------------------------------------------------------------

    private static List<String> refs(Collection<Ent> ents) {
        return ents.stream().map(e -> e.ref).toList();
    }

    /** "20 GiB", "1073741824 B", "64000 Kbit/s" → bytes or bit/s. */
    private static long quantity(String text) {
        String[] parts = text.trim().split("\\s+");
        long n = Long.parseLong(parts[0]);
        return n * switch (parts[1]) {
            case "B" -> 1L;
            case "KiB" -> 1L << 10;
            case "MiB" -> 1L << 20;
            case "GiB" -> 1L << 30;
            case "TiB" -> 1L << 40;
            case "Kbit/s" -> 1_000L;
            case "Mbit/s" -> 1_000_000L;
            case "Gbit/s" -> 1_000_000_000L;
            default -> throw new IllegalArgumentException(text);
        };
    }

    private static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }

    private static Set<String> perms(List<Grant> grants) {
        Set<String> out = new LinkedHashSet<>();
        grants.forEach(g -> g.permissions().forEach(p -> out.add(g.securityClass() + "." + p)));
        return out;
    }

    /**
     * Permissions ("cls.perm") that nothing in Cordon grants implicitly: not in any built-in capability, the
     * control domain's or every domain's own grants, channels (event, grant, argo), devices (resource, bind_irq,
     * exchange, I/O memory), device models or build labels. Forbids of a valid policy use only these, so that the
     * checker's verdict on a forbid depends on explicit rules alone.
     */
    static Set<String> forbidPool(XenCatalogue cat) {
        Set<String> implicit = new HashSet<>();
        for (String b : XenMacros.names()) {
            implicit.addAll(perms(XenMacros.builtin(b).orElseThrow().grants()));
        }
        implicit.addAll(perms(XenMacros.DOMAIN_SELF));
        implicit.addAll(perms(XenMacros.CONTROL_DOMAIN));
        implicit.addAll(perms(XenMacros.CREATE_COMMON));
        for (String p : List.of("domain2.relabelfrom", "domain2.relabelto", "domain.transition", "domain.create",
                "domain.set_target", "domain.getdomaininfo", "domain.shutdown", "mmu.target_hack", "mmu.exchange",
                "hvm.bind_irq", "domain2.resource_map", "domain2.make_priv_for", "domain2.set_as_target")) {
            implicit.add(p);
        }
        Set<String> out = new TreeSet<>();
        for (XenCatalogue.SecurityClass c : cat.classes()) {
            if (Set.of("event", "grant", "argo", "resource").contains(c.name())) {
                continue;
            }
            for (XenCatalogue.Permission p : c.permissions()) {
                String cp = c.name() + "." + p.name();
                if (!implicit.contains(cp)) {
                    out.add(cp);
                }
            }
        }
        return out;
    }
}
