package org.cordon.compiler.acm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cordon.compiler.io.AtomicFiles;
import org.cordon.xsm.acm.AcmFormat;
import org.cordon.xsm.acm.AcmPolicies;
import org.cordon.xsm.acm.AcmPolicy;
import org.cordon.xsm.acm.Numbering;

/**
 * Writes a lowered policy the way xend keeps it: {@code <name>-security_policy.xml} with {@code <name>.bin}
 * and {@code <name>.map} beside it. Each file goes to a temporary file in the same directory and is then
 * moved over the target, so a reader sees the old file or the new one, never half of one.
 */
public final class AcmOutputs {

    private AcmOutputs() {
    }

    public static String xmlFileName(AcmPolicy policy) {
        return policy.name() + "-security_policy.xml";
    }

    public static String binaryFileName(AcmPolicy policy) {
        return policy.name() + ".bin";
    }

    public static String mapFileName(AcmPolicy policy) {
        return policy.name() + ".map";
    }

    /** Writes the three files under {@code dir/acm/} and returns their paths (XML, binary, map). */
    public static List<Path> writeAll(AcmPolicy policy, Path dir) throws IOException {
        Path acm = dir.resolve("acm");
        Path xml = acm.resolve(xmlFileName(policy));
        Path bin = acm.resolve(binaryFileName(policy));
        Path map = acm.resolve(mapFileName(policy));
        // compute everything first: a failure must not leave a new XML beside an old binary
        byte[] xmlBytes = AcmPolicies.writeXml(policy).getBytes(StandardCharsets.UTF_8);
        byte[] binBytes = AcmPolicies.writeBinary(policy, AcmFormat.V4, Numbering.SORTED);
        byte[] mapBytes = AcmPolicies.writeMap(policy, Numbering.SORTED, xml.getFileName().toString(),
                bin.getFileName().toString()).getBytes(StandardCharsets.UTF_8);
        atomicWrite(xml, xmlBytes);
        atomicWrite(bin, binBytes);
        atomicWrite(map, mapBytes);
        return List.of(xml, bin, map);
    }

    /** Temp file in the target's directory, then an atomic rename (see {@link AtomicFiles}). */
    public static void atomicWrite(Path target, byte[] content) throws IOException {
        AtomicFiles.write(target, content);
    }
}
