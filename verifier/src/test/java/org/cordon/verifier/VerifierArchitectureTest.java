package org.cordon.verifier;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * DESIGN §2: the verifier reads the IR with its own semantics. It must not see EMF/Xtext (only
 * the plain records of org.cordon.model), nor the compiler (translation validation would repeat
 * its bugs), nor the language's checks.
 */
@AnalyzeClasses(packages = "org.cordon.verifier", importOptions = ImportOption.DoNotIncludeTests.class)
class VerifierArchitectureTest {

    @ArchTest
    static final ArchRule noEmfOrXtext = noClasses().should().dependOnClassesThat()
            .resideInAnyPackage("org.eclipse..", "com.google.inject..", "org.cordon.dsl..");

    @ArchTest
    static final ArchRule noCompiler = noClasses().should().dependOnClassesThat()
            .resideInAnyPackage("org.cordon.compiler..");
}
