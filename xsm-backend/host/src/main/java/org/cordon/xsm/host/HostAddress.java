package org.cordon.xsm.host;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Where a host is: {@code local} (this machine is dom0) or {@code ssh://[user@]host[:port]} (user root and port 22
 * unless given; IPv6 literals in brackets).
 */
public record HostAddress(String user, String host, int port) {

    public static final HostAddress LOCAL = new HostAddress(null, null, 0);

    public boolean local() {
        return host == null;
    }

    /** Parses an address; IllegalArgumentException with a message a person can act on. */
    public static HostAddress parse(String text) {
        String t = text.strip();
        if (t.equals("local")) {
            return LOCAL;
        }
        if (!t.startsWith("ssh://")) {
            throw new IllegalArgumentException("host '" + text + "' is neither 'local' nor ssh://[user@]host[:port]");
        }
        URI u;
        try {
            u = new URI(t);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("host '" + text + "' is not a valid ssh:// address: " + e.getReason());
        }
        if (u.getHost() == null || (u.getPath() != null && !u.getPath().isEmpty()) || u.getQuery() != null) {
            throw new IllegalArgumentException("host '" + text + "' must be ssh://[user@]host[:port], with nothing after the port");
        }
        String host = u.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new HostAddress(u.getUserInfo() == null ? "root" : u.getUserInfo(), host, u.getPort() < 0 ? 22 : u.getPort());
    }

    @Override
    public String toString() {
        if (local()) {
            return "local";
        }
        String h = host.contains(":") ? "[" + host + "]" : host;
        return "ssh://" + user + "@" + h + (port == 22 ? "" : ":" + port);
    }
}
