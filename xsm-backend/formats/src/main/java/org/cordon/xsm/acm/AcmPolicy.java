package org.cordon.xsm.acm;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An ACM policy as written in {@code security_policy.xml}. {@code ste} / {@code chwall} are {@code null}
 * when their element is absent; {@code bootstrapLabel} is {@code null} when there are no subject labels.
 * Lists keep document order; numbering into ssid rows is a separate step ({@link Numbering}).
 */
public record AcmPolicy(PolicyHeader header, SteComponent ste, ChwallComponent chwall, String bootstrapLabel,
                        List<VmLabel> vmLabels, List<ResourceLabel> resourceLabels) {

    /** Python's reserved label: always ssid 0 (acm.md §1.2). */
    public static final String UNLABELED = "__UNLABELED__";
    /** xensec_xml2bin's name for ssid 0. */
    public static final String NULL_LABEL = "__NULL_LABEL__";

    public AcmPolicy {
        Objects.requireNonNull(header, "header");
        vmLabels = List.copyOf(vmLabels);
        resourceLabels = List.copyOf(resourceLabels);
    }

    public String name() {
        return header.name();
    }

    public List<String> steTypes() {
        return ste == null ? List.of() : ste.types();
    }

    public List<String> chwallTypes() {
        return chwall == null ? List.of() : chwall.types();
    }

    public List<ConflictSet> conflictSets() {
        return chwall == null ? List.of() : chwall.conflictSets();
    }

    public Optional<VmLabel> vmLabel(String name) {
        return vmLabels.stream().filter(l -> l.name().equals(name)).findFirst();
    }

    public Optional<ResourceLabel> resourceLabel(String name) {
        return resourceLabels.stream().filter(l -> l.name().equals(name)).findFirst();
    }
}
