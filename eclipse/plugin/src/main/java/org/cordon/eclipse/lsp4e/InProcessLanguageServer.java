package org.cordon.eclipse.lsp4e;

import com.google.inject.Guice;
import com.google.inject.Injector;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.util.concurrent.Future;
import org.cordon.dsl.ide.server.CordonServerModule;
import org.cordon.eclipse.services.CordonIde;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.xtext.ide.server.ILanguageServerShutdownAndExitHandler;
import org.eclipse.xtext.ide.server.LanguageServerImpl;
import org.eclipse.xtext.resource.IResourceServiceProvider;
import org.eclipse.xtext.resource.impl.ResourceServiceProviderRegistryImpl;

/**
 * Cordon's language server ({@code cordon lsp}) running inside this JVM, connected through pipes:
 * what LSP4E talks to when it is installed. Nothing to configure, no process to find; the server's
 * {@code exit} ends the connection, not the IDE.
 */
public final class InProcessLanguageServer {

    private static final int PIPE = 1 << 16;

    private PipedOutputStream toServer;
    private PipedInputStream fromServer;
    private Future<Void> listening;

    public synchronized void start() throws IOException {
        if (listening != null) {
            return;
        }
        PipedInputStream serverIn = new PipedInputStream(PIPE);
        PipedOutputStream serverOut = new PipedOutputStream();
        toServer = new PipedOutputStream(serverIn);
        fromServer = new PipedInputStream(serverOut, PIPE);
        // only Cordon, found directly (ServiceLoader cannot see into bundles); exit must not end the IDE
        IResourceServiceProvider.Registry languages = new ResourceServiceProviderRegistryImpl();
        languages.getExtensionToFactoryMap().put("cordon", CordonIde.injector().getInstance(IResourceServiceProvider.class));
        Injector injector = Guice.createInjector(CordonServerModule.create(binder -> {
            binder.bind(IResourceServiceProvider.Registry.class).toInstance(languages);
            binder.bind(ILanguageServerShutdownAndExitHandler.class).to(ILanguageServerShutdownAndExitHandler.NullImpl.class);
        }));
        LanguageServerImpl server = injector.getInstance(LanguageServerImpl.class);
        Launcher<LanguageClient> launcher = Launcher.createLauncher(server, LanguageClient.class, serverIn, serverOut,
                true, null);
        server.connect(launcher.getRemoteProxy());
        listening = launcher.startListening();
    }

    /** What the client reads: the server's messages. */
    public InputStream getInputStream() {
        return fromServer;
    }

    /** What the client writes: its messages to the server. */
    public OutputStream getOutputStream() {
        return toServer;
    }

    public synchronized void stop() {
        if (listening == null) {
            return;
        }
        listening.cancel(true);
        try {
            toServer.close();
            fromServer.close();
        } catch (IOException e) {
            // closing pipes of a stopped server: nothing left to lose
        }
        listening = null;
    }
}
