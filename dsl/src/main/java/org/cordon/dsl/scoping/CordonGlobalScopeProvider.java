package org.cordon.dsl.scoping;

import java.util.ArrayList;
import java.util.List;
import com.google.common.base.Predicate;
import org.cordon.dsl.cordon.CordonPackage;
import org.cordon.dsl.cordon.Vm;
import org.cordon.dsl.cordon.VmClass;
import org.cordon.dsl.naming.CordonExports;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EReference;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.xtext.naming.QualifiedName;
import org.eclipse.xtext.resource.IEObjectDescription;
import org.eclipse.xtext.scoping.IScope;
import org.eclipse.xtext.scoping.impl.DefaultGlobalScopeProvider;

/**
 * Other files' names, as Xtext's index has them, with each class's VMs ({@code class.vm}) read from the class's
 * entry: the index holds no VMs (see {@link CordonExports}). A file's own VMs are in its local scope, which names
 * every object of the file.
 */
public class CordonGlobalScopeProvider extends DefaultGlobalScopeProvider {

    @Override
    public IScope getScope(Resource context, EReference reference, Predicate<IEObjectDescription> filter) {
        IScope scope = super.getScope(context, reference, filter);
        if (!reference.getEReferenceType().isSuperTypeOf(CordonPackage.Literals.VM)) {
            return scope;
        }
        // the classes unfiltered: a filter is asked about the VMs it would pass, not about their classes
        IScope classes = filter == null ? scope : super.getScope(context, reference, null);
        return new ClassVmScope(scope, classes, filter);
    }

    /** A scope with the VMs of the classes of another, found by the class's name then the VM's. */
    static final class ClassVmScope implements IScope {
        private final IScope scope;
        private final IScope classes;
        private final Predicate<IEObjectDescription> filter;

        ClassVmScope(IScope scope, IScope classes, Predicate<IEObjectDescription> filter) {
            this.scope = scope;
            this.classes = classes;
            this.filter = filter;
        }

        @Override
        public IEObjectDescription getSingleElement(QualifiedName name) {
            return first(getElements(name));
        }

        @Override
        public Iterable<IEObjectDescription> getElements(QualifiedName name) {
            if (name.getSegmentCount() != 2) {
                return scope.getElements(name);
            }
            List<IEObjectDescription> out = new ArrayList<>();
            for (IEObjectDescription cls : classes.getElements(name.skipLast(1))) {
                for (IEObjectDescription vm : CordonExports.vms(cls)) {
                    if (vm.getName().equals(name) && passes(vm)) {
                        out.add(vm);
                    }
                }
            }
            return out;
        }

        @Override
        public IEObjectDescription getSingleElement(EObject object) {
            return first(getElements(object));
        }

        @Override
        public Iterable<IEObjectDescription> getElements(EObject object) {
            if (!(object instanceof Vm vm) || !(vm.eContainer() instanceof VmClass cls)
                    || vm.getName() == null || cls.getName() == null) {
                return scope.getElements(object);
            }
            var uri = EcoreUtil.getURI(object);
            List<IEObjectDescription> out = new ArrayList<>();
            for (IEObjectDescription found : getElements(QualifiedName.create(cls.getName(), vm.getName()))) {
                if (found.getEObjectOrProxy() == object || found.getEObjectURI().equals(uri)) {
                    out.add(found);
                }
            }
            return out;
        }

        @Override
        public Iterable<IEObjectDescription> getAllElements() {
            List<IEObjectDescription> out = new ArrayList<>();
            scope.getAllElements().forEach(out::add);
            for (IEObjectDescription cls : classes.getAllElements()) {
                for (IEObjectDescription vm : CordonExports.vms(cls)) {
                    if (passes(vm)) {
                        out.add(vm);
                    }
                }
            }
            return out;
        }

        private static IEObjectDescription first(Iterable<IEObjectDescription> found) {
            var i = found.iterator();
            return i.hasNext() ? i.next() : null;
        }

        private boolean passes(IEObjectDescription vm) {
            return filter == null || filter.apply(vm);
        }
    }
}
