package org.cordon.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes {@link ScaleGenerators#cordon}'s fleet, neighbouring classes joined by {@code comms} (strong classes that
 * talk: the verifier reports them), or with {@code channels} by declared channels
 * ({@link ScaleGenerators#cordonWithChannels}: verifies clean, {@code cordon compile} exits 0):
 * {@code GenerateCordonFleet VMS CLASSES OUT.cordon [comms|channels]}.
 */
public final class GenerateCordonFleet {

    private GenerateCordonFleet() {
    }

    public static void main(String[] args) throws Exception {
        int vms = Integer.parseInt(args[0]);
        int classes = Integer.parseInt(args[1]);
        String join = args.length > 3 ? args[3] : "comms";
        String source = switch (join) {
            case "comms" -> ScaleGenerators.cordon(vms, classes);
            case "channels" -> ScaleGenerators.cordonWithChannels(vms, classes);
            default -> throw new IllegalArgumentException("neighbouring classes are joined by comms or channels, not " + join);
        };
        Files.writeString(Path.of(args[2]), source);
    }
}
