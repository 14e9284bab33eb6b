package org.cordon.packaging;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import org.cordon.cli.Cordon;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * What an installed Cordon documents itself with, generated from the command model the CLI runs
 * ({@link Cordon#commandLine()}), so that the pages cannot drift from the options:
 * <ul>
 *   <li>{@code man-adoc DIR}: one AsciiDoc man page per command (picocli's generator; Asciidoctor makes the roff);</li>
 *   <li>{@code completion FILE}: the bash completion script (picocli's AutoComplete);</li>
 *   <li>{@code gzip SRC DEST}: every file of SRC compressed as Debian wants it (gzip -9n: no name, no time);</li>
 *   <li>{@code changelog FILE VERSION}: the Debian changelog of this build, compressed likewise.</li>
 * </ul>
 * Run by the packaging module's build (exec-maven-plugin); outputs are written to a temporary file and moved.
 */
public final class Docs {

    private Docs() {
    }

    public static void main(String[] args) throws IOException {
        switch (args.length > 0 ? args[0] : "") {
            case "man-adoc" -> manAdoc(Path.of(args[1]));
            // bash-completion sources the script: no #! line
            case "completion" -> write(Path.of(args[1]), AutoComplete.bash("cordon", Cordon.commandLine())
                    .replaceFirst("^#!.*\n", "").getBytes(StandardCharsets.UTF_8));
            case "gzip" -> gzipAll(Path.of(args[1]), Path.of(args[2]));
            case "changelog" -> write(Path.of(args[1]), gzip(changelog(args[2]).getBytes(StandardCharsets.UTF_8)));
            default -> throw new IllegalArgumentException("usage: Docs man-adoc DIR | completion FILE | gzip SRC DEST "
                    + "| changelog FILE VERSION");
        }
    }

    private static void manAdoc(Path dir) throws IOException {
        Files.createDirectories(dir);
        CommandLine cl = Cordon.commandLine();
        int rc = ManPageGenerator.generateManPage(dir.toFile(), null, new boolean[0], true, cl.getCommandSpec());
        if (rc != 0) {
            throw new IOException("picocli's man page generator failed (" + rc + ")");
        }
        // Asciidoctor takes the page's date from the document: fix it to the build's, not the file's time
        try (Stream<Path> pages = Files.list(dir)) {
            for (Path p : pages.filter(f -> f.toString().endsWith(".adoc")).toList()) {
                String text = Files.readString(p);
                if (!text.contains(":revdate:")) {
                    text = text.replaceFirst("(?m)^(= .*\\n)", "$1:revdate: " + LocalDate.now(ZoneOffset.UTC) + "\n");
                }
                write(p, text.getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private static void gzipAll(Path src, Path dest) throws IOException {
        Files.createDirectories(dest);
        try (Stream<Path> files = Files.list(src)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                write(dest.resolve(f.getFileName() + ".gz"), gzip(Files.readAllBytes(f)));
            }
        }
    }

    /**
     * A Debian changelog entry for this build: Debian wants one in every package. The version is the package's:
     * Maven's {@code 0.1.0-SNAPSHOT} is {@code 0.1.0~SNAPSHOT-1} (sorts before 0.1.0; Debian revision 1).
     */
    static String changelog(String mavenVersion) {
        String version = mavenVersion.replace('-', '~') + "-1";
        String date = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.RFC_1123_DATE_TIME.withLocale(Locale.ROOT))
                .replace("GMT", "+0000");
        return "cordon (" + version + ") unstable; urgency=medium\n\n"
                + "  * Built from the Cordon sources; see the project's history for the changes.\n\n"
                + " -- Cordon developers <cordon@example.org>  " + date + "\n";
    }

    /**
     * gzip as {@code gzip -9n} writes it: maximum compression flagged in the header (what lintian looks for), no file
     * name, no time stamp, so that the same input gives the same bytes.
     */
    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 2, 3});
        Deflater d = new Deflater(Deflater.BEST_COMPRESSION, true);
        d.setInput(data);
        d.finish();
        byte[] buf = new byte[65536];
        while (!d.finished()) {
            out.write(buf, 0, d.deflate(buf));
        }
        d.end();
        CRC32 crc = new CRC32();
        crc.update(data);
        le32(out, (int) crc.getValue());
        le32(out, data.length);
        return out.toByteArray();
    }

    private static void le32(OutputStream out, int v) {
        try {
            out.write(new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)});
        } catch (IOException e) {
            throw new IllegalStateException(e); // a ByteArrayOutputStream does not fail
        }
    }

    private static void write(Path file, byte[] content) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempFile(parent, "." + file.getFileName(), ".tmp");
        Files.write(tmp, content);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
