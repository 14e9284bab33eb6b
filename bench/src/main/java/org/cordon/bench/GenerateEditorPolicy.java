package org.cordon.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/** Writes the editor benchmarks' policy ({@link LspLatency}): {@code GenerateEditorPolicy CLASSES OUT.cordon}. */
public final class GenerateEditorPolicy {

    private GenerateEditorPolicy() {
    }

    public static void main(String[] args) throws Exception {
        Files.writeString(Path.of(args[1]), LspLatency.policy(Integer.parseInt(args[0])));
    }
}
