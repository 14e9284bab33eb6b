package org.cordon.xsm.host;

/** A host could not be reached or a command on it could not be run (as opposed to a command that ran and failed). */
public class HostException extends Exception {

    /** What went wrong, so callers can tell a refused host key from a dropped connection. */
    public enum Kind {
        /** cannot connect, or the connection was lost: the state of a command in flight is unknown */
        UNREACHABLE,
        /** the server's host key is not the one known_hosts holds for it */
        HOST_KEY,
        /** the server did not accept the key */
        AUTHENTICATION,
        /** a command did not finish in time (it may still run on the host) */
        TIMEOUT,
        /** the client side is misconfigured: missing identity, unreadable known_hosts, bad address */
        SETUP,
        /** a Xen or FLASK tool ran but its answer could not be understood */
        PROTOCOL
    }

    private final Kind kind;

    public HostException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public HostException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** True when a command sent before this may or may not have run: the host's state must be read again. */
    public boolean stateUnknown() {
        return kind == Kind.UNREACHABLE || kind == Kind.TIMEOUT;
    }
}
