package org.cordon.xsm.catalogue;

import java.util.ArrayList;
import java.util.List;

/**
 * Cordon's own text form of a catalogue, kept as a resource per Xen release:
 * <pre>
 * xen 4.22
 * sid xenboot
 * class xen
 *   settime  XENPF_settime32 XENPF_settime64
 * </pre>
 * Order of lines is the numbering. A permission line is indented; the rest of it is the hook.
 */
public final class CatalogueFormat {

    private CatalogueFormat() {
    }

    public static String write(XenCatalogue catalogue) {
        StringBuilder out = new StringBuilder();
        out.append("# FLASK catalogue of Xen ").append(catalogue.xenVersion())
                .append(", generated from xen/xsm/flask/policy/{security_classes,initial_sids,access_vectors}\n");
        out.append("# by org.cordon.xsm.catalogue.CatalogueGenerator. Order is numbering: do not sort.\n");
        out.append("xen ").append(catalogue.xenVersion()).append('\n');
        for (XenCatalogue.InitialSid sid : catalogue.initialSids()) {
            out.append("sid ").append(sid.name()).append('\n');
        }
        for (XenCatalogue.SecurityClass c : catalogue.classes()) {
            out.append("class ").append(c.name()).append('\n');
            for (XenCatalogue.Permission p : c.permissions()) {
                out.append("  ").append(p.name());
                if (!p.hook().isEmpty()) {
                    out.append("  ").append(p.hook());
                }
                out.append('\n');
            }
        }
        return out.toString();
    }

    public static XenCatalogue read(String text) {
        String version = null;
        List<XenCatalogue.InitialSid> sids = new ArrayList<>();
        List<XenCatalogue.SecurityClass> classes = new ArrayList<>();
        String className = null;
        List<XenCatalogue.Permission> perms = null;
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("  ")) {
                String body = line.trim();
                int space = body.indexOf("  ");
                String name = space < 0 ? body : body.substring(0, space);
                String hook = space < 0 ? "" : body.substring(space).trim();
                perms.add(new XenCatalogue.Permission(name, perms.size(), hook));
                continue;
            }
            String[] words = line.trim().split("\\s+");
            switch (words[0]) {
                case "xen" -> version = words[1];
                case "sid" -> sids.add(new XenCatalogue.InitialSid(words[1], sids.size() + 1));
                case "class" -> {
                    if (className != null) {
                        classes.add(new XenCatalogue.SecurityClass(className, classes.size() + 1, perms));
                    }
                    className = words[1];
                    perms = new ArrayList<>();
                }
                default -> throw new IllegalArgumentException("bad catalogue line: " + line);
            }
        }
        if (className != null) {
            classes.add(new XenCatalogue.SecurityClass(className, classes.size() + 1, perms));
        }
        return new XenCatalogue(version, classes, sids);
    }
}
