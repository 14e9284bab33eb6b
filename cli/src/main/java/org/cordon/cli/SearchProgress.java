package org.cordon.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.cordon.verifier.placement.PlacementSolver;

/**
 * Shows a long placement search on stderr (stdout may be JSON): once the search has run for {@code quiet}, a
 * line every {@code quiet} with its phase and count, until it has decided. The solver only records where it
 * is; a daemon thread prints, so a search that ends within {@code quiet} prints nothing.
 */
final class SearchProgress implements Consumer<PlacementSolver.Progress>, AutoCloseable {

    static final Duration QUIET = Duration.ofSeconds(2);

    private final PrintWriter err;
    private final long quietNanos;
    private final LongSupplier clock;
    private final AtomicReference<PlacementSolver.Progress> latest = new AtomicReference<>();
    /** when the search began and when a line was last printed (nanoTime; 0: not yet) */
    private volatile long started;
    private volatile long printed;
    private ScheduledExecutorService ticker;

    SearchProgress(PrintWriter err, Duration quiet, LongSupplier clock) {
        this.err = err;
        this.quietNanos = quiet.toNanos();
        this.clock = clock;
    }

    /** Printing to {@code err} on its own thread, looking every tenth of {@code QUIET}. */
    static SearchProgress onStderr(PrintWriter err) {
        SearchProgress p = new SearchProgress(err, QUIET, System::nanoTime);
        p.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cordon-place-progress");
            t.setDaemon(true);
            return t;
        });
        long every = QUIET.toMillis() / 10;
        p.ticker.scheduleAtFixedRate(p::tick, every, every, TimeUnit.MILLISECONDS);
        return p;
    }

    @Override
    public void accept(PlacementSolver.Progress p) {
        if (started == 0) {
            started = clock.getAsLong();
        }
        latest.set(p);
    }

    /** Prints where the search is, when it has run for the quiet time and no line came within it. */
    void tick() {
        PlacementSolver.Progress p = latest.get();
        long now = clock.getAsLong();
        if (p == null || p.phase() == PlacementSolver.Phase.DONE || now - started < quietNanos
                || printed != 0 && now - printed < quietNanos) {
            return;
        }
        printed = now;
        err.println(line(p, (now - started) / 1e9));
        err.flush();
    }

    static String line(PlacementSolver.Progress p, double seconds) {
        String count = p.phase() == PlacementSolver.Phase.SEARCH || p.phase() == PlacementSolver.Phase.CHECK
                ? String.format(Locale.ROOT, "%,d %s", p.total(), p.phase().unit)
                : String.format(Locale.ROOT, "%,d/%,d %s", p.done(), p.total(), p.phase().unit);
        return String.format(Locale.ROOT, "cordon place: %s, %s (%.0f s)", p.phase().words, count, seconds);
    }

    @Override
    public void close() {
        if (ticker != null) {
            ticker.shutdownNow();
        }
    }
}
