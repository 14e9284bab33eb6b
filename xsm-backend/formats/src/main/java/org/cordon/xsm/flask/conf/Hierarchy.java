package org.cordon.xsm.flask.conf;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.cordon.xsm.flask.model.*;

/**
 * libsepol's hierarchy step after expansion: dotted names get implicit bounds ("a.b" is bounded by "a", an
 * orphan is an error), then users, roles and types must stay within their bounds (a bounded type may only be
 * allowed what its parent is allowed).
 */
final class Hierarchy {
    private Hierarchy() { }

    /** Returns the policy with implicit bounds added, or throws with a message on a violation. */
    static FlaskPolicy apply(FlaskPolicy p) {
        List<String> errors = new ArrayList<>();
        Map<String, Integer> userIdx = new HashMap<>(), roleIdx = new HashMap<>(), typeIdx = new HashMap<>();
        for (UserDef u : p.users()) userIdx.put(u.name(), u.value());
        for (RoleDef r : p.roles()) roleIdx.put(r.name(), r.value());
        for (TypeDef t : p.types()) typeIdx.put(t.name(), t.value());
        for (TypeAlias a : p.aliases()) typeIdx.put(a.name(), a.value());

        List<UserDef> users = new ArrayList<>();
        for (UserDef u : p.users()) {
            int b = u.bounds() != 0 ? u.bounds() : parent(u.name(), userIdx, errors);
            users.add(new UserDef(u.name(), u.value(), b, u.roles(), u.range(), u.defaultLevel()));
        }
        List<RoleDef> roles = new ArrayList<>();
        for (RoleDef r : p.roles()) {
            int b = r.bounds() != 0 ? r.bounds() : parent(r.name(), roleIdx, errors);
            roles.add(new RoleDef(r.name(), r.value(), b, r.dominates(), r.types()));
        }
        List<TypeDef> types = new ArrayList<>();
        for (TypeDef t : p.types()) {
            int b = t.bounds() != 0 ? t.bounds() : parent(t.name(), typeIdx, errors);
            types.add(new TypeDef(t.name(), t.value(), t.attribute(), b));
        }
        List<TypeAlias> aliases = new ArrayList<>();
        for (TypeAlias a : p.aliases()) {
            // the alias entry is looked up through its value, i.e. by its primary's name
            int b = a.bounds() != 0 ? a.bounds() : parent(p.type(a.value()).name(), typeIdx, new ArrayList<>());
            aliases.add(new TypeAlias(a.name(), a.value(), b));
        }
        if (!errors.isEmpty()) throw new IllegalArgumentException(String.join("; ", errors));

        for (UserDef u : users) {
            if (u.bounds() == 0) continue;
            BitSet child = u.roles().toBitSet();
            child.andNot(users.get(u.bounds() - 1).roles().toBitSet());
            if (!child.isEmpty()) errors.add("user bounds violation, " + u.name() + " exceeds " + users.get(u.bounds() - 1).name());
        }
        for (RoleDef r : roles) {
            if (r.bounds() == 0) continue;
            BitSet child = r.types().toBitSet();
            child.andNot(roles.get(r.bounds() - 1).types().toBitSet());
            if (!child.isEmpty()) errors.add("role bounds violation, " + r.name() + " exceeds " + roles.get(r.bounds() - 1).name());
        }
        FlaskPolicy q = new FlaskPolicy(p.target(), p.mls(), p.handleUnknown(), p.policyCaps(), p.permissiveTypes(),
                p.commons(), p.classes(), roles, types, aliases, users, p.bools(), p.sensitivities(), p.categories(),
                p.avtab(), p.conditionals(), p.roleTransitions(), p.roleAllows(), p.initialSids(), p.pirqs(),
                p.ioports(), p.iomems(), p.pciDevices(), p.deviceTrees(), p.typeAttrMap(), p.rangeTransitions());
        // the map has a bit set per type as wide as its number: made only when some type has a bound to check
        if (types.stream().anyMatch(t -> t.bounds() != 0) || aliases.stream().anyMatch(a -> a.bounds() != 0)) {
            List<BitSet> attrTypes = attrTypeMap(q);
            for (TypeDef t : types) if (t.bounds() != 0) checkType(q, attrTypes, t.value(), t.bounds(), errors);
            for (TypeAlias a : aliases) if (a.bounds() != 0) checkType(q, attrTypes, a.value(), a.bounds(), errors);
        }
        if (!errors.isEmpty()) throw new IllegalArgumentException(String.join("; ", errors));
        return q;
    }

