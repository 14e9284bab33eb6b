package org.cordon.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.cordon.driver.PipelineArchitecture;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md §2, the module graph: EMF and Xtext stay in the language and its editors; the driver is the only place
 * the pipeline is assembled; the command line starts the language server and uses nothing else of it; the catalogue,
 * the formats and the hosts depend only downwards.
 */
class ArchitectureTest {

    private static final JavaClasses CORDON = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            // other modules' test-jars (test helpers) are tests too
            .withImportOption(location -> !location.contains("-tests.jar"))
            .importPackages("org.cordon");

    /** The surfaces on this module's class path; bench and eclipse/plugin test theirs. */
    private static final String[] SURFACES = {"org.cordon.cli..", "org.cordon.dsl.ide.."};

    @Test
    void compilerBackendModelAndDriverAreFreeOfEmfAndXtext() {
        noClasses().that().resideInAnyPackage("org.cordon.compiler..", "org.cordon.xsm..", "org.cordon.model..",
                        "org.cordon.verifier..", "org.cordon.driver..")
                .should().dependOnClassesThat().resideInAnyPackage("org.eclipse.emf..", "org.eclipse.xtext..",
                        "org.cordon.dsl.cordon..")
                .because("the policy model is plain records and lowering must not depend on the grammar's AST")
                .check(CORDON);
    }

    @Test
    void verifierKeepsItsOwnSemantics() {
        noClasses().that().resideInAPackage("org.cordon.verifier..")
                .should().dependOnClassesThat().resideInAPackage("org.cordon.compiler..")
                .because("translation validation must not reuse the lowering it checks")
                .allowEmptyShould(true)
                .check(CORDON);
    }

    @Test
    void onlyTheDriverAssemblesThePipeline() {
        // the benchmarks and the Eclipse plugin check the same rule in their own modules
        PipelineArchitecture.surfacesRunOnlyTheDriver(SURFACES).check(CORDON);
    }

    @Test
    void theCommandLineUsesTheLanguageServerOnlyToStartIt() {
        noClasses().that().resideInAPackage("org.cordon.cli..").and().doNotHaveSimpleName("LspCommand")
                .should().dependOnClassesThat().resideInAPackage("org.cordon.dsl.ide..")
                .because("only `cordon lsp` starts the server; everything else goes through the driver")
                .check(CORDON);
    }

    @Test
    void theDriverServesTheSurfacesNotTheOtherWayRound() {
        noClasses().that().resideInAPackage("org.cordon.driver..")
                .should().dependOnClassesThat().resideInAnyPackage(SURFACES)
                .check(CORDON);
        noClasses().that().resideInAnyPackage("org.cordon.compiler..", "org.cordon.verifier..", "org.cordon.dsl..",
                        "org.cordon.model..", "org.cordon.xsm..")
                .and().resideOutsideOfPackage("org.cordon.dsl.ide..")
                .should().dependOnClassesThat().resideInAPackage("org.cordon.driver..")
                .check(CORDON);
    }

    @Test
    void theXsmBackendDependsOnlyDownwards() {
        noClasses().that().resideInAPackage("org.cordon.xsm..")
                .should().dependOnClassesThat().resideInAnyPackage("org.cordon.model..", "org.cordon.compiler..",
                        "org.cordon.cli..", "org.cordon.driver..", "org.cordon.verifier..", "org.cordon.dsl..")
                .check(CORDON);
        // the catalogue: Xen's facts, nothing of Cordon's
        noClasses().that().resideInAnyPackage("org.cordon.xsm.catalogue..", "org.cordon.xsm.macros..")
                .should().dependOnClassesThat().resideInAnyPackage("org.cordon.xsm.flask..", "org.cordon.xsm.acm..",
                        "org.cordon.xsm.host..")
                .check(CORDON);
        // the formats do not load policies into hosts
        noClasses().that().resideInAnyPackage("org.cordon.xsm.flask..", "org.cordon.xsm.acm..")
                .should().dependOnClassesThat().resideInAPackage("org.cordon.xsm.host..")
                .check(CORDON);
        // only the hosts and the commands that drive them speak SSH
        noClasses().that().resideOutsideOfPackages("org.cordon.xsm.host..", "org.cordon.cli..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.sshd..", "org.bouncycastle..")
                .check(CORDON);
        classes().that().resideInAPackage("org.cordon.xsm.host..")
                .should().onlyBeAccessed().byAnyPackage("org.cordon.xsm.host..", "org.cordon.cli..")
                .check(CORDON);
    }
}
