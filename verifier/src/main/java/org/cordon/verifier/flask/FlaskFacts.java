package org.cordon.verifier.flask;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.cordon.model.SourcePos;
import org.cordon.verifier.facts.Condition;
import org.cordon.verifier.facts.Fact;
import org.cordon.verifier.facts.Label;
import org.cordon.verifier.facts.Origin;
import org.cordon.xsm.flask.conf.AllowOrigin;
import org.cordon.xsm.flask.model.AvEntry;
import org.cordon.xsm.flask.model.BoolDef;
import org.cordon.xsm.flask.model.ClassDef;
import org.cordon.xsm.flask.model.CommonDef;
import org.cordon.xsm.flask.model.CondExpr;
import org.cordon.xsm.flask.model.CondNode;
import org.cordon.xsm.flask.model.FlaskPolicy;
import org.cordon.xsm.flask.model.PermDef;
import org.cordon.xsm.flask.model.TypeDef;

/**
 * A FLASK policy Cordon did not write, read as the verifier's facts: every (source type, target
 * type, class, permission) the kernel policy allows, attributes expanded to their member types, each
 * conditional entry guarded by its block's boolean expression (the false branch by its negation).
 * A type is a label of its own; the statement behind a fact is the access-vector entry, as
 * {@code sesearch} would print it, at the policy file. The single facts are spelt out when first asked for:
 * translation validation compares the entries themselves ({@link #forEachEntry}) and needs them only to name a
 * difference.
 */
public final class FlaskFacts {

    /** A type_transition, attributes expanded: objects of {@code cls} that {@code source} makes for {@code target} get {@code newType}. */
    public record TypeTransition(String source, String target, String cls, String newType) {
    }

    /**
     * An allow entry's types (attributes expanded) by their numbers in {@link #typeNames}, class, permission bits (bit
     * i: value i + 1) and guard.
     */
    @FunctionalInterface
    public interface EntryVisitor {
        void entry(int[] sources, int[] targets, String securityClass, int permissions, Optional<Condition> guard);
    }

    private final String file;
    private final FlaskPolicy policy;
    private final Map<String, Boolean> booleans;
    private final Map<String, Set<String>> attributes;
    private final List<String> types;
    private final List<TypeTransition> transitions;
    /** The types each type or attribute value stands for. */
    private final Map<Integer, List<String>> members;
    private final List<AllowOrigin> origins;
    private List<Fact> facts;

    private FlaskFacts(String file, FlaskPolicy policy, Map<String, Boolean> booleans,
            Map<String, Set<String>> attributes, List<String> types, List<TypeTransition> transitions,
            Map<Integer, List<String>> members, List<AllowOrigin> origins) {
        this.file = file;
        this.policy = policy;
        this.booleans = Map.copyOf(booleans);
        this.attributes = Map.copyOf(attributes);
        this.types = List.copyOf(types);
        this.transitions = List.copyOf(transitions);
        this.members = members;
        this.origins = List.copyOf(origins);
    }

    public String file() {
        return file;
    }

    public FlaskPolicy policy() {
        return policy;
    }

    public Map<String, Boolean> booleans() {
        return booleans;
    }

    public Map<String, Set<String>> attributes() {
        return attributes;
    }

    public List<String> types() {
        return types;
    }

    public List<TypeTransition> transitions() {
        return transitions;
    }

    /** Every allowed (source type, target type, class, permission), decoded when first asked for. */
    public synchronized List<Fact> facts() {
        if (facts == null) {
            Map<String, List<AllowOrigin>> byEntry = new java.util.HashMap<>();
            for (AllowOrigin o : origins) {
                byEntry.computeIfAbsent(key(o.source(), o.target(), o.tclass(), o.conditional()),
                        k -> new ArrayList<>()).add(o);
            }
            List<Fact> out = new ArrayList<>();
            Decoder d = new Decoder(policy, members, new SourcePos(file, 0, 0, 0, 0), out, byEntry);
            forEachAllowed(d::entry);
            facts = List.copyOf(out);
        }
        return facts;
    }

    /**
     * Each allow entry with permissions: the unconditional ones, then each conditional's true and false lists. Its
     * types come as numbers, so that a reader of every pair of every entry (translation validation) looks each type
     * up once, not once a pair.
     */
    public void forEachEntry(EntryVisitor visitor) {
        int[][] byValue = memberNumbers();
        forEachAllowed((e, guard) -> visitor.entry(numbers(byValue, e.source()), numbers(byValue, e.target()),
                policy.clazz(e.tclass()).name(), e.data(), guard));
    }

    private static final int[] NONE = new int[0];

    private static int[] numbers(int[][] byValue, int value) {
        return value >= 0 && value < byValue.length ? byValue[value] : NONE;
    }

