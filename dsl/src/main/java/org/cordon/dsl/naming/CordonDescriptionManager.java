package org.cordon.dsl.naming;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import org.eclipse.xtext.naming.QualifiedName;
import org.eclipse.xtext.resource.IResourceDescription;
import org.eclipse.xtext.resource.impl.DefaultResourceDescriptionManager;

/**
 * Xtext's: a file is built again when a name it looked up changes. A file that names {@code bank_a.web} looked up a
 * VM, and VMs are in their class's entry ({@link CordonExports}): it depends on the class {@code bank_a}, so that a
 * VM added to or taken from the class in another file links it again.
 */
public class CordonDescriptionManager extends DefaultResourceDescriptionManager {

    @Override
    protected Collection<QualifiedName> getImportedNames(IResourceDescription candidate) {
        Set<QualifiedName> names = new HashSet<>();
        for (QualifiedName name : candidate.getImportedNames()) {
            names.add(name);
            if (name.getSegmentCount() == 2) {
                names.add(name.skipLast(1));
            }
        }
        return names;
    }
}
