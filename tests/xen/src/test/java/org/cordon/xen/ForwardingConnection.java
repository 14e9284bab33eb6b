package org.cordon.xen;

import java.time.Duration;
import java.util.List;
import org.cordon.xsm.host.CommandResult;
import org.cordon.xsm.host.HostConnection;
import org.cordon.xsm.host.HostException;
import org.cordon.xsm.host.SshHost;

/** Cordon's SSH connection to the harness host, passed through: a fault overrides what it breaks. */
abstract class ForwardingConnection implements HostConnection {

    final SshHost real;

    ForwardingConnection(SshHost real) {
        this.real = real;
    }

    @Override
    public String address() {
        return real.address();
    }

    @Override
    public CommandResult run(List<String> argv, byte[] stdin, Duration timeout) throws HostException {
        return real.run(argv, stdin, timeout);
    }

    @Override
    public void reconnect() throws HostException {
        real.reconnect();
    }

    @Override
    public void close() {
        real.close();
    }
}
