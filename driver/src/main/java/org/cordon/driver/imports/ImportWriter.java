package org.cordon.driver.imports;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Pass write: an import plan as Cordon files, one per layer ({@code hypervisor.cordon}, {@code platform.cordon},
 * {@code tenants.cordon}; the lowest carries the header). Each layer exports what it declares to the layers above;
 * each raw rule names the input's rules behind it; a boolean's rules sit in one switch, in the layer of its highest
 * rule.
 */
final class ImportWriter {

    private static final List<String> ROLE_ORDER = List.of("control", "service", "driver", "guest", "device_model",
            "singleton", "build_label", "boot", "bare");
    /** How many of the input's rules a comment names before it says how many more there are. */
    private static final int ORIGINS_SHOWN = 3;

    private ImportWriter() {
    }

    static Map<String, String> write(ImportPlan plan) {
        Map<Integer, StringBuilder> layers = new TreeMap<>();
        Map<Integer, List<String>> declared = new TreeMap<>();
        for (int i = 0; i < ImportPlan.LAYERS.size(); i++) {
            layers.put(i, new StringBuilder());
            declared.put(i, new ArrayList<>());
        }
        for (ImportPlan.DomainDecl d : plan.domains.values()) {
            int l = d.layer(plan.domains);
            if (d.serves.size() > 1) {
                layers.get(l).append("  group ").append(d.servesWritten()).append(" = ")
                        .append(String.join(", ", d.serves)).append('\n');
            }
            layers.get(l).append("  domain ").append(d.name).append(" : ").append(roles(d)).append('\n');
            declared.get(l).add(d.name);
        }
        for (ImportPlan.DeviceDecl d : plan.devices.values()) {
            layers.get(1).append("  device ").append(d.name());
            d.resources().forEach(r -> layers.get(1).append(' ').append(r));
            layers.get(1).append('\n');
            declared.get(1).add(d.name());
        }
        plan.groups.forEach((group, members) -> {
            int l = plan.groupLayer(group);
            layers.get(l).append("  group ").append(group).append(" = ").append(String.join(", ", members)).append('\n');
            declared.get(l).add(group);
        });
        plan.capabilities.forEach((pair, caps) -> {
            int l = Math.max(plan.domains.get(pair.get(0)).layer(plan.domains),
                    plan.domains.get(pair.get(1)).layer(plan.domains));
            layers.get(l).append("  allow ").append(pair.get(0)).append(' ').append(String.join(", ", caps))
                    .append(' ').append(pair.get(1)).append('\n');
        });
        Map<Integer, Map<ImportPlan.RuleKey, ImportPlan.Body>> byLayer = plan.rulesByLayer();
        // a switch sits in the layer of its highest rule
        Map<String, Integer> switchLayer = new LinkedHashMap<>();
        plan.rules.forEach((k, b) -> k.guard().ifPresent(g -> switchLayer.merge(g.name(), b.layer, Math::max)));
        for (Map.Entry<Integer, Map<ImportPlan.RuleKey, ImportPlan.Body>> e : byLayer.entrySet()) {
            StringBuilder out = layers.get(e.getKey());
            e.getValue().forEach((k, b) -> {
                if (k.guard().isEmpty()) {
                    rule(out, "  ", plan, k, b);
                }
            });
        }
        for (Map.Entry<String, Integer> sw : switchLayer.entrySet()) {
            StringBuilder out = layers.get(sw.getValue());
            boolean on = plan.switchDefaults.getOrDefault(sw.getKey(), false);
            out.append("  switch ").append(sw.getKey()).append(" default ").append(on ? "on" : "off").append(" {\n");
            guarded(out, plan, sw.getKey(), false);
            out.append("  }");
            StringBuilder otherwise = new StringBuilder();
            guarded(otherwise, plan, sw.getKey(), true);
            if (!otherwise.isEmpty()) {
                out.append(" else {\n").append(otherwise).append("  }");
            }
            out.append('\n');
        }
        for (NeverallowForbids.Forbid f : plan.forbids) {
            layers.get(NeverallowForbids.layer(f, plan)).append("  ").append(f.text(plan)).append("  // neverallow at ")
                    .append(inComment(f.at())).append('\n');
        }
        // booleans no rule depends on are switches all the same: their names and defaults are part of the policy
        for (Map.Entry<String, Boolean> sw : plan.switchDefaults.entrySet()) {
            if (!switchLayer.containsKey(sw.getKey())) {
                layers.get(0).append("  switch ").append(sw.getKey()).append(" default ")
                        .append(sw.getValue() ? "on" : "off").append(" { }\n");
            }
        }
        Map<String, String> files = new LinkedHashMap<>();
        String below = null;
        List<Integer> present = new ArrayList<>();
        layers.forEach((i, text) -> {
            if (!text.isEmpty()) {
                present.add(i);
            }
        });
        if (present.isEmpty()) {
            present.add(0);
        }
        for (int idx = 0; idx < present.size(); idx++) {
            int i = present.get(idx);
            String layer = ImportPlan.LAYERS.get(i);
            StringBuilder text = new StringBuilder();
            if (idx == 0) {
                text.append("// Imported by cordon import from a FLASK policy; every access it grants was compared "
                        + "with the input's.\n");
                text.append("policy ").append(plan.name).append(" version 1\ntarget xen ").append(plan.xenVersion)
                        .append("\n\n");
            }
            text.append("layer ").append(layer);
            if (below != null) {
                text.append(" over ").append(below);
            }
            text.append(" {\n").append(layers.get(i));
            List<String> exported = declared.get(i);
            if (idx < present.size() - 1 && !exported.isEmpty()) {
                text.append("  export ").append(String.join(", ", exported)).append('\n');
            }
            text.append("}\n");
            files.put(layer + ".cordon", text.toString());
            below = layer;
        }
        return files;
    }

