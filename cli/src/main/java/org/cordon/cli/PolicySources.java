package org.cordon.cli;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.cordon.dsl.load.CordonFrontEnd;

/** Reads the .cordon files a command names (a directory means every .cordon file in it). */
final class PolicySources {

    /** A file the user named that could not be read. */
    static final class UnreadableException extends Exception {
        UnreadableException(String message) {
            super(message);
        }
    }

    final List<CordonFrontEnd.Source> sources = new ArrayList<>();
    final Map<String, String> texts = new LinkedHashMap<>();

    /** Reads the sources, or reports why not on {@code err} and returns null (the command then exits 2). */
    static PolicySources readOrReport(List<Path> paths, java.io.PrintWriter err) {
        try {
            return read(paths);
        } catch (UnreadableException e) {
            err.println("cordon: " + e.getMessage());
            return null;
        }
    }

    /**
     * For commands that answer about Cordon sources only ({@code graph}, {@code duties}): the sources, or null after
     * saying on {@code err} that the command {@code does} Cordon sources, or why they cannot be read.
     */
    static PolicySources readCordonOrReport(List<Path> paths, String does, java.io.PrintWriter err) {
        if (paths.stream().anyMatch(p -> !FactSources.isCordon(p))) {
            err.println("cordon: " + does + " Cordon sources (.cordon files or directories)");
            return null;
        }
        return readOrReport(paths, err);
    }

    static PolicySources read(List<Path> paths) throws UnreadableException {
        PolicySources s = new PolicySources();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> files = Files.walk(p)) {
                    for (Path f : files.filter(f -> f.toString().endsWith(".cordon")).sorted().toList()) {
                        s.add(f);
                    }
                } catch (IOException e) {
                    throw new UnreadableException(p + ": cannot read directory: " + e.getMessage());
                }
            } else {
                s.add(p);
            }
        }
        if (s.sources.isEmpty()) {
            throw new UnreadableException("no .cordon files in " + paths);
        }
        return s;
    }

    private void add(Path p) throws UnreadableException {
        try {
            byte[] bytes = Files.readAllBytes(p);
            String text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
            sources.add(new CordonFrontEnd.Source(p.toString(), text));
            texts.put(p.toString(), text);
        } catch (NoSuchFileException e) {
            throw new UnreadableException(p + ": no such file");
        } catch (CharacterCodingException e) {
            throw new UnreadableException(p + ": not UTF-8 text");
        } catch (IOException e) {
            throw new UnreadableException(p + ": cannot read: " + e.getMessage());
        }
    }
}
