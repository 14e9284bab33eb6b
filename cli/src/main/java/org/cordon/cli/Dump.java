package org.cordon.cli;

import java.io.PrintWriter;
import org.cordon.compiler.CordonCompiler;

/** {@code --dump PASS}: the model as it stands after a pass, for debugging the compiler and policies. */
final class Dump {

    private Dump() {
    }

    static int print(String pass, CordonCompiler.Compilation c, PrintWriter out, PrintWriter err) {
        if (!CordonCompiler.PASSES.contains(pass)) {
            err.println("cordon: unknown pass '" + pass + "'; passes: " + String.join(", ", CordonCompiler.PASSES));
            return Cordon.INPUT_ERROR;
        }
        switch (pass) {
            case "parse", "link", "load", "layer-resolve", "validate" -> {
                if (c.model().isEmpty()) {
                    err.println("cordon: the policy did not get past parsing and linking");
                    return Cordon.INPUT_ERROR;
                }
                var m = c.model().get();
                out.println("policy " + m.name() + " version " + m.version() + " target xen " + m.xenVersion());
                m.layers().forEach(l -> out.println("  " + l));
                m.assertions().forEach(a -> out.println("  " + a));
                m.tests().forEach(t -> out.println("  " + t));
                if (pass.equals("validate")) {
                    c.diagnostics().forEach(d -> out.println("  " + d));
                }
            }
            case "assign-types" -> c.flask().ifPresentOrElse(f -> f.types().types().forEach(t ->
                    out.println(t.name() + " <- " + t.principals())), () -> err.println("cordon: no types: errors before lowering"));
            case "lower-flask" -> c.flask().ifPresentOrElse(f -> f.conf().teRbac().forEach(out::println),
                    () -> err.println("cordon: not lowered: errors before lowering"));
            case "lower-acm" -> {
                if (c.model().isEmpty() || c.hasErrors()) {
                    err.println("cordon: not lowered: errors before lowering");
                    return Cordon.INPUT_ERROR;
                }
                var acm = org.cordon.compiler.acm.AcmLowering.lower(c.model().get());
                out.print(org.cordon.xsm.acm.AcmPolicies.writeXml(acm.policy()));
                acm.diagnostics().forEach(d -> out.println("# " + d.pos() + ": " + d.severity().name().toLowerCase()
                        + ": " + d.message()));
            }
            case "lower-host" -> c.xl().forEach(f -> out.print("## " + f.fileName() + "\n" + f.text()));
            default -> c.policyConf().ifPresentOrElse(out::print, () -> err.println("cordon: no policy.conf: errors"));
        }
        return c.hasErrors() ? Cordon.INPUT_ERROR : Cordon.OK;
    }
}
