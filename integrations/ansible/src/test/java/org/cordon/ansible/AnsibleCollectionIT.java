package org.cordon.ansible;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.cordon.testing.Prerequisites;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The collection as Ansible's own tools see it: ansible-doc renders every plugin and the role; each module's
 * documented options are exactly its argument spec, name and type (what ansible-test's validate-modules checks, which
 * needs packages from PyPI this machine cannot reach); the sanity tests that run offline pass; the playbook parses.
 */
class AnsibleCollectionIT {

    /** ansible-test's sanity tests that install pinned packages from PyPI into a virtual environment first. */
    static final List<String> NEED_PYPI = List.of("ansible-doc", "import", "pep8", "pylint", "runtime-metadata",
            "validate-modules", "yamllint");

    @TempDir
    Path work;

    @BeforeEach
    void ansible() {
        Playbook.requireAnsible();
    }

    @Test
    void everyModulesDocumentedOptionsAreItsArgumentSpec() throws Exception {
        Playbook ansible = new Playbook(work);
        for (String module : List.of("cordon_policy", "cordon_status")) {
            Playbook.Run doc = ansible.run(List.of("ansible-doc", "--json", "cordon.xen." + module));
            assertEquals(0, doc.exit(), doc.toString());
            JsonObject options = JsonParser.parseString(doc.stdout()).getAsJsonObject().getAsJsonObject("cordon.xen." + module)
                    .getAsJsonObject("doc").getAsJsonObject("options");
            Map<String, String> documented = new TreeMap<>();
            options.entrySet().forEach(e -> documented.put(e.getKey(), e.getValue().getAsJsonObject().get("type").getAsString()));
            String spec = module.equals("cordon_policy") ? "POLICY_ARGS" : "STATUS_ARGS";
            Playbook.Run args = ansible.run(List.of("env", "PYTHONPATH=" + Playbook.collections(), "PYTHONDONTWRITEBYTECODE=1", "python3", "-c", "import json; from ansible_collections.cordon.xen.plugins"
                    + ".module_utils.cordon import " + spec + " as a; print(json.dumps(dict((k, v['type']) for k, v in a.items())))"));
            assertEquals(0, args.exit(), args.toString());
            Map<String, String> spec2 = new TreeMap<>();
            JsonParser.parseString(args.stdout()).getAsJsonObject().entrySet().forEach(e -> spec2.put(e.getKey(), e.getValue().getAsString()));
            assertEquals(spec2, documented, module + ": the options ansible-doc shows are the ones the plugin takes");
        }
        Playbook.Run role = ansible.run(List.of("ansible-doc", "-t", "role", "cordon.xen.policy_rollout"));
        assertEquals(0, role.exit(), role.toString());
        assertTrue(role.stdout().contains("cordon_policy_dir"), role.stdout());
    }

    @Test
    void theSharedPluginCodePassesItsOwnTests() throws Exception {
        // tests/unit: plain unittest, as ansible-test units would run them (it needs pytest from PyPI)
        Playbook.Run r = new Playbook(work).run(List.of("env", "PYTHONPATH=" + Playbook.collections(), "PYTHONDONTWRITEBYTECODE=1",
                "python3", "-m", "unittest", "-v", "ansible_collections.cordon.xen.tests.unit.plugins.module_utils.test_cordon"));
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.stderr().matches("(?s).*\\nRan [1-9]\\d* tests? in .*\\nOK\\s*"), "some ran, all passed: " + r.stderr());
    }

    @Test
    void theOfflineSanityTestsPassAndThePlaybookParses() throws Exception {
        Prerequisites.require(Prerequisites.onPath("ansible-test"), "ansible-test (ansible-core)",
                "apt-get install --no-install-recommends ansible-core; .ci/run does");
        Playbook ansible = new Playbook(work);
        // the Python ansible-core runs on ("python version = 3.11.2 (main, …)"): other Pythons on the machine are not
        // what the collection runs with
        Playbook.Run version = ansible.run(List.of("ansible", "--version"));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("python version = (\\d+\\.\\d+)").matcher(version.stdout());
        assertTrue(m.find(), version.toString());
        List<String> cmd = new java.util.ArrayList<>(List.of("sh", "-c", "cd \"$0\" && exec \"$@\"", Playbook.collection().toString(),
                "ansible-test", "sanity", "--local", "--python", m.group(1), "--color", "no"));
        NEED_PYPI.forEach(t -> cmd.addAll(List.of("--skip-test", t)));
        Playbook.Run sanity = ansible.run(cmd);
        assertEquals(0, sanity.exit(), sanity.toString());
        assertTrue(sanity.stdout().contains("Running sanity test \"action-plugin-docs\""), sanity.stdout());
        Playbook.Run syntax = ansible.run(List.of("ansible-playbook", "--syntax-check", "-i", "localhost,", "cordon.xen.rollout"));
        assertEquals(0, syntax.exit(), syntax.toString());
    }
}
