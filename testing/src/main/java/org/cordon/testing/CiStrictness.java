package org.cordon.testing;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.opentest4j.TestAbortedException;

/**
 * Under {@code CI=true} a test that skips itself (an assumption: a missing tool, vectors, display, Xen cache) fails
 * instead, since CI installs everything; tests tagged {@link Prerequisites#OPT_IN} keep their skip. Registered for
 * every test by JUnit's extension auto-detection (the surefire configuration turns it on).
 */
public final class CiStrictness implements TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler {

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable t) throws Throwable {
        throw strict(context, t);
    }

    @Override
    public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable t) throws Throwable {
        throw strict(context, t);
    }

    @Override
    public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable t) throws Throwable {
        throw strict(context, t);
    }

    private static Throwable strict(ExtensionContext context, Throwable t) {
        if (t instanceof TestAbortedException && Prerequisites.ci() && !context.getTags().contains(Prerequisites.OPT_IN)) {
            AssertionError e = new AssertionError("CI=true: this test would have been skipped: " + t.getMessage());
            e.initCause(t);
            return e;
        }
        return t;
    }
}
