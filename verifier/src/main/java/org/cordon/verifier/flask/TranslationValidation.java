package org.cordon.verifier.flask;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.cordon.model.Diagnostic;
import org.cordon.verifier.check.AssertionCheck;
import org.cordon.verifier.check.ClassIsolationCheck;
import org.cordon.verifier.check.DutyCheck;
import org.cordon.verifier.check.EscalationCheck;
import org.cordon.verifier.check.FeatureCheck;
import org.cordon.verifier.check.MlsCheck;
import org.cordon.verifier.check.ResourceControlCheck;
import org.cordon.verifier.check.SettingGraphs;
import org.cordon.verifier.facts.Fact;
import org.cordon.verifier.facts.Label;
import org.cordon.verifier.facts.Origin;
import org.cordon.verifier.facts.PolicyFacts;
import org.cordon.verifier.permmap.XenPermissionMap;

/**
 * Translation validation (DESIGN §5.9): the binary Cordon wrote, decoded again, must grant exactly
 * what the verifier's own reading of the sources grants, and the flow, escalation and feature
 * properties must hold on it — on the types Xen will actually see, where VMs that share a type can
 * reach each other whenever a rule names that type as target.
 *
 * <p>Types are compared by what they stand for: a domain type and its {@code _self} and
 * {@code _target} types for its principals, {@code _channel}, {@code _recv_channel} and {@code _building} for those
 * facets, {@code xen_t} and {@code security_t} for Xen. The decoded facts carry the Cordon
 * statement of the model fact they match, so that verdicts on the binary still point at source.
 */
public final class TranslationValidation {

    /** A tuple on one side only, with the statement or rule behind it. */
    public record Difference(String tuple, boolean inBinaryOnly, Origin origin) {
    }

    /**
     * The tuples only one side has (empty: the binary grants exactly what the model does). {@code byEntries}: both
     * sides' access vectors matched entry by entry, so no single tuple was spelt out; a binary that grants what the
     * model does is always decided so (spelling out the tuples of a large policy took most of the pass).
     */
    public record Result(List<Difference> differences, boolean byEntries) {
        public boolean ok() {
            return differences.isEmpty();
        }
    }

    private final PolicyFacts model;
    private final FlaskFacts binary;
    private final Map<String, Set<Label>> labelsOfType;
    /** The model's side worked out before the binary existed ({@link #modelSide}), if it was. */
    private final ModelSide prepared;
    /** The model's side {@link #compare} read: {@link #prepared}, or one made in the binary's numbering. */
    private ModelSide side;

    /** {@code labelsOfType}: for every type of the compiled policy, the verifier labels it stands for. */
    public TranslationValidation(PolicyFacts model, FlaskFacts binary, Map<String, Set<Label>> labelsOfType) {
        this(model, binary, labelsOfType, null);
    }

    /** With the model's side worked out already, perhaps on another thread while the binary was written. */
    public TranslationValidation(ModelSide prepared, FlaskFacts binary) {
        this(prepared.model, binary, prepared.labelsOfType, prepared);
    }

    private TranslationValidation(PolicyFacts model, FlaskFacts binary, Map<String, Set<Label>> labelsOfType,
            ModelSide prepared) {
        this.model = model;
        this.binary = binary;
        this.labelsOfType = labelsOfType;
        this.prepared = prepared;
    }

    /**
     * The model's side of {@link #compare}, which needs no binary ({@link ModelSide}); {@code labelsOfType} as for
     * the constructor.
     */
    public static ModelSide modelSide(PolicyFacts model, Map<String, Set<Label>> labelsOfType) {
        return new ModelSide(model, labelsOfType, PermissionBits.ofCatalogue(model.catalogue()));
    }

    /** {@link #canonicalOf} of each type met, worked out once: it is asked for every pair of every entry. */
    private final Map<String, String> canonical = new HashMap<>();

    private String canonical(String type) {
        String known = canonical.get(type);
        if (known == null) {
            known = canonicalOf(type);
            canonical.put(type, known);
        }
        return known;
    }

    private static String canonicalOf(String type) {
        if (type.equals("security_t")) {
            return "xen_t";
        }
        for (String suffix : List.of("_self", "_target")) {
            if (type.endsWith(suffix)) {
                return type.substring(0, type.length() - suffix.length());
            }
        }
        return type;
    }

    /** A tuple compared: types, class, permission and the switch setting it holds under (no string per tuple). */
    private record Tuple(String source, String target, String securityClass, String permission,
            java.util.Optional<org.cordon.verifier.facts.Condition> guard) {
        @Override
        public String toString() {
            return source + " " + target + " " + securityClass + " " + permission
                    + guard.map(g -> " if " + g.describe()).orElse("");
        }
    }

