package org.cordon.xsm.catalogue;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads Xen's own declaration files ({@code xen/xsm/flask/policy/security_classes},
 * {@code initial_sids}, {@code access_vectors}) into a {@link XenCatalogue}. The hook of a
 * permission is the run of {@code #} comment lines directly above it.
 */
public final class XenDeclarationImporter {

    private XenDeclarationImporter() {
    }

    public static XenCatalogue parse(String xenVersion, String securityClasses, String initialSids,
            String accessVectors) {
        List<String> classNames = declarations(securityClasses, "class");
        List<String> sidNames = declarations(initialSids, "sid");
        List<XenCatalogue.SecurityClass> classes = new ArrayList<>();
        List<List<XenCatalogue.Permission>> perms = parseAccessVectors(accessVectors, classNames);
        for (int i = 0; i < classNames.size(); i++) {
            classes.add(new XenCatalogue.SecurityClass(classNames.get(i), i + 1, perms.get(i)));
        }
        List<XenCatalogue.InitialSid> sids = new ArrayList<>();
        for (int i = 0; i < sidNames.size(); i++) {
            sids.add(new XenCatalogue.InitialSid(sidNames.get(i), i + 1));
        }
        return new XenCatalogue(xenVersion, classes, sids);
    }

    private static List<String> declarations(String text, String keyword) {
        List<String> names = new ArrayList<>();
        for (String raw : text.split("\n")) {
            String line = stripComment(raw).trim();
            if (line.isEmpty()) {
                continue;
            }
            String[] words = line.split("\\s+");
            if (words.length != 2 || !words[0].equals(keyword)) {
                throw new IllegalArgumentException("unexpected line in " + keyword + " declarations: " + raw);
            }
            names.add(words[1]);
        }
        return names;
    }

    private static List<List<XenCatalogue.Permission>> parseAccessVectors(String text, List<String> classNames) {
        List<List<XenCatalogue.Permission>> result = new ArrayList<>();
        classNames.forEach(c -> result.add(null));
        List<String> pendingHook = new ArrayList<>();
        List<XenCatalogue.Permission> current = null;
        boolean inBody = false;
        for (String raw : text.split("\n")) {
            String trimmed = raw.trim();
            if (trimmed.startsWith("#")) {
                if (inBody) {
                    pendingHook.add(trimmed.substring(1).trim());
                }
                continue;
            }
            String line = stripComment(raw).trim();
            if (line.isEmpty()) {
                continue;
            }
            for (String token : line.replace("{", " { ").replace("}", " } ").trim().split("\\s+")) {
                if (current == null) {
                    if (token.equals("class")) {
                        continue;
                    }
                    int index = classNames.indexOf(token);
                    if (index < 0) {
                        throw new IllegalArgumentException("access_vectors names undeclared class " + token);
                    }
                    current = new ArrayList<>();
                    result.set(index, current);
                } else if (token.equals("{")) {
                    inBody = true;
                    pendingHook.clear();
                } else if (token.equals("}")) {
                    inBody = false;
                    current = null;
                } else {
                    current.add(new XenCatalogue.Permission(token, current.size(), String.join(" ", pendingHook)));
                    pendingHook.clear();
                }
            }
        }
        for (int i = 0; i < classNames.size(); i++) {
            if (result.get(i) == null) {
                throw new IllegalArgumentException("class " + classNames.get(i) + " has no access vector");
            }
        }
        return result;
    }

    private static String stripComment(String line) {
        int hash = line.indexOf('#');
        return hash < 0 ? line : line.substring(0, hash);
    }
}
