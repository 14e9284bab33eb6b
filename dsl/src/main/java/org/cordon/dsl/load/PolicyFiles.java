package org.cordon.dsl.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Which files form one policy, for editors that are handed a single file: the {@code .cordon} files of
 * its folder, as {@code cordon check DIR} reads them. A folder that holds several policy headers (like
 * {@code samples/}) holds that many one-file policies, and then each file is checked on its own.
 */
public final class PolicyFiles {

    // a header is the first thing in a file after blank space and comments
    private static final Pattern HEADER = Pattern.compile("\\A(?:\\s+|//[^\\n]*|/\\*(?s:.*?)\\*/)*policy\\s");

    private PolicyFiles() {
    }

    /** Whether a source starts with a {@code policy} header. */
    public static boolean declaresPolicy(String text) {
        return HEADER.matcher(text).find();
    }

    /**
     * The files that form {@code file}'s policy, in the folder's order.
     *
     * @param file one of {@code folder}'s keys
     * @param folder the {@code .cordon} files of {@code file}'s folder with their texts
     */
    public static List<String> policyOf(String file, Map<String, String> folder) {
        long headers = folder.values().stream().filter(PolicyFiles::declaresPolicy).count();
        if (headers > 1) {
            return List.of(file);
        }
        List<String> all = new ArrayList<>(folder.keySet());
        if (!all.contains(file)) {
            all.add(file);
        }
        return all;
    }
}