    /** A multi-level binary's constraints, evaluated on the artifacts' contexts; null for one without levels. */
    private BinaryMls mls;

    /**
     * For a multi-level policy: the binary's MLS constraints on the artifacts' contexts must decide every access of
     * the model's type rules as the verifier's reading does ({@link #compare} reports where not), and
     * {@link #propertyFailures} leaves out what they deny.
     */
    public TranslationValidation withMls(BinaryMls mls) {
        this.mls = mls;
        return this;
    }

    /** The model's live tuples, for the differences and for {@link #propertyFailures}; made when first needed. */
    private Map<Tuple, Fact> fromModel;
    private boolean compared;

    /**
     * Whether the binary grants exactly the (live) accesses of the model. Compared entry by entry (a vector's
     * permissions at once); only when they differ are the single tuples spelt out, to say which.
     */
    public Result compare() {
        compared = true;
        // both sides as bits per pair of (canonical) types, numbered, per class and guard: the model's side as made
        // beside the encoding when it numbers the permissions as the binary does, else made again in the binary's
        // numbering
        side = prepared != null && prepared.numbersAs(binary) ? prepared
                : new ModelSide(model, labelsOfType, new PermissionBits(binary::permissionNames));
        side.addLiveChannelEvents(this::live);
        Map<String, Integer> number = side.number;
        Map<ClassGuard, PairBits> model = side.byType;
        Map<ClassGuard, PairBits> binary = new HashMap<>();
        // each of the binary's types by the model's number of its canonical type, looked up when first met
        List<String> typeNames = this.binary.typeNames();
        int[] numberOf = new int[typeNames.size()];
        java.util.Arrays.fill(numberOf, -1);
        java.util.function.IntUnaryOperator numbers = type -> {
            if (numberOf[type] < 0) {
                numberOf[type] = numbered(number, canonical(typeNames.get(type)));
            }
            return numberOf[type];
        };
        forEachLivePair((securityClass, guard) -> {
            // as many pairs as the model's side, when the two agree
            PairBits entries = binary.computeIfAbsent(new ClassGuard(securityClass, guard),
                    k -> new PairBits(model.getOrDefault(k, EMPTY).size()));
            return (s, t, permissions) -> entries.or(numbers.applyAsInt(s), numbers.applyAsInt(t), permissions);
        });
        List<Difference> levels = mlsDifferences();
        if (sameBits(model, binary)) {
            return new Result(levels, true);
        }
        Map<Tuple, Fact> fromModel = modelTuples();
        Map<Tuple, Fact> fromBinary = new java.util.HashMap<>();
        for (Fact f : live()) {
            fromBinary.putIfAbsent(tuple(canonical(f.source().owner()), canonical(f.target().owner()), f), f);
        }
        List<Difference> differences = new ArrayList<>();
        for (Map.Entry<Tuple, Fact> e : fromModel.entrySet()) {
            if (!fromBinary.containsKey(e.getKey())) {
                differences.add(new Difference(e.getKey().toString(), false, e.getValue().origin()));
            }
        }
        for (Map.Entry<Tuple, Fact> e : fromBinary.entrySet()) {
            if (!fromModel.containsKey(e.getKey())) {
                differences.add(new Difference(e.getKey().toString(), true, e.getValue().origin()));
            }
        }
        differences.addAll(levels);
        differences.sort(java.util.Comparator.comparing(Difference::tuple));
        return new Result(differences, false);
    }

    /** Whether {@link #compare} took the model's side made before the binary, not one made again in its numbering. */
    public boolean tookPrepared() {
        return side != null && side == prepared;
    }

    /**
     * Every access the type rules grant, decided by the verifier's reading of the levels and by the binary's own
     * constraints on the artifacts' contexts: a difference is a tuple only one of them lets through.
     */
    private List<Difference> mlsDifferences() {
        if (mls == null || model.mls().isEmpty()) {
            return List.of();
        }
        org.cordon.verifier.facts.MlsReading reading = model.mls().get();
        List<Difference> out = new ArrayList<>();
        for (org.cordon.verifier.facts.AccessVector v : model.typeRuleVectors()) {
            for (String p : v.permissions()) {
                boolean read = reading.allows(v.source(), v.target(), v.securityClass(), p);
                if (read != mls.allows(v.source(), v.target(), v.securityClass(), p)) {
                    out.add(new Difference("MLS " + v.source() + " -> " + v.target() + " : " + v.securityClass() + "."
                            + p + (read ? " (the binary's constraints deny it)" : " (the binary's constraints allow it)"),
                            !read, v.origin()));
                }
            }
        }
        return out;
    }

