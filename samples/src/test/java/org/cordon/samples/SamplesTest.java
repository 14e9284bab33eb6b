package org.cordon.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.cordon.driver.Build;
import org.cordon.driver.Driver;
import org.cordon.driver.FlaskTuples;
import org.cordon.driver.ReferenceTools;
import org.cordon.compiler.flask.TypeAssignment;
import org.cordon.dsl.load.CordonFrontEnd;
import org.cordon.model.Access;
import org.cordon.model.Diagnostic;
import org.cordon.model.PolicyModel;
import org.cordon.model.Principal;
import org.cordon.compiler.table.StatementTable;
import org.cordon.xsm.catalogue.XenCatalogues;
import org.cordon.xsm.flask.FlaskPolicies;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every sample compiles without errors; the real checkpolicy accepts its policy.conf; and
 * sesearch on checkpolicy's binary shows exactly the allow tuples of the lowered policy, which
 * in turn hold every access the model's rules mean.
 */
class SamplesTest {

    @TempDir
    Path tmp;

    static List<Path> samples() throws IOException {
        Path dir = Path.of(System.getProperty("cordon.root", "..")).resolve("samples");
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".cordon")).sorted().toList();
        }
    }

    @TestFactory
    Stream<DynamicTest> everySampleCompilesAndAgreesWithSesearch() throws IOException {
        List<Path> all = samples();
        assertTrue(all.size() >= 3, "expected the three samples, found " + all);
        return all.stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> check(p)));
    }

    private void check(Path sample) throws Exception {
        Build c = Driver.check(List.of(CordonFrontEnd.Source.of(sample)));
        List<Diagnostic> problems = c.diagnostics().stream().filter(d -> d.severity() != Diagnostic.Severity.INFO).toList();
        assertTrue(problems.isEmpty(), "diagnostics: " + problems);
        assertTrue(c.policyConf().isPresent());
        Set<String> lowered = FlaskTuples.fromPolicyConf(c.flask().get().conf());
        assertTableLowered(c.table().orElseThrow(), c.types().get(), lowered);

        ReferenceTools.require("checkpolicy");
        ReferenceTools.require("sesearch");
        Path dir = Files.createTempDirectory(tmp, "sample");
        Path bin = ReferenceTools.checkpolicy(dir, c.policyConf().get(), 30);
        // Cordon's own writer: byte for byte what checkpolicy wrote, at both versions Xen loads
        boolean mls = c.model().orElseThrow().multiLevel();
        var flask = FlaskPolicies.parse("policy.conf", c.policyConf().get(), mls);
        assertArrayEquals(Files.readAllBytes(bin), FlaskPolicies.writeBinary(flask, 30, mls), "v30 differs from checkpolicy");
        Path dir24 = Files.createTempDirectory(tmp, "v24");
        assertArrayEquals(Files.readAllBytes(ReferenceTools.checkpolicy(dir24, c.policyConf().get(), 24)),
                FlaskPolicies.writeBinary(flask, 24, mls), "v24 differs from checkpolicy");
        ReferenceTools.Run search = ReferenceTools.run(dir, "sesearch", "-A", bin.toString());
        ReferenceTools.Run attrs = ReferenceTools.run(dir, "seinfo", "-a", "-x", bin.toString());
        assertEquals(0, search.exit(), search.err());
        assertEquals(0, attrs.exit(), attrs.err());
        Set<String> binary = FlaskTuples.fromSesearch(search.out(), attrs.out());
        Set<String> missing = new TreeSet<>(lowered);
        missing.removeAll(binary);
        Set<String> extra = new TreeSet<>(binary);
        extra.removeAll(lowered);
        assertTrue(missing.isEmpty() && extra.isEmpty(), "binary and model differ: " + missing.size()
                + " missing, e.g. " + missing.stream().limit(10).toList() + "; " + extra.size() + " extra, e.g. "
                + extra.stream().limit(10).toList());
        assertFalse(binary.isEmpty());
    }

    /**
     * Each access the statement table says a statement grants (unconditionally) is in the lowered policy, on the
     * types the table's labels are lowered to: the table and the lowering agree.
     */
    private static void assertTableLowered(StatementTable table, TypeAssignment types, Set<String> lowered) {
        for (StatementTable.Entry e : table.entries()) {
            if (e.effect() != StatementTable.Effect.ALLOW) {
                continue;
            }
            for (StatementTable.Access a : table.accesses(e)) {
                String s = typeOf(a.from(), types);
                String t = typeOf(a.to(), types);
                if (s == null || t == null) {
                    continue; // a device model's view of a domain that has none
                }
                String tt = a.securityClass().equals("security") && t.equals("xen_t") ? "security_t" : t;
                String tuple = s + " " + tt + " " + a.securityClass() + " " + a.permission();
                assertTrue(lowered.contains(tuple), e.statement() + ": the table grants " + a
                        + " but the lowered policy lacks " + tuple);
            }
        }
    }

    private static String typeOf(StatementTable.Side side, TypeAssignment types) {
        String base = typeOf(side.principal(), types);
        if (base == null || side.principal().kind() == Principal.Kind.DEVICE) {
            return side.principal().kind() == Principal.Kind.DEVICE ? side.principal().name() + "_dev_t" : base;
        }
        var t = types.of(side.principal());
        return switch (side.facet()) {
            case MAIN -> base;
            case SELF -> t.singleton() ? base : base + "_self";
            case CHANNEL -> base + "_channel";
            case RECV_CHANNEL -> base + "_recv_channel";
            case TARGET -> base + "_target";
            case BUILDING -> base + "_building";
        };
    }

    private static String typeOf(Principal p, TypeAssignment types) {
        return switch (p.kind()) {
            case XEN -> "xen_t";
            case XENBOOT -> "xenboot_t";
            case DOMIO -> "domio_t";
            case DOMXEN -> "domxen_t";
            default -> types.of(p) == null ? null : types.of(p).name();
        };
    }
}
