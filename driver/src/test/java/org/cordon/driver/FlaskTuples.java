package org.cordon.driver;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cordon.xsm.flask.conf.Ast;

/**
 * The (source type, target type, class, permission) tuples of allow rules, expanded over
 * attributes: from Cordon's lowered policy.conf statements ({@link Ast}), and from {@code sesearch -A} output with
 * {@code seinfo -a -x} attribute membership. Equal sets mean checkpolicy's binary grants exactly
 * what the lowering wrote.
 */
public final class FlaskTuples {

    private FlaskTuples() {
    }

    public static Set<String> fromPolicyConf(List<Ast.Stmt> conf) {
        Map<String, Set<String>> members = new HashMap<>();
        List<Ast.AvRule> allows = new ArrayList<>();
        for (Ast.Stmt s : conf) {
            if (s instanceof Ast.TypeDecl t) {
                t.attrs().forEach(a -> members.computeIfAbsent(a, k -> new LinkedHashSet<>()).add(t.name()));
            } else if (s instanceof Ast.AvRule r && r.kind().equals("allow")) {
                allows.add(r);
            } else if (s instanceof Ast.Cond c) {
                for (List<Ast.Stmt> branch : List.of(c.whenTrue(), c.whenFalse())) {
                    branch.stream().filter(r -> r instanceof Ast.AvRule a && a.kind().equals("allow"))
                            .forEach(r -> allows.add((Ast.AvRule) r));
                }
            }
        }
        Set<String> out = new TreeSet<>();
        for (Ast.AvRule r : allows) {
            for (String s : expand(r.sources().items(), members)) {
                for (String t : expand(r.targets().items(), members)) {
                    for (String c : r.classes().items()) {
                        r.perms().items().forEach(p -> out.add(s + " " + t + " " + c + " " + p));
                    }
                }
            }
        }
        return out;
    }

    /** A name set with its "-" markers (the next name is taken out), attributes expanded. */
    private static Set<String> expand(List<String> names, Map<String, Set<String>> members) {
        Set<String> in = new LinkedHashSet<>();
        Set<String> out = new LinkedHashSet<>();
        boolean minus = false;
        for (String n : names) {
            if (n.equals("-")) {
                minus = true;
                continue;
            }
            Set<String> ts = members.containsKey(n) ? members.get(n) : Set.of(n);
            (minus ? out : in).addAll(ts);
            minus = false;
        }
        in.removeAll(out);
        return in;
    }

    private static final Pattern RULE = Pattern.compile("^allow (\\S+) (\\S+):(\\S+) (\\{ ([^}]*) \\}|\\S+);");

    /** Parses {@code sesearch -A} lines, expanding attributes with {@code seinfo -a -x} output. */
    public static Set<String> fromSesearch(String sesearch, String seinfoAttributes) {
        Map<String, Set<String>> members = attributes(seinfoAttributes);
        Set<String> out = new TreeSet<>();
        for (String line : sesearch.split("\n")) {
            Matcher m = RULE.matcher(line.strip());
            if (!m.find()) {
                continue;
            }
            List<String> perms = m.group(5) != null ? List.of(m.group(5).trim().split("\\s+")) : List.of(m.group(4));
            for (String s : members.getOrDefault(m.group(1), Set.of(m.group(1)))) {
                for (String t : members.getOrDefault(m.group(2), Set.of(m.group(2)))) {
                    perms.forEach(p -> out.add(s + " " + t + " " + m.group(3) + " " + p));
                }
            }
        }
        return out;
    }

    /** seinfo -a -x prints "   attribute NAME;" then one tab-indented member type a line. */
    static Map<String, Set<String>> attributes(String seinfo) {
        Map<String, Set<String>> out = new HashMap<>();
        String current = null;
        for (String line : seinfo.split("\n")) {
            String word = line.strip();
            if (word.startsWith("attribute ")) {
                current = word.substring("attribute ".length()).replace(";", "").strip();
                out.put(current, new LinkedHashSet<>());
            } else if (current != null && line.startsWith("\t") && !word.startsWith("<")) {
                out.get(current).add(word);
            }
        }
        return out;
    }
}
