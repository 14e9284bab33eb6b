package org.cordon.xsm.host;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Loads one policy into many hosts in waves: every host of a wave is loaded (each with {@link PolicyLoader}'s
 * preflight, post-checks and rollback), and the next wave starts only when the whole wave is on the new policy. The
 * first wave with a host not on the new policy stops the rollout; with {@code rollbackOnFailure} the hosts it
 * already moved go back too. Each host is on the new policy or on its old one, never in between, unless Xen or the
 * network fails the rollback itself — then the report says so for that host.
 */
public final class Rollout {

    /** One wave: its number (from 1) and its hosts, in the order of the hosts file. */
    public record Wave(int number, List<String> hosts) {
        public Wave {
            hosts = List.copyOf(hosts);
        }
    }

    /** Opens a host (the caller closes it). */
    public interface Connector {
        XenHost open(String address) throws HostException;
    }

    /** A host's share of the rollout. {@code wave} is 0 for a host no wave reached. */
    public record HostResult(String host, int wave, Optional<LoadReport> load, Optional<LoadReport> rollback) {

        /** Where the host ended, in the words of its last report; "not started" when no wave reached it. */
        public String state() {
            if (rollback.isPresent()) {
                LoadReport r = rollback.get();
                return r.outcome() == LoadReport.Outcome.LOADED ? "rolled back (rollout stopped)" : "rollback: " + r.outcome().text();
            }
            return load.map(r -> r.outcome().text()).orElse("not started");
        }

        /** On the new policy, or on the old one with nothing half-done. */
        public boolean settled() {
            return rollback.map(r -> r.outcome().settled()).orElse(load.map(r -> r.outcome().settled()).orElse(true));
        }

        public boolean onNewPolicy() {
            return rollback.isEmpty() && load.map(r -> r.outcome() == LoadReport.Outcome.LOADED).orElse(false);
        }
    }

    public record Result(List<Wave> waves, List<HostResult> hosts, int stoppedAtWave, boolean dryRun) {
        public Result {
            waves = List.copyOf(waves);
            hosts = List.copyOf(hosts);
        }

        public boolean complete() {
            return stoppedAtWave == 0;
        }

        public boolean settled() {
            return hosts.stream().allMatch(HostResult::settled);
        }
    }

    /** Progress of a rollout, for displays. */
    public interface Listener extends PolicyLoader.Progress {
        default void wave(Wave w, int of) {
        }

        default void hostDone(String host, LoadReport r) {
        }
    }

    private final Connector connector;
    private final String historyDir;
    private final Listener listener;
    private final int parallel;
    private final java.time.Clock clock;

    public Rollout(Connector connector, String historyDir, Listener listener, int parallel, java.time.Clock clock) {
        if (parallel < 1) {
            throw new IllegalArgumentException("parallel must be at least 1");
        }
        this.connector = connector;
        this.historyDir = historyDir;
        this.listener = listener;
        this.parallel = parallel;
        this.clock = clock;
    }

    /**
     * Splits the hosts into waves as {@code spec} says: sizes separated by commas, each a count ("1") or a share of
     * all hosts ("10%", rounded up); the last size repeats until every host has a wave ("1,10%,100%": one host, then
     * a tenth, then the rest). IllegalArgumentException on a bad spec.
     */
    public static List<Wave> plan(List<String> hosts, String spec) {
        List<Integer> sizes = new ArrayList<>();
        for (String part : spec.split(",")) {
            String p = part.strip();
            try {
                int n;
                if (p.endsWith("%")) {
                    int pct = Integer.parseInt(p.substring(0, p.length() - 1).strip());
                    if (pct < 1 || pct > 100) {
                        throw new IllegalArgumentException("wave size " + p + " is not between 1% and 100%");
                    }
                    n = (int) Math.ceil(hosts.size() * pct / 100.0);
                } else {
                    n = Integer.parseInt(p);
                    if (n < 1) {
                        throw new IllegalArgumentException("wave size " + p + " is not a positive number of hosts");
                    }
                }
                sizes.add(Math.max(1, n));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("wave size '" + p + "' in --waves " + spec + " is neither a count (3) nor a share (10%)");
            }
        }
        if (sizes.isEmpty()) {
            throw new IllegalArgumentException("--waves is empty");
        }
        List<Wave> waves = new ArrayList<>();
        int at = 0;
        for (int i = 0; at < hosts.size(); i++) {
            int n = sizes.get(Math.min(i, sizes.size() - 1));
            int end = Math.min(hosts.size(), at + n);
            waves.add(new Wave(waves.size() + 1, hosts.subList(at, end)));
            at = end;
        }
        return waves;
    }

