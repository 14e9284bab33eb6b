package org.cordon.eclipse.tests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * An Eclipse installation assembled from Maven jars, the way shared/reference/eclipse-workbench.md
 * describes: every jar that is an OSGi bundle goes into {@code plugins/} as {@code bsn_version.jar}.
 * Assembled once per bundle set under {@code ~/.cache/cordon-eclipse/<hash of the set>}.
 */
final class Workbench {

    /** A bundle: its symbolic name, version and jar. */
    record BundleJar(String name, String version, boolean fragment, Path jar) {
        String fileName() {
            return name + "_" + version + ".jar";
        }
    }

    final Path home;
    final List<BundleJar> bundles;

    private Workbench(Path home, List<BundleJar> bundles) {
        this.home = home;
        this.bundles = bundles;
    }

    /** The installation for the bundles among {@code jars}, from the cache or assembled into it. */
    static Workbench assemble(Path jars) throws IOException {
        List<BundleJar> found = new ArrayList<>();
        try (Stream<Path> s = Files.list(jars)) {
            for (Path j : s.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                BundleJar b = bundle(j);
                if (b != null) {
                    found.add(b);
                }
            }
        }
        String key = hash(found.stream().map(BundleJar::fileName).sorted().toList());
        Path home = Path.of(System.getProperty("user.home"), ".cache", "cordon-eclipse", "4.36-" + key);
        List<BundleJar> installed = new ArrayList<>();
        for (BundleJar b : found) {
            installed.add(new BundleJar(b.name(), b.version(), b.fragment(), home.resolve("plugins").resolve(b.fileName())));
        }
        if (!Files.exists(home.resolve("complete"))) {
            Path tmp = Files.createDirectories(home.getParent()).resolve(home.getFileName() + ".tmp-" + ProcessHandle.current().pid());
            Files.createDirectories(tmp.resolve("plugins"));
            for (BundleJar b : found) {
                Files.copy(b.jar(), tmp.resolve("plugins").resolve(b.fileName()), StandardCopyOption.REPLACE_EXISTING);
            }
            Files.writeString(tmp.resolve("complete"), String.join("\n", found.stream().map(BundleJar::fileName).toList()) + "\n");
            try {
                Files.move(tmp, home, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException raced) {
                // another build assembled the same set first: use that one
                deleteTree(tmp);
            }
        }
        return new Workbench(home, installed);
    }

    /** The bundle in a jar, or null for a plain jar. */
    static BundleJar bundle(Path jar) throws IOException {
        try (JarFile j = new JarFile(jar.toFile())) {
            if (j.getManifest() == null) {
                return null;
            }
            Attributes a = j.getManifest().getMainAttributes();
            String name = a.getValue("Bundle-SymbolicName");
            if (name == null) {
                return null;
            }
            String version = a.getValue("Bundle-Version") == null ? "0.0.0" : a.getValue("Bundle-Version").trim();
            return new BundleJar(name.split(";")[0].trim(), version, a.getValue("Fragment-Host") != null, jar);
        }
    }

    BundleJar find(String name) {
        return bundles.stream().filter(b -> b.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no bundle " + name + " in " + home));
    }

    /**
     * config.ini: every bundle installed, the few that must run started early (no p2, no product,
     * no simpleconfigurator), and {@code extra} bundles from outside the installation.
     */
    String configIni(List<Path> extra) {
        List<String> entries = new ArrayList<>();
        for (BundleJar b : bundles) {
            if (b.name().equals("org.eclipse.osgi") || b.name().equals("org.eclipse.equinox.launcher")) {
                continue;
            }
            String start = switch (b.name()) {
                case "org.eclipse.equinox.common", "org.apache.felix.scr", "org.eclipse.equinox.event" -> "@2:start";
                case "org.eclipse.core.runtime" -> "@start";
                default -> "";
            };
            entries.add("reference:" + b.jar().toUri() + start);
        }
        for (Path p : extra) {
            entries.add("reference:" + p.toAbsolutePath().toUri());
        }
        return "osgi.framework=" + find("org.eclipse.osgi").jar().toUri() + "\n"
                + "osgi.bundles=" + String.join(",", entries) + "\n"
                + "osgi.bundles.defaultStartLevel=4\n"
                + "eclipse.application=org.eclipse.ui.ide.workbench\n"
                + "osgi.configuration.cascaded=false\n";
    }

    private static String hash(List<String> names) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(String.join("\n", names).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
