package org.cordon.xsm.host;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Files on a host, through its commands (coreutils: test, cat, mkdir, mv, rm, sha256sum, ls, sync). Writes are
 * atomic: the content goes to a temporary file beside the target, then {@code mv -f} renames it over the target,
 * so a reader (or a crash) sees the old file or the new one, never half of one.
 */
public final class HostFiles {

    /** The one shell script Cordon sends: copies standard input into the file named by its argument. */
    public static final String WRITE_STDIN = "cat > \"$1\"";

    private static final Duration QUICK = Duration.ofSeconds(60);
    /** How often {@link #createDirectory} tries when the directory keeps vanishing between its two steps. */
    private static final int CREATE_ATTEMPTS = 3;
    /** Policies reach tens of MB at scale; copying them over a slow link takes a while. */
    private static final Duration COPY = Duration.ofMinutes(10);

    private final HostConnection host;

    public HostFiles(HostConnection host) {
        this.host = host;
    }

    public boolean exists(String path) throws HostException {
        return host.run(List.of("test", "-e", path), QUICK).exit() == 0;
    }

    public boolean isDirectory(String path) throws HostException {
        return host.run(List.of("test", "-d", path), QUICK).exit() == 0;
    }

    /** The file's bytes, or empty when it does not exist. */
    public Optional<byte[]> read(String path) throws HostException {
        if (!exists(path)) {
            return Optional.empty();
        }
        CommandResult r = host.run(List.of("cat", "--", path), COPY);
        if (r.exit() != 0) {
            throw new HostException(HostException.Kind.PROTOCOL, "cannot read " + path + " on " + host.address() + ": " + r.message());
        }
        return Optional.of(r.stdout());
    }

    /** The first {@code n} bytes of a file (to tell a policy by its magic without copying a kernel). */
    public Optional<byte[]> head(String path, int n) throws HostException {
        if (!exists(path)) {
            return Optional.empty();
        }
        CommandResult r = host.run(List.of("head", "-c", Integer.toString(n), "--", path), QUICK);
        return r.exit() == 0 ? Optional.of(r.stdout()) : Optional.empty();
    }

    public Optional<String> readText(String path) throws HostException {
        return read(path).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    /** Writes the file atomically (creating its directory); checks what arrived by its SHA-256. */
    public void write(String path, byte[] content) throws HostException {
        String dir = parent(path);
        String tmp = dir + "/." + name(path) + ".cordon-tmp";
        ok(List.of("mkdir", "-p", "--", dir), "create " + dir);
        CommandResult w = host.run(List.of("sh", "-c", WRITE_STDIN, "sh", tmp), content, COPY);
        if (w.exit() != 0) {
            host.run(List.of("rm", "-f", "--", tmp), QUICK);
            throw new HostException(HostException.Kind.PROTOCOL, "cannot write " + path + " on " + host.address() + ": " + w.message());
        }
        String arrived = sha256(tmp);
        String sent = Digests.sha256(content);
        if (!arrived.equals(sent)) {
            host.run(List.of("rm", "-f", "--", tmp), QUICK);
            throw new HostException(HostException.Kind.PROTOCOL, "the copy of " + path + " on " + host.address()
                    + " is damaged (sha256 " + arrived + ", sent " + sent + ")");
        }
        ok(List.of("mv", "-f", "--", tmp, path), "rename " + tmp + " to " + path);
        // the rename must reach the disk before anything relies on it (a boot file, the history)
        host.run(List.of("sync"), QUICK);
    }

    public void writeText(String path, String text) throws HostException {
        write(path, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Creates a directory, its parent first; false when it exists already. {@code mkdir} without {@code -p} either
     * creates it or fails, in one step on the host: how two commands at once tell which came first. A directory
     * that was there when {@code mkdir} refused and is gone when looked at was removed in between (the other command
     * let go of its lock): it is tried again.
     */
    public boolean createDirectory(String path) throws HostException {
        ok(List.of("mkdir", "-p", "--", parent(path)), "create " + parent(path));
        CommandResult r = null;
        for (int attempt = 0; attempt < CREATE_ATTEMPTS; attempt++) {
            r = host.run(List.of("mkdir", "--", path), QUICK);
            if (r.exit() == 0) {
                return true;
            }
            if (isDirectory(path)) {
                return false;
            }
        }
        throw new HostException(HostException.Kind.PROTOCOL, "cannot create " + path + " on " + host.address() + ": "
                + r.message());
    }

    /** Removes an empty directory ({@code rmdir}); nothing when it is gone already. */
    public void removeDirectory(String path) throws HostException {
        if (isDirectory(path)) {
            ok(List.of("rmdir", "--", path), "remove " + path);
        }
    }

    public void delete(String path) throws HostException {
        ok(List.of("rm", "-f", "--", path), "remove " + path);
    }

    /** Hex SHA-256 of a file on the host ({@code sha256sum}). */
    public String sha256(String path) throws HostException {
        CommandResult r = ok(List.of("sha256sum", "--", path), "hash " + path);
        String hex = r.out().strip().split("\\s+", 2)[0];
        if (!hex.matches("[0-9a-f]{64}")) {
            throw new HostException(HostException.Kind.PROTOCOL, "sha256sum printed no digest for " + path + ": " + r.out());
        }
        return hex;
    }

    /** Names in a directory (empty when it does not exist). */
    public List<String> list(String dir) throws HostException {
        if (!isDirectory(dir)) {
            return List.of();
        }
        CommandResult r = ok(List.of("ls", "-1A", "--", dir), "list " + dir);
        return Arrays.stream(r.out().split("\n")).filter(s -> !s.isBlank()).sorted().toList();
    }

    private CommandResult ok(List<String> argv, String what) throws HostException {
        CommandResult r = host.run(argv, QUICK);
        if (r.exit() != 0) {
            throw new HostException(HostException.Kind.PROTOCOL, "cannot " + what + " on " + host.address() + ": " + r.message());
        }
        return r;
    }

    static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }

    static String name(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
