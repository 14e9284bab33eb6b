package org.cordon.eclipse.services;

import com.google.inject.Injector;
import org.cordon.dsl.ide.CordonIdeSetup;

/** Cordon's Xtext IDE services (the ones the language server uses), created once per framework. */
public final class CordonIde {

    private static volatile Injector injector;

    private CordonIde() {
    }

    public static Injector injector() {
        if (injector == null) {
            synchronized (CordonIde.class) {
                if (injector == null) {
                    // Guice and EMF find Cordon's classes through this bundle's loader, whoever calls first
                    Thread t = Thread.currentThread();
                    ClassLoader before = t.getContextClassLoader();
                    t.setContextClassLoader(CordonIde.class.getClassLoader());
                    try {
                        injector = new CordonIdeSetup().createInjectorAndDoEMFRegistration();
                    } finally {
                        t.setContextClassLoader(before);
                    }
                }
            }
        }
        return injector;
    }
}
