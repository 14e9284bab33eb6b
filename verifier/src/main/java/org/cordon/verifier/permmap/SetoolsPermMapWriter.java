package org.cordon.verifier.permmap;

import org.cordon.xsm.catalogue.XenCatalogue;

/**
 * The map in setools' perm_map format, for {@code seinfoflow -m} and {@code sedta}: the number of
 * classes, then per class {@code class NAME COUNT} and one {@code PERM DIRECTION WEIGHT} line per
 * permission. setools' own default map has no Xen classes, so seinfoflow finds nothing without this.
 * Written for one catalogue, in its order; a permission the map lacks is an error, not a guess.
 */
public final class SetoolsPermMapWriter {

    private SetoolsPermMapWriter() {
    }

    public static String write(XenPermissionMap map, XenCatalogue catalogue) {
        StringBuilder out = new StringBuilder();
        out.append("# Cordon's Xen ").append(catalogue.xenVersion())
                .append(" permission map for setools (seinfoflow -m FILE)\n");
        out.append(catalogue.classes().size()).append("\n");
        for (XenCatalogue.SecurityClass c : catalogue.classes()) {
            out.append("\nclass ").append(c.name()).append(' ').append(c.permissions().size()).append('\n');
            for (XenCatalogue.Permission p : c.permissions()) {
                PermissionFlow f = map.flow(c.name(), p.name()).orElseThrow(() -> new IllegalArgumentException(
                        "permission map has no entry for " + c.name() + "." + p.name()));
                out.append(String.format("%28s     %c  %2d%n", p.name(), f.direction().letter(), f.weight()));
            }
        }
        return out.toString();
    }
}
