package org.cordon.xsm.host;

import java.time.Duration;
import java.util.List;

/**
 * A Xen host as Cordon reaches it: a place that runs commands (argv, optional standard input, a time limit).
 * Local hosts run them with ProcessBuilder, remote ones over SSH, the tests' fake Xen interprets them. Files are
 * read and written with commands too ({@link HostFiles}), so every transport needs only this.
 */
public interface HostConnection extends AutoCloseable {

    /** How to name the host to a person: {@code local} or {@code ssh://root@h1:22}. */
    String address();

    /**
     * Runs a command. A command that runs and fails is a result with its exit status; {@link HostException} means it
     * could not be run or its outcome is unknown (connection lost, time-out).
     */
    CommandResult run(List<String> argv, byte[] stdin, Duration timeout) throws HostException;

    default CommandResult run(List<String> argv, Duration timeout) throws HostException {
        return run(argv, null, timeout);
    }

    /** Connects again after the connection was lost (no-op where there is no connection). */
    void reconnect() throws HostException;

    @Override
    void close();
}
