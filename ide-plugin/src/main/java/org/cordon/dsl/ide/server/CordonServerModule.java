package org.cordon.dsl.ide.server;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.google.inject.util.Modules;
import org.eclipse.xtext.ide.server.LanguageServerImpl;
import org.eclipse.xtext.ide.server.ServerModule;

/** Xtext's server wiring with Cordon's language server; for {@code cordon lsp} and the in-process server in Eclipse. */
public final class CordonServerModule {

    private CordonServerModule() {
    }

    /** The server module, with {@code more} bindings over it. */
    public static Module create(Module... more) {
        Module cordon = new AbstractModule() {
            @Override
            protected void configure() {
                bind(LanguageServerImpl.class).to(CordonLanguageServer.class);
            }
        };
        return Modules.override(new ServerModule()).with(Modules.combine(cordon, Modules.combine(more)));
    }
}
