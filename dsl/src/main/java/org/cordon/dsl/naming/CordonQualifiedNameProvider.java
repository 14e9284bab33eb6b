package org.cordon.dsl.naming;

import org.cordon.dsl.cordon.Vm;
import org.cordon.dsl.cordon.VmClass;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.naming.DefaultDeclarativeQualifiedNameProvider;
import org.eclipse.xtext.naming.QualifiedName;

/**
 * Names are global across layers and files (layers order rules, they are not name spaces);
 * only a class is a name space, for its VMs: {@code bank_a.web}.
 */
public class CordonQualifiedNameProvider extends DefaultDeclarativeQualifiedNameProvider {

    @Override
    public QualifiedName getFullyQualifiedName(EObject obj) {
        if (obj instanceof Vm vm) {
            if (vm.getName() == null || !(vm.eContainer() instanceof VmClass cls) || cls.getName() == null) {
                return null;
            }
            return QualifiedName.create(cls.getName(), vm.getName());
        }
        var feature = obj.eClass().getEStructuralFeature("name");
        if (feature == null || !(obj.eGet(feature) instanceof String name) || name.isEmpty()) {
            return null;
        }
        return QualifiedName.create(name);
    }
}
