package org.cordon.verifier.facts;

import java.util.List;
import java.util.Map;
import org.cordon.model.PolicyModel;
import org.cordon.xsm.catalogue.XenCatalogue;

/**
 * Everything a policy allows, as facts with their origins, plus what the checks need to read
 * them: the principals and each switch's default.
 */
public record PolicyFacts(PolicyModel model, XenCatalogue catalogue, Principals principals, List<Fact> facts,
        Map<String, Boolean> switchDefaults) {

    public PolicyFacts {
        facts = List.copyOf(facts);
        switchDefaults = Map.copyOf(switchDefaults);
    }

    /** Whether a fact holds when every switch has its default value. */
    public boolean activeByDefault(Fact f) {
        return f.origin().activeByDefault(s -> switchDefaults.getOrDefault(s, false));
    }

    /** Whether a fact holds under a setting of the switches (switches it does not name: default). */
    public boolean active(Fact f, Map<String, Boolean> setting) {
        return f.origin().activeByDefault(s -> setting.getOrDefault(s, switchDefaults.getOrDefault(s, false)));
    }

    /**
     * Every setting of the switches, the defaults first, then the others in binary order; empty
     * when there are more than {@code limit} switches (2^limit settings is the most worth trying).
     */
    public List<Map<String, Boolean>> settings(int limit) {
        List<String> names = List.copyOf(switchDefaults.keySet()).stream().sorted().toList();
        if (names.size() > limit) {
            return List.of();
        }
        List<Map<String, Boolean>> out = new java.util.ArrayList<>();
        out.add(switchDefaults);
        for (long bits = 0; bits < (1L << names.size()); bits++) {
            Map<String, Boolean> m = new java.util.LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                m.put(names.get(i), (bits >> i & 1) == 1);
            }
            if (!m.equals(switchDefaults)) {
                out.add(Map.copyOf(m));
            }
        }
        return out;
    }

    /** "maint on, open off": the switches a setting sets away from their defaults. */
    public String describeChanges(Map<String, Boolean> setting) {
        return String.join(", ", setting.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .filter(e -> !e.getValue().equals(switchDefaults.get(e.getKey())))
                .map(e -> e.getKey() + (e.getValue() ? " on" : " off")).toList());
    }
}
