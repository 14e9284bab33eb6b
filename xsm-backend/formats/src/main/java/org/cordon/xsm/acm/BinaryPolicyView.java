package org.cordon.xsm.acm;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A binary ACM policy seen as an {@link AcmPolicy} again, with names from its map file: VM labels
 * with the STE and CHWALL types of their ssid rows, and the conflict sets of the Chinese Wall
 * section (named {@code set0}, {@code set1}, … since the binary does not keep their names). Enough
 * for {@link AcmSemantics}: what Xen enforces is in the binary, the map only names it.
 */
public final class BinaryPolicyView {

    private BinaryPolicyView() {
    }

    public static AcmPolicy of(AcmBinaryPolicy bin, AcmMap map) {
        String name = Optional.ofNullable(bin.policyName()).orElse(map.policyName());
        List<String> steTypes = typeNames(map, "STE", bin.ste() == null ? 0 : bin.ste().ssids().cols());
        List<String> chwTypes = typeNames(map, "CHWALL", bin.chwall() == null ? 0 : bin.chwall().ssids().cols());
        List<ConflictSet> sets = new ArrayList<>();
        if (bin.chwall() != null && bin.chwall().conflictSets() != null) {
            TypeMatrix cs = bin.chwall().conflictSets();
            for (int i = 0; i < cs.rows(); i++) {
                sets.add(new ConflictSet("set" + i, cs.columnsSet(i).stream().map(chwTypes::get).toList()));
            }
        }
        List<VmLabel> labels = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (AcmMap.LabelEntry e : map.labels()) {
            if (!e.kind().equals("VM") || seen.contains(e.label())) {
                continue;
            }
            seen.add(e.label());
            labels.add(new VmLabel(e.label(), null, row(bin.ste() == null ? null : bin.ste().ssids(),
                    map.ssid("VM", "STE", e.label()), steTypes),
                    row(bin.chwall() == null ? null : bin.chwall().ssids(), map.ssid("VM", "CHWALL", e.label()), chwTypes)));
        }
        return new AcmPolicy(PolicyHeader.of(name == null ? "unnamed" : name, "1.0"),
                bin.ste() == null ? null : new SteComponent(steTypes, "STE".equals(map.primary())),
                bin.chwall() == null ? null : new ChwallComponent(chwTypes, sets, "CHWALL".equals(map.primary())),
                null, labels, List.of());
    }

    private static List<String> row(TypeMatrix ssids, Optional<Integer> ssid, List<String> names) {
        if (ssids == null || ssid.isEmpty() || ssid.get() >= ssids.rows()) {
            return List.of();
        }
        return ssids.columnsSet(ssid.get()).stream().map(names::get).toList();
    }

    private static List<String> typeNames(AcmMap map, String component, int count) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            final int index = i;
            names.add(map.types().stream().filter(t -> t.component().equals(component) && t.index() == index)
                    .map(AcmMap.TypeEntry::type).findFirst().orElse(component.toLowerCase(Locale.ROOT) + "#" + i));
        }
        return names;
    }
}
