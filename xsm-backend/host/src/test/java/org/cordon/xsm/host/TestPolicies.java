package org.cordon.xsm.host;

import java.util.List;
import java.util.Optional;
import org.cordon.xsm.catalogue.XenCatalogue;
import org.cordon.xsm.catalogue.XenCatalogues;
import org.cordon.xsm.flask.FlaskPolicies;

/**
 * Small but complete Xen policies for host tests, built from the Xen catalogue's classes and initial SIDs (so a
 * hypervisor of that release accepts them) plus the types, booleans and device labels a test names.
 */
public final class TestPolicies {

    private TestPolicies() {
    }

    /**
     * A policy for {@code xen} ("4.17"): dom0_t and the given domain types (all in system_r), booleans
     * ("name:true"), PCI device labels ("0000:00:05.0=slot5_dev_t"), compiled by Cordon's own checkpolicy.
     */
    public static LoadablePolicy build(String name, String xen, List<String> domainTypes, List<String> booleans,
            List<String> devices) {
        XenCatalogue cat = XenCatalogues.forVersion(xen).orElseThrow();
        StringBuilder c = new StringBuilder();
        cat.classes().forEach(k -> c.append("class ").append(k.name()).append('\n'));
        cat.initialSids().forEach(s -> c.append("sid ").append(s.name()).append('\n'));
        cat.classes().forEach(k -> {
            c.append("class ").append(k.name()).append(" {");
            k.permissions().forEach(p -> c.append(' ').append(p.name()));
            c.append(" }\n");
        });
        List<String> system = List.of("xenboot_t", "xen_t", "dom0_t", "domio_t", "domxen_t", "unlabeled_t", "security_t",
                "domU_t", "dm_dom_t");
        List<String> objects = new java.util.ArrayList<>(List.of("ioport_t", "iomem_t", "irq_t", "device_t"));
        for (String d : devices) {
            objects.add(d.split("=")[1]);
        }
        for (String t : system) {
            c.append("type ").append(t).append(";\n");
        }
        for (String t : domainTypes) {
            c.append("type ").append(t).append(";\n");
        }
        for (String t : objects) {
            c.append("type ").append(t).append(";\n");
        }
        for (String b : booleans) {
            String[] p = b.split(":");
            c.append("bool ").append(p[0]).append(' ').append(p[1]).append(";\n");
        }
        c.append("allow dom0_t security_t:security { load_policy setenforce setbool };\n");
        for (String t : domainTypes) {
            c.append("allow dom0_t ").append(t).append(":domain { create getdomaininfo };\n");
        }
        for (String b : booleans) {
            c.append("if (").append(b.split(":")[0]).append(") { allow dom0_t xen_t:xen writeconsole; }\n");
        }
        c.append("role system_r;\nrole system_r types { ").append(String.join(" ", system)).append(' ')
                .append(String.join(" ", domainTypes)).append(" };\n");
        c.append("user system_u roles { system_r };\n");
        for (XenCatalogue.InitialSid s : cat.initialSids()) {
            String type = switch (s.name()) {
                case "ioport", "iomem", "irq", "device" -> "system_u:object_r:" + s.name() + "_t";
                case "domU" -> "system_u:system_r:domU_t";
                case "domDM" -> "system_u:system_r:dm_dom_t";
                default -> "system_u:system_r:" + s.name() + "_t";
            };
            c.append("sid ").append(s.name()).append(' ').append(type).append('\n');
        }
        for (String d : devices) {
            String[] p = d.split("=");
            String[] bdf = p[0].split("[:.]");
            int sbdf = (Integer.parseInt(bdf[0], 16) << 16) | (Integer.parseInt(bdf[1], 16) << 8)
                    | (Integer.parseInt(bdf[2], 16) << 3) | Integer.parseInt(bdf[3]);
            c.append("pcidevicecon 0x").append(Integer.toHexString(sbdf)).append(" system_u:object_r:").append(p[1]).append('\n');
        }
        try {
            byte[] bin = FlaskPolicies.writeBinary(FlaskPolicies.parse(name + ".conf", c.toString()), 30, false);
            return LoadablePolicy.of(name, bin, Optional.of(xen), true);
        } catch (Exception e) {
            throw new AssertionError("test policy " + name + " does not build: " + e.getMessage() + "\n" + c, e);
        }
    }
}
