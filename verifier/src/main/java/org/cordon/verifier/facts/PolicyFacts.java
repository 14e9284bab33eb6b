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

}
