package org.cordon.bench;

import java.util.List;
import org.cordon.xsm.catalogue.XenCatalogues;
import org.cordon.xsm.macros.Endpoint;
import org.cordon.xsm.macros.Grant;
import org.cordon.xsm.macros.XenMacros;

/** Generated policies of a given size: Cordon sources, and the same fleet in Xen's own macro pattern. */
public final class ScaleGenerators {

    private ScaleGenerators() {
    }

    /**
     * {@code vms} VMs in {@code classes} classes; dom0 creates, manages, migrates and talks to every
     * guest; each class talks to the previous one (as the Xen-pattern fleet below does per domain).
     */
    public static String cordon(int vms, int classes) {
        StringBuilder b = new StringBuilder();
        b.append("policy scale_").append(vms).append("_").append(classes).append(" version 1\ntarget xen 4.22\n\n");
        b.append("layer platform {\n  domain dom0 : control singleton\n");
        b.append("  allow dom0 -> xen : xen.*, xen2.*, version.*, security.*\n");
        b.append("  allow dom0 create, manage, migrate, comms guests\n  export dom0\n}\n\n");
        b.append("layer tenants over platform {\n");
        int per = vms / classes;
        for (int c = 0; c < classes; c++) {
            b.append("  class c").append(c).append(" isolation strong {");
            for (int v = 0; v < per + (c < vms % classes ? 1 : 0); v++) {
                b.append(" vm v").append(v);
            }
            b.append(" }\n");
            if (c > 0) {
                b.append("  allow c").append(c).append(" comms c").append(c - 1).append('\n');
            }
        }
        b.append("}\n");
        return b.toString();
    }

    /**
     * {@link #cordon}'s fleet with neighbouring classes joined by declared channels (event, grant) instead of
     * {@code comms}: strong classes that talk only through what the policy declares, so it verifies clean.
     */
    public static String cordonWithChannels(int vms, int classes) {
        return cordon(vms, classes).replaceAll("  allow c(\\d+) comms c(\\d+)\n", "  channel c$1 <-> c$2 : event, grant\n");
    }

    /**
     * Xen's default 4.22 policy.conf plus {@code n} domain types written the way Xen's xen.if does
     * (declare_domain, create_domain, manage_domain, migrate_domain_out, domain_comms with dom0 and
     * with the previous domain): the pattern whose binary grows quadratically.
     */
    public static String xenMacroPattern(String xenDefaultPolicyConf, int n) {
        StringBuilder blocks = new StringBuilder("\n# generated: ").append(n).append(" domains in xen.if's pattern\n");
        for (int k = 0; k < n; k++) {
            String t = "vm" + k + "_t";
            blocks.append("type ").append(t).append(", domain_type;\n");
            blocks.append("type ").append(t).append("_self, domain_type, domain_self_type;\n");
            blocks.append("type_transition ").append(t).append(' ').append(t).append(":domain ").append(t).append("_self;\n");
            blocks.append("type ").append(t).append("_channel, event_type;\n");
            blocks.append("type_transition ").append(t).append(" domain_type:event ").append(t).append("_channel;\n");
            render(blocks, XenMacros.DOMAIN_SELF, t, t);
            List<Grant> create = XenMacros.builtin("create").orElseThrow().grants();
            render(blocks, create, "dom0_t", t);
            render(blocks, XenMacros.builtin("manage").orElseThrow().grants(), "dom0_t", t);
            render(blocks, XenMacros.builtin("migrate").orElseThrow().grants(), "dom0_t", t);
            render(blocks, XenMacros.builtin("comms").orElseThrow().grants(), "dom0_t", t);
            if (k > 0) {
                render(blocks, XenMacros.builtin("comms").orElseThrow().grants(), t, "vm" + (k - 1) + "_t");
            }
        }
        int users = xenDefaultPolicyConf.indexOf("\nrole vm_r;");
        return xenDefaultPolicyConf.substring(0, users) + blocks + xenDefaultPolicyConf.substring(users);
    }

    private static void render(StringBuilder b, List<Grant> grants, String s, String t) {
        // the base is Xen 4.22's policy: the macros as that release has them (hvm.nested went after 4.14)
        for (Grant g : XenMacros.forCatalogue(grants, XenCatalogues.forVersion("4.22").orElseThrow())) {
            b.append("allow ").append(end(g.from(), s, t)).append(' ').append(end(g.to(), s, t)).append(':')
                    .append(g.securityClass()).append(" { ").append(String.join(" ", g.permissions())).append(" };\n");
        }
    }

    private static String end(Endpoint e, String s, String t) {
        return switch (e) {
            case SUBJECT -> s;
            case TARGET -> t;
            case SUBJECT_SELF -> s.equals("dom0_t") ? s : s + "_self";
            case TARGET_SELF -> t.equals("dom0_t") ? t : t + "_self";
            case SUBJECT_CHANNEL -> s + "_channel";
            case TARGET_CHANNEL -> t + "_channel";
            case DOMXEN -> "domxen_t";
            case DOMIO -> "domio_t";
            case XEN -> "xen_t";
            default -> throw new IllegalArgumentException(e.name());
        };
    }
}
