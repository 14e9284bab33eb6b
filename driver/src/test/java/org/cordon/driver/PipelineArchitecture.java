package org.cordon.driver;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The rule every surface's architecture test checks (the command line's, the benchmarks', the Eclipse plugin's, each
 * in its own module, where its classes are): a surface never calls a pass's entry point itself, so the driver is
 * the only place the pipeline is assembled.
 */
public final class PipelineArchitecture {

    private PipelineArchitecture() {
    }

    /** The passes' entry points: a surface that called one of them would be a second pipeline. */
    static final DescribedPredicate<JavaAccess<?>> PASS = DescribedPredicate.describe("a pass's entry point", a -> {
        String owner = a.getTargetOwner().getFullName();
        String name = a.getName();
        return owner.equals("org.cordon.dsl.load.CordonFrontEnd") && (name.equals("parse") || name.equals("link")
                || name.equals("resolve") || name.equals("validate"))
                || owner.startsWith("org.cordon.compiler.") && !owner.startsWith("org.cordon.compiler.io.")
                        && (name.equals("<init>") || name.equals("lower") || name.equals("check"))
                        && !owner.endsWith("AcmOutputs")
                || owner.equals("org.cordon.verifier.Verifier") || owner.equals("org.cordon.verifier.facts.FactExpander")
                || owner.equals("org.cordon.verifier.flask.TranslationValidation")
                || owner.equals("org.cordon.verifier.placement.PlacementCheck");
    });

    /** No class in {@code surfaces} (package patterns such as {@code org.cordon.cli..}) calls a pass itself. */
    public static ArchRule surfacesRunOnlyTheDriver(String... surfaces) {
        return noClasses().that().resideInAnyPackage(surfaces)
                .should().accessTargetWhere(PASS)
                .because("every surface runs the one pipeline, org.cordon.driver's");
    }
}