    /** The model's live tuples, each with the fact (and so the statement) behind it. */
    private Map<Tuple, Fact> modelTuples() {
        if (fromModel == null) {
            fromModel = new java.util.HashMap<>();
            for (Fact f : model.typeRules().facts()) {
                String s = side.typeOfLabel.get(f.source());
                String t = side.typeOfLabel.get(f.target());
                if (s != null && t != null && live(s, t, f.securityClass())) {
                    fromModel.putIfAbsent(tuple(s, t, f), f);
                }
            }
        }
        return fromModel;
    }

    /**
     * The flow, escalation, feature and resource-control properties on the binary's types, where VMs that share a
     * type reach each other whenever a rule names that type as target; after {@link #compare} found no difference.
     * Only sharing can add accesses (the properties are monotone), so without a shared type these are the model's
     * own verdicts and nothing is checked again.
     */
    public List<Diagnostic> propertyFailures(XenPermissionMap map) {
        if (!sharingAddsAccess()) {
            return List.of();
        }
        Map<Tuple, Fact> fromModel = modelTuples();
        List<Fact> lifted = lift(fromModel);
        if (mls != null) {
            // what the binary's own MLS constraints deny on the contexts the artifacts give
            lifted = lifted.stream().filter(f -> mls.allows(f.source(), f.target(), f.securityClass(),
                    f.permission())).toList();
        }
        // with the model's reading of the levels, for the MLS flow check (what it would cut is cut already)
        PolicyFacts onBinary = new PolicyFacts(model.model(), model.catalogue(), model.principals(),
                lifted.stream().map(org.cordon.verifier.facts.AccessVector::of).toList(), model.switchDefaults(),
                model.mls());
        List<Diagnostic> failures = new ArrayList<>();
        List<SettingGraphs.Setting> graphs = SettingGraphs.of(onBinary, map);
        failures.addAll(new AssertionCheck(onBinary, graphs).check());
        failures.addAll(new ClassIsolationCheck(onBinary, graphs).check());
        failures.addAll(new EscalationCheck(onBinary).check());
        failures.addAll(new FeatureCheck(onBinary).check());
        failures.addAll(new ResourceControlCheck(onBinary).check());
        failures.addAll(new DutyCheck(onBinary).check());
        failures.addAll(new MlsCheck(onBinary, graphs).check().stream()
                .filter(d -> d.code() != org.cordon.model.DiagnosticCode.MLS_CUT).toList());
        return failures;
    }

    /**
     * Whether the binary's types may give some principal an access its model verdicts did not see: some type is
     * shared, and a rule of the binary gives a principal of a shared type more than the model gives it. Only then does
     * {@link #propertyFailures} check the properties again. Decided once, after {@link #compare}; the driver asks
     * while the verifier is still at work, so that the answer is ready when the verdicts are.
     */
    public boolean sharingAddsAccess() {
        if (!compared) {
            throw new IllegalStateException("compare first");
        }
        return typeShared(labelsOfType) && !liftedWithinModel();
    }

    /**
     * Works out {@link #sharingAddsAccess} ahead of its asking, unless {@code unwanted} comes to hold on the way (it is
     * asked between entries): then it stops, and the answer is worked out in full if it is asked after all. The driver
     * stops it when the verifier's verdicts come with a violation, which never ask.
     */
    public void prepareSharingAddsAccess(BooleanSupplier unwanted) {
        if (!compared) {
            throw new IllegalStateException("compare first");
        }
        if (lifted == null && typeShared(labelsOfType)) {
            liftUnless(unwanted);
        }
    }

    /**
     * The decoded facts that can ever be exercised. An event channel gets a type other than its
     * remote end's only by a type_transition, so event permissions on such a type matter only for
     * the domains at either end of a transition that makes it (and for Xen, which labels the
     * channels of the domains it builds at boot). Both sides are compared on live accesses only:
     * the lowering states some over attributes for brevity, the model for every pair of its
     * statement, and neither inert remainder grants anything.
     */
    private List<Fact> live() {
        if (live == null) {
            List<Fact> out = new ArrayList<>();
            for (Fact f : binary.facts()) {
                if (live(f.source().owner(), f.target().owner(), f.securityClass())) {
                    out.add(f);
                }
            }
            live = List.copyOf(out);
        }
        return live;
    }

    /** {@link #live()}, made once: compare, the check of shared types and the lifting all read it. */
    private List<Fact> live;

    private Map<String, Set<String>> parties;

    private boolean live(String sourceType, String targetType, String securityClass) {
        if (!securityClass.equals("event") || !targetType.endsWith("_channel")) {
            return true;
        }
        if (parties == null) {
            parties = new HashMap<>();
            for (FlaskFacts.TypeTransition t : binary.transitions()) {
                if (t.cls().equals("event")) {
                    // by what the types stand for: a device model's guest acts as X_target
                    parties.computeIfAbsent(t.newType(), k -> new java.util.HashSet<>()).add(canonical(t.source()));
                    parties.get(t.newType()).add(canonical(t.target()));
                }
            }
        }
        String source = canonical(sourceType);
        boolean xen = source.equals("xenboot_t") || source.equals("xen_t");
        return xen || parties.getOrDefault(targetType, Set.of()).contains(source);
    }

