package org.cordon.driver.imports;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The hand-written client-platform policy of the import tests (src/test/resources/import/platform): its own modules
 * put together with Xen 4.17.7's default policy from the shared vectors (header, xen.te, dom0.te, xenstore.te, roles,
 * users, constraints), as the platform's build would. See the README there.
 */
final class PlatformPolicy {

    private static final Pattern START = Pattern.compile("^#line 1 \"([^\"]*)\"$", Pattern.MULTILINE);

    /** Xen's parts, by the file m4 names, in the order they stand in the whole policy; ours are marked "own:". */
    private static final List<String> ORDER = List.of("../../../xen/xsm/flask/policy/security_classes",
            "policy/security_classes", "../../../xen/xsm/flask/policy/initial_sids",
            "../../../xen/xsm/flask/policy/access_vectors", "policy/access_vectors", "policy/support/misc_macros.spt",
            "policy/support/mls_macros.spt", "policy/global_tunables", "modules/xen.te",
            "own:policy/modules/platform.te", "modules/dom0.te", "modules/xenstore.te", "own:policy/modules/ndvm.te",
            "own:policy/modules/uivm.te", "own:policy/modules/syncvm.te", "own:policy/modules/user_domU.te",
            "own:policy/modules/qemu_stub.te", "own:policy/modules/isolated_domU.te",
            "own:policy/modules/nomig_domU.te", "own:policy/modules/invariants.te", "modules/all_system_role.te",
            "modules/vm_role.te", "policy/users", "modules/vm_role.cons", "own:policy/initial_sids",
            "own:policy/device_contexts");

    private PlatformPolicy() {
    }

    /** The whole policy.conf, from the 4.17.7 vector in {@code flask} and the platform's modules. */
    static String assemble(Path flask) throws IOException {
        Map<String, String> xen = sections(Files.readString(flask.resolve("xen-4.17.7/policy.conf"),
                StandardCharsets.ISO_8859_1));
        Map<String, String> own = sections(Files.readString(Path.of("src/test/resources/import/platform/modules.conf"),
                StandardCharsets.ISO_8859_1));
        StringBuilder out = new StringBuilder();
        for (String part : ORDER) {
            String text = part.startsWith("own:") ? own.get(part.substring(4)) : xen.get(part);
            if (text == null) {
                throw new IllegalStateException("no part " + part + " in the vector or the platform's modules");
            }
            out.append(text);
        }
        return out.toString();
    }

    /** The text of each file m4 names with {@code #line 1 "FILE"}, up to the next such marker. */
    private static Map<String, String> sections(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = START.matcher(text);
        List<int[]> starts = new ArrayList<>();
        List<String> names = new ArrayList<>();
        while (m.find()) {
            starts.add(new int[] {m.start()});
            names.add(m.group(1));
        }
        for (int i = 0; i < starts.size(); i++) {
            int end = i + 1 < starts.size() ? starts.get(i + 1)[0] : text.length();
            String body = text.substring(starts.get(i)[0], end);
            out.put(names.get(i), body.endsWith("\n") ? body : body + "\n");
        }
        return out;
    }
}
