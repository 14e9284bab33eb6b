package org.cordon.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.cordon.dsl.load.CordonFrontEnd;
import org.cordon.model.Diagnostic;
import org.cordon.model.DiagnosticCode;
import org.cordon.model.PolicyModel;
import org.cordon.xsm.flask.FlaskPolicies;
import org.cordon.xsm.flask.PolicyConfException;
import org.cordon.xsm.flask.conf.Ast;
import org.cordon.xsm.flask.conf.ConfPrinter;
import org.junit.jupiter.api.Test;

/**
 * A neverallow that fails in the FLASK check is read back as the forbid or denied feature that wrote it, through the
 * positions the lowered statements carry; any other is Cordon's own fault. The failures are made up at the positions
 * of real compiled policies' statements, since the language's checks stop every policy that would reach them.
 */
class NeverallowsTest {

    @Test
    void aFailingNeverallowIsTheForbidThatWroteIt() throws Exception {
        Build b = Driver.check(List.of(CordonFrontEnd.Source.of(TestPolicies.golden("08b-forbid-ok.cordon"))));
        PolicyModel.Forbid second = b.model().orElseThrow().forbids().get(1);
        Ast.Pos at = positionOf(b, "neverallow { guest_domains -tenant_t } guest_domains:domain2 relabelto;");
        Optional<Diagnostic> d = Neverallows.explain(failure(at), b);
        assertTrue(d.isPresent());
        assertEquals(DiagnosticCode.FORBIDDEN, d.get().code());
        assertEquals(second.pos(), d.get().pos());
    }

    /** As encode-binary meets one: the lowered statements, compiled, with a rule added that the first forbid rules out. */
    @Test
    void aNeverallowFailingInTheCompiledStatementsIsTheForbidThatWroteIt() throws Exception {
        Build b = Driver.check(List.of(CordonFrontEnd.Source.of(TestPolicies.golden("08b-forbid-ok.cordon"))));
        PolicyModel.Forbid first = b.model().orElseThrow().forbids().get(0);
        List<Ast.Stmt> conf = new ArrayList<>(b.flask().orElseThrow().conf());
        Ast.Pos nowhere = new Ast.Pos("added.cordon", 1, 1);
        int at = conf.indexOf(conf.stream().filter(s -> s instanceof Ast.AvRule).findFirst().orElseThrow());
        conf.add(at, new Ast.AvRule(nowhere, "allow", Ast.Names.of("tenant_t"), Ast.Names.of("security_t"),
                Ast.Names.of("security"), Ast.Names.of("load_policy")));
        PolicyConfException e = assertThrows(PolicyConfException.class, () -> FlaskPolicies.compile(conf, false));
        Optional<Diagnostic> d = Neverallows.explain(e, b);
        assertTrue(d.isPresent(), e.getMessage());
        assertEquals(DiagnosticCode.FORBIDDEN, d.get().code());
        assertEquals(first.pos(), d.get().pos());
    }

    @Test
    void aFailingNeverallowIsTheDeniedFeatureThatWroteIt() throws Exception {
        Build b = Driver.check(List.of(CordonFrontEnd.Source.of(TestPolicies.golden("17-features-ok.cordon"))));
        PolicyModel.Feature denied = b.model().orElseThrow().classes().get(0).features().get(0);
        Ast.Pos at = positionOf(b, "neverallow { domain_type -secret_domains } secret_domains:mmu map_read;");
        Optional<Diagnostic> d = Neverallows.explain(failure(at), b);
        assertTrue(d.isPresent());
        assertEquals(DiagnosticCode.FEATURE_DENIED, d.get().code());
        assertEquals(denied.pos(), d.get().pos());
    }

    @Test
    void aFailureNoForbidWroteIsCordonsOwn() throws Exception {
        Build b = Driver.check(List.of(CordonFrontEnd.Source.of(TestPolicies.golden("08b-forbid-ok.cordon"))));
        Ast.Pos at = positionOf(b, "allow tenant_domains security_t:security compute_av;");
        assertTrue(Neverallows.explain(failure(at), b).isEmpty());
        assertTrue(Neverallows.explain(new PolicyConfException(at.file(), at.line(), at.col(), "syntax error"), b).isEmpty());
    }

    private static PolicyConfException failure(Ast.Pos at) {
        return new PolicyConfException(at.file(), at.line(), at.col(), "neverallow violated by allow a_t b_t:domain2");
    }

    /** The Cordon position of the lowered statement printed as {@code statement}, where the compiler reports it. */
    private static Ast.Pos positionOf(Build b, String statement) {
        return b.flask().orElseThrow().conf().stream().filter(s -> ConfPrinter.print(s).equals(statement))
                .map(Ast.Stmt::pos).findFirst().orElseThrow(() -> new AssertionError("no statement " + statement));
    }
}