    public Result run(List<Wave> waves, LoadablePolicy policy, PolicyLoader.Options options, boolean rollbackOnFailure) {
        List<HostResult> results = Collections.synchronizedList(new ArrayList<>());
        List<String> loaded = new ArrayList<>();
        int stopped = 0;
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            for (Wave w : waves) {
                listener.wave(w, waves.size());
                List<Future<HostResult>> jobs = new ArrayList<>();
                for (String h : w.hosts()) {
                    jobs.add(pool.submit(() -> loadOne(h, w.number(), policy, options)));
                }
                boolean failed = false;
                for (Future<HostResult> f : jobs) {
                    HostResult r = get(f);
                    results.add(r);
                    if (r.onNewPolicy()) {
                        loaded.add(r.host());
                    } else if (!(options.dryRun() && r.load().map(x -> x.outcome() == LoadReport.Outcome.DRY_RUN).orElse(false))) {
                        failed = true;
                    }
                }
                if (failed) {
                    stopped = w.number();
                    break;
                }
            }
        } finally {
            pool.shutdownNow();
        }
        if (stopped != 0) {
            for (Wave w : waves.subList(stopped, waves.size())) {
                w.hosts().forEach(h -> results.add(new HostResult(h, 0, Optional.empty(), Optional.empty())));
            }
            if (rollbackOnFailure) {
                // last loaded first, one at a time: the way back should not stampede
                for (int i = loaded.size() - 1; i >= 0; i--) {
                    String h = loaded.get(i);
                    LoadReport back = rollbackOne(h, options);
                    for (int k = 0; k < results.size(); k++) {
                        HostResult r = results.get(k);
                        if (r.host().equals(h)) {
                            results.set(k, new HostResult(h, r.wave(), r.load(), Optional.of(back)));
                        }
                    }
                }
            }
        }
        List<HostResult> ordered = new ArrayList<>();
        for (Wave w : waves) {
            for (String h : w.hosts()) {
                results.stream().filter(r -> r.host().equals(h)).findFirst().ifPresent(ordered::add);
            }
        }
        return new Result(waves, ordered, stopped, options.dryRun());
    }

    private HostResult loadOne(String address, int wave, LoadablePolicy policy, PolicyLoader.Options options) {
        LoadReport r;
        try (XenHost host = connector.open(address)) {
            r = new PolicyLoader(host, historyDir, listener, clock).load(policy, options);
        } catch (HostException e) {
            r = unreachable(address, "load", e);
        }
        listener.hostDone(address, r);
        return new HostResult(address, wave, Optional.of(r), Optional.empty());
    }

    private LoadReport rollbackOne(String address, PolicyLoader.Options options) {
        LoadReport r;
        try (XenHost host = connector.open(address)) {
            r = new PolicyLoader(host, historyDir, listener, clock).rollback(options);
        } catch (HostException e) {
            r = unreachable(address, "rollback", e);
        }
        listener.hostDone(address, r);
        return r;
    }

    /** A host Cordon could not open: nothing was changed on it. */
    public static LoadReport unreachable(String address, String operation, HostException e) {
        LoadReport.Outcome o = e.kind() == HostException.Kind.UNREACHABLE || e.kind() == HostException.Kind.TIMEOUT
                || e.kind() == HostException.Kind.HOST_KEY || e.kind() == HostException.Kind.AUTHENTICATION
                || e.kind() == HostException.Kind.SETUP ? LoadReport.Outcome.UNREACHABLE : LoadReport.Outcome.REFUSED;
        return new LoadReport(address, operation, o, "", "", List.of(new LoadReport.Step("connect", LoadReport.Status.FAILED,
                e.getMessage())), List.of(e.getMessage()), List.of());
    }

    private static HostResult get(Future<HostResult> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the rollout was interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a host's load failed unexpectedly: " + e.getCause(), e.getCause());
        }
    }
}
