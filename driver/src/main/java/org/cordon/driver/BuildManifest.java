package org.cordon.driver;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.cordon.compiler.io.AtomicFiles;

/**
 * {@code DIR/cordon-build.json}, written by {@code cordon compile} beside the binary: which policy it is, the Xen
 * release it targets, the binary's SHA-256, whether the verifier passed it, and the files the build wrote (relative
 * to DIR), so the next build into DIR can remove those it no longer writes. {@code cordon load} and
 * {@code cordon install} trust a binary as verified only when its digest is the one recorded here.
 */
public record BuildManifest(String policy, String version, String targetXen, String xenpolicySha256,
        int policyVersion, boolean verified, List<String> files) {

    public static final String FILE = "cordon-build.json";

    public BuildManifest {
        files = List.copyOf(files);
    }

    public void write(Path dir) throws IOException {
        JsonObject o = new JsonObject();
        o.addProperty("policy", policy);
        o.addProperty("version", version);
        o.addProperty("targetXen", targetXen);
        o.addProperty("xenpolicySha256", xenpolicySha256);
        o.addProperty("policyVersion", policyVersion);
        o.addProperty("verified", verified);
        o.addProperty("cordon", Driver.version());
        JsonArray written = new JsonArray();
        files.forEach(written::add);
        o.add("files", written);
        AtomicFiles.write(dir.resolve(FILE), new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create()
                .toJson(o) + "\n");
    }

    /** The manifest in {@code dir}, empty when there is none; IllegalArgumentException when it does not read. */
    public static Optional<BuildManifest> read(Path dir) throws IOException {
        Path f = dir.resolve(FILE);
        String text;
        try {
            text = Files.readString(f);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        try {
            JsonObject o = JsonParser.parseString(text).getAsJsonObject();
            List<String> files = new ArrayList<>();
            // manifests of earlier builds do not list their files
            if (o.has("files")) {
                o.getAsJsonArray("files").forEach(e -> files.add(e.getAsString()));
            }
            return Optional.of(new BuildManifest(o.get("policy").getAsString(), o.get("version").getAsString(),
                    o.get("targetXen").getAsString(), o.get("xenpolicySha256").getAsString(),
                    o.get("policyVersion").getAsInt(), o.get("verified").getAsBoolean(), files));
        } catch (JsonParseException | IllegalStateException | NullPointerException | UnsupportedOperationException
                | NumberFormatException e) {
            throw new IllegalArgumentException(f + ": not a Cordon build manifest (" + e.getMessage()
                    + "); compile the policy again");
        }
    }
}
