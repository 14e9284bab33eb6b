package org.cordon.dsl.ide.hover;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What each Cordon statement lowers to, read from the policy.conf the compiler emits: every group of rules there is
 * headed by a comment naming the statement it comes from ({@code # FILE:LINE:COL allow dom0 -> xen : …}), and runs to
 * the next comment or blank line. Reading the emitted text means the hover shows exactly what Xen will load.
 */
public final class LoweredRules {

    /** A group of rules and the statement it comes from. */
    public record Block(String file, int line, int column, String header, List<String> rules) {
    }

    private static final Pattern HEADER = Pattern.compile("^# (.+):(\\d+):(\\d+) (.*)$");

    private LoweredRules() {
    }

    /** The blocks of a policy.conf, in order. */
    public static List<Block> read(String policyConf) {
        List<Block> out = new ArrayList<>();
        Block open = null;
        for (String line : policyConf.split("\n")) {
            Matcher m = HEADER.matcher(line);
            if (m.matches()) {
                open = new Block(m.group(1), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)), m.group(4),
                        new ArrayList<>());
                out.add(open);
            } else if (line.isBlank() || line.startsWith("#")) {
                open = null;
            } else if (open != null) {
                open.rules().add(line);
            }
        }
        return out;
    }

    /** The blocks by the file of their statement. */
    public static Map<String, List<Block>> byFile(String policyConf) {
        Map<String, List<Block>> out = new LinkedHashMap<>();
        for (Block b : read(policyConf)) {
            out.computeIfAbsent(b.file(), k -> new ArrayList<>()).add(b);
        }
        return out;
    }

    /** Markdown for a hover: the blocks' rules in a code block, at most {@code maxLines} of them. */
    public static String markdown(List<Block> blocks, String xenVersion, int maxLines) {
        StringBuilder s = new StringBuilder("**Lowers to** (FLASK policy.conf for Xen " + xenVersion + "):\n\n```\n");
        int shown = 0;
        int total = blocks.stream().mapToInt(b -> b.rules().size()).sum();
        for (Block b : blocks) {
            if (b.rules().isEmpty()) {
                continue;
            }
            if (shown < maxLines) {
                s.append("# ").append(b.header()).append('\n');
            }
            for (String r : b.rules()) {
                if (shown++ < maxLines) {
                    s.append(r).append('\n');
                }
            }
        }
        s.append("```");
        if (total > maxLines) {
            s.append("\n\n… and ").append(total - maxLines).append(" more lines (cordon compile writes them all)");
        }
        return s.toString();
    }
}
