package org.cordon.verifier.flask;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cordon.model.SourcePos;

/**
 * The assertion file of {@code cordon verify --policy P --assert FILE}: one property per line,
 * {@code #} or {@code //} comments.
 * <pre>
 * isolated domU_t, isolated_domU_t [except via dom0_t]
 * no flow domU_t -> dom0_t [except via M, N]
 * </pre>
 * Names are the policy's types or attributes.
 */
public final class AssertionFile {

    /** A line that is not a property; the message carries file:line:column. */
    public static final class SyntaxException extends Exception {
        public SyntaxException(String message) {
            super(message);
        }
    }

    private static final String NAME = "[A-Za-z_][A-Za-z0-9_.]*";
    private static final String LIST = NAME + "(?:\\s*,\\s*" + NAME + ")*";
    private static final Pattern ISOLATED = Pattern.compile("isolated\\s+(" + LIST + ")(?:\\s+except\\s+via\\s+("
            + LIST + "))?");
    private static final Pattern NO_FLOW = Pattern.compile("no\\s+flow\\s+(" + NAME + ")\\s*->\\s*(" + NAME
            + ")(?:\\s+except\\s+via\\s+(" + LIST + "))?");

    private AssertionFile() {
    }

    public static List<FlowProperty> parse(String file, String text) throws SyntaxException {
        List<FlowProperty> out = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String raw = lines[i];
            String line = strip(raw);
            if (line.isBlank()) {
                continue;
            }
            int col = raw.indexOf(line.strip()) + 1;
            SourcePos pos = new SourcePos(file, i + 1, col, 0, line.strip().length());
            Matcher iso = ISOLATED.matcher(line.strip());
            Matcher flow = NO_FLOW.matcher(line.strip());
            if (iso.matches()) {
                List<String> subjects = names(iso.group(1));
                if (subjects.size() < 2) {
                    throw new SyntaxException(pos + ": 'isolated' needs at least two types or attributes");
                }
                out.add(FlowProperty.isolated(subjects, names(iso.group(2)), pos));
            } else if (flow.matches()) {
                out.add(FlowProperty.noFlow(flow.group(1), flow.group(2), names(flow.group(3)), pos));
            } else {
                throw new SyntaxException(pos + ": expected 'isolated A, B [except via M]' or "
                        + "'no flow A -> B [except via M]', found: " + line.strip());
            }
        }
        return out;
    }

    private static String strip(String line) {
        int hash = line.indexOf('#');
        int slashes = line.indexOf("//");
        int cut = hash < 0 ? slashes : slashes < 0 ? hash : Math.min(hash, slashes);
        return cut < 0 ? line : line.substring(0, cut);
    }

    private static List<String> names(String list) {
        if (list == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String n : list.split(",")) {
            out.add(n.strip());
        }
        return out;
    }
}
