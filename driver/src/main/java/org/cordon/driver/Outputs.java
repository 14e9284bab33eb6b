package org.cordon.driver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cordon.compiler.acm.AcmOutputs;
import org.cordon.compiler.io.AtomicFiles;
import org.cordon.model.PolicyModel;

/**
 * What {@code cordon compile} writes from a build that holds what it claims: {@code policy.conf}, {@code xenpolicy},
 * the xl.cfg fragments, the ACM files when asked, {@code SHA256SUMS} and {@code cordon-build.json} (the digest
 * {@code cordon load} trusts). Every file is written atomically; the manifest is written last, so a directory with a
 * manifest holds the binary it names.
 */
public final class Outputs {

    private Outputs() {
    }

    /** Writes the build's outputs into {@code dir} and returns the files written; the build must have no errors. */
    public static List<Path> write(Build b, Path dir) throws IOException {
        if (b.hasErrors() || b.policyConf().isEmpty() || b.binary().isEmpty()) {
            throw new IllegalStateException("a build with errors is not written");
        }
        List<Path> written = new ArrayList<>();
        String conf = b.policyConf().get();
        byte[] bytes = b.binary().get();
        written.add(write(dir.resolve("policy.conf"), conf.getBytes(StandardCharsets.UTF_8)));
        written.add(write(dir.resolve("xenpolicy"), bytes));
        for (var fragment : b.xl()) {
            written.add(write(dir.resolve("xl").resolve(fragment.fileName()),
                    fragment.text().getBytes(StandardCharsets.UTF_8)));
        }
        if (b.acm().isPresent()) {
            written.addAll(AcmOutputs.writeAll(b.acm().get().policy(), dir));
        }
        written.add(write(dir.resolve("SHA256SUMS"), (Dumps.sha256(conf.getBytes(StandardCharsets.UTF_8))
                + "  policy.conf\n" + Dumps.sha256(bytes) + "  xenpolicy\n").getBytes(StandardCharsets.UTF_8)));
        // what cordon load checks: this binary, for this Xen, passed the verifier (unless it did not run)
        PolicyModel m = b.model().orElseThrow();
        new BuildManifest(m.name(), m.version(), m.xenVersion(), Dumps.sha256(bytes), b.options().policyVersion(),
                b.ran("verify") && b.ran("validate-binary")).write(dir);
        written.add(dir.resolve(BuildManifest.FILE));
        return written;
    }

    private static Path write(Path p, byte[] content) throws IOException {
        AtomicFiles.write(p, content);
        return p;
    }
}
