package org.cordon.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** DESIGN.md §2: EMF and Xtext stay in dsl/ and ide-plugin/; the IR, compiler and back end never see them. */
class ArchitectureTest {

    private static final JavaClasses CORDON = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.cordon");

    @Test
    void compilerBackendAndModelAreFreeOfEmfAndXtext() {
        noClasses().that().resideInAnyPackage("org.cordon.compiler..", "org.cordon.xsm..", "org.cordon.model..",
                        "org.cordon.verifier..")
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
    void backendDoesNotDependOnTheLanguage() {
        noClasses().that().resideInAPackage("org.cordon.xsm..")
                .should().dependOnClassesThat().resideInAnyPackage("org.cordon.model..", "org.cordon.compiler..",
                        "org.cordon.cli..")
                .check(CORDON);
    }
}