    private static Tuple tuple(String source, String target, Fact f) {
        return new Tuple(source, target, f.securityClass(), f.permission(), f.origin().guard());
    }

    /** A class and the switch setting an access holds under: what the label pairs' bits are kept per. */
    private record ClassGuard(String securityClass, java.util.Optional<org.cordon.verifier.facts.Condition> guard) {
    }

    /**
     * Whether every access the binary's rules give a principal of a shared type is one the model gives it, or one
     * of a domain on its own labels (no flow between principals): then, the properties being monotone, the
     * binary's verdicts are the model's and need no second run. Decided entry by entry, labels by number.
     */
    private boolean liftedWithinModel() {
        if (lifted == null) {
            liftUnless(() -> false);
        }
        return lifted;
    }

    /** {@link #lifted} worked out, unless {@code unwanted} comes to hold on the way. */
    private void liftUnless(BooleanSupplier unwanted) {
        Boolean within = liftedWithin(side.byLabelTable, unwanted);
        if (within != null) {
            lifted = within;
            side.byLabelTable = null; // as large as the model's vectors, and read only here
        }
    }

    private Boolean lifted;

    /**
     * {@link #liftedWithinModel} on the model's vectors by pair of label numbers ({@link ModelSide#labelNumber}); null
     * when {@code unwanted} held, asked once the binary's entries are gathered and then every 1,024 pairs.
     */
    private Boolean liftedWithin(Map<ClassGuard, PairBits> model, BooleanSupplier unwanted) {
        Map<Label, Integer> number = side.labelNumber;
        // what each of the binary's types is, by its number: looked up once a type, not once a pair of every entry
        List<String> typeNames = binary.typeNames();
        int types = typeNames.size();
        boolean[] self = new boolean[types];
        Map<String, Integer> typeNumber = new HashMap<>();
        for (int type = 0; type < types; type++) {
            typeNumber.put(typeNames.get(type), type);
            self[type] = typeNames.get(type).endsWith("_self");
        }
        // the domain whose event channels a channel type labels (X for X_channel and X_recv_channel), -1 for none
        int[] channelOf = new int[types];
        int[] recvChannelOf = new int[types];
        for (int type = 0; type < types; type++) {
            channelOf[type] = owner(typeNames.get(type), "_channel", typeNumber);
            recvChannelOf[type] = owner(typeNames.get(type), "_recv_channel", typeNumber);
        }
        // the binary's permissions by entry, so that each pair of labels is looked up once per entry, not per permission
        Map<ClassGuard, PairBits> binary = new HashMap<>();
        forEachLivePair((securityClass, guard) -> {
            PairBits entries = binary.computeIfAbsent(new ClassGuard(securityClass, guard), k -> new PairBits());
            return (s, t, permissions) -> {
                // a domain on itself, or on its own event channels: Xen lets a domain send only on its own ports, so
                // VMs sharing a channel type do not reach each other's channels
                if (!self[t] && channelOf[t] != s && recvChannelOf[t] != s) {
                    entries.or(s, t, permissions);
                }
            };
        });
        if (unwanted.getAsBoolean()) {
            return null;
        }
        TypeLabels[] ofType = new TypeLabels[types];
        int[] pairs = {0};
        boolean[] stopped = {false};
        for (Map.Entry<ClassGuard, PairBits> e : binary.entrySet()) {
            PairBits granted = model.getOrDefault(e.getKey(), EMPTY);
            boolean within = e.getValue().every((s, t, wanted) -> {
                if ((++pairs[0] & 1023) == 0 && unwanted.getAsBoolean()) {
                    stopped[0] = true;
                    return false;
                }
                if (ofType[s] == null) {
                    ofType[s] = TypeLabels.of(typeNames.get(s), labelsOfType, number);
                }
                if (ofType[t] == null) {
                    ofType[t] = TypeLabels.of(typeNames.get(t), labelsOfType, number);
                }
                TypeLabels from = ofType[s];
                TypeLabels to = ofType[t];
                for (int i = 0; i < from.labels.length; i++) {
                    for (int j = 0; j < to.labels.length; j++) {
                        if (from.owners[i] == to.owners[j]) {
                            continue; // a domain and its own labels
                        }
                        if ((granted.get(from.labels[i], to.labels[j]) & wanted) != wanted) {
                            return false;
                        }
                    }
                }
                return true;
            });
            if (stopped[0]) {
                return null;
            }
            if (!within) {
                return false;
            }
        }
        return true;
    }

