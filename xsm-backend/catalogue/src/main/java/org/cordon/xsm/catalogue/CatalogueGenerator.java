package org.cordon.xsm.catalogue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Regenerates a catalogue resource from a directory holding Xen's three declaration files:
 * {@code java CatalogueGenerator XEN_VERSION DECL_DIR OUT_FILE}.
 */
public final class CatalogueGenerator {

    private CatalogueGenerator() {
    }

    public static XenCatalogue importDirectory(String xenVersion, Path dir) throws IOException {
        return XenDeclarationImporter.parse(xenVersion,
                Files.readString(dir.resolve("security_classes")),
                Files.readString(dir.resolve("initial_sids")),
                Files.readString(dir.resolve("access_vectors")));
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: CatalogueGenerator XEN_VERSION DECL_DIR OUT_FILE");
            System.exit(2);
        }
        Files.writeString(Path.of(args[2]), CatalogueFormat.write(importDirectory(args[0], Path.of(args[1]))));
    }
}
