package org.cordon.driver;

import java.util.List;
import org.cordon.dsl.load.CordonFrontEnd;
import org.cordon.verifier.flask.FlaskFacts;
import org.cordon.xsm.catalogue.XenCatalogues;
import org.cordon.xsm.flask.BinaryPolicyException;
import org.cordon.xsm.flask.FlaskPolicies;
import org.cordon.xsm.flask.PolicyConfException;
import org.cordon.xsm.flask.binary.PolicyWriteException;
import org.cordon.xsm.flask.conf.Ast;
import org.cordon.xsm.flask.conf.Ast.Names;

/**
 * A one-shot command's start-up, done on the second core while the first reads the command line and the sources
 * (docs/PERFORMANCE.md, start-up): one thread sets up the language (Xtext's injector: the longest
 * part), another makes EMF's packages meanwhile (which the injector's thread would otherwise make first) and then
 * runs the back end once on a policy of one rule (policy.conf's compiler, the binary's writer and reader, the
 * verifier's reading), so that the passes find their code loaded and run. Neither shares anything with a build but
 * thread-safe caches and class initialisation; a build that needs the injector first waits for it.
 */
public final class Warmup {

    private static final Ast.Pos AT = new Ast.Pos("warm-up", 1, 1);

    /** The smallest policy.conf the encoder takes: one class, one SID, one type, one rule. */
    private static final List<Ast.Stmt> ONE_RULE = List.of(new Ast.ClassDecl(AT, "domain"), new Ast.SidDecl(AT, "xen"),
            new Ast.AvDef(AT, "domain", null, List.of("create")), new Ast.TypeDecl(AT, "t", null, List.of()),
            new Ast.AvRule(AT, "allow", Names.of("t"), Names.of("t"), Names.of("domain"), Names.of("create")),
            new Ast.RoleDecl(AT, "r", List.of()), new Ast.RoleTypes(AT, "r", Names.of("t")),
            new Ast.User(AT, "u", Names.of("r"), null, null), new Ast.SidContext(AT, "xen", new Ast.Ctx("u", "r", "t", null)));

    private Warmup() {
    }

    public static void inBackground() {
        start("cordon-warm-up-language", () -> {
            CordonFrontEnd.injector();
            XenCatalogues.newest();
        });
        start("cordon-warm-up-back-end", () -> {
            // first EMF's packages, beside the injector, which is built on the other thread meanwhile
            CordonFrontEnd.makePackages();
            try {
                backEnd();
            } catch (PolicyConfException | PolicyWriteException | BinaryPolicyException e) {
                // cannot happen for this policy (WarmupTest); a warm-up is never worth a failure
            }
        });
    }

    /**
     * Waits until the language is set up (on the warm-up thread, or on this one when none started it); how long
     * that took, in microseconds: what {@code --timings} reports apart from parsing.
     */
    public static long awaitLanguage() {
        long start = System.nanoTime();
        CordonFrontEnd.injector();
        return (System.nanoTime() - start) / 1000;
    }

    /** The back end's passes on the one-rule policy: compiled, encoded, decoded, read as the verifier reads it. */
    static FlaskFacts backEnd() throws PolicyConfException, PolicyWriteException, BinaryPolicyException {
        return FlaskFacts.of("warm-up", FlaskPolicies.readBinary(
                FlaskPolicies.writeBinary(FlaskPolicies.compile(ONE_RULE, false), 30, false)));
    }

    private static void start(String name, Runnable work) {
        Thread t = new Thread(work, name);
        t.setDaemon(true);
        t.start();
    }
}
