package org.cordon.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.cordon.compiler.io.AtomicFiles;
import org.cordon.verifier.permmap.SetoolsPermMapWriter;
import org.cordon.verifier.permmap.XenPermissionMap;
import org.cordon.xsm.catalogue.XenCatalogue;
import org.cordon.xsm.catalogue.XenCatalogues;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cordon permmap [--xen V] [-o FILE]}: Cordon's Xen permission map in setools' perm_map format. */
@Command(name = "permmap", mixinStandardHelpOptions = true,
        description = "Write Cordon's information-flow map of Xen's FLASK permissions in setools' perm_map format, for seinfoflow -m.",
        footerHeading = "%nExamples:%n",
        footer = {"  cordon permmap --xen 4.17 -o xen-4.17.permmap"})
final class PermMapCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--xen", defaultValue = "4.22", paramLabel = "VERSION", description = "Xen release whose classes to list (default ${DEFAULT-VALUE})")
    String xen;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "where to write (default: standard output)")
    Path output;

    @Override
    public Integer call() {
        Optional<XenCatalogue> catalogue = XenCatalogues.forVersion(xen);
        if (catalogue.isEmpty()) {
            spec.commandLine().getErr().println("cordon: " + XenCatalogues.unsupported(xen));
            return Cordon.INPUT_ERROR;
        }
        String text = SetoolsPermMapWriter.write(XenPermissionMap.standard(), catalogue.get());
        if (output == null) {
            spec.commandLine().getOut().print(text);
            return Cordon.OK;
        }
        try {
            AtomicFiles.write(output, text);
        } catch (IOException e) {
            spec.commandLine().getErr().println("cordon: cannot write " + output + ": " + e.getMessage());
            return Cordon.INPUT_ERROR;
        }
        return Cordon.OK;
    }
}
