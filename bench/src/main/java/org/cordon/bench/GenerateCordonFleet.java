package org.cordon.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/** Writes {@link ScaleGenerators#cordon}'s fleet: {@code GenerateCordonFleet VMS CLASSES OUT.cordon}. */
public final class GenerateCordonFleet {

    private GenerateCordonFleet() {
    }

    public static void main(String[] args) throws Exception {
        Files.writeString(Path.of(args[2]), ScaleGenerators.cordon(Integer.parseInt(args[0]), Integer.parseInt(args[1])));
    }
}
