package org.cordon.driver;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The threads a pass's own work runs on beside the passes before it ({@link Pass#beginsAfter}). Daemons: a one-shot
 * command ends without waiting for work its build never took (a pass before it failed), and an editor's cancelled
 * build leaves its work to end on its own.
 */
final class Beside {

    private static final ExecutorService THREADS = Executors.newCachedThreadPool(work -> {
        Thread t = new Thread(work, "cordon-beside");
        t.setDaemon(true);
        return t;
    });

    private Beside() {
    }

    static <T> CompletableFuture<T> begin(Supplier<T> work) {
        return CompletableFuture.supplyAsync(work, THREADS);
    }

    /** What the work made, or what it threw, as if it had run on the caller's thread. */
    static <T> T join(CompletableFuture<T> begun) {
        try {
            return begun.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }
}