    /** The number of the type {@code type} is with {@code suffix} taken off, -1 when it has no such suffix or type. */
    private static int owner(String type, String suffix, Map<String, Integer> typeNumber) {
        if (!type.endsWith(suffix)) {
            return -1;
        }
        return typeNumber.getOrDefault(type.substring(0, type.length() - suffix.length()), -1);
    }

    /**
     * The model's side of {@link #compare}, which needs no binary: the model's type-rule vectors as permission bits per
     * pair of types, per class and guard, and (when some type is shared) by pair of labels for the check that sharing
     * adds no flow. Made in the numbering of permissions the lowering writes, the catalogue's, so that the driver can
     * work it out beside the lowering and the encoding; compare takes it only when the binary numbers each class it
     * has read so. The event vectors onto channel types wait for the binary, whose type transitions say which are
     * live ({@link #live}). One validation reads it: compare numbers the binary's types in it and adds those vectors.
     */
    public static final class ModelSide {
        private final PolicyFacts model;
        private final Map<String, Set<Label>> labelsOfType;
        private final PermissionBits bits;
        /** The type each label is written as, once _self/_target/security_t are folded away. */
        private final Map<Label, String> typeOfLabel = new HashMap<>();
        /** The types' numbers in {@link #byType}'s pairs, and the types by number. */
        private final Map<String, Integer> number = new HashMap<>();
        private final List<String> typeOfNumber = new ArrayList<>();
        private final Map<ClassGuard, PairBits> byType = new HashMap<>();
        /** Event vectors onto a channel type, not yet in {@link #byType}: live or not by the binary's transitions. */
        private final List<ChannelEvent> channelEvents = new ArrayList<>();
        /** The model's vectors by label numbers while {@link #modelBits} walks them, for {@link #byLabelTable}. */
        private LabelVectors byLabel;
        /**
         * Their permission bits per pair of label numbers, for {@link #liftedWithinModel}: made here, on the thread
         * that works out the model's side beside the compiler's passes, not at verify on the build's own thread (at
         * 10,000 lines it was about a third of verify there). Null when no type is shared, and once read.
         */
        private Map<ClassGuard, PairBits> byLabelTable;
        /** The labels' numbers in {@link #byLabel}. */
        private final Map<Label, Integer> labelNumber = new HashMap<>();

        private ModelSide(PolicyFacts model, Map<String, Set<Label>> labelsOfType, PermissionBits bits) {
            this.model = model;
            this.labelsOfType = labelsOfType;
            this.bits = bits;
            labelsOfType.forEach((type, labels) -> {
                String canonical = canonicalOf(type); // once a type, not once a label of it
                for (Label l : labels) {
                    typeOfLabel.merge(l, canonical, (x, y) -> x.length() <= y.length() ? x : y);
                }
            });
            modelBits();
            if (byLabel != null) {
                byLabelTable = byLabel.table();
                byLabel = null;
            }
        }

        /** Whether {@code binary} numbers the permissions of every class read here as this side does. */
        private boolean numbersAs(FlaskFacts binary) {
            return bits.numbersAs(binary::permissionNames);
        }

        /** The event vectors onto channel types that {@code live} keeps, into {@link #byType}. */
        private void addLiveChannelEvents(ChannelLive live) {
            for (ChannelEvent e : channelEvents) {
                if (live.live(typeOfNumber.get(e.source), typeOfNumber.get(e.target), "event")) {
                    e.types.or(e.source, e.target, e.permissions);
                }
            }
            channelEvents.clear();
        }

