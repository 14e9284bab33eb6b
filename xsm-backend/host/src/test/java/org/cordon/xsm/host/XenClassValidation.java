package org.cordon.xsm.host;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.cordon.xsm.SharedVectors;
import org.cordon.xsm.flask.model.ClassDef;
import org.cordon.xsm.flask.model.FlaskPolicy;
import org.cordon.xsm.flask.model.PermDef;

/**
 * The fake Xen's own reading of whether it accepts a policy's classes: xen/xsm/flask/ss/services.c
 * validate_classes, redone in the test from the release's own declaration files (security_classes and
 * access_vectors in ../shared/vectors), not with Cordon's catalogue or ReleaseFit, so that the loader's preflight
 * is judged by something other than itself. Like Xen, it stops at the first problem.
 */
final class XenClassValidation {

    private XenClassValidation() {
    }

    /** Xen's complaint about the policy, or null when Xen of {@code release} ("4.17") reads its classes. */
    static String firstProblem(FlaskPolicy policy, String release) {
        Map<String, List<String>> xen = declarations(release);
        List<String> classes = new ArrayList<>(xen.keySet());
        for (int i = 1; i <= classes.size(); i++) {
            if (i > policy.classes().size()) {
                return "class " + classes.get(i - 1) + " not defined in policy";
            }
            String found = policy.clazz(i).name();
            if (!found.equals(classes.get(i - 1))) {
                return "class " + i + " is incorrect, found " + found + " but should be " + classes.get(i - 1);
            }
        }
        for (int i = 1; i <= classes.size(); i++) {
            ClassDef c = policy.clazz(i);
            List<String> perms = xen.get(classes.get(i - 1));
            for (int bit = 0; bit < perms.size(); bit++) {
                String perm = perms.get(bit);
                if (bit >= c.perms().size()) {
                    return "permission " + perm + " in class " + c.name() + " not defined in policy";
                }
                PermDef d = c.perms().stream().filter(x -> x.name().equals(perm)).findFirst().orElse(null);
                if (d == null) {
                    return "permission " + perm + " in class " + c.name() + " not found in policy";
                }
                if (d.value() != bit + 1) {
                    return "permission " + perm + " in class " + c.name() + " has incorrect value";
                }
            }
        }
        return null;
    }

    /** Xen's classes in SECCLASS order, each with its permissions in bit order, read from the release's files. */
    private static Map<String, List<String>> declarations(String release) {
        Path flask = SharedVectors.root().resolve("flask");
        Path dir;
        try (Stream<Path> dirs = Files.list(flask)) {
            dir = dirs.filter(d -> d.getFileName().toString().startsWith("xen-" + release + ".")).findFirst()
                    .orElseThrow(() -> new AssertionError("no vectors for Xen " + release + " in " + flask));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String w : words(dir.resolve("security_classes"))) {
            if (!w.equals("class")) {
                out.put(w, new ArrayList<>());
            }
        }
        List<String> av = words(dir.resolve("access_vectors"));
        for (int i = 0; i < av.size(); i++) {
            if (av.get(i).equals("class")) {
                List<String> perms = out.get(av.get(i + 1));
                int j = i + 3; // class NAME { perm ... }
                while (!av.get(j).equals("}")) {
                    perms.add(av.get(j++));
                }
                i = j;
            }
        }
        return out;
    }

    private static List<String> words(Path file) {
        try {
            List<String> out = new ArrayList<>();
            for (String line : Files.readAllLines(file)) {
                String text = line.replaceAll("#.*", "").replace("{", " { ").replace("}", " } ").trim();
                if (!text.isEmpty()) {
                    out.addAll(List.of(text.split("\\s+")));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
