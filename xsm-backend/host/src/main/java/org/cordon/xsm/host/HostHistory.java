package org.cordon.xsm.host;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What Cordon keeps on a host, since Xen cannot hand back the policy it enforces: every policy it loaded (by
 * SHA-256, in {@code DIR/policies/}), a history of loads and rollbacks ({@code DIR/history}, one tab-separated line
 * each), and while a change is under way a {@code DIR/pending} marker naming both policies, so an interrupted change
 * is seen by the next command. Entries carry dom0's boot id: a reboot brings back the boot policy and forgets the rest.
 */
public final class HostHistory {

    public static final String DEFAULT_DIR = "/var/lib/cordon";

    /** What an entry records. */
    public enum Action {
        /** the policy the host runs when Cordon first meets it in a boot (its boot policy, or one named by the user) */
        BASELINE,
        /** cordon load */
        LOAD,
        /** cordon rollback */
        ROLLBACK,
        /** cordon rollback after an interrupted change */
        RECOVER
    }

    /** One line of the history. {@code booleans} are the values set on the host by this change. */
    public record Entry(Instant time, String boot, Action action, String digest, String result, String name,
            Map<String, Boolean> booleans, String note) {

        public Entry {
            booleans = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(booleans));
        }

        public boolean ok() {
            return result.equals("ok");
        }

        String line() {
            return String.join("\t", time.toString(), boot, action.name().toLowerCase(Locale.ROOT), digest, result, clean(name),
                    HostHistory.booleans(booleans), clean(note));
        }