        /**
         * The model's type-rule vectors as permission bits per pair of type numbers ({@link #number}), per class and
         * guard: those of labels that have a type. When some type is shared, the same walk keeps every vector by
         * label numbers too ({@link #byLabel}).
         */
        private void modelBits() {
            byLabel = typeShared(labelsOfType) ? new LabelVectors(this.model.typeRuleVectors().size()) : null;
            // each label's type number (-1: none; -2: not looked up yet), by label number
            int[] typeOf = new int[64];
            java.util.Arrays.fill(typeOf, -2);
            // a statement's vectors come one after another, with the same source, class and guard: those are looked
            // up when they change
            org.cordon.verifier.facts.AccessVector last = null;
            // a statement's vectors over many pairs often change class at every vector: what each class and guard
            // stands for is kept per guard, and the guard changes only with the statement
            Map<java.util.Optional<org.cordon.verifier.facts.Condition>, Map<String, ClassSlot>> slots = new HashMap<>();
            java.util.Optional<org.cordon.verifier.facts.Condition> lastGuard = null;
            Map<String, ClassSlot> ofGuard = null;
            ClassSlot slot = null;
            int source = -1;
            for (org.cordon.verifier.facts.AccessVector v : this.model.typeRuleVectors()) {
                if (last == null || v.securityClass() != last.securityClass() || v.origin() != last.origin()) {
                    java.util.Optional<org.cordon.verifier.facts.Condition> guard = v.origin().guard();
                    if (guard != lastGuard) {
                        ofGuard = slots.computeIfAbsent(guard, g -> new HashMap<>());
                        lastGuard = guard;
                    }
                    slot = ofGuard.get(v.securityClass());
                    if (slot == null) {
                        ClassGuard classGuard = new ClassGuard(v.securityClass(), guard);
                        slot = new ClassSlot(byType.computeIfAbsent(classGuard, k -> new PairBits()),
                                byLabel == null ? -1 : byLabel.key(classGuard), v.securityClass().equals("event"),
                                bits.listsOf(v.securityClass()));
                        ofGuard.put(v.securityClass(), slot);
                    }
                }
                if (last == null || v.source() != last.source()) {
                    source = numbered(labelNumber, v.source());
                }
                last = v;
                int target = numbered(labelNumber, v.target());
                if (typeOf.length < labelNumber.size()) {
                    int from = typeOf.length;
                    typeOf = java.util.Arrays.copyOf(typeOf, 2 * labelNumber.size());
                    java.util.Arrays.fill(typeOf, from, typeOf.length, -2);
                }
                long permissions = bits.of(v.securityClass(), v.permissions(), slot.lists);
                if (byLabel != null) {
                    byLabel.add(slot.key, source, target, permissions);
                }
                int sourceType = typeOf(typeOf, source, v.source());
                int targetType = typeOf(typeOf, target, v.target());
                if (sourceType < 0 || targetType < 0) {
                    continue;
                }
                if (slot.event && typeOfNumber.get(targetType).endsWith("_channel")) {
                    channelEvents.add(new ChannelEvent(slot.types, sourceType, targetType, permissions));
                } else {
                    slot.types.or(sourceType, targetType, permissions);
                }
            }
        }

        /** The number of the type {@code label} (number {@code n}) is written as, -1 for none; looked up once a label. */
        private int typeOf(int[] typeOf, int n, Label label) {
            if (typeOf[n] == -2) {
                String type = typeOfLabel.get(label);
                if (type == null) {
                    typeOf[n] = -1;
                } else {
                    typeOf[n] = numbered(number, type);
                    if (typeOf[n] == typeOfNumber.size()) {
                        typeOfNumber.add(type);
                    }
                }
            }
            return typeOf[n];
        }
    }

    /** An event vector onto a channel type, by type numbers, with the table it goes into when live. */
    private record ChannelEvent(PairBits types, int source, int target, long permissions) {
    }

    /** {@link #live(String, String, String)}, as {@link ModelSide} asks it. */
    private interface ChannelLive {
        boolean live(String sourceType, String targetType, String securityClass);
    }

    /**
     * A class and guard in {@link ModelSide#modelBits}: its table by type numbers, its index in
     * {@link ModelSide#byLabel}, and whether it is the event class, the only one whose accesses {@link #live} may leave
     * out; the permission lists of the class seen so far ({@link PermissionBits#listsOf}).
     */
    private record ClassSlot(PairBits types, int key, boolean event, Map<java.util.Collection<String>, Long> lists) {
    }

    /**
     * Vectors as numbers: a class and guard (by index), two label numbers and the permission bits, in order. Made at
     * their full size at once: on a large policy they are arrays of megabytes, which doubling would copy again and
     * again.
     */
    private static final class LabelVectors {
        private final List<ClassGuard> keys = new ArrayList<>();
        private final Map<ClassGuard, Integer> keyIndex = new HashMap<>();
        private final int[] key;
        private final int[] source;
        private final int[] target;
        private final long[] bits;
        private int size;

        LabelVectors(int vectors) {
            key = new int[vectors];
            source = new int[vectors];
            target = new int[vectors];
            bits = new long[vectors];
        }

        /** The class and guard's index, the next one if it has none yet. */
        int key(ClassGuard classGuard) {
            int k = numbered(keyIndex, classGuard);
            if (k == keys.size()) {
                keys.add(classGuard);
            }
            return k;
        }

        void add(int k, int s, int t, long b) {
            key[size] = k;
            source[size] = s;
            target[size] = t;
            bits[size] = b;
            size++;
        }

        /** Permission bits per pair of label numbers, per class and guard. */
        Map<ClassGuard, PairBits> table() {
            int[] vectors = new int[keys.size()];
            for (int i = 0; i < size; i++) {
                vectors[key[i]]++;
            }
            List<PairBits> tables = new ArrayList<>();
            Map<ClassGuard, PairBits> out = new HashMap<>();
            for (int k = 0; k < keys.size(); k++) {
                PairBits t = new PairBits(vectors[k]); // at most a pair a vector
                tables.add(t);
                out.put(keys.get(k), t);
            }
            for (int i = 0; i < size; i++) {
                tables.get(key[i]).or(source[i], target[i], bits[i]);
            }
            return out;
        }
    }

