package org.cordon.verifier.facts;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;
import org.cordon.model.PolicyModel;
import org.cordon.xsm.catalogue.XenCatalogue;

/**
 * Everything a policy allows, as access vectors with their origins, plus what the checks need to read
 * them: the principals and each switch's default. The single facts are spelt out only when asked for.
 */
public final class PolicyFacts {

    private final PolicyModel model;
    private final XenCatalogue catalogue;
    private final Principals principals;
    private final List<AccessVector> vectors;
    private final List<AccessVector> typeRules;
    private final List<Fact> cutByMls;
    private final java.util.Optional<MlsReading> mls;
    private final Map<String, Boolean> switchDefaults;
    private List<Fact> facts;

    public PolicyFacts(PolicyModel model, XenCatalogue catalogue, Principals principals, List<AccessVector> vectors,
            Map<String, Boolean> switchDefaults) {
        this(model, catalogue, principals, vectors, switchDefaults, java.util.Optional.empty());
    }

    /**
     * The facts of a policy; a multi-level one's {@code mls} reading takes out of {@link #vectors()} what
     * Bell-LaPadula denies, which {@link #cutByMls()} keeps and {@link #typeRuleVectors()} still has.
     */
    public PolicyFacts(PolicyModel model, XenCatalogue catalogue, Principals principals, List<AccessVector> vectors,
            Map<String, Boolean> switchDefaults, java.util.Optional<MlsReading> mls) {
        this.model = model;
        this.catalogue = catalogue;
        this.principals = principals;
        this.typeRules = List.copyOf(vectors);
        this.switchDefaults = Map.copyOf(switchDefaults);
        this.mls = mls;
        if (mls.isEmpty()) {
            this.vectors = typeRules;
            this.cutByMls = List.of();
        } else {
            List<AccessVector> kept = new ArrayList<>(typeRules.size());
            List<Fact> cut = new ArrayList<>();
            for (AccessVector v : typeRules) {
                List<String> allowed = null;
                for (int i = 0; i < v.permissions().size(); i++) {
                    String p = v.permissions().get(i);
                    if (!mls.get().allows(v.source(), v.target(), v.securityClass(), p)) {
                        if (allowed == null) {
                            allowed = new ArrayList<>(v.permissions().subList(0, i));
                        }
                        cut.add(v.fact(p));
                    } else if (allowed != null) {
                        allowed.add(p);
                    }
                }
                if (allowed == null) {
                    kept.add(v);
                } else if (!allowed.isEmpty()) {
                    kept.add(new AccessVector(v.source(), v.target(), v.securityClass(), List.copyOf(allowed),
                            v.origin()));
                }
            }
            this.vectors = List.copyOf(kept);
            this.cutByMls = List.copyOf(cut);
        }
    }

    /** The reading of a multi-level policy's levels; empty for one without. */
    public java.util.Optional<MlsReading> mls() {
        return mls;
    }

    /** What the type rules grant, before a multi-level policy's constraints: what the binary's avtab holds. */
    public List<AccessVector> typeRuleVectors() {
        return typeRules;
    }

    private PolicyFacts ofTypeRules;

    /** The same policy's facts before a multi-level policy's constraints (this one when it has none). */
    public synchronized PolicyFacts typeRules() {
        if (mls.isEmpty()) {
            return this;
        }
        if (ofTypeRules == null) {
            ofTypeRules = new PolicyFacts(model, catalogue, principals, typeRules, switchDefaults);
        }
        return ofTypeRules;
    }

    /** The accesses the type rules grant but Bell-LaPadula denies, in vector order. */
    public List<Fact> cutByMls() {
        return cutByMls;
    }

    /** The same over single facts (a decoded binary's, say). */
    public static PolicyFacts ofFacts(PolicyModel model, XenCatalogue catalogue, Principals principals,
            List<Fact> facts, Map<String, Boolean> switchDefaults) {
        return new PolicyFacts(model, catalogue, principals, facts.stream().map(AccessVector::of).toList(),
                switchDefaults);
    }

    public PolicyModel model() {
        return model;
    }

    public XenCatalogue catalogue() {
        return catalogue;
    }

    public Principals principals() {
        return principals;
    }

