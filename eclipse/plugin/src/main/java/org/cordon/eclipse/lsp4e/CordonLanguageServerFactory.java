package org.cordon.eclipse.lsp4e;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IExecutableExtensionFactory;
import org.eclipse.core.runtime.Status;

/**
 * The {@code org.eclipse.lsp4e.languageServer} definition's class. LSP4E is not something Cordon can
 * build against (it is not on Maven Central), so this factory, which the extension registry calls in
 * place of a constructor, makes LSP4E's {@code StreamConnectionProvider} at run time, from LSP4E's own
 * interface, over an {@link InProcessLanguageServer}.
 */
public class CordonLanguageServerFactory implements IExecutableExtensionFactory {

    static final String STREAM_CONNECTION_PROVIDER = "org.eclipse.lsp4e.server.StreamConnectionProvider";

    @Override
    public Object create() throws CoreException {
        try {
            return provider(Class.forName(STREAM_CONNECTION_PROVIDER, false, getClass().getClassLoader()));
        } catch (ClassNotFoundException e) {
            throw new CoreException(Status.error("Cordon's LSP4E definition needs LSP4E installed", e));
        }
    }

    /** An implementation of {@code iface} (start, getInputStream, getOutputStream, getErrorStream, stop) over a new server. */
    static Object provider(Class<?> iface) {
        InProcessLanguageServer server = new InProcessLanguageServer();
        InvocationHandler handler = new InvocationHandler() {
            @Override
            public Object invoke(Object proxy, Method m, Object[] args) throws Throwable {
                switch (m.getName()) {
                    case "start" -> {
                        server.start();
                        return null;
                    }
                    case "stop" -> {
                        server.stop();
                        return null;
                    }
                    case "getInputStream" -> {
                        return server.getInputStream();
                    }
                    case "getOutputStream" -> {
                        return server.getOutputStream();
                    }
                    case "getErrorStream" -> {
                        return null;
                    }
                    case "equals" -> {
                        return proxy == args[0];
                    }
                    case "hashCode" -> {
                        return System.identityHashCode(proxy);
                    }
                    case "toString" -> {
                        return "Cordon language server (in-process)";
                    }
                    default -> {
                        if (m.isDefault()) {
                            return InvocationHandler.invokeDefault(proxy, m, args);
                        }
                        throw new UnsupportedOperationException(m.toString());
                    }
                }
            }
        };
        return Proxy.newProxyInstance(iface.getClassLoader(), new Class<?>[] { iface }, handler);
    }
}
