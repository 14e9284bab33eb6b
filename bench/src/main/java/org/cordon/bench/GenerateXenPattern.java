package org.cordon.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/** Writes Xen 4.22's default policy.conf plus N domains in xen.if's pattern: {@code GenerateXenPattern VECTORS N OUT}. */
public final class GenerateXenPattern {

    private GenerateXenPattern() {
    }

    public static void main(String[] args) throws Exception {
        String base = Files.readString(Path.of(args[0]).resolve("flask/xen-4.22.0/policy.conf"));
        Files.writeString(Path.of(args[2]), ScaleGenerators.xenMacroPattern(base, Integer.parseInt(args[1])));
    }
}