    public Map<String, Boolean> switchDefaults() {
        return switchDefaults;
    }

    /** Every access vector the policy allows (after a multi-level policy's constraints), in statement order. */
    public List<AccessVector> vectors() {
        return vectors;
    }

    /** Every allowed access, one fact per (source, target, class, permission) and statement, in vector order. */
    public synchronized List<Fact> facts() {
        if (facts == null) {
            facts = Collections.unmodifiableList(factsOf((cls, perm) -> true));
        }
        return facts;
    }

    /**
     * The facts of the permissions {@code wanted} keeps, as {@link #facts()} has them, without spelling out
     * the rest: the checks that look for a few permissions (escalation, resource control) ask for just those.
     */
    public List<Fact> factsOf(BiPredicate<String, String> wanted) {
        return factsOf(wanted, v -> true);
    }

    /** The same, of the vectors {@code among} keeps (say, those whose source is not the control domain). */
    public List<Fact> factsOf(BiPredicate<String, String> wanted, java.util.function.Predicate<AccessVector> among) {
        Lists lists = lists();
        // the question is put once per distinct permission list, not once per vector
        List<List<String>> kept = new ArrayList<>(lists.perms.size());
        for (int i = 0; i < lists.perms.size(); i++) {
            String cls = lists.classes.get(i);
            List<String> some = null;
            for (String p : lists.perms.get(i)) {
                if (wanted.test(cls, p)) {
                    if (some == null) {
                        some = new ArrayList<>();
                    }
                    some.add(p);
                }
            }
            kept.add(some == null ? List.of() : some);
        }
        Map<Origin, Set<Access>> seenByOrigin = new HashMap<>();
        Origin lastOrigin = null;
        Set<Access> seen = null;
        List<Fact> out = new ArrayList<>();
        for (int i = 0; i < vectors.size(); i++) {
            List<String> perms = kept.get(lists.ids[i]);
            if (perms.isEmpty()) {
                continue;
            }
            AccessVector v = vectors.get(i);
            if (!among.test(v)) {
                continue;
            }
            // one fact per tuple and statement: the same statement granting twice says nothing new
            if (v.origin() != lastOrigin) {
                lastOrigin = v.origin();
                seen = seenByOrigin.computeIfAbsent(v.origin(), o -> new HashSet<>());
            }
            for (String p : perms) {
                if (seen.add(new Access(v.source(), v.target(), v.securityClass(), p))) {
                    out.add(v.fact(p));
                }
            }
        }
        return out;
    }

    /** The distinct (class, permission list) pairs of the vectors, and which one each vector has. */
    private record Lists(int[] ids, List<String> classes, List<List<String>> perms) {
    }

    private Lists lists;

    private synchronized Lists lists() {
        if (lists == null) {
            int[] ids = new int[vectors.size()];
            List<String> classes = new ArrayList<>();
            List<List<String>> perms = new ArrayList<>();
            // by class, then by the list itself: a grant's list is shared by all its vectors
            Map<String, Map<List<String>, Integer>> known = new HashMap<>();
            for (int i = 0; i < ids.length; i++) {
                AccessVector v = vectors.get(i);
                Map<List<String>, Integer> ofClass = known.computeIfAbsent(v.securityClass(), k -> new IdentityHashMap<>());
                Integer id = ofClass.get(v.permissions());
                if (id == null) {
                    id = perms.size();
                    ofClass.put(v.permissions(), id);
                    classes.add(v.securityClass());
                    perms.add(v.permissions());
                }
                ids[i] = id;
            }
            lists = new Lists(ids, classes, perms);
        }
        return lists;
    }

    /** A fact without its origin. */
    private record Access(Label source, Label target, String securityClass, String permission) {
    }

    /** Whether a fact holds when every switch has its default value. */
    public boolean activeByDefault(Fact f) {
        return f.origin().activeByDefault(s -> switchDefaults.getOrDefault(s, false));
    }

    /** Whether a fact holds under a setting of the switches (switches it does not name: default). */
    public boolean active(Fact f, Map<String, Boolean> setting) {
        return f.origin().activeByDefault(s -> setting.getOrDefault(s, switchDefaults.getOrDefault(s, false)));
    }
}
