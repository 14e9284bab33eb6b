package org.cordon.xsm.host;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.cordon.xsm.catalogue.XenCatalogue;
import org.cordon.xsm.catalogue.XenCatalogues;
import org.cordon.xsm.flask.model.ReleaseFit;
import org.cordon.xsm.flask.BinaryPolicyException;
import org.cordon.xsm.flask.model.BoolDef;
import org.cordon.xsm.host.LoadReport.Outcome;
import org.cordon.xsm.host.LoadReport.Status;

/**
 * Loads FLASK policies into a Xen host safely. A change goes: preflight (read only: the host's Xen release, FLASK
 * active, every running domain's label valid in the new policy, the policy Cordon verified, the policy the host runs
 * now known and stored) → backup (both binaries in the host's store, a pending marker) → {@code xl loadpolicy} →
 * {@code flask-label-pci} for the run-time device labels (Xen drops them on a load; the policy's own pcidevicecon
 * labels stay, and Xen refuses flask-label-pci for those devices) → booleans → post-checks
 * (mode unchanged, every domain labelled as before, the booleans and Xen's console show this policy) → history. Any
 * failure after the load, a lost connection included, puts the previous policy back the same way. Xen swaps
 * policies atomically, so the host enforces the old policy or the new one at every moment.
 */
public final class PolicyLoader {

    /** Live progress, for displays (one call per step). */
    public interface Progress {
        void step(String host, String step, Status status, String detail);

        Progress NONE = (h, s, st, d) -> { };
    }

    /**
     * What a load may be told: boolean values other than the policy's defaults, the policy the host runs now when
     * Cordon cannot know it (no history in this boot, no policy in the boot entry), a dry run, whether a policy that
     * was not verified may be loaded, and how hard to try to reconnect.
     */
    public record Options(Map<String, Boolean> booleans, Optional<LoadablePolicy> baseline, boolean dryRun,
            boolean allowUnverified, int reconnectAttempts, Duration reconnectDelay,
            List<LoadablePolicy.PciLabel> runtimeLabels) {

        public Options {
            booleans = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(booleans));
            runtimeLabels = List.copyOf(runtimeLabels);
        }

        /** Without run-time device labels. */
        public Options(Map<String, Boolean> booleans, Optional<LoadablePolicy> baseline, boolean dryRun,
                boolean allowUnverified, int reconnectAttempts, Duration reconnectDelay) {
            this(booleans, baseline, dryRun, allowUnverified, reconnectAttempts, reconnectDelay, List.of());
        }

        public static Options defaults() {
            return new Options(Map.of(), Optional.empty(), false, false, 3, Duration.ofSeconds(2));
        }

        public Options withDryRun(boolean d) {
            return new Options(booleans, baseline, d, allowUnverified, reconnectAttempts, reconnectDelay, runtimeLabels);
        }

