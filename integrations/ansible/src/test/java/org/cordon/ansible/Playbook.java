package org.cordon.ansible;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.cordon.testing.Prerequisites;

/**
 * The real {@code ansible-playbook} (Debian's ansible-core) with the cordon.xen collection from this repository, and
 * {@code cordon} on the controller being the shaded jar of this build. What each task did on each host is read back
 * from a report the test's callback plugin writes ({@code src/test/resources/callback}), not scraped from the screen.
 */
public final class Playbook {

    /** What ansible-playbook reported (the callback's JSON) and printed, and its exit code. */
    public record Run(int exit, JsonObject json, String stdout, String stderr) {

        /** Every result of the task of that name, per host, over every wave (a role's task is "ROLE : NAME"). */
        public Map<String, JsonObject> task(String name) {
            Map<String, JsonObject> out = new LinkedHashMap<>();
            if (!json.has("plays")) {
                return out; // the playbook did not get as far as its end
            }
            for (JsonElement play : json.getAsJsonArray("plays")) {
                for (JsonElement t : play.getAsJsonObject().getAsJsonArray("tasks")) {
                    JsonObject task = t.getAsJsonObject();
                    if (task.getAsJsonObject("task").get("name").getAsString().equals(name)) {
                        task.getAsJsonObject("hosts").entrySet().forEach(e -> out.put(e.getKey(), e.getValue().getAsJsonObject()));
                    }
                }
            }
            return out;
        }

        /** The recap: host → {ok, changed, failures, unreachable, skipped, ...}. */
        public JsonObject stats() {
            return json.getAsJsonObject("stats");
        }

        public int stat(String host, String what) {
            JsonObject s = stats().getAsJsonObject(host);
            return s == null ? 0 : s.get(what).getAsInt();
        }

        @Override
        public String toString() {
            return "exit " + exit + "\n" + stdout + "\n" + stderr;
        }
    }

    private final Path work;
    private final Path launcher;

    /** Ansible's own files (temporary directories, retry files) go under {@code work}. */
    public Playbook(Path work) throws IOException {
        this.work = work;
        Files.createDirectories(work);
        launcher = work.resolve("cordon");
        Path jar = Path.of(System.getProperty("cordon.jar", root().resolve("cli/target/cordon.jar").toString())).toAbsolutePath();
        // the quick compiler only: one short run per host and task
        Files.writeString(launcher, "#!/bin/sh\nexec java -XX:+UseParallelGC -XX:TieredStopAtLevel=1 -jar '" + jar + "' \"$@\"\n");
        launcher.toFile().setExecutable(true);
    }

    /** Skips (fails under CI=true) without ansible-playbook and ansible-doc, saying how to get them. */
    public static void requireAnsible() {
        Prerequisites.require(Prerequisites.onPath("ansible-playbook") && Prerequisites.onPath("ansible-doc"),
                "Ansible (ansible-playbook, ansible-core 2.14 or later)",
                "apt-get install --no-install-recommends ansible-core; .ci/run does");
    }

    public static Path root() {
        return Path.of(System.getProperty("cordon.root", "../..")).toAbsolutePath().normalize();
    }

    /** The directory holding ansible_collections/cordon/xen. */
    public static Path collections() {
        return root().resolve("integrations/ansible");
    }

    /** The collection's own playbooks and roles, as a user finds them. */
    public static Path collection() {
        return collections().resolve("ansible_collections/cordon/xen");
    }

    /** The cordon command the plugins run (the {@code cordon} option, {@code cordon_executable} in the role). */
    public Path cordon() {
        return launcher;
    }

    /** {@code ansible-playbook -i INVENTORY ARGS…}: the playbook (a file, or the collection's as cordon.xen.NAME) and options. */
    public Run playbook(Path inventory, List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("ansible-playbook", "-i", inventory.toString()));
        cmd.addAll(args);
        return run(cmd);
    }

    /** Any Ansible command with the collection on the path and the report callback enabled. */
    public Run run(List<String> cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile());
        Map<String, String> env = pb.environment();
        env.put("ANSIBLE_COLLECTIONS_PATH", collections().toString());
        env.put("ANSIBLE_LOCAL_TEMP", work.resolve("ansible-tmp").toString());
        env.put("ANSIBLE_RETRY_FILES_ENABLED", "false");
        env.put("ANSIBLE_LOCALHOST_WARNING", "false");
        env.put("ANSIBLE_INVENTORY_UNPARSED_WARNING", "false");
        env.put("ANSIBLE_PYTHON_INTERPRETER", "auto_silent");
        env.put("ANSIBLE_NOCOLOR", "1");
        env.put("ANSIBLE_FORKS", "5");
        Path callbacks = work.resolve("callback");
        Files.createDirectories(callbacks);
        try (var in = Playbook.class.getResourceAsStream("/callback/cordon_test_report.py")) {
            Files.copy(in, callbacks.resolve("cordon_test_report.py"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        env.put("ANSIBLE_CALLBACK_PLUGINS", callbacks.toString());
        env.put("ANSIBLE_CALLBACKS_ENABLED", "cordon_test_report");
        Path report = work.resolve("report.json");
        Files.deleteIfExists(report);
        env.put("CORDON_ANSIBLE_REPORT", report.toString());
        Path out = Files.createTempFile(work, "ansible", ".out");
        Path err = Files.createTempFile(work, "ansible", ".err");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(20, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError(cmd + " did not finish in 20 minutes; output so far:\n" + Files.readString(out));
        }
        String stdout = Files.readString(out);
        String stderr = Files.readString(err);
        JsonObject json = new JsonObject();
        if (Files.exists(report)) {
            json = JsonParser.parseString(Files.readString(report)).getAsJsonObject();
        }
        return new Run(p.exitValue(), json, stdout, stderr);
    }
}
