package org.cordon.xsm.host;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** This machine as the Xen host (dom0 itself): commands run with ProcessBuilder. */
public final class LocalHost implements HostConnection {

    @Override
    public String address() {
        return "local";
    }

    @Override
    public CommandResult run(List<String> argv, byte[] stdin, Duration timeout) throws HostException {
        Process p;
        try {
            p = new ProcessBuilder(argv).start();
        } catch (IOException e) {
            // no such program: as a shell would say it, so callers treat it like any failed command
            return CommandResult.of(127, "", argv.get(0) + ": " + e.getMessage());
        }
        CompletableFuture<byte[]> out = drain(p.getInputStream());
        CompletableFuture<byte[]> err = drain(p.getErrorStream());
        try (OutputStream in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin);
            }
        } catch (IOException e) {
            // the command exited without reading all its input; its exit status says the rest
        }
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new HostException(HostException.Kind.TIMEOUT, String.join(" ", argv) + " did not finish within "
                        + timeout.toSeconds() + " s");
            }
            return new CommandResult(p.exitValue(), out.get(), new String(err.get(), StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new HostException(HostException.Kind.TIMEOUT, "interrupted while running " + String.join(" ", argv), e);
        } catch (ExecutionException e) {
            throw new HostException(HostException.Kind.PROTOCOL, "cannot read the output of " + String.join(" ", argv), e);
        }
    }

    /** Reads a stream on its own thread: a pipe left unread fills up and blocks the command. */
    private static CompletableFuture<byte[]> drain(InputStream s) {
        CompletableFuture<byte[]> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            try (s) {
                s.transferTo(b);
            } catch (IOException e) {
                // the process was killed: what was read so far is what there is
            }
            f.complete(b.toByteArray());
        }, "cordon-local-output");
        t.setDaemon(true);
        t.start();
        return f;
    }

    @Override
    public void reconnect() {
    }

    @Override
    public void close() {
    }
}
