package org.cordon.xsm.flask.conf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The declarations of a policy.conf with checkpolicy's "base" numbering (declaration order), before
 * expansion renumbers types, roles, users and booleans in hash-table order.
 */
final class BaseSymbols {
    static final class Common {
        final String name; final int value; final Map<String, Integer> perms = new LinkedHashMap<>();
        Common(String name, int value) { this.name = name; this.value = value; }
    }

    static final class Clazz {
        final String name; final int value; Common common; boolean defined;
        final Map<String, Integer> perms = new LinkedHashMap<>();
        int nprim;
        final List<ConstraintBase> constraints = new ArrayList<>(); // newest first
        final List<ConstraintBase> validatetrans = new ArrayList<>();
        int defaultUser, defaultRole, defaultRange, defaultType;
        Clazz(String name, int value) { this.name = name; this.value = value; }
        Integer perm(String p) {
            Integer v = perms.get(p);
            if (v == null && common != null) v = common.perms.get(p);
            return v;
        }
    }

    /** A constraint expression node with base numbering. */
    record CExprBase(int exprType, int attr, int op, BitSet names, TypeSet types) { }
    record ConstraintBase(int permissions, List<CExprBase> expr) { }

    static final class Type {
        final String name; final int value; final boolean attribute;
        final TypeList members = new TypeList(); // attribute members (base values - 1)
        int bounds; boolean permissive; boolean expandTrue;
        Type(String name, int value, boolean attribute) { this.name = name; this.value = value; this.attribute = attribute; }
    }

    static final class Role {
        final String name; final int value; final BitSet dominates = new BitSet(); int bounds;
        final TypeSet types = new TypeSet();
        Role(String name, int value) { this.name = name; this.value = value; dominates.set(value - 1); }
    }

    static final class User {
        final String name; final int value; final BitSet roles = new BitSet(); int roleFlags; int bounds;
        Ast.Range range; Ast.Level level; Ast.Pos pos;
        User(String name, int value) { this.name = name; this.value = value; }
    }

    static final class Bool {
        final String name; final int value; final boolean state; boolean tunable;
        Bool(String name, int value, boolean state) { this.name = name; this.value = value; this.state = state; }
    }

    static final class Sens {
        final String name; final boolean alias; Sens primary; int order; final BitSet cats = new BitSet();
        Sens(String name, boolean alias) { this.name = name; this.alias = alias; }
    }

    static final class Cat {
        final String name; final int value; final boolean alias;
        Cat(String name, int value, boolean alias) { this.name = name; this.value = value; this.alias = alias; }
    }

    /**
     * Type numbers added one by one, repeats kept, read as they came or as a bit set made when first asked. A bit set
     * is as wide as its highest type's number: one for each side of each rule, and one for each of thousands of
     * attributes grown as their members came, was two fifths of what the encoding of a large policy allocated.
     */
    static final class TypeList {
        private int[] types = new int[1];
        private int size;
        private BitSet bits;

        void add(int type) {
            if (size == types.length) {
                types = Arrays.copyOf(types, 2 * size);
            }
            types[size++] = type;
            bits = null;
        }

        BitSet bits() {
            if (bits == null) {
                bits = new BitSet();
                for (int i = 0; i < size; i++) {
                    bits.set(types[i]);
                }
            }
            return bits;
        }

        /** Each type through {@code map} (to a value from 1), less one, ascending and once each. */
        int[] mapped(int[] map) {
            int[] out = new int[size];
            for (int i = 0; i < size; i++) {
                out[i] = map[types[i]] - 1;
            }
            Arrays.sort(out);
            int distinct = 0;
            for (int i = 0; i < out.length; i++) {
                if (i == 0 || out[i] != out[i - 1]) {
                    out[distinct++] = out[i];
                }
            }
            return distinct == out.length ? out : Arrays.copyOf(out, distinct);
        }
    }

    /** checkpolicy's type_set: types, negated types and the * / ~ flag. */
    static final class TypeSet {
        /** The types named, in the order named. */
        final TypeList named = new TypeList();
        final BitSet negset = new BitSet();
        int flags; // 1 = *, 2 = ~

        void add(int type) {
            named.add(type);
        }

        BitSet types() {
            return named.bits();
        }
    }

    final Map<String, Integer> sids = new LinkedHashMap<>();
    final Map<String, Common> commons = new LinkedHashMap<>();
    final Map<String, Clazz> classes = new LinkedHashMap<>();
    final List<Clazz> classList = new ArrayList<>();
    /** Types and attributes by name; aliases map to their primary. */
    final Map<String, Type> types = new HashMap<>();
    final List<Type> typeList = new ArrayList<>();
    final Map<String, Type> aliases = new LinkedHashMap<>();
    final Map<String, Role> roles = new LinkedHashMap<>();
    final List<Role> roleList = new ArrayList<>();
    final Map<String, User> users = new LinkedHashMap<>();
    final Map<String, Bool> bools = new LinkedHashMap<>();
    final List<Bool> boolList = new ArrayList<>();
    final Map<String, Sens> sens = new LinkedHashMap<>();
    final Map<String, Cat> cats = new LinkedHashMap<>();
    final List<Cat> catList = new ArrayList<>();

    BaseSymbols() {
        Role objectR = new Role("object_r", 1);
        objectR.dominates.clear();
        roles.put("object_r", objectR);
        roleList.add(objectR);
    }

    Type lookupType(String name) {
        Type t = types.get(name);
        return t != null ? t : aliases.get(name);
    }
}
