package org.cordon.xsm.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.cordon.xsm.SharedVectors;
import org.cordon.xsm.flask.model.FlaskPolicy;
import org.cordon.xsm.flask.model.RoleDef;
import org.cordon.xsm.flask.model.TypeDef;
import org.cordon.xsm.flask.model.UserDef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The preflight's reading of which labels survive a load ({@link LoadablePolicy#labelProblem}) against FakeXen's own,
 * written from Xen's convert_context and policydb_context_isvalid ({@link XenContexts}): over Xen's default policy of
 * every release in the vectors, every user, role and type (and names none of them has), both say the same.
 */
class LabelProblemTest {

    static Stream<Path> releases() throws Exception {
        try (Stream<Path> dirs = Files.list(SharedVectors.root().resolve("flask"))) {
            return dirs.filter(d -> d.getFileName().toString().startsWith("xen-")).sorted()
                    .map(d -> d.resolve("xenpolicy-" + d.getFileName().toString().substring(4))).toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("releases")
    void thePreflightAndXensConversionAgreeOnEveryLabel(Path binary) throws Exception {
        LoadablePolicy p = LoadablePolicy.of(binary.getFileName().toString(), Files.readAllBytes(binary), Optional.empty(), false);
        FlaskPolicy m = p.policy();
        List<String> users = new ArrayList<>(m.users().stream().map(UserDef::name).toList());
        users.add("nobody_u");
        List<String> roles = new ArrayList<>(m.roles().stream().map(RoleDef::name).toList());
        roles.add("nobody_r");
        // attributes aside: no context names one (Xen's tables hold them, the preflight does not look them up)
        List<String> types = new ArrayList<>(m.types().stream().filter(t -> !t.attribute()).map(TypeDef::name).toList());
        types.add("nobody_t");
        int valid = 0;
        int checked = 0;
        for (String u : users) {
            for (String r : roles) {
                for (String t : types) {
                    String label = u + ":" + r + ":" + t;
                    Optional<String> xen = XenContexts.invalid(m, label);
                    String preflight = p.labelProblem(label);
                    assertEquals(xen.isEmpty(), preflight == null, label + ": Xen " + xen.orElse("keeps it") + ", preflight "
                            + (preflight == null ? "keeps it" : preflight));
                    valid += xen.isEmpty() ? 1 : 0;
                    checked++;
                }
            }
        }
        // both kinds occur: object_r with every type, system_r with the domain types only
        assertTrue(valid > 0 && valid < checked, valid + " of " + checked);
    }

    /**
     * The same on the multi-level vector (Xen's default policy built with MLS): levels and ranges in and out of each
     * user's range, unknown sensitivities and categories, category ranges as Xen prints them, a range upside down.
     */
    @Test
    void thePreflightAndXensConversionAgreeOnLevels() throws Exception {
        Path binary = SharedVectors.root().resolve("flask/mls/xenpolicy-mls");
        LoadablePolicy p = LoadablePolicy.of("xenpolicy-mls", Files.readAllBytes(binary), Optional.empty(), false);
        int valid = 0;
        int checked = 0;
        for (String u : List.of("system_u", "user_1")) {
            for (String level : List.of("", "s0", "s1", "s15:c0.c255", "s0-s15:c0.c255", "s0-s15:c0,c3.c7", "s3-s1",
                    "s0:c256", "s16", "s2:c1", "s0-s0", "s0:c3.c1")) {
                String label = u + (u.equals("user_1") ? ":vm_r" : ":system_r") + ":domU_t" + (level.isEmpty() ? "" : ":" + level);
                Optional<String> xen = XenContexts.invalid(p.policy(), label);
                String preflight = p.labelProblem(label);
                assertEquals(xen.isEmpty(), preflight == null, label + ": Xen " + xen.orElse("keeps it") + ", preflight "
                        + (preflight == null ? "keeps it" : preflight));
                valid += xen.isEmpty() ? 1 : 0;
                checked++;
            }
        }
        assertTrue(valid > 2 && valid < checked - 4, valid + " of " + checked);
    }
}
