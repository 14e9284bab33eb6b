package org.cordon.verifier.flask;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cordon.xsm.flask.FlaskPolicies;
import org.junit.jupiter.api.Test;

/** {@link FlaskFacts} read from binaries checkpolicy wrote: each attribute stands for the types its policy.conf gave it. */
class FlaskFactsTest {

    private static final Pattern TYPE = Pattern.compile("(?m)^\\s*type (\\w+)((?:\\s*,\\s*\\w+)*)\\s*;");

    @Test
    void eachAttributeHasTheTypesThePolicyConfGaveIt() throws Exception {
        for (String[] v : List.of(new String[] {"xen-4.14.6/policy.conf", "xen-4.14.6/xenpolicy-4.14.6"},
                new String[] {"xen-4.17.7/policy.conf", "xen-4.17.7/xenpolicy-4.17.7"},
                new String[] {"xen-4.22.0/policy.conf", "xen-4.22.0/xenpolicy-4.22.0"},
                new String[] {"scale-100/policy-100.conf", "scale-100/xenpolicy-100"})) {
            String conf = Files.readString(FlaskPolicyVerifierTest.vector(v[0]), StandardCharsets.ISO_8859_1);
            // the declarations checkpolicy read: "type dom0_t, domain_type, mls_priv;" (no typeattribute in these)
            assertFalse(conf.contains("typeattribute"), v[0]);
            Map<String, Set<String>> declared = new TreeMap<>();
            Matcher m = TYPE.matcher(conf);
            while (m.find()) {
                for (String attribute : m.group(2).split(",")) {
                    if (!attribute.isBlank()) {
                        declared.computeIfAbsent(attribute.trim(), k -> new TreeSet<>()).add(m.group(1));
                    }
                }
            }
            FlaskFacts facts = FlaskFacts.of("xenpolicy",
                    FlaskPolicies.readBinary(Files.readAllBytes(FlaskPolicyVerifierTest.vector(v[1]))));
            Map<String, Set<String>> read = new TreeMap<>();
            for (String attribute : declared.keySet()) {
                read.put(attribute, new TreeSet<>(facts.typesOf(attribute)));
            }
            assertEquals(declared, read, v[1]);
            assertFalse(declared.isEmpty(), v[0]);
        }
    }
}