    /** The types {@link #forEachEntry} names, by the numbers it gives them (from 0). */
    public List<String> typeNames() {
        memberNumbers();
        return memberNames;
    }

    /** The member types of each type or attribute value, by number; made once. */
    private int[][] memberNumbers;
    private List<String> memberNames;

    private synchronized int[][] memberNumbers() {
        if (memberNumbers == null) {
            Map<String, Integer> number = new java.util.HashMap<>();
            List<String> names = new ArrayList<>();
            int values = members.keySet().stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
            // by value, from 1: the binary reader refuses any other, and the encoder numbers types so
            int[][] byValue = new int[values][0];
            members.forEach((value, types) -> {
                int[] numbers = new int[types.size()];
                for (int i = 0; i < numbers.length; i++) {
                    String type = types.get(i);
                    Integer n = number.get(type);
                    if (n == null) {
                        n = names.size();
                        number.put(type, n);
                        names.add(type);
                    }
                    numbers[i] = n;
                }
                byValue[value] = numbers;
            });
            memberNames = List.copyOf(names);
            memberNumbers = byValue;
        }
        return memberNumbers;
    }

    /** A class's permission names by bit (bit i: value i + 1), null where the class has none; all null for no such class. */
    public String[] permissionNames(String securityClass) {
        for (ClassDef c : policy.classes()) {
            if (c.name().equals(securityClass)) {
                return permissionNames(policy, c);
            }
        }
        return new String[32];
    }

    private void forEachAllowed(java.util.function.BiConsumer<AvEntry, Optional<Condition>> action) {
        for (AvEntry e : policy.avtab()) {
            if (e.kind() == AvEntry.ALLOWED && e.data() != 0) {
                action.accept(e, Optional.empty());
            }
        }
        for (CondNode c : policy.conditionals()) {
            Optional<Condition> guard = Optional.of(condition(policy, c.expr()));
            Optional<Condition> otherwise = Optional.of(new Condition.Not(guard.get()));
            for (AvEntry e : c.trueList()) {
                if (e.kind() == AvEntry.ALLOWED && e.data() != 0) {
                    action.accept(e, guard);
                }
            }
            for (AvEntry e : c.falseList()) {
                if (e.kind() == AvEntry.ALLOWED && e.data() != 0) {
                    action.accept(e, otherwise);
                }
            }
        }
    }

    /** The label a type stands for. */
    public static Label label(String type) {
        return new Label(type, Label.Kind.DOMAIN, Label.Facet.MAIN);
    }

    /** Decodes the allow entries of a kernel policy; {@code file} names it in every fact's origin. */
    public static FlaskFacts of(String file, FlaskPolicy p) {
        return of(file, p, List.of());
    }

    /**
     * Like {@link #of(String, FlaskPolicy)} for a policy compiled from policy.conf with the origins of
     * its allow entries: each fact is positioned at the first rule that granted its permission.
     */
    public static FlaskFacts of(String file, FlaskPolicy p, List<AllowOrigin> origins) {
        Map<Integer, List<String>> members = new LinkedHashMap<>();
        Map<String, Set<String>> attributes = new TreeMap<>();
        // each attribute's members by its value (a type's value is its place in the list): not looked up by name in
        // the tree for every type of every attribute
        List<Set<String>> ofAttribute = new ArrayList<>(p.types().size());
        List<String> types = new ArrayList<>();
        for (TypeDef t : p.types()) {
            Set<String> named = null;
            if (t.attribute()) {
                named = new LinkedHashSet<>();
                attributes.put(t.name(), named);
            } else {
                types.add(t.name());
            }
            ofAttribute.add(named);
        }
        for (TypeDef t : p.types()) {
            if (t.attribute()) {
                continue;
            }
            members.computeIfAbsent(t.value(), k -> new ArrayList<>()).add(t.name());
            if (t.value() - 1 < p.typeAttrMap().size()) {
                p.typeAttrMap().get(t.value() - 1).stream().forEach(bit -> {
                    TypeDef a = p.type(bit + 1);
                    if (a.attribute()) {
                        members.computeIfAbsent(a.value(), k -> new ArrayList<>()).add(t.name());
                        ofAttribute.get(bit).add(t.name());
                    }
                });
            }
        }
        Map<String, Boolean> booleans = new TreeMap<>();
        p.bools().forEach(b -> booleans.put(b.name(), b.state()));
        List<TypeTransition> transitions = new ArrayList<>();
        for (AvEntry e : p.avtab()) {
            if (e.kind() == AvEntry.TRANSITION) {
                for (String s : members.getOrDefault(e.source(), List.of())) {
                    for (String t : members.getOrDefault(e.target(), List.of())) {
                        transitions.add(new TypeTransition(s, t, p.clazz(e.tclass()).name(), p.type(e.data()).name()));
                    }
                }
            }
        }
        return new FlaskFacts(file, p, booleans, attributes, types, transitions, members, origins);
    }

