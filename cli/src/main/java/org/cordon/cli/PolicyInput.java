package org.cordon.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import org.cordon.driver.BuildManifest;
import org.cordon.xsm.flask.BinaryPolicyException;
import org.cordon.xsm.host.Digests;
import org.cordon.xsm.host.LoadablePolicy;

/**
 * The policy {@code cordon load/install/rollout} take: a directory {@code cordon compile} wrote (its xenpolicy and
 * cordon-build.json) or a binary. A binary counts as verified only when a manifest beside it records its digest.
 */
final class PolicyInput {

    private PolicyInput() {
    }

    /** The policy, or null after saying on {@code err} why it cannot be used (exit 2). */
    static LoadablePolicy read(Path given, String targetXen, PrintWriter err) {
        Path binary = Files.isDirectory(given) ? given.resolve("xenpolicy") : given;
        Path dir = binary.toAbsolutePath().getParent();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(binary);
        } catch (NoSuchFileException e) {
            err.println("cordon: " + binary + ": no such file" + (Files.isDirectory(given)
                    ? " (is " + given + " a directory cordon compile wrote?)" : ""));
            return null;
        } catch (IOException e) {
            err.println("cordon: cannot read " + binary + ": " + e.getMessage());
            return null;
        }
        String digest = Digests.sha256(bytes);
        Optional<BuildManifest> manifest;
        try {
            manifest = BuildManifest.read(dir).filter(m -> m.xenpolicySha256().equals(digest));
        } catch (IllegalArgumentException e) {
            err.println("cordon: " + e.getMessage());
            return null;
        } catch (IOException e) {
            err.println("cordon: cannot read " + dir.resolve(BuildManifest.FILE) + ": " + e.getMessage());
            return null;
        }
        Optional<String> target = Optional.ofNullable(targetXen).or(() -> manifest.map(BuildManifest::targetXen));
        if (targetXen != null && manifest.isPresent() && !targetXen.equals(manifest.get().targetXen())) {
            err.println("cordon: --target-xen " + targetXen + " contradicts " + dir.resolve(BuildManifest.FILE)
                    + ", which says " + binary + " was compiled for Xen " + manifest.get().targetXen());
            return null;
        }
        String name = manifest.map(m -> m.policy() + " " + m.version()).orElse(binary.getFileName().toString());
        try {
            return LoadablePolicy.of(name, bytes, target, manifest.map(BuildManifest::verified).orElse(false));
        } catch (BinaryPolicyException e) {
            err.println("cordon: " + binary + ": not a Xen FLASK binary policy Cordon can read: " + e.getMessage());
            return null;
        }
    }
}
