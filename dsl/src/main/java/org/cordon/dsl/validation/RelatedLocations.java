package org.cordon.dsl.validation;

import java.util.ArrayList;
import java.util.List;
import org.cordon.model.Diagnostic;
import org.cordon.model.SourcePos;

/**
 * A diagnostic's related places (the forbid a rule breaks, each hop of a counterexample) carried
 * through Xtext's issue data, which holds only strings, to the language server, which turns them
 * into LSP related information. One string per place: file, line, column, offset, length, message.
 */
public final class RelatedLocations {

    private static final String SEP = "\u001f";

    private RelatedLocations() {
    }

    public static String[] encode(List<Diagnostic.Related> related) {
        String[] out = new String[related.size()];
        for (int i = 0; i < out.length; i++) {
            Diagnostic.Related r = related.get(i);
            SourcePos p = r.pos();
            out[i] = String.join(SEP, p.file(), Integer.toString(p.line()), Integer.toString(p.column()),
                    Integer.toString(p.offset()), Integer.toString(p.length()), r.message());
        }
        return out;
    }

    /** The places in issue data written by {@link #encode}; other strings are skipped. */
    public static List<Diagnostic.Related> decode(String[] data) {
        List<Diagnostic.Related> out = new ArrayList<>();
        if (data == null) {
            return out;
        }
        for (String d : data) {
            String[] f = d == null ? new String[0] : d.split(SEP, 6);
            if (f.length != 6) {
                continue;
            }
            try {
                out.add(new Diagnostic.Related(f[5], new SourcePos(f[0], Integer.parseInt(f[1]), Integer.parseInt(f[2]),
                        Integer.parseInt(f[3]), Integer.parseInt(f[4]))));
            } catch (NumberFormatException e) {
                // not ours
            }
        }
        return out;
    }
}
