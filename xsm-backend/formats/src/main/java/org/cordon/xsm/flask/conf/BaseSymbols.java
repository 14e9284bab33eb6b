package org.cordon.xsm.flask.conf;

import java.util.ArrayList;
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
        final BitSet types = new BitSet(); // attribute members (base values - 1)
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

    /** checkpolicy's type_set: types, negated types and the * / ~ flag. */
    static final class TypeSet {
        /**
         * The types named, made when first read: a bit set is as wide as its highest type's number, and most sets
         * name a single type, so one for each side of each rule grew with rules times types.
         */
        private BitSet types;
        private int first = -1;
        private int named;
        final BitSet negset = new BitSet();
        int flags; // 1 = *, 2 = ~

        void add(int type) {
            if (named++ == 0) {
                first = type;
            } else {
                types().set(type);
            }
        }

        BitSet types() {
            if (types == null) {
                types = new BitSet();
                if (named > 0) {
                    types.set(first);
                }
            }
            return types;
        }

        /** The one type the set names when it names one, with no *, ~ or -: its number (base value - 1); else -1. */
        int onlyType() {
            return named == 1 && flags == 0 && negset.isEmpty() ? first : -1;
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
