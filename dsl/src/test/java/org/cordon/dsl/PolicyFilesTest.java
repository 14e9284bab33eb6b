package org.cordon.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cordon.dsl.load.PolicyFiles;
import org.junit.jupiter.api.Test;

class PolicyFilesTest {

    @Test
    void headerAfterCommentsAndBlankLines() {
        assertTrue(PolicyFiles.declaresPolicy("policy p target xen 4.22\n"));
        assertTrue(PolicyFiles.declaresPolicy("// a host\n/* two\n lines */\n\n  policy p target xen 4.22"));
        assertFalse(PolicyFiles.declaresPolicy("layer tenants over platform {\n}\n// policy later\n"));
        assertFalse(PolicyFiles.declaresPolicy("policyname"));
    }

    @Test
    void aFolderWithOneHeaderIsOnePolicy() {
        Map<String, String> folder = new LinkedHashMap<>();
        folder.put("a/platform.cordon", "policy p target xen 4.22\nlayer platform {}\n");
        folder.put("a/tenants.cordon", "layer tenants over platform {}\n");
        assertEquals(List.of("a/platform.cordon", "a/tenants.cordon"), PolicyFiles.policyOf("a/tenants.cordon", folder));
    }

    @Test
    void aFolderOfSeveralPoliciesHoldsOneFilePolicies() {
        Map<String, String> folder = new LinkedHashMap<>();
        folder.put("s/cloud.cordon", "policy cloud target xen 4.22\n");
        folder.put("s/client.cordon", "policy client target xen 4.22\n");
        assertEquals(List.of("s/client.cordon"), PolicyFiles.policyOf("s/client.cordon", folder));
    }
}
