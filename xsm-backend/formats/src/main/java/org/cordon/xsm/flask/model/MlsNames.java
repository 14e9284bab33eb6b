package org.cordon.xsm.flask.model;

import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A multi-level policy's levels as Xen writes them, {@code s0} or {@code s1:c0,c2.c5} (consecutive categories as
 * first.last): read by the policy's sensitivity and category names, aliases too, and written back with its primary
 * names. The one reading of level text for the verifier's MLS check and the loader's label checks.
 */
public final class MlsNames {

    private final FlaskPolicy policy;
    private final Map<String, Integer> sensitivities = new HashMap<>();
    private final Map<String, Integer> categories = new HashMap<>();

    public MlsNames(FlaskPolicy policy) {
        this.policy = policy;
        policy.sensitivities().forEach(s -> sensitivities.put(s.name(), s.level().sens()));
        policy.categories().forEach(c -> categories.put(c.name(), c.value()));
    }

    /** The level a text names; IllegalArgumentException saying what the policy lacks. */
    public MlsLevel level(String text) {
        String[] sc = text.strip().split(":", 2);
        Integer sens = sensitivities.get(sc[0]);
        if (sens == null) {
            throw new IllegalArgumentException("unknown sensitivity '" + sc[0] + "'");
        }
        BitSet cats = new BitSet();
        if (sc.length == 2) {
            for (String c : sc[1].split(",")) {
                String[] span = c.strip().split("\\.", 2);
                int first = category(span[0]);
                int last = span.length == 2 ? category(span[1]) : first;
                if (last < first) {
                    throw new IllegalArgumentException("category range " + c.strip() + " runs backwards");
                }
                cats.set(first - 1, last);
            }
        }
        return new MlsLevel(sens, Ebitmap.of(cats));
    }

    private int category(String name) {
        Integer v = categories.get(name);
        if (v == null) {
            throw new IllegalArgumentException("unknown category '" + name + "'");
        }
        return v;
    }

    /** The level in Xen's notation, each category by name; "?" for a number the policy does not name. */
    public String text(MlsLevel l) {
        String sens = policy.sensitivities().stream().filter(s -> !s.alias() && s.level().sens() == l.sens())
                .findFirst().map(SensDef::name).orElse("?");
        List<String> cats = l.cats().stream().mapToObj(bit -> policy.categories().stream()
                .filter(c -> !c.alias() && c.value() == bit + 1).findFirst().map(CatDef::name).orElse("?")).toList();
        return cats.isEmpty() ? sens : sens + ":" + String.join(",", cats);
    }
}