    /** The types a type or attribute name stands for (itself for a type), or empty if the policy has no such name. */
    public Set<String> typesOf(String name) {
        if (attributes.containsKey(name)) {
            return attributes.get(name);
        }
        return types.contains(name) ? Set.of(name) : Set.of();
    }

    /** A FLASK conditional expression (postfix) as a condition over the booleans. */
    static Condition condition(FlaskPolicy p, List<CondExpr> postfix) {
        Deque<Condition> stack = new ArrayDeque<>();
        for (CondExpr e : postfix) {
            switch (e.type()) {
                case CondExpr.BOOL -> stack.push(new Condition.Switch(p.bool(e.bool()).name()));
                case CondExpr.NOT -> stack.push(new Condition.Not(stack.pop()));
                default -> {
                    Condition right = stack.pop();
                    Condition left = stack.pop();
                    String op = switch (e.type()) {
                        case CondExpr.OR -> "||";
                        case CondExpr.AND -> "&&";
                        case CondExpr.XOR -> "^";
                        case CondExpr.EQ -> "==";
                        case CondExpr.NEQ -> "!=";
                        default -> throw new IllegalArgumentException("conditional operator " + e.type());
                    };
                    stack.push(new Condition.Binary(op, left, right));
                }
            }
        }
        return stack.pop();
    }

    /** Turns access-vector entries into facts. */
    private static final class Decoder {
        private final FlaskPolicy p;
        private final Map<Integer, List<String>> members;
        private final SourcePos at;
        private final List<Fact> out;
        private final Map<Integer, String[]> permNames = new LinkedHashMap<>();
        private final Map<String, List<AllowOrigin>> origins;

        Decoder(FlaskPolicy p, Map<Integer, List<String>> members, SourcePos at, List<Fact> out,
                Map<String, List<AllowOrigin>> origins) {
            this.p = p;
            this.members = members;
            this.at = at;
            this.out = out;
            this.origins = origins;
        }

        /** The first traced rule granting {@code bit} of the entry, else the policy file itself. */
        private SourcePos position(AvEntry e, int bit, boolean conditional) {
            for (AllowOrigin o : origins.getOrDefault(key(e.source(), e.target(), e.tclass(), conditional), List.of())) {
                if ((o.perms() >>> bit & 1) == 1) {
                    return new SourcePos(o.file(), o.line(), o.column(), 0, 0);
                }
            }
            return at;
        }

        void entry(AvEntry e, Optional<Condition> guard) {
            if (e.kind() != AvEntry.ALLOWED || e.data() == 0) {
                return;
            }
            ClassDef c = p.clazz(e.tclass());
            String[] perms = permNames.computeIfAbsent(e.tclass(), k -> permissionNames(p, c));
            String source = p.type(e.source()).name();
            String target = p.type(e.target()).name();
            for (int bit = 0; bit < 32; bit++) {
                if ((e.data() >>> bit & 1) == 0) {
                    continue;
                }
                String perm = bit < perms.length && perms[bit] != null ? perms[bit] : "0x" + Integer.toHexString(1 << bit);
                Origin o = new Origin(Origin.Kind.RULE, "allow " + source + " " + target + ":" + c.name() + " " + perm
                        + ";", position(e, bit, guard.isPresent()), guard);
                for (String s : members.getOrDefault(e.source(), List.of())) {
                    for (String t : members.getOrDefault(e.target(), List.of())) {
                        out.add(new Fact(label(s), label(t), c.name(), perm, o));
                    }
                }
            }
        }
    }

    /** A class's permission names by bit (common's first), null where no permission has that bit. */
    static String[] permissionNames(FlaskPolicy p, ClassDef c) {
        String[] names = new String[32];
        if (c.common() != null) {
            for (CommonDef cd : p.commons()) {
                if (cd.name().equals(c.common())) {
                    cd.perms().forEach(pd -> put(names, pd));
                }
            }
        }
        c.perms().forEach(pd -> put(names, pd));
        return names;
    }

    private static void put(String[] names, PermDef pd) {
        if (pd.value() >= 1 && pd.value() <= 32) {
            names[pd.value() - 1] = pd.name();
        }
    }

    private static String key(int source, int target, int tclass, boolean conditional) {
        return source + "|" + target + "|" + tclass + "|" + conditional;
    }

    /** The booleans' names in policy order. */
    public List<String> booleanNames() {
        return policy.bools().stream().map(BoolDef::name).toList();
    }
}
