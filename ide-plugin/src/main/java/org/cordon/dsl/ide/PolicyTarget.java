package org.cordon.dsl.ide;

import java.util.List;
import org.cordon.dsl.cordon.Model;
import org.cordon.xsm.catalogue.XenCatalogue;
import org.cordon.xsm.catalogue.XenCatalogues;
import org.eclipse.emf.ecore.resource.Resource;

/** The Xen release a policy targets, read from the header in whichever of its files has one. */
public final class PolicyTarget {

    private PolicyTarget() {
    }

    /** The catalogue of the targeted release, or null when no file names a release Cordon knows. */
    public static XenCatalogue catalogue(Resource resource) {
        if (resource == null || resource.getResourceSet() == null) {
            return null;
        }
        for (Resource r : List.copyOf(resource.getResourceSet().getResources())) {
            if (!r.getContents().isEmpty() && r.getContents().get(0) instanceof Model m && m.getHeader() != null
                    && m.getHeader().getXenVersion() != null) {
                return XenCatalogues.forVersion(m.getHeader().getXenVersion()).orElse(null);
            }
        }
        return null;
    }
}