        /**
         * PCI labels the site applies at run time with flask-label-pci (devices the policy does not label itself): Xen
         * drops them on every load, so they are applied again after each one, and after a rollback.
         */
        public Options withRuntimeLabels(List<LoadablePolicy.PciLabel> labels) {
            return new Options(booleans, baseline, dryRun, allowUnverified, reconnectAttempts, reconnectDelay, labels);
        }
    }

    /** A policy as the host should run it: the binary (stored at {@code path}), its booleans, FLASK's mode. */
    private record State(LoadablePolicy policy, String path, Map<String, Boolean> booleans, FlaskMode mode, String name,
            List<LoadablePolicy.PciLabel> runtimeLabels) {
    }

    /** The host as the preflight found it. */
    private record Snapshot(XenVersion version, String commandline, FlaskMode mode, List<Domain> domains,
            List<FlaskBoolean> booleans, String boot) {

        Map<String, Boolean> booleanValues() {
            Map<String, Boolean> m = new LinkedHashMap<>();
            booleans.forEach(b -> m.put(b.name(), b.value()));
            return m;
        }
    }

    /** The policy the host runs, as Cordon knows it; {@code fresh} when it is recorded as this boot's baseline now. */
    private record Current(LoadablePolicy policy, HostHistory.Entry entry, boolean fresh, String origin) {
    }

    private final XenHost host;
    private final HostHistory history;
    private final Progress progress;
    private final Clock clock;
    private final Set<String> absentDevices = new TreeSet<>();

    public PolicyLoader(XenHost host, String historyDir, Progress progress, Clock clock) {
        this.host = host;
        this.history = new HostHistory(host.files(), historyDir);
        this.progress = progress;
        this.clock = clock;
    }

    public HostHistory history() {
        return history;
    }

    // ---------------------------------------------------------------------------------------------- load

    public LoadReport load(LoadablePolicy next, Options o) {
        if (o.dryRun()) {
            return loadHoldingTheLock(next, o); // changes nothing: needs no lock
        }
        return whileLocked("load", "load " + next.name(), false, () -> loadHoldingTheLock(next, o));
    }

    private LoadReport loadHoldingTheLock(LoadablePolicy next, Options o) {
        LoadReport.Builder r = new LoadReport.Builder(host.address(), "load", progress);
        r.to = next.digest();
        State from;
        State to;
        Snapshot s;
        String phase = "preflight";
        try {
            s = snapshot();
            if (!o.dryRun()) {
                clearCutOffByReboot(r, s);
            }
            List<String> refusals = new ArrayList<>();
            pendingCheck(s, refusals);
            targetCheck(next, s, o, refusals);
            mlsCheck(next, s.domains(), refusals);
            dom0LevelNote(next, s, r);
            labelCheck(next, s.domains(), "the new policy", refusals);
            Map<String, Boolean> wanted = new LinkedHashMap<>();
            for (BoolDef b : next.booleans()) {
                wanted.put(b.name(), b.state());
            }
            o.booleans().forEach((k, v) -> {
                if (!wanted.containsKey(k)) {
                    refusals.add("boolean " + k + " is not in the new policy (it has: "
                            + (wanted.isEmpty() ? "none" : String.join(", ", wanted.keySet())) + ")");
                }
            });
            wanted.putAll(o.booleans());
            deviceCheck(next, o.runtimeLabels(), r, refusals);
            Current current = refusals.isEmpty() ? current(s, o.baseline(), refusals) : null;
            if (!refusals.isEmpty()) {
                return refuse(r, refusals);
            }
            r.from = current.policy().digest();
            r.step("preflight", Status.OK, "Xen " + s.version() + ", FLASK " + s.mode().text().toLowerCase(Locale.ROOT) + ", "
                    + s.domains().size() + " domains labelled in the new policy; running " + current.origin());
            String name = next.name();
            if (o.dryRun()) {
                plan(r, next, current, wanted, s, o);
                return r.finish(Outcome.DRY_RUN);
            }
            from = new State(current.policy(), history.policyPath(current.policy().digest()), s.booleanValues(), s.mode(),
                    current.entry() == null ? current.origin() : current.entry().name(), o.runtimeLabels());
            phase = "backup";
            backup(r, current, s, next);
            to = new State(next, history.policyPath(next.digest()), wanted, s.mode(), name, o.runtimeLabels());
            history.setPending(new HostHistory.Pending(clock.instant(), s.boot(), from.policy().digest(), next.digest(),
                    s.booleanValues(), s.mode(), "load " + name));
        } catch (HostException e) {
            return unreachableOrRefused(r, phase, e);
        }
        return transition(r, from, to, s, HostHistory.Action.LOAD, o);
    }

    // ---------------------------------------------------------------------------------------------- rollback

    /**
     * Returns the host to the policy before the current one in this boot (with the booleans it had then), or, after
     * an interrupted change, to the policy the change started from.
     */
    public LoadReport rollback(Options o) {
        return whileLocked("rollback", "rollback", true, () -> rollbackHoldingTheLock(o));
    }

    private LoadReport rollbackHoldingTheLock(Options o) {
        LoadReport.Builder r = new LoadReport.Builder(host.address(), "rollback", progress);
        Snapshot s;
        State from;
        State to;
        HostHistory.Action action;
        try {
            s = snapshot();
            List<String> refusals = new ArrayList<>();
            modeCheck(s, refusals);
            if (!o.dryRun()) {
                clearCutOffByReboot(r, s);
            }
            Optional<HostHistory.Pending> pending = history.pending().filter(p -> !p.cutOffByReboot(s.boot()));
            if (pending.isPresent()) {
                HostHistory.Pending p = pending.get();
                LoadablePolicy back = stored(p.fromDigest(), "the policy the interrupted change started from");
                LoadablePolicy forward = stored(p.toDigest(), "the policy the interrupted change was loading");
                labelCheck(back, s.domains(), "the policy to return to", refusals);
                if (!refusals.isEmpty()) {
                    return refuse(r, refusals);
                }
                r.from = forward.digest();
                r.to = back.digest();
                r.step("preflight", Status.OK, "an interrupted change (" + p.what() + ", " + p.time() + ") is undone");
                from = new State(forward, history.policyPath(forward.digest()), s.booleanValues(), s.mode(), "interrupted", o.runtimeLabels());
                to = new State(back, history.policyPath(back.digest()), p.fromBooleans(), p.mode(), "before " + p.what(), o.runtimeLabels());
                action = HostHistory.Action.RECOVER;
            } else {
                List<HostHistory.Entry> stack = HostHistory.stack(history.entries(), s.boot());
                if (stack.size() < 2) {
                    return refuse(r, List.of("nothing to roll back to: " + (stack.isEmpty()
                            ? "Cordon has loaded nothing on this host since it booted"
                            : "the host runs the first policy Cordon knows in this boot (" + stack.get(0).name() + ", "
                            + Digests.short8(stack.get(0).digest()) + ")")));
                }
                HostHistory.Entry top = stack.get(stack.size() - 1);
                HostHistory.Entry below = stack.get(stack.size() - 2);
                LoadablePolicy now = stored(top.digest(), "the current policy");
                LoadablePolicy back = stored(below.digest(), "the previous policy");
                consistencyCheck(new Current(now, top, false, top.name()), s, refusals);
                labelCheck(back, s.domains(), "the previous policy", refusals);
                if (!refusals.isEmpty()) {
                    return refuse(r, refusals);
                }
                r.from = now.digest();
                r.to = back.digest();
                r.step("preflight", Status.OK, "back from " + top.name() + " (" + Digests.short8(top.digest()) + ") to "
                        + below.name() + " (" + Digests.short8(below.digest()) + ")");
                from = new State(now, history.policyPath(now.digest()), s.booleanValues(), s.mode(), top.name(), o.runtimeLabels());
                Map<String, Boolean> wanted = new LinkedHashMap<>(below.booleans());
                back.booleans().forEach(b -> wanted.putIfAbsent(b.name(), b.state()));
                to = new State(back, history.policyPath(back.digest()), wanted, s.mode(), below.name(), o.runtimeLabels());
                action = HostHistory.Action.ROLLBACK;
            }
            if (o.dryRun()) {
                r.step("loadpolicy", Status.PLANNED, "xl loadpolicy " + to.path());
                return r.finish(Outcome.DRY_RUN);
            }
            history.setPending(new HostHistory.Pending(clock.instant(), s.boot(), from.policy().digest(),
                    to.policy().digest(), s.booleanValues(), s.mode(), action.name().toLowerCase(Locale.ROOT) + " to " + to.name()));
        } catch (HostException e) {
            return unreachableOrRefused(r, "preflight", e);
        }
        return transition(r, from, to, s, action, o);
    }

    private LoadablePolicy stored(String digest, String what) throws HostException {
        byte[] b = history.read(digest).orElseThrow(() -> new HostException(HostException.Kind.PROTOCOL, what + " ("
                + Digests.short8(digest) + ") is missing or damaged in " + history.dir() + "/policies"));
        try {
            return LoadablePolicy.of(what, b, Optional.empty(), true);
        } catch (BinaryPolicyException e) {
            throw new HostException(HostException.Kind.PROTOCOL, what + " in " + history.policyPath(digest)
                    + " does not read as a policy: " + e.getMessage());
        }
    }

    // ---------------------------------------------------------------------------------------------- preflight

    private Snapshot snapshot() throws HostException {
        Map<String, String> info = host.info();
        XenVersion v = XenOutputs.xenVersion(info);
        FlaskMode mode = host.mode();
        List<Domain> domains = mode == FlaskMode.DISABLED ? List.of() : host.domains();
        List<FlaskBoolean> bools = mode == FlaskMode.DISABLED ? List.of() : host.booleans();
        return new Snapshot(v, info.getOrDefault("xen_commandline", ""), mode, domains, bools, host.bootId());
    }

    /**
     * A change cut off by a reboot left its marker: the host booted its boot policy, so nothing of the change is in
     * force and it needs no recovery. The history records what became of it, and the marker goes.
     */
    private void clearCutOffByReboot(LoadReport.Builder r, Snapshot s) throws HostException {
        Optional<HostHistory.Pending> p = history.pending().filter(x -> x.cutOffByReboot(s.boot()));
        if (p.isEmpty()) {
            return;
        }
        HostHistory.Pending c = p.get();
        history.append(new HostHistory.Entry(c.time(), c.boot(), c.action(), c.toDigest(), "cut-off-by-reboot",
                c.subject(), Map.of(), "the host rebooted before the change finished"));
        history.clearPending();
        r.warning("a change cut off by a reboot (" + c.what() + ", " + c.time() + ") is recorded and its marker cleared: the "
                + "host booted its boot policy, so nothing of it is in force");
    }

    private void pendingCheck(Snapshot s, List<String> refusals) throws HostException {
        Optional<HostHistory.Pending> p = history.pending().filter(x -> !x.cutOffByReboot(s.boot()));
        if (p.isPresent()) {
            refusals.add("an earlier change was interrupted (" + p.get().what() + ", " + p.get().time() + ", from "
                    + Digests.short8(p.get().fromDigest()) + " to " + Digests.short8(p.get().toDigest()) + "): the host "
                    + "enforces one of the two; run `cordon rollback` to return to the first");
        }
    }

    private void modeCheck(Snapshot s, List<String> refusals) {
        if (s.mode() == FlaskMode.DISABLED) {
            refusals.add("XSM/FLASK is not active on " + host.address() + " (xl getenforce: Flask XSM Disabled; Xen's "
                    + "command line: " + (s.commandline().isBlank() ? "empty" : s.commandline()) + "): boot a Xen built with "
                    + "FLASK with flask=enforcing and a policy module");
        }
    }

    private void targetCheck(LoadablePolicy next, Snapshot s, Options o, List<String> refusals) {
        if (!next.verified() && !o.allowUnverified()) {
            refusals.add(next.name() + " was not verified by cordon compile (compiled with --no-verify, or not compiled by "
                    + "Cordon): compile it again without --no-verify");
        }
        if (next.targetXen().isEmpty()) {
            refusals.add(next.unknownTarget());
        } else if (!s.version().runs(next.targetXen().get())) {
            refusals.add(next.name() + " targets Xen " + next.targetXen().get() + " but " + host.address() + " runs Xen "
                    + s.version() + ": compile it for " + s.version().release() + " (target xen " + s.version().release()
                    + ", or `cordon upgrade --to " + s.version().release() + "` to see what changes)");
        }
        // Xen numbers classes and permissions when it is built and reads the policy's numbers as its own: a policy
        // for another release means other permissions there, or stops Xen at boot.
        Optional<XenCatalogue> hostCatalogue = XenCatalogues.forVersion(s.version().release());
        if (hostCatalogue.isEmpty()) {
            refusals.add(host.address() + " runs Xen " + s.version() + ", which Cordon has no catalogue for: it cannot "
                    + "tell whether that Xen reads " + next.name() + "'s classes as meant ("
                    + XenCatalogues.unsupported(s.version().release()) + ")");
        } else {
            List<String> p = ReleaseFit.problems(next.policy(), hostCatalogue.get());
            if (!p.isEmpty()) {
                refusals.add("Xen " + s.version().release() + " would refuse " + next.name() + ": its classes differ from the "
                        + "hypervisor's (" + String.join("; ", p.subList(0, Math.min(3, p.size())))
                        + (p.size() > 3 ? "; and " + (p.size() - 3) + " more" : "") + "); it has "
                        + ReleaseFit.describe(next.policy()));
            }
        }
        modeCheck(s, refusals);
    }

    /**
     * Xen refuses to switch between a policy with MLS and one without at run time ("Cannot switch between non-MLS and
     * MLS policies"); the running labels say which the host has: with MLS they carry a level.
     */
    private void mlsCheck(LoadablePolicy next, List<Domain> domains, List<String> refusals) {
        Optional<Domain> dom0 = domains.stream().filter(d -> d.id() == 0).findFirst();
        if (dom0.isEmpty()) {
            return;
        }
        boolean running = dom0.get().label().split(":", 4).length == 4;
        if (running != next.policy().mls()) {
            refusals.add(host.address() + " runs a policy " + (running ? "with" : "without") + " multi-level security "
                    + "(dom0: " + dom0.get().label() + ") and " + next.name() + " is " + (next.policy().mls() ? "" : "not ")
                    + "multi-level: Xen cannot switch between the two at run time. Install it for the next boot "
                    + "(`cordon install`) and reboot");
        }
    }

    /**
     * Xen keeps a running domain's level across a load (it relabels by name): the dom0 level a new multi-level policy
     * gives, if another, holds from the next boot only. Said, not refused: the load itself is sound.
     */
    private void dom0LevelNote(LoadablePolicy next, Snapshot s, LoadReport.Builder r) {
        Optional<Domain> dom0 = s.domains().stream().filter(d -> d.id() == 0).findFirst();
        Optional<XenCatalogue> catalogue = XenCatalogues.forVersion(s.version().release());
        if (!next.policy().mls() || dom0.isEmpty() || catalogue.isEmpty()) {
            return;
        }
        String[] running = dom0.get().label().split(":", 4);
        Optional<String> booted = catalogue.get().initialSids().stream().filter(x -> x.name().equals("dom0")).findFirst()
                .flatMap(x -> next.initialSidLevel(x.value()));
        if (running.length == 4 && booted.isPresent() && !next.sameLevel(running[3], booted.get())) {
            r.warning("dom0 keeps its level " + running[3] + ": Xen keeps running domains' levels across a load, so "
                    + next.name() + "'s " + booted.get() + " for dom0 holds from the next boot (cordon install)");
        }
    }

    /** Every running domain's label must be valid in {@code p}, or Xen would unlabel the domain on the load. */
    private static void labelCheck(LoadablePolicy p, List<Domain> domains, String what, List<String> refusals) {
        List<String> orphans = new ArrayList<>();
        for (Domain d : domains) {
            String why = p.labelProblem(d.label());
            if (why != null) {
                orphans.add(d.name() + " (id " + d.id() + ", " + d.label() + ": " + why + ")");
            }
        }
        if (!orphans.isEmpty()) {
            refusals.add("running domains would lose their labels with " + what + ": " + String.join("; ", orphans));
        }
    }

    /**
     * Run-time labels must name devices the policy does not label itself (Xen refuses flask-label-pci for a device
     * with a pcidevicecon: "Duplicate PCI Device", even with the same label) and types the policy has.
     */
    private void deviceCheck(LoadablePolicy p, List<LoadablePolicy.PciLabel> runtime, LoadReport.Builder r,
            List<String> refusals) throws HostException {
        for (LoadablePolicy.PciLabel l : runtime) {
            Optional<LoadablePolicy.PciLabel> declared = p.pciLabels().stream().filter(d -> d.sbdf().equals(l.sbdf())).findFirst();
            if (declared.isPresent()) {
                refusals.add("PCI device " + l.sbdf() + " is labelled by " + p.name() + " itself (" + declared.get().context()
                        + "): Xen refuses a run-time label for it; drop --label-pci " + l.sbdf());
                continue;
            }
            String problem = p.objectLabelProblem(l.context());
            if (problem != null) {
                refusals.add("run-time label " + l.context() + " for " + l.sbdf() + ": " + problem);
            }
        }
        for (LoadablePolicy.PciLabel l : runtime) {
            if (!host.hasPciDevice(l.sbdf())) {
                absentDevices.add(l.sbdf());
                r.warning("PCI device " + l.sbdf() + " (" + l.context() + ") is not on this host: not labelled");
            }
        }
    }

    /** The policy the host runs now: the top of this boot's history, else the baseline given or found in /boot. */
    private Current current(Snapshot s, Optional<LoadablePolicy> given, List<String> refusals) throws HostException {
        Current c;
        if (given.isPresent()) {
            c = new Current(given.get(), null, true, "the baseline given (" + given.get().name() + ")");
        } else {
            List<HostHistory.Entry> stack = HostHistory.stack(history.entries(), s.boot());
            if (!stack.isEmpty()) {
                HostHistory.Entry top = stack.get(stack.size() - 1);
                c = new Current(stored(top.digest(), "the current policy (" + top.name() + ")"), top, false,
                        top.name() + " (" + Digests.short8(top.digest()) + ")");
            } else {
                Optional<BootFiles.BootPolicy> boot = BootFiles.bootPolicy(host.files());
                if (boot.isEmpty()) {
                    refusals.add("Cordon does not know which policy " + host.address() + " runs (nothing loaded by Cordon "
                            + "since it booted, and no policy module in a default Xen boot entry): give --baseline FILE, "
                            + "the policy it runs, so that a failed load can be rolled back");
                    return null;
                }
                try {
                    LoadablePolicy p = LoadablePolicy.of(boot.get().path(), boot.get().binary(), Optional.empty(), true);
                    c = new Current(p, null, true, "the boot policy " + boot.get().path() + " (" + boot.get().config() + ": "
                            + boot.get().entry() + ")");
                } catch (BinaryPolicyException e) {
                    refusals.add("the boot policy " + boot.get().path() + " does not read as a policy: " + e.getMessage());
                    return null;
                }
            }
        }
        consistencyCheck(c, s, refusals);
        return c;
    }

    /**
     * The host must look like it runs {@code c}: the same booleans in the same order, every domain's label valid.
     * Otherwise someone loaded a policy by hand, and rolling back to {@code c} would not restore the host.
     */
    private void consistencyCheck(Current c, Snapshot s, List<String> refusals) {
        List<String> hostBools = s.booleans().stream().map(FlaskBoolean::name).toList();
        List<String> policyBools = c.policy().booleans().stream().map(BoolDef::name).toList();
        String why = null;
        if (!hostBools.equals(policyBools)) {
            why = "its booleans are " + hostBools + ", that policy's " + policyBools;
        } else {
            for (Domain d : s.domains()) {
                String p = c.policy().labelProblem(d.label());
                if (p != null) {
                    why = "domain " + d.name() + " is labelled " + d.label() + ", which that policy cannot hold (" + p + ")";
                    break;
                }
            }
        }
        if (why != null) {
            refusals.add(host.address() + " does not run " + c.origin() + ": " + why + ". Was a policy loaded by hand? "
                    + "Give --baseline FILE with the policy it runs");
        }
    }

    private void plan(LoadReport.Builder r, LoadablePolicy next, Current current, Map<String, Boolean> wanted, Snapshot s,
            Options o) {
        if (current.fresh()) {
            r.step("backup", Status.PLANNED, "record " + current.origin() + " as this boot's baseline in " + history.dir());
        }
        r.step("copy", Status.PLANNED, next.name() + " (" + next.digest() + ") to " + history.policyPath(next.digest()));
        r.step("loadpolicy", Status.PLANNED, "xl loadpolicy " + history.policyPath(next.digest()));
        for (LoadablePolicy.PciLabel l : next.pciLabels()) {
            r.step("label-pci", Status.SKIPPED, l.sbdf() + " " + l.context() + ": declared in the policy (pcidevicecon), Xen keeps it");
        }
        for (LoadablePolicy.PciLabel l : o.runtimeLabels()) {
            r.step("label-pci", absentDevices.contains(l.sbdf()) ? Status.SKIPPED : Status.PLANNED,
                    "flask-label-pci " + l.sbdf() + " " + l.context());
        }
        Map<String, Boolean> now = s.booleanValues();
        wanted.forEach((k, v) -> r.step("set-bool", Status.PLANNED, k + " = " + (v ? 1 : 0)
                + (Boolean.valueOf(v).equals(now.get(k)) ? " (as now)" : "")));
        r.step("post-check", Status.PLANNED, "FLASK stays " + s.mode().text().toLowerCase(Locale.ROOT) + "; " + s.domains().size()
                + " domains keep their labels; booleans and Xen's console show the new policy");
    }

    private void backup(LoadReport.Builder r, Current current, Snapshot s, LoadablePolicy next) throws HostException {
        history.store(current.policy());
        if (current.fresh()) {
            history.append(new HostHistory.Entry(clock.instant(), s.boot(), HostHistory.Action.BASELINE,
                    current.policy().digest(), "ok", current.origin(), s.booleanValues(), "running when Cordon first loaded in this boot"));
        }
        history.store(next);
        r.step("backup", Status.OK, "previous policy " + Digests.short8(current.policy().digest()) + " and new policy "
                + Digests.short8(next.digest()) + " stored in " + history.dir() + "/policies");
    }

    /**
     * Runs a change holding the host's lock, so that two Cordon commands never change one host at once (a second is
     * refused, naming the first). A change cut off with the host unreachable leaves its lock beside its pending
     * marker: loads are refused, and rollback, the recovery, takes the lock over ({@code recovers}). A lock from an
     * earlier boot is stale and taken over by anyone.
     */
    private LoadReport whileLocked(String command, String what, boolean recovers, java.util.function.Supplier<LoadReport> body) {
        LoadReport.Builder r = new LoadReport.Builder(host.address(), command, progress);
        try {
            HostHistory.Lock mine = new HostHistory.Lock(clock.instant(), host.bootId(), what);
            Optional<HostHistory.Lock> held = history.lock(mine);
            if (held.isPresent()) {
                Optional<HostHistory.Pending> pending = history.pending();
                if (recovers && pending.isPresent()) {
                    // rollback is the recovery of a change that was cut off: it takes that change's lock over
                    history.unlock();
                    held = history.lock(mine);
                }
                if (held.isPresent()) {
                    HostHistory.Lock h = held.get();
                    // with a pending marker the holder is mid-change, or was cut off mid-change: nobody can tell
                    // which from here, so the message says both and what to do in either case
                    return refuse(r, List.of(pending.map(p -> "a change is under way on " + host.address()
                            + ", or was interrupted (" + p.what() + ", since " + p.time() + ", from "
                            + Digests.short8(p.fromDigest()) + " to " + Digests.short8(p.toDigest()) + "): wait for it; if "
                            + "no cordon command is running, run `cordon rollback` to return to the first")
                            .orElse("another cordon command (" + h.what() + ", since " + h.time() + ") is changing "
                                    + host.address() + ": wait for it to finish; if none is running (it was cut off), "
                                    + "remove " + history.dir() + "/lock on the host")));
                }
            }
        } catch (HostException e) {
            return unreachableOrRefused(r, "preflight", e);
        }
        try {
            return body.get();
        } finally {
            try {
                history.unlock();
            } catch (HostException e) {
                // the host went away: the lock stays, beside the pending marker that says what happened
            }
        }
    }

    private LoadReport refuse(LoadReport.Builder r, List<String> refusals) {
        refusals.forEach(r::problem);
        r.step("preflight", Status.FAILED, refusals.get(0));
        return r.finish(Outcome.REFUSED);
    }

    /** A failure before anything changed: the host is as it was. */
    private LoadReport unreachableOrRefused(LoadReport.Builder r, String phase, HostException e) {
        r.problem(e.getMessage());
        r.step(phase, Status.FAILED, e.getMessage());
        return r.finish(e.kind() == HostException.Kind.PROTOCOL ? Outcome.REFUSED : Outcome.UNREACHABLE);
    }

    // ---------------------------------------------------------------------------------------------- the change

    /** Goes from {@code from} to {@code to}; on any failure back to {@code from}. */
    private LoadReport transition(LoadReport.Builder r, State from, State to, Snapshot s, HostHistory.Action action, Options o) {
        try {
            List<String> held = throughGate(r, from, to, "");
            if (!held.isEmpty()) {
                held.forEach(r::problem);
                return revert(r, from, to, s, action, o, true, false);
            }
            XenHost.Outcome loaded = host.loadPolicy(to.path());
            if (!loaded.ok()) {
                r.step("loadpolicy", Status.FAILED, loaded.message());
                r.problem(loaded.message());
                // Xen keeps the policy it had; make sure the host is as it was
                List<String> still = postCheck(from, s.domains(), false);
                if (still.isEmpty()) {
                    record(r, action, to, "rejected-by-xen", loaded.message(), s);
                    history.clearPending();
                    r.step("post-check", Status.OK, "the host still runs " + from.name() + " unchanged");
                    return r.finish(Outcome.REJECTED_BY_XEN);
                }
                still.forEach(r::problem);
                return revert(r, from, to, s, action, o, true, false);
            }
            r.step("loadpolicy", Status.OK, "Successfully loaded policy " + Digests.short8(to.policy().digest()));
            List<String> problems = configure(r, to, "");
            problems.addAll(postCheck(to, s.domains(), true));
            if (!problems.isEmpty()) {
                r.step("post-check", Status.FAILED, problems.get(0));
                problems.forEach(r::problem);
                return revert(r, from, to, s, action, o, true, true);
            }
            r.step("post-check", Status.OK, "FLASK " + to.mode().text().toLowerCase(Locale.ROOT) + ", domains labelled as before, "
                    + "booleans and console show " + Digests.short8(to.policy().digest()));
            record(r, action, to, "ok", "", s);
            history.clearPending();
            r.step("history", Status.OK, "recorded in " + history.dir() + "/history");
            return r.finish(Outcome.LOADED);
        } catch (HostException e) {
            r.problem(e.getMessage());
            r.step("change", Status.FAILED, e.getMessage());
            if (e.stateUnknown() && !reconnect(r, o)) {
                return unknown(r, from, to);
            }
            return revert(r, from, to, s, action, o, true, false);
        }
    }

    /**
     * Before Xen loads {@code next} over {@code running}: when next lacks types running has, the creation gate goes in
     * first and the domains are listed under it (see {@link CreationGate}). Returns what holds the change back: the
     * domains created with a type next lacks since preflight looked, or Xen refusing the gate; empty when Xen can load
     * next without dropping a label.
     */
    private List<String> throughGate(LoadReport.Builder r, State running, State next, String prefix) throws HostException {
        Set<String> dropped = CreationGate.dropped(running.policy().policy(), next.policy().policy());
        if (dropped.isEmpty()) {
            return List.of();
        }
        LoadablePolicy gate = CreationGate.of(running.policy(), dropped);
        history.store(gate);
        XenHost.Outcome shut = host.loadPolicy(history.policyPath(gate.digest()));
        if (!shut.ok()) {
            r.step(prefix + "gate", Status.FAILED, shut.message());
            return List.of("Xen refused the creation gate (" + running.name() + " with no domain creation as "
                    + String.join(", ", dropped) + "): " + shut.message());
        }
        List<String> holders = host.domains().stream().filter(d -> d.type() != null && dropped.contains(d.type()))
                .map(d -> "domain " + d.name() + " (id " + d.id() + ") was created labelled " + d.label() + " while the "
                        + "change ran: " + next.name() + " has no type " + d.type() + ", and Xen would drop the label for good")
                .toList();
        r.step(prefix + "gate", holders.isEmpty() ? Status.OK : Status.FAILED, holders.isEmpty()
                ? "no domain can become " + String.join(", ", dropped) + " (types " + next.name() + " lacks) while it loads"
                : holders.get(0));
        return holders;
    }

    /**
     * Back to {@code from}. With {@code toInForce} the host runs {@code to} (it loaded, then failed its post-check): the
     * way back goes through to's creation gate. Otherwise the domains are checked against from just before. A domain
     * from lacks the type of stops the rollback: the host stays on (or goes back to) to, and says so.
     */
    private LoadReport revert(LoadReport.Builder r, State from, State to, Snapshot s, HostHistory.Action action, Options o,
            boolean retry, boolean toInForce) {
        try {
            List<String> held = new ArrayList<>();
            if (toInForce) {
                held.addAll(throughGate(r, to, from, "rollback: "));
            } else {
                labelCheck(from.policy(), host.domains(), from.name(), held);
            }
            if (!held.isEmpty()) {
                if (toInForce) {
                    XenHost.Outcome again = host.loadPolicy(to.path());
                    r.step("rollback: loadpolicy", again.ok() ? Status.OK : Status.FAILED, again.ok()
                            ? "back on " + to.name() + " (" + Digests.short8(to.policy().digest()) + ") from its gate" : again.message());
                    configure(r, to, "rollback: ");
                }
                held.forEach(p -> r.problem("no rollback: " + p));
                r.step("rollback", Status.FAILED, "returning to " + from.name() + " would take a running domain's label; "
                        + history.dir() + "/pending still names the change");
                return r.finish(Outcome.ROLLBACK_FAILED);
            }
            XenHost.Outcome back = host.loadPolicy(from.path());
            if (!back.ok()) {
                r.step("rollback: loadpolicy", Status.FAILED, back.message());
                r.problem("rollback failed: " + back.message());
                return r.finish(Outcome.ROLLBACK_FAILED);
            }
            r.step("rollback: loadpolicy", Status.OK, "previous policy " + Digests.short8(from.policy().digest()) + " loaded again");
            List<String> problems = configure(r, from, "rollback: ");
            problems.addAll(postCheck(from, s.domains(), true));
            if (!problems.isEmpty()) {
                r.step("rollback: post-check", Status.FAILED, problems.get(0));
                problems.forEach(p -> r.problem("after the rollback: " + p));
                return r.finish(Outcome.ROLLBACK_FAILED);
            }
            r.step("rollback: post-check", Status.OK, "the host runs " + from.name() + " as before");
            try {
                record(r, action, to, "rolled-back", r.problems.isEmpty() ? "" : r.problems.get(0), s);
                history.clearPending();
            } catch (HostException e) {
                r.warning("the rollback is complete but could not be recorded (" + e.getMessage() + "); "
                        + history.dir() + "/pending still names the change");
            }
            return r.finish(Outcome.ROLLED_BACK);
        } catch (HostException e) {
            r.problem("during the rollback: " + e.getMessage());
            r.step("rollback", Status.FAILED, e.getMessage());
            if (retry && e.stateUnknown() && reconnect(r, o)) {
                return revert(r, from, to, s, action, o, false, false);
            }
            return e.stateUnknown() ? unknown(r, from, to) : r.finish(Outcome.ROLLBACK_FAILED);
        }
    }

    private LoadReport unknown(LoadReport.Builder r, State from, State to) {
        r.problem(host.address() + " enforces either " + Digests.short8(from.policy().digest()) + " (before, or its creation "
                + "gate, which differs only in shutting domains out of the types the change drops) or "
                + Digests.short8(to.policy().digest()) + " (new); " + history.dir() + "/pending on the host records the "
                + "change: once it answers, run `cordon rollback` for it");
        return r.finish(Outcome.STATE_UNKNOWN);
    }

    private boolean reconnect(LoadReport.Builder r, Options o) {
        for (int i = 1; i <= o.reconnectAttempts(); i++) {
            try {
                Thread.sleep(o.reconnectDelay().toMillis() * i);
                host.connection().reconnect();
                r.step("reconnect", Status.OK, "connected again (attempt " + i + ")");
                return true;
            } catch (HostException e) {
                r.step("reconnect", Status.FAILED, "attempt " + i + ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    /** After a load: the policy's device labels, its booleans, FLASK's mode. Returns what failed. */
    private List<String> configure(LoadReport.Builder r, State st, String prefix) throws HostException {
        List<String> problems = new ArrayList<>();
        // labels the policy declares (pcidevicecon) stay in force across loads; run-time ones are gone and come back
        for (LoadablePolicy.PciLabel l : st.runtimeLabels()) {
            if (absentDevices.contains(l.sbdf()) || !host.hasPciDevice(l.sbdf())
                    || st.policy().pciLabels().stream().anyMatch(d -> d.sbdf().equals(l.sbdf()))) {
                continue;
            }
            XenHost.Outcome out = host.labelPci(l.sbdf(), l.context());
            r.step(prefix + "label-pci", out.ok() ? Status.OK : Status.FAILED, l.sbdf() + " " + l.context()
                    + (out.ok() ? "" : ": " + out.message()));
            if (!out.ok()) {
                problems.add(out.message());
            }
        }
        Map<String, FlaskBoolean> now = new LinkedHashMap<>();
        host.booleans().forEach(b -> now.put(b.name(), b));
        for (Map.Entry<String, Boolean> want : st.booleans().entrySet()) {
            FlaskBoolean b = now.get(want.getKey());
            if (b == null || (b.value() == want.getValue() && b.pending() == want.getValue())) {
                continue;
            }
            XenHost.Outcome out = host.setBoolean(want.getKey(), want.getValue());
            r.step(prefix + "set-bool", out.ok() ? Status.OK : Status.FAILED, want.getKey() + " = " + (want.getValue() ? 1 : 0)
                    + (out.ok() ? "" : ": " + out.message()));
            if (!out.ok()) {
                problems.add(out.message());
            }
        }
        if (host.mode() != st.mode()) {
            XenHost.Outcome out = host.setMode(st.mode());
            r.step(prefix + "setenforce", out.ok() ? Status.OK : Status.FAILED, st.mode().text() + (out.ok() ? "" : ": " + out.message()));
            if (!out.ok()) {
                problems.add(out.message());
            }
        }
        return problems;
    }

    /** Does the host run {@code st} as it should? Returns what is wrong. */
    private List<String> postCheck(State st, List<Domain> before, boolean console) throws HostException {
        List<String> problems = new ArrayList<>();
        FlaskMode mode = host.mode();
        if (mode != st.mode()) {
            problems.add("FLASK is " + mode.text() + ", it was " + st.mode().text());
        }
        List<FlaskBoolean> bools = host.booleans();
        List<String> names = bools.stream().map(FlaskBoolean::name).toList();
        List<String> expected = st.policy().booleans().stream().map(BoolDef::name).toList();
        if (!names.equals(expected)) {
            problems.add("the host's booleans are " + names + ", " + st.name() + "'s " + expected + ": Xen does not run it");
        } else {
            for (FlaskBoolean b : bools) {
                Boolean want = st.booleans().get(b.name());
                if (want != null && (b.value() != want || b.pending() != want)) {
                    problems.add("boolean " + b.name() + " is " + (b.value() ? 1 : 0) + ", should be " + (want ? 1 : 0));
                }
            }
        }
        List<Domain> after = host.domains();
        // a domain whose label Xen dropped vanishes from xl list (dom0 may not getdomaininfo unlabeled_t) but stays in
        // xenstore; one that shut down meanwhile leaves both
        List<Domain> unseen = before.stream().filter(d -> after.stream().noneMatch(a -> a.id() == d.id())).toList();
        if (!unseen.isEmpty()) {
            host.xenstoreDomains().ifPresent(ids -> unseen.stream().filter(d -> ids.contains(d.id())).forEach(d -> problems.add(
                    "domain " + d.name() + " (id " + d.id() + ", " + d.label() + ") is gone from xl list but still in xenstore: "
                            + "Xen dropped its label, and dom0 can no longer see it")));
        }
        for (Domain d : before) {
            after.stream().filter(a -> a.id() == d.id() && a.name().equals(d.name()) && !a.label().equals(d.label()))
                    .findFirst().ifPresent(a -> problems.add("domain " + d.name() + " (id " + d.id() + ") is now labelled "
                            + a.label() + ", it was " + d.label()));
        }
        if (console) {
            Optional<XenOutputs.PolicyCounts> read = host.lastPolicyRead();
            XenOutputs.PolicyCounts want = st.policy().counts();
            if (read.isPresent() && !read.get().equals(want)) {
                problems.add("Xen's console says the last policy it read has " + read.get() + ", " + st.name() + " has " + want);
            }
        }
        return problems;
    }

    private void record(LoadReport.Builder r, HostHistory.Action action, State to, String result, String note, Snapshot s)
            throws HostException {
        Map<String, Boolean> set = result.equals("ok") ? to.booleans() : Map.of();
        history.append(new HostHistory.Entry(clock.instant(), s.boot(), action, to.policy().digest(), result, to.name(),
                set, note));
    }

    // ---------------------------------------------------------------------------------------------- status

    /** What {@code cordon status} shows. */
    public record HostStatus(String host, XenVersion version, String flaskOption, FlaskMode mode, List<Domain> domains,
            List<FlaskBoolean> booleans, String boot, Optional<HostHistory.Entry> current,
            Optional<HostHistory.Pending> pending, List<HostHistory.Entry> history, List<String> notes) {
    }

    /** The policy a host runs, as Cordon knows it; or why Cordon cannot say. */
    public record Running(Optional<LoadablePolicy> policy, String origin, List<String> problems) {
    }

    /**
     * The policy the host runs now (the last Cordon loaded in this boot, else its boot entry's module), checked
     * against the host as a load's preflight checks it: a policy loaded by hand is not taken for the recorded one.
     */
    public Running running() throws HostException {
        List<String> problems = new ArrayList<>();
        Current c = current(snapshot(), Optional.empty(), problems);
        return c == null || !problems.isEmpty() ? new Running(Optional.empty(), "", List.copyOf(problems))
                : new Running(Optional.of(c.policy()), c.origin(), List.of());
    }

    public HostStatus status() throws HostException {
        Snapshot s = snapshot();
        List<HostHistory.Entry> entries = history.entries();
        List<HostHistory.Entry> stack = HostHistory.stack(entries, s.boot());
        List<String> notes = new ArrayList<>();
        Optional<HostHistory.Entry> current = stack.isEmpty() ? Optional.empty() : Optional.of(stack.get(stack.size() - 1));
        if (current.isEmpty()) {
            notes.add(entries.isEmpty() ? "Cordon has not loaded a policy on this host"
                    : "Cordon has loaded nothing since the host last booted: it runs its boot policy");
            BootFiles.bootPolicy(host.files()).ifPresent(b -> notes.add("boot policy: " + b.path() + " ("
                    + Digests.sha256(b.binary()) + ", " + b.config() + ": " + b.entry() + ")"));
        } else {
            List<String> refusals = new ArrayList<>();
            Optional<byte[]> bytes = history.read(current.get().digest());
            if (bytes.isEmpty()) {
                notes.add("the current policy is missing from " + history.dir() + "/policies");
            } else {
                try {
                    consistencyCheck(new Current(LoadablePolicy.of(current.get().name(), bytes.get(), Optional.empty(), true),
                            current.get(), false, current.get().name()), s, refusals);
                } catch (BinaryPolicyException e) {
                    refusals.add("the stored current policy does not read: " + e.getMessage());
                }
            }
            notes.addAll(refusals);
        }
        history.pending().filter(p -> p.cutOffByReboot(s.boot())).ifPresent(p -> notes.add("a change (" + p.what() + ", since "
                + p.time() + ") was cut off by a reboot: nothing of it is in force, the host booted its boot policy; the next "
                + "load or rollback records it and clears " + history.dir() + "/pending"));
        history.holder().filter(l -> l.boot().equals(s.boot())).ifPresent(l -> notes.add("a cordon command is changing "
                + "the host (" + l.what() + ", since " + l.time() + "); if none is running, it was cut off: "
                + history.dir() + "/lock"));
        return new HostStatus(host.address(), s.version(), XenOutputs.bootOption(s.commandline(), "flask").orElse("(not set)"),
                s.mode(), s.domains(), s.booleans(), s.boot(), current, history.pending(), entries, notes);
    }
}