        static Entry parse(String line) {
            String[] f = line.split("\t", -1);
            if (f.length < 8) {
                throw new IllegalArgumentException("history line with " + f.length + " fields: " + line);
            }
            return new Entry(Instant.parse(f[0]), f[1], Action.valueOf(f[2].toUpperCase(Locale.ROOT)), f[3], f[4], f[5],
                    HostHistory.booleans(f[6]), f[7]);
        }
    }

    /** A change under way: from which policy (and its booleans and mode) to which. */
    public record Pending(Instant time, String boot, String fromDigest, String toDigest, Map<String, Boolean> fromBooleans,
            FlaskMode mode, String what) {

        String text() {
            return String.join("\t", time.toString(), boot, fromDigest, toDigest, HostHistory.booleans(fromBooleans),
                    mode.name(), clean(what)) + "\n";
        }

        /** The action the change was ("load v2", "rollback to v1", "recover to …"). */
        public Action action() {
            String verb = what.split(" ", 2)[0].toUpperCase(Locale.ROOT);
            return java.util.Arrays.stream(Action.values()).filter(a -> a.name().equals(verb)).findFirst().orElse(Action.LOAD);
        }

        /** What the change acted on: "v2" of "load v2", "to v1" of "rollback to v1". */
        public String subject() {
            int space = what.indexOf(' ');
            return space < 0 ? what : what.substring(space + 1);
        }

        /** Whether the host has rebooted since the change began: it then runs its boot policy, and the change is moot. */
        public boolean cutOffByReboot(String bootNow) {
            return !boot.equals(bootNow);
        }

        static Pending parse(String text) {
            String[] f = text.strip().split("\t", -1);
            if (f.length < 7) {
                throw new IllegalArgumentException("pending marker with " + f.length + " fields: " + text);
            }
            return new Pending(Instant.parse(f[0]), f[1], f[2], f[3], HostHistory.booleans(f[4]), FlaskMode.valueOf(f[5]), f[6]);
        }
    }

    /**
     * Who is changing the host: the lock a load or rollback holds while it runs, a directory {@code DIR/lock} (made in
     * one step, so two commands at once cannot both hold it) with this in {@code DIR/lock/owner}.
     */
    public record Lock(Instant time, String boot, String what) {

        String text() {
            return String.join("\t", time.toString(), boot, clean(what)) + "\n";
        }

        static Lock parse(String text) {
            String[] f = text.strip().split("\t", -1);
            if (f.length < 3) {
                throw new IllegalArgumentException("lock owner with " + f.length + " fields: " + text);
            }
            return new Lock(Instant.parse(f[0]), f[1], f[2]);
        }
    }

    private final HostFiles files;
    private final String dir;

    public HostHistory(HostFiles files, String dir) {
        this.files = files;
        this.dir = dir;
    }

    public String dir() {
        return dir;
    }

    public String policyPath(String digest) {
        return dir + "/policies/" + digest + ".xenpolicy";
    }

    public List<Entry> entries() throws HostException {
        List<Entry> out = new ArrayList<>();
        Optional<String> text = files.readText(dir + "/history");
        if (text.isEmpty()) {
            return out;
        }
        int n = 0;
        for (String line : text.get().split("\n")) {
            n++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            try {
                out.add(Entry.parse(line));
            } catch (RuntimeException e) {
                throw new HostException(HostException.Kind.PROTOCOL, dir + "/history:" + n + ": cannot read this entry ("
                        + e.getMessage() + "); fix or move the file");
            }
        }
        return out;
    }

    /** Appends an entry (the file is rewritten atomically: a crash leaves the old history or the new one). */
    public void append(Entry e) throws HostException {
        String old = files.readText(dir + "/history")
                .orElse("# cordon: policies loaded on this host (time, boot id, action, sha256, result, name, booleans, note)\n");
        files.writeText(dir + "/history", old + e.line() + "\n");
    }

    public Optional<Pending> pending() throws HostException {
        Optional<String> text = files.readText(dir + "/pending");
        try {
            return text.filter(t -> !t.isBlank()).map(Pending::parse);
        } catch (RuntimeException e) {
            throw new HostException(HostException.Kind.PROTOCOL, dir + "/pending cannot be read (" + e.getMessage() + ")");
        }
    }

    /**
     * Takes the host's lock for {@code mine}; empty when taken, else the holder (its owner file unreadable: a holder
     * that is still writing it, "unknown"). A lock from an earlier boot is stale: the command that held it is gone
     * with that boot, and the lock is taken over.
     */
    public Optional<Lock> lock(Lock mine) throws HostException {
        String lock = dir + "/lock";
        for (int attempt = 0; attempt < 2; attempt++) {
            if (files.createDirectory(lock)) {
                files.writeText(lock + "/owner", mine.text());
                return Optional.empty();
            }
            Optional<Lock> holder = holder();
            if (holder.isPresent() && !holder.get().boot().equals(mine.boot())) {
                unlock(); // from before the last reboot
                continue;
            }
            return Optional.of(holder.orElse(new Lock(Instant.EPOCH, mine.boot(), "unknown (no owner written yet)")));
        }
        return holder();
    }

    /** Who holds the lock; empty when nobody does. */
    public Optional<Lock> holder() throws HostException {
        if (!files.isDirectory(dir + "/lock")) {
            return Optional.empty();
        }
        try {
            return files.readText(dir + "/lock/owner").filter(t -> !t.isBlank()).map(Lock::parse);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    public void unlock() throws HostException {
        files.delete(dir + "/lock/owner");
        files.removeDirectory(dir + "/lock");
    }

    public void setPending(Pending p) throws HostException {
        files.writeText(dir + "/pending", p.text());
    }

    public void clearPending() throws HostException {
        files.delete(dir + "/pending");
    }

    /** Puts a policy in the store unless an intact copy is there already; returns its path on the host. */
    public String store(LoadablePolicy p) throws HostException {
        String path = policyPath(p.digest());
        if (!files.exists(path) || !files.sha256(path).equals(p.digest())) {
            files.write(path, p.binary());
        }
        return path;
    }

    /** A stored policy's bytes, checked against its name; empty when missing or damaged. */
    public Optional<byte[]> read(String digest) throws HostException {
        return files.read(policyPath(digest)).filter(b -> Digests.sha256(b).equals(digest));
    }

    /**
     * The policies in force in one boot, oldest first: a baseline starts the stack, each successful load pushes,
     * each successful rollback pops. The last is the policy the host runs now, as far as Cordon knows.
     */
    public static List<Entry> stack(List<Entry> entries, String boot) {
        List<Entry> stack = new ArrayList<>();
        for (Entry e : entries) {
            if (!e.boot().equals(boot) || !e.ok()) {
                continue;
            }
            switch (e.action()) {
                case BASELINE -> {
                    stack.clear();
                    stack.add(e);
                }
                case LOAD -> stack.add(e);
                case ROLLBACK -> {
                    if (stack.size() > 1) {
                        stack.remove(stack.size() - 1);
                    }
                }
                case RECOVER -> {
                    // an interrupted change returned to the policy already on top: nothing moves
                }
            }
        }
        return stack;
    }

    static String booleans(Map<String, Boolean> b) {
        if (b.isEmpty()) {
            return "-";
        }
        StringBuilder s = new StringBuilder();
        b.forEach((k, v) -> s.append(s.length() == 0 ? "" : ",").append(k).append('=').append(v ? 1 : 0));
        return s.toString();
    }

    static Map<String, Boolean> booleans(String text) {
        Map<String, Boolean> m = new LinkedHashMap<>();
        if (text.isBlank() || text.equals("-")) {
            return m;
        }
        for (String kv : text.split(",")) {
            String[] p = kv.split("=", 2);
            if (p.length != 2 || !(p[1].equals("0") || p[1].equals("1"))) {
                throw new IllegalArgumentException("boolean '" + kv + "' is not name=0|1");
            }
            m.put(p[0], p[1].equals("1"));
        }
        return m;
    }

    private static String clean(String s) {
        return s == null || s.isEmpty() ? "-" : s.replace('\t', ' ').replace('\n', ' ');
    }
}
