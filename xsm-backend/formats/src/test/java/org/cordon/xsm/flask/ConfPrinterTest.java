package org.cordon.xsm.flask;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.cordon.xsm.flask.binary.BinaryWriter;
import org.cordon.xsm.flask.conf.Ast;
import org.cordon.xsm.flask.conf.ConfParser;
import org.cordon.xsm.flask.conf.ConfPrinter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The printer against the parser and the compiler: text → AST → printed text → AST gives the same statements
 * (positions aside), and both texts compile to the same binary; on Xen's own policies from 4.14 to 4.22, the MLS
 * and device-context vectors, and random policies (the differential test's generator, MLS included).
 */
class ConfPrinterTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "xen-4.14.6/policy.conf, false", "xen-4.16.7/policy.conf, false", "xen-4.17.7/policy.conf, false",
            "xen-4.18.6/policy.conf, false", "xen-4.19.6/policy.conf, false", "xen-4.20.4/policy.conf, false",
            "xen-4.21.2/policy.conf, false", "xen-4.22.0/policy.conf, false", "mls/policy-mls.conf, true",
            "ocontexts/policy-ocon.conf, false", "ocontexts/p24.conf, false",
    })
    void vectorsSurviveThePrinter(String conf, boolean mls) throws Exception {
        String text = Files.readString(Vectors.file(conf), StandardCharsets.ISO_8859_1);
        assertRoundTrip(conf, text, mls);
    }

    @Test
    void randomPoliciesSurviveThePrinter() throws Exception {
        int compiled = 0;
        for (long seed = 1; seed <= 300; seed++) {
            boolean mls = seed % 4 == 0;
            String text = mls ? RandomPolicyGenerator.generateMls(seed) : RandomPolicyGenerator.generate(seed);
            compiled += assertRoundTrip("seed " + seed, text, mls) ? 1 : 0;
        }
        // the generator also writes policies the compiler must reject; most it accepts
        assertTrue(compiled >= 150, "only " + compiled + " of 300 random policies compiled");
    }

    @Test
    void setsComplementsAndConditionsPrintAsCheckpolicyWritesThem() {
        Ast.Pos at = new Ast.Pos("t", 1, 1);
        assertEquals("neverallow { domain_type -dom0_t } ~self_t:domain { create pause };",
                ConfPrinter.print(new Ast.AvRule(at, "neverallow", new Ast.Names(List.of("domain_type", "-", "dom0_t")),
                        new Ast.Names(List.of("self_t", "~")), Ast.Names.of("domain"), Ast.Names.of("create", "pause"))));
        assertEquals("if (!a) {\n    allow x y:event send;\n}",
                ConfPrinter.print(new Ast.Cond(at, List.of(new Ast.BNode(org.cordon.xsm.flask.model.CondExpr.BOOL, "a",
                        at), new Ast.BNode(org.cordon.xsm.flask.model.CondExpr.NOT, null, at)),
                        List.of(new Ast.AvRule(at, "allow", Ast.Names.of("x"), Ast.Names.of("y"), Ast.Names.of("event"),
                                Ast.Names.of("send"))), List.of())));
        assertEquals("", ConfPrinter.print(new Ast.Comment(at, "")));
        assertEquals("# one\n# two", ConfPrinter.print(new Ast.Comment(at, "one\ntwo")));
    }

    /** True when the text compiles; then its printed form must compile to the same bytes. Text that parses
     * must parse the same way printed. */
    private static boolean assertRoundTrip(String name, String text, boolean mls) throws Exception {
        List<Ast.Stmt> parsed;
        try {
            parsed = ConfParser.parse(name, text);
        } catch (PolicyConfException e) {
            return false;
        }
        String printed = ConfPrinter.print(parsed);
        List<Ast.Stmt> again = ConfParser.parse(name + " (printed)", printed);
        assertEquals(withoutPositions(parsed), withoutPositions(again), name + ": printed text parses differently");
        byte[] original;
        try {
            original = BinaryWriter.write(FlaskPolicies.parse(name, text, mls), 30);
        } catch (PolicyConfException e) {
            return false;
        }
        byte[] reprinted = BinaryWriter.write(FlaskPolicies.parse(name, printed, mls), 30);
        assertTrue(Arrays.equals(original, reprinted), name + ": printed text compiles to other bytes");
        return true;
    }

    /** The value with every position dropped, so statements compare by what they say. */
    private static Object withoutPositions(Object value) throws ReflectiveOperationException {
        if (value instanceof Ast.Pos) {
            return null;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            for (Object o : list) {
                out.add(withoutPositions(o));
            }
            return out;
        }
        if (value instanceof Record r) {
            RecordComponent[] parts = r.getClass().getRecordComponents();
            Object[] args = new Object[parts.length];
            Class<?>[] types = new Class<?>[parts.length];
            for (int i = 0; i < parts.length; i++) {
                args[i] = withoutPositions(parts[i].getAccessor().invoke(r));
                types[i] = parts[i].getType();
            }
            return r.getClass().getDeclaredConstructor(types).newInstance(args);
        }
        return value;
    }
}
