package org.cordon.dsl.naming;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cordon.dsl.cordon.CordonPackage;
import org.cordon.dsl.cordon.Vm;
import org.cordon.dsl.cordon.VmClass;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.InternalEObject;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.xtext.naming.QualifiedName;
import org.eclipse.xtext.resource.EObjectDescription;
import org.eclipse.xtext.resource.IEObjectDescription;
import org.eclipse.xtext.resource.impl.DefaultResourceDescriptionStrategy;
import org.eclipse.xtext.util.IAcceptor;

/**
 * What a file exports to the index: every named object but VMs, which are found through their class.
 *
 * <p>A class's entry carries its VMs' names and places ({@link #VMS}); {@code CordonGlobalScopeProvider} answers
 * {@code bank_a.web} from it, and the workspace symbols list them. A fleet has many more VMs than anything else, and
 * Xtext copies and compares every exported object on each edit: at 10,000 lines, 15,000 of the 20,000 were VMs, and
 * leaving them out took about a sixth off the language server's time per edit (the twelfth session in
 * docs/PERFORMANCE.md).
 */
public class CordonExports extends DefaultResourceDescriptionStrategy {

    /** The user data key of a class's VMs: "name:index" in the class's items, space-separated, in order. */
    public static final String VMS = "vms";

    @Override
    public boolean createEObjectDescriptions(EObject object, IAcceptor<IEObjectDescription> acceptor) {
        if (object instanceof Vm) {
            return false;
        }
        if (!(object instanceof VmClass cls)) {
            return super.createEObjectDescriptions(object, acceptor);
        }
        QualifiedName name = getQualifiedNameProvider().getFullyQualifiedName(cls);
        if (name != null) {
            acceptor.accept(EObjectDescription.create(name, cls, Map.of(VMS, vmsOf(cls))));
        }
        return false; // a class's items name nothing but VMs
    }

    /** The user data of a class: its named VMs and their indexes in its items. */
    static String vmsOf(VmClass cls) {
        StringBuilder out = new StringBuilder();
        var items = cls.getItems();
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i) instanceof Vm vm && vm.getName() != null && !vm.getName().isEmpty()) {
                if (out.length() > 0) {
                    out.append(' ');
                }
                out.append(vm.getName()).append(':').append(i);
            }
        }
        return out.toString();
    }

    /**
     * The VMs of an exported class, named {@code class.vm}, in their order in the class. A VM is the object itself
     * where the class is loaded, else a proxy to EMF's path for it (the class's, then its place in the items), which
     * resolves as the class's own proxy does.
     */
    public static List<IEObjectDescription> vms(IEObjectDescription cls) {
        String data = cls.getUserData(VMS);
        if (data == null || data.isEmpty() || !CordonPackage.Literals.VM_CLASS.isSuperTypeOf(cls.getEClass())) {
            return List.of();
        }
        EObject clsObject = cls.getEObjectOrProxy();
        URI clsUri = cls.getEObjectURI();
        List<IEObjectDescription> out = new ArrayList<>();
        for (String entry : data.split(" ")) {
            int colon = entry.lastIndexOf(':');
            String name = entry.substring(0, colon);
            int index = Integer.parseInt(entry.substring(colon + 1));
            EObject vm;
            if (!clsObject.eIsProxy()) {
                vm = vmAt((VmClass) clsObject, index, name);
                if (vm == null) {
                    continue; // the class changed since its entry was made: only what is there is named
                }
            } else {
                InternalEObject proxy = (InternalEObject) EcoreUtil.create(CordonPackage.Literals.VM);
                proxy.eSetProxyURI(clsUri.trimFragment().appendFragment(clsUri.fragment() + "/@items." + index));
                vm = proxy;
            }
            out.add(EObjectDescription.create(cls.getName().append(name), vm));
        }
        return out;
    }

    /** The loaded class's VM of that name at that index, if it is still there. */
    private static Vm vmAt(VmClass cls, int index, String name) {
        return index < cls.getItems().size() && cls.getItems().get(index) instanceof Vm vm && name.equals(vm.getName())
                ? vm : null;
    }
}
