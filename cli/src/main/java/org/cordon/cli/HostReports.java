package org.cordon.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import org.cordon.xsm.host.BootInstaller;
import org.cordon.xsm.host.Digests;
import org.cordon.xsm.host.HostException;
import org.cordon.xsm.host.LoadReport;
import org.cordon.xsm.host.PolicyLoader;

/**
 * How the host commands show what happened, and their exit codes: 0 done (or a dry run that would do it), 1 not done
 * and the host as it was (refused, rejected by Xen, rolled back), 2 bad input, 3 the host could not be reached (nothing
 * changed), 4 the host needs attention (the rollback failed, or the connection was lost mid-change).
 */
final class HostReports {

    static final int UNREACHABLE = 3;
    static final int UNSETTLED = 4;

    private HostReports() {
    }

    static int exitCode(LoadReport.Outcome o) {
        return switch (o) {
            case LOADED, DRY_RUN -> Cordon.OK;
            case REFUSED, REJECTED_BY_XEN, ROLLED_BACK -> Cordon.VIOLATIONS;
            case UNREACHABLE -> UNREACHABLE;
            case ROLLBACK_FAILED, STATE_UNKNOWN -> UNSETTLED;
        };
    }

    /** Exit code for a host that could not be opened. */
    static int exitCode(HostException e) {
        return e.kind() == HostException.Kind.SETUP ? Cordon.INPUT_ERROR : UNREACHABLE;
    }

    /** Prints each step as it happens (text mode). */
    static PolicyLoader.Progress live(PrintWriter out, boolean prefixHost) {
        return (host, step, status, detail) -> {
            synchronized (out) {
                out.println((prefixHost ? host + "  " : "") + line(step, status, detail));
                out.flush();
            }
        };
    }

    static String line(String step, LoadReport.Status status, String detail) {
        String mark = switch (status) {
            case OK -> "  ok      ";
            case FAILED -> "  FAILED  ";
            case SKIPPED -> "  skipped ";
            case PLANNED -> "  would   ";
        };
        return mark + String.format("%-12s", step) + " " + detail;
    }

    /** The outcome in words; a rollback that went through "loaded" the policy it returned to. */
    static String summary(LoadReport r) {
        return r.operation().equals("rollback") && r.outcome() == LoadReport.Outcome.LOADED ? "rolled back" : r.outcome().text();
    }

    static void text(LoadReport r, PrintWriter out) {
        out.println(r.host() + ": " + summary(r)
                + (r.toDigest().isEmpty() ? "" : " (" + (r.fromDigest().isEmpty() ? "?" : Digests.short8(r.fromDigest()))
                        + " -> " + Digests.short8(r.toDigest()) + ")"));
        r.warnings().forEach(w -> out.println("  warning: " + w));
        r.problems().forEach(p -> out.println("  problem: " + p));
    }

    static JsonObject json(LoadReport r) {
        JsonObject o = new JsonObject();
        o.addProperty("host", r.host());
        o.addProperty("operation", r.operation());
        o.addProperty("outcome", r.outcome().name().toLowerCase(Locale.ROOT));
        o.addProperty("summary", summary(r));
        o.addProperty("settled", r.outcome().settled());
        o.addProperty("from", r.fromDigest());
        o.addProperty("to", r.toDigest());
        o.add("steps", steps(r.steps()));
        o.add("problems", strings(r.problems()));
        o.add("warnings", strings(r.warnings()));
        return o;
    }

    static JsonObject json(BootInstaller.Report r) {
        JsonObject o = new JsonObject();
        o.addProperty("host", r.host());
        o.addProperty("outcome", r.outcome().name().toLowerCase(Locale.ROOT));
        o.addProperty("summary", r.outcome().text());
        o.addProperty("path", r.path());
        o.addProperty("digest", r.digest());
        o.addProperty("changed", r.changed());
        o.add("steps", steps(r.steps()));
        o.add("problems", strings(r.problems()));
        o.add("fixes", strings(r.fixes()));
        return o;
    }

    static JsonArray steps(List<LoadReport.Step> steps) {
        JsonArray a = new JsonArray();
        for (LoadReport.Step s : steps) {
            JsonObject j = new JsonObject();
            j.addProperty("step", s.name());
            j.addProperty("status", s.status().name().toLowerCase(Locale.ROOT));
            j.addProperty("detail", s.detail());
            a.add(j);
        }
        return a;
    }

    static JsonArray strings(List<String> list) {
        JsonArray a = new JsonArray();
        list.forEach(a::add);
        return a;
    }
}