    /** What to do with each live pair of types of one entry of the binary, given the entry's class and guard. */
    private interface EntryPairs {
        PairVisitor of(String securityClass, java.util.Optional<org.cordon.verifier.facts.Condition> guard);
    }

    /** A pair of the binary's types, by their numbers ({@link FlaskFacts#typeNames}). */
    private interface PairVisitor {
        void pair(int source, int target, long permissions);
    }

    /**
     * Every live pair of types each entry of the binary names, by their numbers ({@link FlaskFacts#typeNames}), with
     * the entry's permission bits.
     */
    private void forEachLivePair(EntryPairs perEntry) {
        // only an event entry onto a channel type may be dead: the rest are live without a look at their names
        List<String> typeNames = binary.typeNames();
        boolean[] channel = channelTypes();
        this.binary.forEachEntry((sources, targets, securityClass, permissions, guard) -> {
            PairVisitor pairs = perEntry.of(securityClass, guard);
            long bits = Integer.toUnsignedLong(permissions);
            boolean event = securityClass.equals("event");
            for (int s : sources) {
                for (int t : targets) {
                    if (!event || !channel[t] || live(typeNames.get(s), typeNames.get(t), securityClass)) {
                        pairs.pair(s, t, bits);
                    }
                }
            }
        });
    }

    /** Which of the binary's types (by number) are channel types; made once, for compare and the lifting both. */
    private boolean[] channelTypes() {
        if (channelTypes == null) {
            List<String> typeNames = binary.typeNames();
            channelTypes = new boolean[typeNames.size()];
            for (int type = 0; type < channelTypes.length; type++) {
                channelTypes[type] = typeNames.get(type).endsWith("_channel");
            }
        }
        return channelTypes;
    }

    private boolean[] channelTypes;

    /** No pairs: what a class and guard neither side has stands for. Only read, never ORed into. */
    private static final PairBits EMPTY = new PairBits();

    /** Whether both sides give the same pairs the same bits, a class and guard without pairs being as good as none. */
    private static boolean sameBits(Map<ClassGuard, PairBits> one, Map<ClassGuard, PairBits> other) {
        Set<ClassGuard> keys = new java.util.HashSet<>(one.keySet());
        keys.addAll(other.keySet());
        for (ClassGuard k : keys) {
            if (!one.getOrDefault(k, EMPTY).sameAs(other.getOrDefault(k, EMPTY))) {
                return false;
            }
        }
        return true;
    }

    /** {@code k}'s number in {@code number}, the next one if it has none yet. */
    private static <K> int numbered(Map<K, Integer> number, K k) {
        Integer n = number.get(k);
        if (n == null) {
            n = number.size();
            number.put(k, n);
        }
        return n;
    }

    /**
     * The labels a type stands for, by number, and beside each its owner and kind (as a number of their own): two
     * labels of one owner and kind are a domain and its own labels.
     */
    private record TypeLabels(int[] labels, int[] owners) {
        static TypeLabels of(String type, Map<String, Set<Label>> labelsOfType, Map<Label, Integer> number) {
            Set<Label> labels = labelsOfType.getOrDefault(type, Set.of());
            int[] ids = new int[labels.size()];
            int[] owners = new int[labels.size()];
            int i = 0;
            for (Label l : labels) {
                ids[i] = numbered(number, l);
                // the owner and kind as the label of the owner's main facet: one number per domain and kind
                owners[i] = numbered(number, new Label(l.owner(), l.kind(), Label.Facet.MAIN));
                i++;
            }
            return new TypeLabels(ids, owners);
        }
    }

    /**
     * A class's permissions as bits of a long, numbered as the binary numbers them (bit i: value i + 1), so that the
     * binary's entries are compared as they are; a permission the binary's class lacks gets a bit above 31, which no
     * entry of the binary has. The comparisons above are of sets of permissions per entry, and a set of strings per
     * entry was most of their time. The {@link ModelSide} the driver makes before the binary exists numbers them as the
     * catalogue lists them, which is how the lowering declares them; {@link #numbersAs} says whether the binary agrees.
     */
    private static final class PermissionBits {
        /** A class's permission names by bit, as some numbering has them (all null for a class it lacks). */
        private final java.util.function.Function<String, String[]> namesByBit;
        /** The names by bit of each class looked up. */
        private final Map<String, String[]> names = new HashMap<>();
        private final Map<String, Map<String, Integer>> index = new HashMap<>();
        /** Per class, how many of its permissions the binary lacks (numbered from bit 32 on). */
        private final Map<String, Integer> unknowns = new HashMap<>();
        /** The class met last, and its permissions: facts come class by class, so most lookups skip the outer map. */
        private String lastClass;
        private Map<String, Integer> lastPerms;

