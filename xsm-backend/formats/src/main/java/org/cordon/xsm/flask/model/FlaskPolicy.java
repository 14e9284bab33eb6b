package org.cordon.xsm.flask.model;

import java.util.List;

/**
 * A kernel (expanded) FLASK policy database, as the hypervisor loads it. Symbol lists are ordered by value;
 * {@code avtab} is in creation order (the writer derives the hash order); conditional lists, constraints,
 * role rules and object contexts are in the order the binary stores them. {@code types} holds types and
 * attributes; {@code typeAttrMap.get(v-1)} is the set of type/attribute bits for type value v. Range
 * transitions are in any order (the writer derives libsepol's hash order).
 */
public record FlaskPolicy(
        String target, boolean mls, int handleUnknown, Ebitmap policyCaps, Ebitmap permissiveTypes,
        List<CommonDef> commons, List<ClassDef> classes, List<RoleDef> roles, List<TypeDef> types,
        List<TypeAlias> aliases, List<UserDef> users, List<BoolDef> bools, List<SensDef> sensitivities,
        List<CatDef> categories, List<AvEntry> avtab, List<CondNode> conditionals, List<RoleTrans> roleTransitions,
        List<RoleAllow> roleAllows, List<InitialSid> initialSids, List<Ocontext.Pirq> pirqs,
        List<Ocontext.IoPort> ioports, List<Ocontext.IoMem> iomems, List<Ocontext.PciDevice> pciDevices,
        List<Ocontext.DeviceTree> deviceTrees, List<Ebitmap> typeAttrMap, List<RangeTrans> rangeTransitions) {

    public static final String TARGET_XEN = "XenFlask";
    public static final String TARGET_XEN_OLD = "SE Linux";
    public static final int HANDLE_DENY = 0, HANDLE_REJECT = 2, HANDLE_ALLOW = 4;

    public FlaskPolicy {
        commons = List.copyOf(commons); classes = List.copyOf(classes); roles = List.copyOf(roles);
        types = List.copyOf(types); aliases = List.copyOf(aliases); users = List.copyOf(users);
        bools = List.copyOf(bools); sensitivities = List.copyOf(sensitivities); categories = List.copyOf(categories);
        avtab = avtab instanceof PackedAvtab ? avtab : List.copyOf(avtab); // a packed table is immutable already
        conditionals = List.copyOf(conditionals);
        roleTransitions = List.copyOf(roleTransitions); roleAllows = List.copyOf(roleAllows);
        initialSids = List.copyOf(initialSids); pirqs = List.copyOf(pirqs); ioports = List.copyOf(ioports);
        iomems = List.copyOf(iomems); pciDevices = List.copyOf(pciDevices); deviceTrees = List.copyOf(deviceTrees);
        typeAttrMap = List.copyOf(typeAttrMap);
        rangeTransitions = List.copyOf(rangeTransitions);
    }

    /** Same policy with another handle-unknown setting (checkpolicy's -U). */
    public FlaskPolicy withHandleUnknown(int hu) {
        return new FlaskPolicy(target, mls, hu, policyCaps, permissiveTypes, commons, classes, roles, types, aliases,
                users, bools, sensitivities, categories, avtab, conditionals, roleTransitions, roleAllows, initialSids,
                pirqs, ioports, iomems, pciDevices, deviceTrees, typeAttrMap, rangeTransitions);
    }

    public TypeDef type(int value) { return types.get(value - 1); }
    public ClassDef clazz(int value) { return classes.get(value - 1); }
    public RoleDef role(int value) { return roles.get(value - 1); }
    public UserDef user(int value) { return users.get(value - 1); }
    public BoolDef bool(int value) { return bools.get(value - 1); }
}