    private static void guarded(StringBuilder out, ImportPlan plan, String sw, boolean whenOff) {
        plan.rules.forEach((k, b) -> {
            if (k.guard().isPresent() && k.guard().get().name().equals(sw) && k.guard().get().whenOff() == whenOff) {
                rule(out, "    ", plan, k, b);
            }
        });
    }

    private static String roles(ImportPlan.DomainDecl d) {
        List<String> out = new ArrayList<>();
        for (String r : ROLE_ORDER) {
            if (d.roles.contains(r)) {
                out.add(r.equals("device_model") ? "device_model for " + d.servesWritten() : r);
            }
        }
        return String.join(" ", out);
    }

    /**
     * Text of the input (a file name of a {@code #line} marker) made fit for a line comment: a control character, or a
     * character an editor counts as a line break, is written '?' (a CR there ended the comment, and the sources did
     * not compile).
     */
    static String inComment(String text) {
        return NOT_IN_COMMENT.matcher(text).replaceAll("?");
    }

    /** Compiled once: the writer asks for every rule's origins. */
    private static final java.util.regex.Pattern NOT_IN_COMMENT =
            java.util.regex.Pattern.compile("[\\p{Cntrl}\\u0085\\u2028\\u2029]");

    private static void rule(StringBuilder out, String indent, ImportPlan plan, ImportPlan.RuleKey k, ImportPlan.Body b) {
        out.append(indent).append("allow ").append(k.from()).append(" -> ").append(k.to()).append(" : ")
                .append(permissions(plan, k.cls(), b.permissions));
        List<String> origins = new ArrayList<>(b.origins);
        if (!origins.isEmpty()) {
            out.append("  // ").append(inComment(String.join(", ",
                    origins.subList(0, Math.min(ORIGINS_SHOWN, origins.size())))));
            if (origins.size() > ORIGINS_SHOWN) {
                out.append(" and ").append(origins.size() - ORIGINS_SHOWN).append(" more");
            }
        }
        out.append('\n');
    }

    private static String permissions(ImportPlan plan, String cls, Set<String> perms) {
        if (perms.equals(plan.permissionsOf(cls))) {
            return cls + ".*";
        }
        return perms.size() == 1 ? cls + "." + perms.iterator().next() : cls + ".{" + String.join(" ", perms) + "}";
    }
}
