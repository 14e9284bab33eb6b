package org.cordon.driver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.cordon.compiler.acm.AcmOutputs;
import org.cordon.compiler.io.AtomicFiles;
import org.cordon.model.PolicyModel;

/**
 * What {@code cordon compile} writes from a build that holds what it claims: {@code policy.conf}, {@code xenpolicy},
 * the xl.cfg fragments, the ACM files when asked, {@code SHA256SUMS} and {@code cordon-build.json} (the digest
 * {@code cordon load} trusts). Every file is written atomically, the fragments through a {@link FragmentStage}, which
 * leaves a fragment whose text has not changed as it is. The previous build's manifest and checksums go
 * first and the new manifest comes last, so a directory with a manifest holds the binary it names even when a write
 * fails half-way; files the previous build wrote (its manifest lists them) and this one does not, such as the
 * fragment of a guest since removed, are deleted. Files Cordon did not write are left alone.
 */
public final class Outputs {

    private Outputs() {
    }

    /** Writes the build's outputs into {@code dir} and returns the files written; the build must have no errors. */
    public static List<Path> write(Build b, Path dir) throws IOException {
        try (FragmentStage stage = new FragmentStage(dir)) {
            return write(b, dir, stage);
        }
    }

    /**
     * The same, with the fragments' files from {@code stage}, which made them while the passes ran
     * ({@link FragmentStage#afterPass}); the caller closes it.
     */
    public static List<Path> write(Build b, Path dir, FragmentStage stage) throws IOException {
        if (b.hasErrors() || b.policyConf().isEmpty() || b.binary().isEmpty()) {
            throw new IllegalStateException("a build with errors is not written");
        }
        Optional<BuildManifest> previous;
        try {
            previous = BuildManifest.read(dir);
        } catch (IllegalArgumentException unreadable) {
            previous = Optional.empty();
        }
        Files.deleteIfExists(dir.resolve(BuildManifest.FILE));
        Files.deleteIfExists(dir.resolve("SHA256SUMS"));
        List<Path> written = new ArrayList<>();
        byte[] conf = b.policyConf().get().getBytes(StandardCharsets.UTF_8);
        byte[] bytes = b.binary().get();
        String binarySha256 = Dumps.sha256(bytes);
        written.add(write(dir.resolve("policy.conf"), conf));
        written.add(write(dir.resolve("xenpolicy"), bytes));
        written.addAll(stage.publish(b.xl()));
        if (b.acm().isPresent()) {
            written.addAll(AcmOutputs.writeAll(b.acm().get().policy(), dir));
        }
        written.add(write(dir.resolve("SHA256SUMS"), (Dumps.sha256(conf) + "  policy.conf\n" + binarySha256
                + "  xenpolicy\n").getBytes(StandardCharsets.UTF_8)));
        Path root = dir.toAbsolutePath().normalize();
        List<String> files = written.stream().map(p -> relative(root, p)).sorted().toList();
        if (previous.isPresent()) {
            removeStale(root, previous.get().files(), files);
        }
        // what cordon load checks: this binary, for this Xen, passed the verifier (unless it did not run)
        PolicyModel m = b.model().orElseThrow();
        new BuildManifest(m.name(), m.version(), m.xenVersion(), binarySha256, b.options().policyVersion(),
                b.ran("verify") && b.ran("validate-binary"), files).write(dir);
        written.add(dir.resolve(BuildManifest.FILE));
        return written;
    }

    private static String relative(Path root, Path file) {
        return root.relativize(file.toAbsolutePath().normalize()).toString().replace('\\', '/');
    }

    /** Deletes what the previous build wrote and this one did not; only paths inside {@code root} (normalised). */
    private static void removeStale(Path root, List<String> before, List<String> now) throws IOException {
        Set<String> kept = new HashSet<>(now); // a fleet's fragments: a list's contains made this quadratic
        for (String f : before) {
            Path p = root.resolve(f).normalize();
            if (!kept.contains(f) && p.startsWith(root) && !p.equals(root) && Files.isRegularFile(p)) {
                Files.delete(p);
            }
        }
    }

    private static Path write(Path p, byte[] content) throws IOException {
        AtomicFiles.write(p, content);
        return p;
    }
}