    private static int parent(String name, Map<String, Integer> idx, List<String> errors) {
        int dot = name.lastIndexOf('.');
        if (dot < 0) return 0;
        String parent = name.substring(0, dot);
        Integer v = idx.get(parent);
        if (v == null) {
            errors.add(parent + " doesn't exist, " + name + " is an orphan");
            return 0;
        }
        return v;
    }

    /** libsepol attr_type_map: an attribute's member types, a type itself, nothing for expanded attributes. */
    private static List<BitSet> attrTypeMap(FlaskPolicy p) {
        int n = p.types().size();
        List<BitSet> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(new BitSet());
        for (int i = 0; i < n; i++) {
            if (!p.types().get(i).attribute()) out.get(i).set(i);
            else continue;
            for (int a : p.typeAttrMap().get(i).toArray()) if (a != i) out.get(a).set(i);
        }
        return out;
    }

    private record Key(int s, int t, int c) { }

    private static void add(Map<Key, Integer> tab, Key k, int data) { tab.merge(k, data, (a, b) -> a | b); }

    private static void expandParent(List<BitSet> atm, int parent, AvEntry e, Map<Key, Integer> tab,
                                     Map<Key, Integer> global, Map<Key, Integer> other) {
        if (!atm.get(e.source() - 1).get(parent - 1)) return;
        atm.get(e.target() - 1).stream().forEach(i -> {
            Key k = new Key(parent, i + 1, e.tclass());
            add(tab, k, e.data());
            if (other != null && other.containsKey(k)) {
                int common = other.get(k) & e.data();
                if (common != 0) add(global, k, common);
            }
        });
    }

    private static void checkType(FlaskPolicy p, List<BitSet> atm, int child, int parent, List<String> errors) {
        Map<Key, Integer> global = new HashMap<>();
        for (AvEntry e : p.avtab()) if ((e.kind() & AvEntry.ALLOWED) != 0) expandParent(atm, parent, e, global, null, null);
        List<Map<Key, Integer>[]> condTabs = new ArrayList<>();
        for (CondNode c : p.conditionals()) {
            @SuppressWarnings("unchecked")
            Map<Key, Integer>[] tabs = new Map[] {new HashMap<>(), new HashMap<>()};
            for (AvEntry e : c.trueList()) expandParent(atm, parent, e, tabs[0], null, null);
            for (AvEntry e : c.falseList()) expandParent(atm, parent, e, tabs[1], global, tabs[0]);
            condTabs.add(tabs);
        }
        int bad = 0;
        for (AvEntry e : p.avtab()) if ((e.kind() & AvEntry.ALLOWED) != 0) bad += checkRule(p, atm, child, parent, e, global, null);
        for (int i = 0; i < p.conditionals().size(); i++) {
            CondNode c = p.conditionals().get(i);
            for (AvEntry e : c.trueList()) if ((e.kind() & AvEntry.ALLOWED) != 0) bad += checkRule(p, atm, child, parent, e, condTabs.get(i)[0], global);
            for (AvEntry e : c.falseList()) if ((e.kind() & AvEntry.ALLOWED) != 0) bad += checkRule(p, atm, child, parent, e, condTabs.get(i)[1], global);
        }
        if (bad > 0) {
            errors.add("child type " + p.type(child).name() + " exceeds bounds of parent " + p.type(parent).name()
                    + " in " + bad + " rule(s)");
        }
    }

    private static int checkRule(FlaskPolicy p, List<BitSet> atm, int child, int parent, AvEntry e,
                                 Map<Key, Integer> cur, Map<Key, Integer> global) {
        if (!atm.get(e.source() - 1).get(child - 1)) return 0;
        int[] bad = {0};
        atm.get(e.target() - 1).stream().forEach(i -> {
            TypeDef td = p.types().get(i);
            int target = td.bounds() != 0 ? td.bounds() : i + 1;
            Key k = new Key(parent, target, e.tclass());
            int d = e.data() & ~cur.getOrDefault(k, 0);
            if (global != null && d != 0) d &= ~global.getOrDefault(k, 0);
            if (d != 0) bad[0]++;
        });
        return bad[0];
    }
}
