package org.cordon.eclipse.services;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.cordon.dsl.load.PolicyFiles;

/**
 * The texts of the files that form an edited file's policy ({@link PolicyFiles}'s rule): the edited
 * text for the file in the editor, the text of any other file open in an editor, the disk's otherwise.
 */
public final class PolicySources {

    private PolicySources() {
    }

    /**
     * @param focus the edited file
     * @param focusText its text in the editor
     * @param openText the text of another file where it is open in an editor
     */
    public static Map<Path, String> of(Path focus, String focusText, Function<Path, Optional<String>> openText) {
        Map<String, String> folder = new LinkedHashMap<>();
        Map<String, Path> paths = new LinkedHashMap<>();
        Path dir = focus.toAbsolutePath().getParent();
        if (dir != null && Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".cordon") && Files.isRegularFile(f))
                        .sorted().toList()) {
                    Path abs = f.toAbsolutePath();
                    Optional<String> text = abs.equals(focus.toAbsolutePath()) ? Optional.of(focusText)
                            : openText.apply(abs).or(() -> read(abs));
                    text.ifPresent(t -> {
                        folder.put(abs.toString(), t);
                        paths.put(abs.toString(), abs);
                    });
                }
            } catch (IOException e) {
                // an unreadable folder leaves the edited file alone
            }
        }
        String key = focus.toAbsolutePath().toString();
        folder.putIfAbsent(key, focusText);
        paths.putIfAbsent(key, focus.toAbsolutePath());
        Map<Path, String> policy = new LinkedHashMap<>();
        List<String> members = PolicyFiles.policyOf(key, folder);
        for (String m : members) {
            policy.put(paths.get(m), folder.get(m));
        }
        return policy;
    }

    private static Optional<String> read(Path file) {
        try {
            return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException | java.io.UncheckedIOException e) {
            return Optional.empty();
        }
    }
}
