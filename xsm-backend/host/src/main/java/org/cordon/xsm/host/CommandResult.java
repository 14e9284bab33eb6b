package org.cordon.xsm.host;

import java.nio.charset.StandardCharsets;

/** What one command on a host did: its exit status, standard output (bytes: files are read this way) and standard error. */
public record CommandResult(int exit, byte[] stdout, String stderr) {

    public CommandResult {
        stdout = stdout.clone();
        stderr = stderr == null ? "" : stderr;
    }

    public static CommandResult of(int exit, String out, String err) {
        return new CommandResult(exit, out.getBytes(StandardCharsets.UTF_8), err);
    }

    @Override
    public byte[] stdout() {
        return stdout.clone();
    }

    public String out() {
        return new String(stdout, StandardCharsets.UTF_8);
    }

    /** Standard error, else standard output, trimmed: what to show a person when the command failed. */
    public String message() {
        String e = stderr.strip();
        return e.isEmpty() ? out().strip() : e;
    }
}