        PermissionBits(java.util.function.Function<String, String[]> namesByBit) {
            this.namesByBit = namesByBit;
        }

        /** In the order the catalogue lists each class's permissions: the numbering the lowering declares. */
        static PermissionBits ofCatalogue(org.cordon.xsm.catalogue.XenCatalogue catalogue) {
            return new PermissionBits(securityClass -> {
                String[] byBit = new String[Integer.SIZE];
                catalogue.securityClass(securityClass).ifPresent(c -> {
                    for (int bit = 0; bit < Math.min(byBit.length, c.permissions().size()); bit++) {
                        byBit[bit] = c.permissions().get(bit).name();
                    }
                });
                return byBit;
            });
        }

        /** Whether {@code other} numbers the permissions of every class looked up here the same. */
        boolean numbersAs(java.util.function.Function<String, String[]> other) {
            for (Map.Entry<String, String[]> e : names.entrySet()) {
                if (!java.util.Arrays.equals(e.getValue(), other.apply(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }

        long of(String securityClass, String permission) {
            if (!securityClass.equals(lastClass)) {
                lastPerms = index.computeIfAbsent(securityClass, this::numbered);
                lastClass = securityClass;
            }
            Map<String, Integer> perms = lastPerms;
            Integer bit = perms.get(permission);
            if (bit == null) {
                int unknown = unknowns.merge(securityClass, 1, Integer::sum) - 1;
                if (unknown == Integer.SIZE) {
                    throw new IllegalStateException("class " + securityClass + " has more than 32 permissions the "
                            + "binary lacks");
                }
                bit = Integer.SIZE + unknown;
                perms.put(permission, bit);
            }
            return 1L << bit;
        }

        private Map<String, Integer> numbered(String securityClass) {
            Map<String, Integer> perms = new HashMap<>();
            String[] names = namesByBit.apply(securityClass);
            this.names.put(securityClass, names);
            for (int bit = 0; bit < names.length; bit++) {
                if (names[bit] != null) {
                    perms.put(names[bit], bit);
                }
            }
            return perms;
        }

        /**
         * By list (by identity, as {@code AccessVector} allows), per class: a statement's permission list is shared by
         * all its vectors, so most are seen before.
         */
        private final Map<String, Map<java.util.Collection<String>, Long>> lists = new HashMap<>();

        /** The lists of {@code securityClass} seen, for {@link #of(String, List, Map)}. */
        Map<java.util.Collection<String>, Long> listsOf(String securityClass) {
            return lists.computeIfAbsent(securityClass, k -> new java.util.IdentityHashMap<>());
        }

        /** The bits of {@code permissions}, given the class's lists ({@link #listsOf}): looked up once, not per vector. */
        long of(String securityClass, List<String> permissions, Map<java.util.Collection<String>, Long> seen) {
            if (permissions.size() == 1) {
                return of(securityClass, permissions.get(0)); // a fact's own list: seen once
            }
            Long known = seen.get(permissions);
            if (known != null) {
                return known;
            }
            long out = 0;
            for (String p : permissions) {
                out |= of(securityClass, p);
            }
            seen.put(permissions, out);
            return out;
        }
    }

    /** Whether some type of the policy stands for more than one domain (VMs no statement tells apart). */
    private static boolean typeShared(Map<String, Set<Label>> labelsOfType) {
        for (Set<Label> labels : labelsOfType.values()) {
            if (labels.stream().filter(l -> l.isDomain() && l.facet() == Label.Facet.MAIN).count() > 1) {
                return true;
            }
        }
        return false;
    }

    /**
     * The decoded facts over the verifier's labels: a rule on a {@code _self} type is a domain acting
     * on itself; any other rule reaches every principal its target type stands for.
     */
    private List<Fact> lift(Map<Tuple, Fact> fromModel) {
        List<Fact> out = new ArrayList<>();
        for (Fact f : live()) {
            String s = f.source().owner();
            String t = f.target().owner();
            Fact twin = fromModel.get(tuple(canonical(s), canonical(t), f));
            Origin origin = twin != null ? twin.origin() : f.origin();
            Set<Label> sources = labelsOfType.getOrDefault(s, Set.of());
            Set<Label> targets = labelsOfType.getOrDefault(t, Set.of());
            for (Label a : sources) {
                if (t.endsWith("_self")) {
                    if (targets.contains(a)) {
                        out.add(new Fact(a, a, f.securityClass(), f.permission(), origin));
                    }
                    continue;
                }
                for (Label b : targets) {
                    out.add(new Fact(a, b, f.securityClass(), f.permission(), origin));
                }
            }
        }
        return out;
    }
}
