package org.cordon.dsl.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cordon.dsl.TestFrontEnd;
import org.cordon.dsl.cordon.CordonPackage;
import org.cordon.dsl.cordon.Model;
import org.cordon.dsl.load.CordonFrontEnd;
import org.eclipse.emf.common.util.DiagnosticChain;
import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EDataType;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EValidator;
import org.eclipse.emf.ecore.impl.EValidatorRegistryImpl;
import org.eclipse.emf.ecore.util.Diagnostician;
import org.eclipse.xtext.validation.Check;
import org.junit.jupiter.api.Test;

/** The diagnostician visits a file's root only, which is right while every Cordon check is on the root. */
class CordonDiagnosticianTest {

    @Test
    void everyCheckIsOnAFilesRoot() {
        List<Method> checks = new ArrayList<>();
        for (Class<?> c = CordonValidator.class; c != null; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                if (m.isAnnotationPresent(Check.class)) {
                    checks.add(m);
                }
            }
        }
        assertFalse(checks.isEmpty(), "CordonValidator.checkPolicy");
        for (Method m : checks) {
            // a check on anything below the root would never run: CordonDiagnostician does not visit it
            assertEquals(List.of(Model.class), List.of(m.getParameterTypes()), m.toString());
        }
    }

    @Test
    void theLanguageBindsIt() {
        assertInstanceOf(CordonDiagnostician.class, CordonFrontEnd.injector().getInstance(Diagnostician.class));
    }

    @Test
    void onlyTheRootIsVisited() throws Exception {
        String text = TestFrontEnd.corpus().get(0);
        EObject root = TestFrontEnd.parse(text).getContents().get(0);
        List<EObject> visited = new ArrayList<>();
        EValidator.Registry registry = new EValidatorRegistryImpl();
        registry.put(CordonPackage.eINSTANCE, new EValidator() {
            public boolean validate(EObject o, DiagnosticChain d, Map<Object, Object> c) {
                return validate(o.eClass(), o, d, c);
            }

            public boolean validate(EClass cls, EObject o, DiagnosticChain d, Map<Object, Object> c) {
                visited.add(o);
                return true;
            }

            public boolean validate(EDataType type, Object value, DiagnosticChain d, Map<Object, Object> c) {
                return true;
            }
        });
        assertTrue(root.eAllContents().hasNext(), "a root with objects below it");
        CordonDiagnostician diagnostician = new CordonDiagnostician(registry);
        CordonFrontEnd.injector().injectMembers(diagnostician);
        diagnostician.validate(root);
        assertEquals(List.of(root), visited);
    }
}
