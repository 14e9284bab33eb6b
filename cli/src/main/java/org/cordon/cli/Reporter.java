package org.cordon.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.cordon.model.Diagnostic;
import org.cordon.model.SourcePos;

/** Prints diagnostics as a compiler does (file:line:col, the source line, a caret) or as JSON. */
final class Reporter {

    enum Format { text, json, sarif }

    private final Map<String, String> sources;

    Reporter(Map<String, String> sources) {
        this.sources = sources;
    }

    void text(List<Diagnostic> diagnostics, PrintWriter err) {
        for (Diagnostic d : diagnostics) {
            err.println(d.pos() + ": " + d.severity().name().toLowerCase(Locale.ROOT) + ": " + d.message());
            excerpt(d.pos(), err);
            for (Diagnostic.Related r : d.related()) {
                err.println(r.pos() + ": note: " + r.message());
                excerpt(r.pos(), err);
            }
        }
        long errors = diagnostics.stream().filter(Diagnostic::isError).count();
        long warnings = diagnostics.stream().filter(d -> d.severity() == Diagnostic.Severity.WARNING).count();
        if (errors + warnings > 0) {
            err.println(errors + " error" + (errors == 1 ? "" : "s") + ", " + warnings + " warning"
                    + (warnings == 1 ? "" : "s"));
        }
    }

    private void excerpt(SourcePos pos, PrintWriter err) {
        String text = sources.get(pos.file());
        if (text == null || pos.line() < 1) {
            return;
        }
        // the line ends the positions count: LF, CR LF and a lone CR (Xtext's node model counts all three)
        String[] lines = text.split("\r\n|\r|\n", -1);
        if (pos.line() > lines.length) {
            return;
        }
        String line = lines[pos.line() - 1].replace("\t", " ");
        err.println("  " + line);
        int col = Math.max(1, Math.min(pos.column(), line.length() + 1));
        int len = Math.max(1, Math.min(pos.length(), line.length() - col + 1));
        // under the text as the console shows it, where a control character takes six places (TerminalText)
        int before = TerminalText.width(line.substring(0, col - 1));
        int under = TerminalText.width(line.substring(col - 1, Math.min(line.length(), col - 1 + len)));
        err.println("  " + " ".repeat(before) + "^" + "~".repeat(Math.max(0, under - 1)));
    }

    static JsonArray json(List<Diagnostic> diagnostics) {
        JsonArray arr = new JsonArray();
        for (Diagnostic d : diagnostics) {
            JsonObject o = new JsonObject();
            o.addProperty("severity", d.severity().name().toLowerCase(Locale.ROOT));
            o.addProperty("code", d.code().id());
            o.addProperty("category", d.code().category().name().toLowerCase(Locale.ROOT).replace('_', ' '));
            o.addProperty("message", d.message());
            o.add("location", location(d.pos()));
            o.add("related", places(d.related()));
            arr.add(o);
        }
        return arr;
    }

    /** Places with what each is, as JSON: a diagnostic's related places, an explanation's reasons. */
    static JsonArray strings(List<String> values) {
        JsonArray a = new JsonArray();
        values.forEach(a::add);
        return a;
    }

    static JsonArray places(List<Diagnostic.Related> places) {
        JsonArray related = new JsonArray();
        for (Diagnostic.Related r : places) {
            JsonObject ro = new JsonObject();
            ro.addProperty("message", r.message());
            ro.add("location", location(r.pos()));
            related.add(ro);
        }
        return related;
    }

    private static JsonObject location(SourcePos p) {
        JsonObject o = new JsonObject();
        o.addProperty("file", p.file());
        o.addProperty("line", p.line());
        o.addProperty("column", p.column());
        o.addProperty("offset", p.offset());
        o.addProperty("length", p.length());
        return o;
    }

    static String toJson(JsonObject o) {
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(o);
    }
}
