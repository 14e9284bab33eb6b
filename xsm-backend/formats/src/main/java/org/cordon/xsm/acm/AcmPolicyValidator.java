package org.cordon.xsm.acm;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The rules the ACM compilers impose beyond the schema (acm.md §1.2). Messages keep the original tools'
 * wording where one exists (e.g. "Type >HR< defined more than once") so they can be compared with them.
 * Python-only rules hold for both numberings; {@link Numbering#DOCUMENT} adds xml2bin's refusal of empty
 * type names.
 */
public final class AcmPolicyValidator {

    private final AcmPolicy p;
    private final SourcePositions pos;
    private final Numbering numbering;
    private final List<AcmProblem> problems = new ArrayList<>();

    private AcmPolicyValidator(AcmPolicy p, SourcePositions pos, Numbering numbering) {
        this.p = p;
        this.pos = pos == null ? SourcePositions.NONE : pos;
        this.numbering = numbering;
    }

    public static List<AcmProblem> validate(AcmPolicy policy, SourcePositions positions, Numbering numbering) {
        AcmPolicyValidator v = new AcmPolicyValidator(policy, positions, numbering);
        v.run();
        return List.copyOf(v.problems);
    }

    /** Throws {@link AcmXmlException} listing every problem, if there is any. */
    public static void check(AcmDocument doc, String source, Numbering numbering) {
        List<AcmProblem> found = validate(doc.policy(), doc.positions(), numbering);
        if (!found.isEmpty()) {
            throw new AcmXmlException(source, found);
        }
    }

    private void run() {
        header();
        universe(p.steTypes(), "ste.type", "STE");
        universe(p.chwallTypes(), "chwall.type", "CHWALL");
        conflictSets();
        vmLabels();
        resourceLabels();
    }

    private void header() {
        String name = p.name();
        if (name.isEmpty()) {
            add("policyName", "empty >policy reference name (Url)<");
        }
        if (name.contains(":")) {
            add("policyName", "policy name >" + name + "< must not contain ':' (labels are written ACM:<policy>:<label>)");
        }
        if (PolicyVersion.parse(p.header().version()).isEmpty()) {
            add("version", "Version >" + p.header().version() + "< is not of the form major.minor");
        }
        FromPolicy from = p.header().fromPolicy();
        if (from != null && PolicyVersion.parse(from.version()).isEmpty()) {
            add("fromPolicy.version", "FromPolicy Version >" + from.version() + "< is not of the form major.minor");
        }
    }

    private void universe(List<String> types, String key, String what) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < types.size(); i++) {
            String t = types.get(i);
            if (t.isEmpty()) {
                emptyType(key + "[" + i + "]", what + " type universe");
                continue;
            }
            if (!seen.add(t)) {
                add(key + "[" + i + "]", "Type >" + t + "< defined more than once (" + what + ")");
            }
        }
    }

    private void conflictSets() {
        Set<String> chw = new HashSet<>(p.chwallTypes());
        Set<String> names = new HashSet<>();
        List<ConflictSet> sets = p.conflictSets();
        for (int i = 0; i < sets.size(); i++) {
            ConflictSet cs = sets.get(i);
            String key = "conflict[" + i + "]";
            if (cs.name().isEmpty()) {
                add(key, "conflict set without a name (acmpolicy.py: XSERR_BAD_CONFLICTSET)");
            } else if (!names.add(cs.name())) {
                add(key, "conflict set name >" + cs.name() + "< used more than once");
            }
            Set<String> inSet = new HashSet<>();
            for (int j = 0; j < cs.types().size(); j++) {
                String t = cs.types().get(j);
                String tk = key + ".type[" + j + "]";
                if (t.isEmpty()) {
                    emptyType(tk, "conflict set " + cs.name());
                } else if (!chw.contains(t)) {
                    add(tk, "CS type >" + t + "< not a CHWALL type");
                } else if (!inSet.add(t)) {
                    add(tk, "Double entry of type >" + t + "< in conflict set " + cs.name());
                }
            }
        }
    }

    private void vmLabels() {
        Set<String> ste = new HashSet<>(p.steTypes());
        Set<String> chw = new HashSet<>(p.chwallTypes());
        Set<String> names = new HashSet<>();
        for (int i = 0; i < p.vmLabels().size(); i++) {
            VmLabel l = p.vmLabels().get(i);
            String key = "vm[" + i + "]";
            labelName(l.name(), key, "VM");
            if (!names.add(l.name())) {
                add(key, "VM label >" + l.name() + "< defined more than once");
            }
            labelTypes(l.steTypes(), ste, key + ".ste", "VM STE", "VM label >" + l.name() + "<");
            labelTypes(l.chwallTypes(), chw, key + ".chwall", "VM CHWALL", "VM label >" + l.name() + "<");
            if (l.hasSte() && p.ste() == null) {
                add(key, "VM label >" + l.name() + "< has STE types but the policy has no SimpleTypeEnforcement");
            }
            if (l.hasChwall() && p.chwall() == null) {
                add(key, "VM label >" + l.name() + "< has CHWALL types but the policy has no ChineseWall");
            }
        }
        String boot = p.bootstrapLabel();
        if (boot == null) {
            // both compilers need dom0's label: xml2bin exits, acmpolicy.py reports an inconsistent policy
            add("bootstrap", "No bootstrap label defined (the policy needs SubjectLabels with a bootstrap label)");
        } else if (!names.contains(boot)) {
            add("bootstrap", "Bootstrap label >" + boot + "< not found");
        } else if (numbering == Numbering.DOCUMENT) {
            // xml2bin looks the bootstrap label up among the rows of each component, so it needs both lists
            VmLabel b = p.vmLabel(boot).orElseThrow();
            if (p.chwall() != null && !b.hasChwall()) {
                add("bootstrap", "Bootstrap label >" + boot + "< not found (it has no ChineseWallTypes)");
            }
            if (p.ste() != null && !b.hasSte()) {
                add("bootstrap", "Bootstrap label >" + boot + "< not found (it has no SimpleTypeEnforcementTypes)");
            }
        }
    }

    private void resourceLabels() {
        Set<String> ste = new HashSet<>(p.steTypes());
        Set<String> names = new HashSet<>();
        for (int i = 0; i < p.resourceLabels().size(); i++) {
            ResourceLabel r = p.resourceLabels().get(i);
            String key = "res[" + i + "]";
            labelName(r.name(), key, "resource");
            if (!names.add(r.name())) {
                add(key, "resource label >" + r.name() + "< defined more than once");
            }
            labelTypes(List.of(r.steType()), ste, key + ".ste", "STE", "resource label >" + r.name() + "<");
        }
    }

    private void labelName(String name, String key, String kind) {
        if (name.isEmpty()) {
            add(key, "empty >vm/res name<");
        }
        if (name.contains(":")) {
            add(key, kind + " label >" + name + "< must not contain ':'");
        }
        if (name.equals(AcmPolicy.NULL_LABEL)) {
            add(key, kind + " label name >" + name + "< is reserved for ssid 0");
        }
    }

    private void labelTypes(List<String> types, Set<String> universe, String key, String kind, String label) {
        for (int j = 0; j < types.size(); j++) {
            String t = types.get(j);
            if (t.isEmpty()) {
                emptyType(key + "[" + j + "]", label);
            } else if (!universe.contains(t)) {
                add(key + "[" + j + "]", "unknown " + kind + " type >" + t + "< in " + label);
            }
        }
    }

    /** acmpolicy.py skips empty {@code <Type/>}; xensec_xml2bin stops with "Error reading type name!". */
    private void emptyType(String key, String where) {
        if (numbering == Numbering.DOCUMENT) {
            add(key, "Error reading type name! (empty <Type/> in " + where + ")");
        }
    }

    private void add(String key, String message) {
        problems.add(AcmProblem.at(message, pos.get(key)));
    }
}
